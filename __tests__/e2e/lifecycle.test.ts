/**
 * The lifecycle features through dist/index.js against the emulator: dry run, teardown,
 * route-table-ids: auto, the S3 gateway endpoint. The call log is the evidence of what was written.
 */
import { describe, expect, it } from '@jest/globals'
import { useSampleEmulator } from '../../emulator/__tests__/test-helpers.ts'
import { runAction } from './harness.js'

const sample = useSampleEmulator({ provisioningMs: 300, deletingMs: 300 })

const env = () => ({ AWS_ENDPOINT_URL_EC2: sample.emu.endpoint, AWS_REGION: 'eu-west-1' })
const tables = () => `${sample.ids.privateRouteTableIds.a}, ${sample.ids.privateRouteTableIds.b}`
const zonal = (extra: Record<string, string> = {}) => ({
  'vpc-id': sample.ids.vpcId,
  'route-table-ids': tables(),
  'availability-mode': 'zonal',
  'subnet-id': sample.ids.publicSubnetIds.a,
  ...extra
})

function defaultTarget(routeTableId: string): string | undefined {
  const route = sample.emu.world.routeTables
    .get(routeTableId)
    ?.routes.find(r => r.destinationCidrBlock === '0.0.0.0/0')
  return route?.natGatewayId ?? route?.gatewayId
}

function liveGateways(): string[] {
  sample.emu.world.advance()
  return [...sample.emu.world.natGateways.values()]
    .filter(g => g.state !== 'deleted')
    .map(g => g.id)
}

describe('dry-run', () => {
  it('present: the plan as output and summary, and no write at all', async () => {
    const run = await runAction(zonal({ 'dry-run': 'true' }), env())
    expect(run.exitCode).toBe(0)
    expect(sample.emu.writes()).toEqual([])
    const plan = JSON.parse(run.outputs['plan-json'] ?? '')
    expect(plan).toMatchObject({
      state: 'present',
      natGateway: { action: 'create', elasticIp: { action: 'allocate' } },
      changes: true
    })
    expect(plan.routes.map((r: { action: string }) => r.action)).toEqual(['create', 'create'])
    expect(run.summary).toContain('## Dry run: nothing was changed')
  })

  it('absent: the teardown plan, and no write at all', async () => {
    expect((await runAction(zonal(), env())).exitCode).toBe(0)
    sample.emu.clearCalls()
    const run = await runAction(zonal({ state: 'absent', 'dry-run': 'true' }), env())
    expect(run.exitCode).toBe(0)
    expect(sample.emu.writes()).toEqual([])
    expect(JSON.parse(run.outputs['plan-json'] ?? '')).toMatchObject({
      state: 'absent',
      natGateways: [{ action: 'delete' }],
      changes: true
    })
  })
})

describe('state: absent', () => {
  it('removes our routes, deletes the gateway, releases the address it allocated; again: nothing to do', async () => {
    const created = await runAction(zonal(), env())
    const natId = created.outputs['nat-gateway-id']
    const allocated = created.outputs['allocation-ids'] ?? ''
    const down = await runAction(zonal({ state: 'absent' }), env())
    expect(down.stderr).toBe('')
    expect(down.exitCode).toBe(0)
    expect(down.outputs).toMatchObject({
      'nat-gateway-id': natId,
      'route-table-ids': tables().replace(', ', ','),
      'released-allocation-ids': allocated,
      deleted: 'true',
      changed: 'true'
    })
    expect(defaultTarget(sample.ids.privateRouteTableIds.a)).toBeUndefined()
    expect(liveGateways()).toEqual([])
    expect(sample.emu.world.addresses.has(allocated)).toBe(false)
    expect(down.summary).toContain('torn down')

    sample.emu.clearCalls()
    const again = await runAction(zonal({ state: 'absent' }), env())
    expect(again.exitCode).toBe(0)
    expect(again.stdout).toContain('Nothing to tear down')
    expect(sample.emu.writes()).toEqual([])
    expect(again.outputs).toMatchObject({ deleted: 'false', changed: 'false' })
  })

  it('never releases an address the user supplied, nor a route to another target', async () => {
    const [given] = sample.ids.allocationIds
    const inputs = zonal({
      'eip-allocation-ids': String(given),
      'route-table-ids': sample.ids.privateRouteTableIds.a
    })
    expect((await runAction(inputs, env())).exitCode).toBe(0)
    sample.emu.world.routeTables.get(sample.ids.privateRouteTableIds.b)?.routes.push({
      destinationCidrBlock: '0.0.0.0/0',
      gatewayId: sample.ids.internetGatewayId,
      origin: 'CreateRoute'
    })
    const down = await runAction({ ...inputs, 'route-table-ids': tables(), state: 'absent' }, env())
    expect(down.exitCode).toBe(0)
    expect(down.outputs['released-allocation-ids']).toBe('')
    expect(sample.emu.world.addresses.has(String(given))).toBe(true)
    expect(defaultTarget(sample.ids.privateRouteTableIds.b)).toBe(sample.ids.internetGatewayId)
    expect(sample.emu.calls.filter(c => c.action === 'ReleaseAddress')).toEqual([])
  })
})

describe('route-table-ids: auto', () => {
  it('routes the private tables in use, never the public one, and says why', async () => {
    const run = await runAction(zonal({ 'route-table-ids': 'auto' }), env())
    expect(run.exitCode).toBe(0)
    const natId = run.outputs['nat-gateway-id']
    const routed = run.outputs['route-table-ids']?.split(',') ?? []
    expect(routed).toEqual(
      expect.arrayContaining([sample.ids.privateRouteTableIds.a, sample.ids.privateRouteTableIds.b])
    )
    expect(routed).not.toContain(sample.ids.publicRouteTableId)
    expect(defaultTarget(sample.ids.publicRouteTableId)).toBe(sample.ids.internetGatewayId)
    expect(defaultTarget(sample.ids.privateRouteTableIds.b)).toBe(natId)
    expect(run.stdout).toContain(
      `${sample.ids.publicRouteTableId}: left out by route-table-ids: auto, public: it routes to the internet gateway ${sample.ids.internetGatewayId}.`
    )
  })
})

describe('s3-gateway-endpoint', () => {
  it('creates it on the routed tables, keeps it on the rerun, deletes it on teardown', async () => {
    const inputs = zonal({ 's3-gateway-endpoint': 'true' })
    const run = await runAction(inputs, env())
    expect(run.exitCode).toBe(0)
    const endpointId = run.outputs['s3-gateway-endpoint-id'] ?? ''
    const endpoint = sample.emu.world.vpcEndpoints.get(endpointId)
    expect(endpoint?.routeTableIds.sort()).toEqual(
      [sample.ids.privateRouteTableIds.a, sample.ids.privateRouteTableIds.b].sort()
    )

    sample.emu.clearCalls()
    const again = await runAction(inputs, env())
    expect(again.outputs).toMatchObject({ 's3-gateway-endpoint-id': endpointId, changed: 'false' })
    expect(sample.emu.writes()).toEqual([])

    const down = await runAction({ ...inputs, state: 'absent' }, env())
    expect(down.exitCode).toBe(0)
    expect(down.outputs['s3-gateway-endpoint-id']).toBe(endpointId)
    expect(sample.emu.world.vpcEndpoints.get(endpointId)?.state).toBe('deleted')
  })
})
