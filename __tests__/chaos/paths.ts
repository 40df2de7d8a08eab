/**
 * The write paths of the action, as a table, for the crash-point tests and the seeded fault
 * campaign: each row builds its world on the emulator's sample VPC, gives its inputs, and names
 * the step that runs it (the main step, or the post step of `teardown-at-job-end`). The
 * invariants every path must meet once its reruns have converged are `violations` below. A new
 * write path is a new row.
 */
import type { SampleVpc } from '../../emulator/seed.ts'
import type { NatGateway as EmulatedGateway, World } from '../../emulator/state.ts'
import {
  addressTags,
  companionTags,
  GATEWAY_TAG_KEY,
  gatewayTags,
  OWNER_TAG
} from '../../src/model/identity.js'

/** Every path's gateway is named so; its identity is this name and the ownership tag. */
export const NAME = 'egress'

export interface ChaosPath {
  name: string
  /**
   * `main`: the action's main step; `post`: its post step, after a main step (run first, without
   * faults) that made what `build` asks for.
   */
  step: 'main' | 'post'
  /** What the path leaves once converged: our gateway (present) or nothing of ours (absent). */
  state: 'present' | 'absent'
  /** The writes a fault-free run makes, in order: the crash points are after each of them. */
  writes: string[]
  /**
   * A crash point whose rerun is known to leave something behind, and why: the violation is
   * reported as a known gap, not a failure, and only if it is that leak. None but one.
   */
  knownGap?: { afterWrite: number; leak: RegExp; reason: string }
  /** Builds the path's starting world (the sample VPC is seeded) and gives its inputs. */
  build(world: World, ids: SampleVpc): Record<string, string>
}

type Tag = { Key: string; Value: string }
const tags = (list: { Key?: string; Value?: string }[]): Tag[] =>
  list.map(t => ({ Key: t.Key ?? '', Value: t.Value ?? '' }))
const ours = (): Tag[] => tags(gatewayTags(NAME, {}))
/** An Elastic IP the action allocated for the gateway in this VPC (tagged so at allocation). */
const ownAddress = (world: World, ids: SampleVpc): string =>
  world.addAddress({ tags: tags(addressTags(NAME, ids.vpcId, {})) })

const tables = (ids: SampleVpc): string =>
  `${ids.privateRouteTableIds.a}\n${ids.privateRouteTableIds.b}`

/** Routes the private tables to a gateway, as an earlier run left them. */
function routeTo(world: World, ids: SampleVpc, natGatewayId: string): void {
  for (const id of Object.values(ids.privateRouteTableIds)) {
    world.routeTables
      .get(id)
      ?.routes.push({ destinationCidrBlock: '0.0.0.0/0', natGatewayId, origin: 'CreateRoute' })
  }
}

/** A gateway endpoint the action made for the gateway, serving these tables. */
function ownEndpoint(world: World, ids: SampleVpc, service: string, tableIds: string[]): string {
  const id = world.newId('vpce')
  world.vpcEndpoints.set(id, {
    id,
    vpcId: ids.vpcId,
    serviceName: `com.amazonaws.${world.region}.${service}`,
    routeTableIds: tableIds,
    tags: tags(companionTags(NAME, {})),
    state: 'available'
  })
  return id
}

function zonalGateway(world: World, ids: SampleVpc, allocationIds: string[]): string {
  const id = world.addNatGateway({
    subnetId: ids.publicSubnetIds.a,
    allocationIds,
    tags: ours()
  })
  routeTo(world, ids, id)
  return id
}

function regionalGateway(
  world: World,
  ids: SampleVpc,
  zoneAddresses?: { zone: string; allocationIds: string[] }[]
): string {
  const id = world.addNatGateway({
    availabilityMode: 'regional',
    vpcId: ids.vpcId,
    ...(zoneAddresses && { zoneAddresses }),
    tags: ours()
  })
  routeTo(world, ids, id)
  return id
}

const zonal = (ids: SampleVpc) => ({
  'availability-mode': 'zonal',
  'subnet-id': ids.publicSubnetIds.a
})

/** A world where teardown has everything to do: gateway, routes, own address, endpoint. */
function fullDeployment(world: World, ids: SampleVpc): Record<string, string> {
  zonalGateway(world, ids, [ownAddress(world, ids)])
  ownEndpoint(world, ids, 's3', Object.values(ids.privateRouteTableIds))
  return { ...zonal(ids), 'gateway-endpoints': 's3' }
}

/** Routes first (no table is left pointing at a gateway being deleted), then what it used. */
const TEARDOWN_WRITES = [
  'DeleteRoute',
  'DeleteRoute',
  'DeleteNatGateway',
  'ReleaseAddress',
  'DeleteVpcEndpoints'
]

export const PATHS: ChaosPath[] = [
  {
    name: 'zonal automatic create',
    writes: ['AllocateAddress', 'CreateNatGateway', 'CreateRoute', 'CreateRoute'],
    step: 'main',
    state: 'present',
    build: (_, ids) => zonal(ids)
  },
  {
    name: 'zonal manual create',
    writes: ['CreateNatGateway', 'CreateRoute', 'CreateRoute'],
    step: 'main',
    state: 'present',
    build: (_, ids) => ({ ...zonal(ids), 'eip-allocation-ids': ids.allocationIds[0] ?? '' })
  },
  {
    name: 'regional automatic create',
    writes: ['CreateNatGateway', 'CreateRoute', 'CreateRoute'],
    step: 'main',
    state: 'present',
    build: () => ({})
  },
  {
    name: 'regional manual create',
    writes: ['CreateNatGateway', 'CreateRoute', 'CreateRoute'],
    step: 'main',
    state: 'present',
    build: (_, ids) => ({
      'eip-allocation-ids': `eu-west-1a: ${ids.allocationIds[0]}\neu-west-1b: ${ids.allocationIds[1]}`
    })
  },
  {
    name: 'address add',
    writes: ['AssociateNatGatewayAddress'],
    step: 'main',
    state: 'present',
    build: (world, ids) => {
      const [first, second] = ids.allocationIds
      zonalGateway(world, ids, [first ?? ''])
      return { ...zonal(ids), 'eip-allocation-ids': `${first}, ${second}` }
    }
  },
  {
    name: 'removal with drain',
    writes: ['DisassociateNatGatewayAddress'],
    step: 'main',
    state: 'present',
    build: (world, ids) => {
      // The user's secondary address: disassociated (drained), never released.
      const [first, second] = ids.allocationIds
      zonalGateway(world, ids, [first ?? '', second ?? ''])
      return {
        ...zonal(ids),
        'eip-allocation-ids': first ?? '',
        'max-drain-duration-seconds': '60'
      }
    }
  },
  {
    name: 'removal and release',
    knownGap: {
      afterWrite: 1,
      leak: /^own Elastic IP eipalloc-[0-9a-f]+ leaked/,
      reason:
        'a rerun that comes after the drain has ended no longer sees the address on the gateway, and its two reads do not look for free addresses; it stays tagged as ours, and a teardown releases it'
    },
    writes: ['DisassociateNatGatewayAddress', 'ReleaseAddress'],
    step: 'main',
    state: 'present',
    build: (world, ids) => {
      // An address the action allocated, named as a secondary once: drained, then released.
      const [first] = ids.allocationIds
      zonalGateway(world, ids, [first ?? '', ownAddress(world, ids)])
      return { ...zonal(ids), 'eip-allocation-ids': first ?? '' }
    }
  },
  {
    name: 'rotation',
    writes: ['AssociateNatGatewayAddress', 'DisassociateNatGatewayAddress'],
    step: 'main',
    state: 'present',
    build: (world, ids) => {
      const [first, second, third] = ids.allocationIds
      regionalGateway(world, ids, [
        { zone: 'eu-west-1a', allocationIds: [first ?? ''] },
        { zone: 'eu-west-1b', allocationIds: [second ?? ''] }
      ])
      return { 'eip-allocation-ids': `eu-west-1a: ${third}\neu-west-1b: ${second}` }
    }
  },
  {
    name: 'route replace',
    writes: ['ReplaceRoute'],
    step: 'main',
    state: 'present',
    build: (world, ids) => {
      regionalGateway(world, ids)
      // Table b routes to a virtual private gateway; route-conflict: replace takes it over.
      const table = world.routeTables.get(ids.privateRouteTableIds.b)
      if (table) {
        table.routes = table.routes.filter(r => r.destinationCidrBlock !== '0.0.0.0/0')
        table.routes.push({
          destinationCidrBlock: '0.0.0.0/0',
          gatewayId: 'vgw-0fff1234def567890',
          origin: 'CreateRoute'
        })
      }
      return { 'route-conflict': 'replace' }
    }
  },
  {
    name: 'gateway endpoints',
    writes: ['CreateVpcEndpoint', 'ModifyVpcEndpoint'],
    step: 'main',
    state: 'present',
    build: (world, ids) => {
      regionalGateway(world, ids)
      // S3 serves table a already (an endpoint to extend); DynamoDB has none (one to create).
      ownEndpoint(world, ids, 's3', [ids.privateRouteTableIds.a])
      return { 'gateway-endpoints': 's3 dynamodb' }
    }
  },
  {
    name: 'teardown',
    writes: [...TEARDOWN_WRITES],
    step: 'main',
    state: 'absent',
    build: (world, ids) => ({ ...fullDeployment(world, ids), state: 'absent' })
  },
  {
    // Its main step (run first by the campaign, without faults) made all of it: the post step
    // undoes what that job's record lists.
    name: 'post step',
    // The record's order: routes, then the endpoints, then the gateway and its address.
    writes: [
      'DeleteRoute',
      'DeleteRoute',
      'DeleteVpcEndpoints',
      'DeleteNatGateway',
      'ReleaseAddress'
    ],
    step: 'post',
    state: 'absent',
    build: (_, ids) => ({ ...zonal(ids), 'gateway-endpoints': 's3', 'teardown-at-job-end': 'true' })
  }
]

/**
 * The violations of a crash point, without the path's known gap there: `gap` says whether it
 * showed. Any other violation stays.
 */
export function withoutKnownGap(
  path: ChaosPath,
  afterWrite: number,
  found: string[]
): { violations: string[]; gap: boolean } {
  const { knownGap } = path
  if (knownGap?.afterWrite !== afterWrite) return { violations: found, gap: false }
  const violations = found.filter(v => !knownGap.leak.test(v))
  return { violations, gap: violations.length < found.length }
}

/** The inputs every path shares. */
export function pathInputs(path: ChaosPath, world: World, ids: SampleVpc): Record<string, string> {
  return {
    'vpc-id': ids.vpcId,
    'route-table-ids': tables(ids),
    name: NAME,
    region: 'eu-west-1',
    ...path.build(world, ids)
  }
}

/**
 * What belongs to someone else, added to every world: another team's gateway (with its own
 * Elastic IP) in the same VPC, and the route table that uses it. Nothing may change them.
 */
export function addBystanders(world: World, ids: SampleVpc): void {
  const address = world.addAddress({ tags: [{ Key: 'Name', Value: 'theirs' }] })
  const theirs = world.addNatGateway({
    subnetId: ids.publicSubnetIds.b,
    allocationIds: [address],
    tags: [{ Key: 'Name', Value: NAME }]
  })
  world.addRouteTable(ids.vpcId, {
    routes: [{ destination: '0.0.0.0/0', natGatewayId: theirs }],
    tags: [{ Key: 'Name', Value: 'theirs' }]
  })
}

/** The world before a path runs, as the invariants need it. */
export interface Baseline {
  /** Elastic IPs that are not the action's: none may be released. */
  userAddresses: string[]
  /** Gateways of ours already there. */
  gateways: string[]
  /** Everything of someone else, as JSON: it must not change. */
  bystanders: string
}

const isOurs = (t: Tag[]): boolean =>
  t.some(x => x.Key === OWNER_TAG.key && x.Value === OWNER_TAG.value) &&
  t.some(x => (x.Key === 'Name' || x.Key === GATEWAY_TAG_KEY) && x.Value === NAME)

function bystanders(world: World): string {
  const gateways = [...world.natGateways.values()].filter(g => !isOurs(g.tags as Tag[]))
  const ids = new Set(gateways.map(g => g.id))
  const theirTables = [...world.routeTables.values()].filter(t =>
    t.routes.some(r => r.natGatewayId && ids.has(r.natGatewayId))
  )
  // The route table a regional gateway comes with is its own, not a bystander.
  const publicTables = [...world.routeTables.values()].filter(
    t => !t.natGatewayId && t.routes.some(r => r.gatewayId?.startsWith('igw-'))
  )
  return JSON.stringify({ gateways, theirTables, publicTables })
}

export function baseline(world: World): Baseline {
  world.advance()
  return {
    userAddresses: [...world.addresses.values()]
      .filter(a => !isOurs(a.tags as Tag[]))
      .map(a => a.allocationId),
    gateways: [...world.natGateways.values()].filter(g => isOurs(g.tags as Tag[])).map(g => g.id),
    bystanders: bystanders(world)
  }
}

const live = (g: EmulatedGateway): boolean => g.state === 'pending' || g.state === 'available'
const list = (value: string | undefined): string[] =>
  (value ?? '').split(/[\s,]+/).filter(item => item !== '')

/**
 * Every invariant a converged path must meet, as one sentence per violation: one gateway of this
 * identity, routes to it, every address accounted for, endpoints serving the tables, nothing of
 * anyone else touched, the outputs right; for a teardown, nothing of ours left.
 */
export function violations(
  path: ChaosPath,
  world: World,
  inputs: Record<string, string>,
  before: Baseline,
  outputs: Record<string, string>
): string[] {
  world.advance()
  const found: string[] = []
  const gateways = [...world.natGateways.values()].filter(g => isOurs(g.tags as Tag[]))
  const alive = gateways.filter(live)
  const ourIds = new Set(gateways.map(g => g.id))
  const routeTableIds = list(inputs['route-table-ids'])
  const services = list(inputs['gateway-endpoints'])
  const ownAddresses = [...world.addresses.values()].filter(a => isOurs(a.tags as Tag[]))
  for (const id of before.userAddresses) {
    if (!world.addresses.has(id)) found.push(`the user's Elastic IP ${id} was released`)
  }
  if (bystanders(world) !== before.bystanders) found.push("someone else's resources changed")
  const endpoints = [...world.vpcEndpoints.values()].filter(
    e => e.state === 'available' && isOurs(e.tags as Tag[])
  )
  if (path.state === 'absent') {
    if (alive.length > 0) found.push(`our gateway(s) left: ${alive.map(g => g.id).join(', ')}`)
    for (const id of routeTableIds) {
      const left = world.routeTables.get(id)?.routes.filter(r => ourIds.has(r.natGatewayId ?? ''))
      if (left?.length) found.push(`${id} still routes to our gateway`)
    }
    if (ownAddresses.length > 0) {
      found.push(`own Elastic IP(s) left: ${ownAddresses.map(a => a.allocationId).join(', ')}`)
    }
    if (endpoints.length > 0) found.push(`own endpoint(s) left: ${endpoints.map(e => e.id)}`)
    return found
  }
  const made = gateways.filter(g => !before.gateways.includes(g.id))
  if (alive.length !== 1 || made.length > (before.gateways.length === 0 ? 1 : 0)) {
    found.push(
      `${alive.length} live gateway(s) of this identity, ${made.length} made by the runs (${gateways.map(g => `${g.id} ${g.state}`).join(', ')})`
    )
  }
  const gateway = alive[0]
  if (!gateway) return found
  if (gateway.state !== 'available') found.push(`${gateway.id} is ${gateway.state}`)
  for (const id of routeTableIds) {
    const defaults = (world.routeTables.get(id)?.routes ?? []).filter(
      r => r.destinationCidrBlock === '0.0.0.0/0'
    )
    if (defaults.length !== 1 || defaults[0]?.natGatewayId !== gateway.id) {
      found.push(`${id}: 0.0.0.0/0 goes to ${JSON.stringify(defaults)}, not ${gateway.id}`)
    }
  }
  // An address the user no longer names may still be draining: it leaves by itself.
  const held = gateway.addresses
    .filter(a => a.allocationId && a.status !== 'disassociating')
    .map(a => `${a.allocationId}`)
  const notSettled = gateway.addresses.filter(
    a => a.status !== 'succeeded' && a.status !== 'disassociating'
  )
  if (notSettled.length > 0) {
    found.push(`addresses not settled: ${notSettled.map(a => `${a.allocationId} ${a.status}`)}`)
  }
  const manual = list(inputs['eip-allocation-ids']?.replace(/eu-west-1[a-c]:/g, ''))
  if (manual.length > 0 && [...held].sort().join() !== [...manual].sort().join()) {
    found.push(`the gateway holds ${held.join(', ')}, the inputs name ${manual.join(', ')}`)
  }
  for (const address of ownAddresses) {
    // One on its way out is a leak in the making: nothing will release it once it is gone.
    if (!held.includes(address.allocationId)) {
      found.push(`own Elastic IP ${address.allocationId} leaked (not used by ${gateway.id})`)
    }
  }
  for (const service of services) {
    const serving = endpoints.filter(e => e.serviceName.endsWith(`.${service}`))
    const unserved = routeTableIds.filter(id => !serving.some(e => e.routeTableIds.includes(id)))
    if (serving.length !== 1 || unserved.length > 0) {
      found.push(`${service}: ${serving.length} endpoint(s), tables not served: ${unserved}`)
    }
  }
  if (path.step === 'main') {
    if (outputs['nat-gateway-id'] !== gateway.id) {
      found.push(`output nat-gateway-id is ${outputs['nat-gateway-id']}, not ${gateway.id}`)
    }
    if (list(outputs['route-table-ids']).sort().join() !== [...routeTableIds].sort().join()) {
      found.push(`output route-table-ids is ${outputs['route-table-ids']}`)
    }
  }
  return found
}
