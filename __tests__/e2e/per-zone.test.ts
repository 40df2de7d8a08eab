/**
 * dist/index.js with a gateway per zone (`subnet-ids`) against the project's emulator: two public
 * subnets in two zones, three private tables (two in the first zone, one in the second).
 */
import { beforeEach, describe, expect, it } from '@jest/globals'
import { OWNER_TAG } from '../../src/model/identity.js'
import { useSampleEmulator } from '../../emulator/__tests__/test-helpers.ts'
import { errorText, runAction } from './harness.js'
import { runMainAndPost } from './post-step.js'

const sample = useSampleEmulator({ provisioningMs: 300, deletingMs: 300 })
const env = () => ({ AWS_ENDPOINT_URL_EC2: sample.emu.endpoint, AWS_REGION: 'eu-west-1' })

/** The third private table: a second one in zone a. */
let secondTableA = ''
beforeEach(() => {
  const { world } = sample.emu
  const subnet = world.addSubnet(sample.ids.vpcId, 'a')
  secondTableA = world.addRouteTable(sample.ids.vpcId, { subnetIds: [subnet] })
})

const tables = () => [
  sample.ids.privateRouteTableIds.a,
  secondTableA,
  sample.ids.privateRouteTableIds.b
]
const inputs = (extra: Record<string, string> = {}) => ({
  'vpc-id': sample.ids.vpcId,
  'route-table-ids': tables().join('\n'),
  'availability-mode': 'zonal',
  'subnet-ids': `${sample.ids.publicSubnetIds.a}, ${sample.ids.publicSubnetIds.b}`,
  ...extra
})

function targets(): (string | undefined)[] {
  return tables().map(id => {
    const route = sample.emu.world.routeTables
      .get(id)
      ?.routes.find(r => r.destinationCidrBlock === '0.0.0.0/0')
    return route?.natGatewayId ?? route?.gatewayId
  })
}

const live = () => [...sample.emu.world.natGateways.values()].filter(g => g.state !== 'deleted')

describe('dist/index.js: a gateway per zone, on the emulator', () => {
  it('two zones, three tables: two gateways, each table to its zone’s; the rerun writes nothing; absent removes it all', async () => {
    const first = await runAction(inputs(), env())
    expect(first.stderr).toBe('')
    expect(first.exitCode).toBe(0)
    const [natA, natB] = (first.outputs['nat-gateway-ids'] ?? '').split(',')
    expect(natA).toMatch(/^nat-/)
    expect(natB).toMatch(/^nat-/)
    expect(natA).not.toBe(natB)
    expect(sample.emu.world.natGateways.get(natA ?? '')?.subnetId).toBe(
      sample.ids.publicSubnetIds.a
    )
    expect(sample.emu.world.natGateways.get(natB ?? '')?.subnetId).toBe(
      sample.ids.publicSubnetIds.b
    )
    expect(targets()).toEqual([natA, natA, natB])
    expect(first.outputs['nat-gateway-id']).toBe('')
    const records = JSON.parse(first.outputs['nat-gateways-json'] ?? '') as {
      zone: string
      routeTableIds: string[]
      publicIps: string[]
    }[]
    expect(records.map(r => [r.zone, r.routeTableIds])).toEqual([
      ['eu-west-1a', [sample.ids.privateRouteTableIds.a, secondTableA]],
      ['eu-west-1b', [sample.ids.privateRouteTableIds.b]]
    ])
    expect(first.outputs['public-ips']?.split(',')).toHaveLength(2)
    expect(first.summary).toContain('one per zone')

    // Each allocated address is ours from its allocation.
    const allocated = (first.outputs['allocation-ids'] ?? '').split(',')
    for (const id of allocated) {
      expect(sample.emu.world.addresses.get(id)?.tags).toContainEqual({
        Key: OWNER_TAG.key,
        Value: OWNER_TAG.value
      })
    }

    sample.emu.clearCalls()
    const again = await runAction(inputs(), env())
    expect(again.exitCode).toBe(0)
    expect(sample.emu.writes()).toEqual([])
    // The subnets' zones are the one read beyond the core ring: nothing else tells a table's zone.
    expect(sample.emu.calls.map(call => call.action).sort()).toEqual([
      'DescribeNatGateways',
      'DescribeRouteTables',
      'DescribeSubnets'
    ])
    expect(again.outputs).toMatchObject({ created: 'false', changed: 'false' })

    const absent = await runAction(inputs({ state: 'absent' }), env())
    expect(absent.exitCode).toBe(0)
    expect(live().filter(g => g.state !== 'deleting')).toEqual([])
    expect(targets()).toEqual([undefined, undefined, undefined])
    for (const id of allocated) expect(sample.emu.world.addresses.has(id)).toBe(false)
    expect(absent.outputs['released-allocation-ids']?.split(',').sort()).toEqual(
      [...allocated].sort()
    )
  })

  it('dry run: the plan of every zone in plan-json, nothing written', async () => {
    sample.emu.clearCalls()
    const run = await runAction(inputs({ 'dry-run': 'true' }), env())
    expect(run.exitCode).toBe(0)
    expect(sample.emu.writes()).toEqual([])
    const plan = JSON.parse(run.outputs['plan-json'] ?? '') as {
      zones: { zone: string; natGateway: { action: string }; routes: { routeTableId: string }[] }[]
      changes: boolean
    }
    expect(
      plan.zones.map(z => [z.zone, z.natGateway.action, z.routes.map(r => r.routeTableId)])
    ).toEqual([
      ['eu-west-1a', 'create', [sample.ids.privateRouteTableIds.a, secondTableA].sort()],
      ['eu-west-1b', 'create', [sample.ids.privateRouteTableIds.b]]
    ])
    expect(plan.changes).toBe(true)
    expect(run.stdout).toContain('eu-west-1b: NAT gateway: create')
  })

  it('zone lines put each zone’s address on its gateway', async () => {
    const [eip1, eip2] = sample.ids.allocationIds
    const run = await runAction(
      inputs({ 'eip-allocation-ids': `eu-west-1b: ${eip2}\neu-west-1a: ${eip1}` }),
      env()
    )
    expect(run.exitCode).toBe(0)
    const records = JSON.parse(run.outputs['nat-gateways-json'] ?? '') as {
      zone: string
      allocationIds: string[]
    }[]
    expect(records.map(r => [r.zone, r.allocationIds])).toEqual([
      ['eu-west-1a', [eip1]],
      ['eu-west-1b', [eip2]]
    ])
    expect(run.outputs['allocation-ids']).toBe(`${eip1},${eip2}`)
  })

  it('refuses a table across two zones and one in a zone without a listed subnet, before any write', async () => {
    const { world } = sample.emu
    const across = world.addRouteTable(sample.ids.vpcId, {
      subnetIds: [world.addSubnet(sample.ids.vpcId, 'a'), world.addSubnet(sample.ids.vpcId, 'b')]
    })
    const zoneC = world.addRouteTable(sample.ids.vpcId, {
      subnetIds: [world.addSubnet(sample.ids.vpcId, 'c')]
    })
    sample.emu.clearCalls()
    const run = await runAction(inputs({ 'route-table-ids': `${across}\n${zoneC}` }), env())
    expect(run.exitCode).not.toBe(0)
    expect(sample.emu.writes()).toEqual([])
    expect(run.stdout).toMatch(
      new RegExp(`${across}: serves subnets in 2 zones: eu-west-1a .*eu-west-1b`)
    )
    expect(run.stdout).toMatch(
      new RegExp(`${zoneC}: serves subnets in eu-west-1c, which has no subnet in subnet-ids`)
    )
  })

  it('teardown-at-job-end: the post step removes every zone’s gateway, route and address its job made', async () => {
    const before = new Set(sample.emu.world.addresses.keys())
    const { main, post } = await runMainAndPost(inputs({ 'teardown-at-job-end': 'true' }), env())
    expect([main.exitCode, errorText(main)]).toEqual([0, ''])
    expect((main.outputs['nat-gateway-ids'] ?? '').split(',')).toHaveLength(2)
    expect([post.exitCode, errorText(post)]).toEqual([0, ''])
    expect(live().filter(g => g.state !== 'deleting')).toEqual([])
    expect(targets()).toEqual([undefined, undefined, undefined])
    expect(new Set(sample.emu.world.addresses.keys())).toEqual(before)
  })
})
