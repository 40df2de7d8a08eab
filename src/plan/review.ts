/**
 * The review of a plan (model/review.ts): the gateways billed before and after it, and their
 * public IPs. Pure; everything comes from what observe read for the plan, no read of its own.
 */
import type { Config } from '../model/config.js'
import { usableAddresses } from '../model/addresses.js'
import type { IpsAfter } from '../model/allowlist.js'
import { type BilledGateway, billedGateway } from '../model/cost.js'
import type { PerZonePlan, Plan, TeardownPlan } from '../model/plan.js'
import type { Address, NatGateway } from '../model/resources.js'
import { publicIps, type Review } from '../model/review.js'
import type { PerZoneWorld, World } from '../model/world.js'
import { routedSubnetIds } from '../model/routes.js'
import { selectRouteTables } from './route-selection.js'

const isRegionalAutomatic = (config: Config): boolean =>
  config.gateway.mode === 'regional' && config.gateway.elasticIps.allocation === 'automatic'

/** The zones of the subnets the routed tables serve: where a regional automatic gateway expands. */
export function routedZones(config: Config, world: World): string[] {
  const surroundings = world.surroundings
  if (!surroundings) return []
  const { core } = world
  const tables =
    surroundings.vpcRouteTables.length > 0 ? surroundings.vpcRouteTables : core.routeTables
  const { routeTableIds } = selectRouteTables(config, core)
  const zones = tables
    .filter(table => routeTableIds.includes(table.RouteTableId))
    .flatMap(table => routedSubnetIds(table, surroundings.vpcSubnets, tables))
    .flatMap(id => surroundings.vpcSubnets.find(s => s.SubnetId === id)?.AvailabilityZone ?? [])
  return [...new Set(zones)].sort()
}

/** The public IPs of Elastic IPs known by allocation ID, in the order given. */
function ipsOf(allocationIds: string[], addresses: Address[]): string[] {
  return allocationIds.flatMap(id => addresses.find(a => a.AllocationId === id)?.PublicIp ?? [])
}

/** The gateway a create makes, as billed, and the public IPs it will have. */
function created(config: Config, world: World, plan: Plan): [BilledGateway, IpsAfter] {
  const { gateway: spec } = config
  const addresses = world.surroundings?.addresses ?? []
  if (spec.mode === 'regional') {
    const { elasticIps } = spec
    if (elasticIps.allocation === 'automatic') {
      const billed = {
        availabilityMode: 'regional',
        connectivity: 'public',
        zones: routedZones(config, world),
        publicAddresses: 0,
        mayGrow: true
      } as const
      return [
        billed,
        { known: [], pending: ['AWS allocates them at creation; the outputs will list them.'] }
      ]
    }
    const ids = elasticIps.zones.flatMap(z => z.allocationIds)
    const billed = {
      availabilityMode: 'regional',
      connectivity: 'public',
      zones: elasticIps.zones.map(z => z.zone).sort(),
      publicAddresses: ids.length,
      mayGrow: false
    } as const
    return [billed, { known: ipsOf(ids, addresses), pending: [] }]
  }
  const zone = world.surroundings?.subnet?.AvailabilityZone
  const billed = (publicAddresses: number): BilledGateway => ({
    availabilityMode: 'zonal',
    connectivity: spec.connectivity,
    zones: zone ? [zone] : [],
    publicAddresses,
    mayGrow: false
  })
  const { elasticIps } = spec
  if (elasticIps.allocation === 'manual') {
    const ids = elasticIps.allocationIds
    return [billed(ids.length), { known: ipsOf(ids, addresses), pending: [] }]
  }
  if (elasticIps.allocation === 'none' || spec.connectivity === 'private') {
    return [billed(0), { known: [], pending: [] }]
  }
  const reuse = plan.gateway.action === 'create' ? plan.gateway.automaticAddress : undefined
  if (reuse?.kind === 'reuse') {
    const reused = ipsOf([reuse.allocationId], world.surroundings?.reusableAddresses ?? [])
    return [billed(1), { known: reused, pending: [] }]
  }
  return [
    billed(1),
    {
      known: [],
      pending: ['The action allocates an Elastic IP at creation; the outputs will list it.']
    }
  ]
}

/** An adopted gateway after its in-place address changes, if any. */
function adopted(
  config: Config,
  world: World,
  natGateway: NatGateway,
  plan: Extract<Plan['gateway'], { action: 'adopt' }>
): [BilledGateway, IpsAfter] {
  const mayGrow = isRegionalAutomatic(config)
  const now = billedGateway(natGateway, { mayGrow })
  const changes = plan.addresses
  if (!changes) return [now, { known: publicIps(natGateway), pending: [] }]
  const added = changes.add.flatMap(a => a.allocationIds)
  const removed = new Set(changes.remove.map(r => r.allocationId))
  const kept = usableAddresses(natGateway).filter(
    a => a.PublicIp && !removed.has(a.AllocationId ?? '')
  )
  const { gateway: spec } = config
  const zones =
    spec.mode === 'regional' && spec.elasticIps.allocation === 'manual'
      ? spec.elasticIps.zones.map(z => z.zone).sort()
      : now.zones
  const after = { ...now, zones, publicAddresses: kept.length + added.length }
  const known = [
    ...kept.flatMap(a => a.PublicIp ?? []),
    ...ipsOf(added, world.surroundings?.addresses ?? [])
  ]
  return [after, { known, pending: [] }]
}

export function reviewPlan(config: Config, world: World, plan: Plan): Review {
  const { gateway } = plan
  if (gateway.action === 'adopt') {
    const mayGrow = isRegionalAutomatic(config)
    const [after, ipsAfter] = adopted(config, world, gateway.natGateway, gateway)
    return {
      before: [billedGateway(gateway.natGateway, { mayGrow })],
      after: [after],
      ipsBefore: publicIps(gateway.natGateway),
      ipsAfter,
      mayGrow
    }
  }
  const [after, ipsAfter] = created(config, world, plan)
  return { before: [], after: [after], ipsBefore: [], ipsAfter, mayGrow: after.mayGrow }
}

/** A teardown: every gateway of this identity stops being billed, and its IPs leave. */
export function reviewTeardown(config: Config, plan: TeardownPlan): Review {
  const mayGrow = isRegionalAutomatic(config)
  const released = new Set(plan.releaseAllocationIds)
  const retained = plan.natGateways
    .flatMap(g => usableAddresses(g))
    .flatMap(a => (a.AllocationId && !released.has(a.AllocationId) ? [a.AllocationId] : []))
  return {
    before: plan.natGateways.map(g => billedGateway(g, { mayGrow })),
    after: [],
    ipsBefore: plan.natGateways.flatMap(publicIps),
    ipsAfter: { known: [], pending: [] },
    mayGrow: false,
    retainedAllocationIds: [...new Set(retained)].sort()
  }
}

/**
 * A gateway per zone: each zone reviewed as the zonal gateway it is (one billed gateway per zone),
 * and the gateways of subnets no longer listed as they stop.
 */
export function reviewPerZone(config: Config, world: PerZoneWorld, plan: PerZonePlan): Review {
  const zones = plan.zones.map(zone => {
    const surroundings = world.zones.find(z => z.subnetId === zone.subnetId)?.surroundings
    return reviewPlan(
      zone.config,
      { core: world.core, ...(surroundings && { surroundings }) },
      zone.plan
    )
  })
  const retired = reviewTeardown(config, plan.retire)
  return {
    before: [...zones.flatMap(r => r.before), ...retired.before],
    after: zones.flatMap(r => r.after),
    ipsBefore: [...zones.flatMap(r => r.ipsBefore), ...retired.ipsBefore],
    ipsAfter: {
      known: zones.flatMap(r => r.ipsAfter.known),
      pending: zones.flatMap(r => r.ipsAfter.pending)
    },
    mayGrow: false
  }
}
