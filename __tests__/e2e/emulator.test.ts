/**
 * dist/index.js against the project's EC2 emulator, as the runner starts it: every mode, the
 * rerun, and throttling. Faults, kills and concurrency are in faults.test.ts.
 */
import { describe, expect, it } from '@jest/globals'
import { OWNER_TAG } from '../../src/model/identity.js'
import { useSampleEmulator } from '../../emulator/__tests__/test-helpers.ts'
import { runAction } from './harness.js'

const sample = useSampleEmulator({ provisioningMs: 300, deletingMs: 300 })

const env = () => ({ AWS_ENDPOINT_URL_EC2: sample.emu.endpoint, AWS_REGION: 'eu-west-1' })
const privateTables = () => [sample.ids.privateRouteTableIds.a, sample.ids.privateRouteTableIds.b]
const regional = (extra: Record<string, string> = {}) => ({
  'vpc-id': sample.ids.vpcId,
  'route-table-ids': privateTables().join('\n'),
  ...extra
})
const zonal = (extra: Record<string, string> = {}) =>
  regional({ 'availability-mode': 'zonal', 'subnet-id': sample.ids.publicSubnetIds.a, ...extra })

function count(action: string): number {
  return sample.emu.calls.filter(call => call.action === action && call.status === 200).length
}

/** The destination route of each private table, read from the emulator's state. */
function defaultTargets(): (string | undefined)[] {
  return privateTables().map(id => {
    const table = sample.emu.world.routeTables.get(id)
    const route = table?.routes.find(r => r.destinationCidrBlock === '0.0.0.0/0')
    return route?.natGatewayId ?? route?.gatewayId
  })
}

async function expectReadOnlyRerun(inputs: Record<string, string>, first: Record<string, string>) {
  sample.emu.clearCalls()
  const again = await runAction(inputs, env())
  expect(again.exitCode).toBe(0)
  expect(sample.emu.writes()).toEqual([])
  expect(sample.emu.calls.map(call => call.action).sort()).toEqual([
    'DescribeNatGateways',
    'DescribeRouteTables'
  ])
  expect(again.outputs).toEqual({ ...first, created: 'false', changed: 'false' })
}

describe('dist/index.js against the emulator', () => {
  it('regional automatic: one gateway, both tables routed, addresses per zone; the rerun only reads', async () => {
    const run = await runAction(regional(), env())
    expect(run.stderr).toBe('')
    expect(run.exitCode).toBe(0)
    const natId = run.outputs['nat-gateway-id'] ?? ''
    expect(count('CreateNatGateway')).toBe(1)
    expect(count('AllocateAddress')).toBe(0)
    expect(defaultTargets()).toEqual([natId, natId])
    const gateway = sample.emu.world.natGateways.get(natId)
    expect(gateway?.availabilityMode).toBe('regional')
    // Its own route table is left alone.
    expect(privateTables()).not.toContain(gateway?.routeTableId)
    expect(run.outputs).toMatchObject({ created: 'true', changed: 'true' })
    // The emulator gives an automatic gateway one address in each zone that has a subnet (a, b).
    expect(run.outputs['public-ips']?.split(',')).toHaveLength(2)
    expect(run.summary).toContain(`## NAT gateway ${natId}`)
    await expectReadOnlyRerun(regional(), run.outputs)
  })

  it('regional manual: the zone mapping by name and by zone ID, the addresses as outputs', async () => {
    const [first, second] = sample.ids.allocationIds
    const mapping = `eu-west-1a: ${first}\n${sample.ids.zones[1]?.id}: ${second}`
    const run = await runAction(regional({ 'eip-allocation-ids': mapping }), env())
    expect(run.exitCode).toBe(0)
    const [create] = sample.emu.calls.filter(call => call.action === 'CreateNatGateway')
    expect(JSON.stringify(create?.params)).toContain(String(first))
    expect(run.outputs['allocation-ids']?.split(',').sort()).toEqual([first, second].sort())
    expect(run.outputs['public-ips']?.split(',').sort()).toEqual(
      sample.ids.publicIps.slice(0, 2).sort()
    )
    await expectReadOnlyRerun(regional({ 'eip-allocation-ids': mapping }), run.outputs)
  })

  it('zonal automatic: allocates one Elastic IP tagged as ours; the rerun only reads', async () => {
    const run = await runAction(zonal(), env())
    expect(run.exitCode).toBe(0)
    expect(count('AllocateAddress')).toBe(1)
    const allocationId = run.outputs['allocation-ids'] ?? ''
    const address = sample.emu.world.addresses.get(allocationId)
    expect(address?.tags).toContainEqual({ Key: OWNER_TAG.key, Value: OWNER_TAG.value })
    expect(run.outputs['public-ips']).toBe(address?.publicIp)
    await expectReadOnlyRerun(zonal(), run.outputs)
  })

  it('zonal manual: the first address is primary', async () => {
    const [first, second] = sample.ids.allocationIds
    const run = await runAction(zonal({ 'eip-allocation-ids': `${second}, ${first}` }), env())
    expect(run.exitCode).toBe(0)
    expect(count('AllocateAddress')).toBe(0)
    expect(run.outputs['allocation-ids']).toBe(`${second},${first}`)
    expect(run.outputs['public-ips']).toBe(`${sample.ids.publicIps[1]},${sample.ids.publicIps[0]}`)
  })

  it('private zonal: no Elastic IP, routes to the gateway', async () => {
    const run = await runAction(zonal({ 'connectivity-type': 'private' }), env())
    expect(run.exitCode).toBe(0)
    expect(count('AllocateAddress')).toBe(0)
    expect(run.outputs['public-ips']).toBe('')
    const natId = run.outputs['nat-gateway-id']
    expect(sample.emu.world.natGateways.get(natId ?? '')?.connectivityType).toBe('private')
    expect(defaultTargets()).toEqual([natId, natId])
  })

  it('30% of calls throttled: still one gateway and every route, no error surfaced', async () => {
    sample.emu.faults.throttle = { rate: 0.3 }
    sample.emu.faults.seed = 7
    const run = await runAction(zonal(), env())
    // Each retry is logged as it happens; none surfaces as an error or a warning.
    const surfaced = run.stdout
      .split('\n')
      .filter(line => /RequestLimitExceeded/.test(line) && !/; retrying after/.test(line))
    expect(surfaced).toEqual([])
    expect(run.exitCode).toBe(0)
    expect(
      sample.emu.calls.filter(call => call.code === 'RequestLimitExceeded').length
    ).toBeGreaterThan(0)
    expect(count('CreateNatGateway')).toBe(1)
    expect(sample.emu.world.natGateways.size).toBe(1)
    const natId = run.outputs['nat-gateway-id']
    expect(defaultTargets()).toEqual([natId, natId])
  })
})
