/**
 * teardown-at-job-end through dist/index.js against the emulator: the main step, then the post
 * step as the runner runs it (the saved state passed as STATE_<name>); and gateway-endpoints
 * (s3, dynamodb), whose teardown removes only what the action made.
 */
import { describe, expect, it } from '@jest/globals'
import { useSampleEmulator } from '../../emulator/__tests__/test-helpers.ts'
import { errorText } from './harness.js'
import { runMain, runMainAndPost, runPost } from './post-step.js'

const sample = useSampleEmulator({ provisioningMs: 300, deletingMs: 300 })
const env = () => ({ AWS_ENDPOINT_URL_EC2: sample.emu.endpoint, AWS_REGION: 'eu-west-1' })
const tables = () => [sample.ids.privateRouteTableIds.a, sample.ids.privateRouteTableIds.b]
const zonal = (extra: Record<string, string> = {}) => ({
  'vpc-id': sample.ids.vpcId,
  'route-table-ids': tables().join(','),
  'availability-mode': 'zonal',
  'subnet-id': sample.ids.publicSubnetIds.a,
  name: 'preview-pr-17',
  'teardown-at-job-end': 'true',
  ...extra
})

const liveGateways = () =>
  [...sample.emu.world.natGateways.values()].filter(g => !['deleted', 'failed'].includes(g.state))
const routesTo = (natGatewayId: string) =>
  [...sample.emu.world.routeTables.values()].filter(t =>
    t.routes.some(r => r.natGatewayId === natGatewayId)
  )
const endpointsLive = () =>
  [...sample.emu.world.vpcEndpoints.values()].filter(e => e.state === 'available')

describe('teardown-at-job-end', () => {
  it('the post step leaves no gateway, no route to it and no Elastic IP the action allocated', async () => {
    const before = new Set(sample.emu.world.addresses.keys())
    const { main, saved, post } = await runMainAndPost(zonal(), env())
    expect([main.exitCode, errorText(main)]).toEqual([0, ''])
    const natGatewayId = main.outputs['nat-gateway-id'] ?? ''
    const [allocated] = (main.outputs['allocation-ids'] ?? '').split(',')
    expect(before.has(allocated ?? '')).toBe(false)
    expect(saved).toMatchObject({ isPost: 'true', jobRecord: expect.any(String) })

    expect([post.exitCode, errorText(post)]).toEqual([0, ''])
    expect(liveGateways()).toEqual([])
    expect(routesTo(natGatewayId)).toEqual([])
    expect(sample.emu.world.addresses.has(allocated ?? '')).toBe(false)
    // The addresses the sample VPC started with are all still there.
    for (const id of before) expect(sample.emu.world.addresses.has(id)).toBe(true)
    // Its own log group and summary; no outputs.
    expect(post.stdout).toContain('::group::Teardown at job end')
    expect(post.summary).toContain('## NAT gateway "preview-pr-17" torn down at job end')
    expect(post.outputs).toEqual({})
  })

  it('tears down after a main step that failed once it had written', async () => {
    // The gateway is created, then every route write fails: the main step fails.
    sample.emu.setFaults({ serverErrors: { rate: 1, actions: ['CreateRoute'] } })
    const { main, saved } = await runMain(zonal(), { ...env(), AWS_MAX_ATTEMPTS: '1' })
    sample.emu.setFaults({})
    expect(main.exitCode).toBe(1)
    expect(errorText(main)).toContain('Some routes could not be written')
    expect(saved.jobRecord).toBeDefined()
    expect(liveGateways()).toHaveLength(1)
    const post = await runPost(zonal(), env(), saved)
    expect([post.exitCode, errorText(post)]).toEqual([0, ''])
    expect(liveGateways()).toEqual([])
    const ours = [...sample.emu.world.addresses.values()].filter(a =>
      a.tags.some(t => t.Key === 'ensure-nat-gateway:managed')
    )
    expect(ours).toEqual([])
  })

  it('after a main step that failed before any write, the post step says so and does nothing', async () => {
    const theirs = sample.emu.world.addRouteTable(sample.ids.vpcId, {
      routes: [{ destination: '0.0.0.0/0', gatewayId: sample.ids.internetGatewayId }]
    })
    const inputs = zonal({ 'route-table-ids': theirs })
    const { main, saved, post } = await runMainAndPost(inputs, env())
    expect(main.exitCode).toBe(1)
    expect(saved.jobRecord).toBeUndefined()
    sample.emu.clearCalls()
    const again = await runPost(inputs, env(), saved)
    expect([post.exitCode, again.exitCode]).toEqual([0, 0])
    expect(post.stdout).toContain('the main step wrote nothing')
    expect(sample.emu.calls).toEqual([])
  })

  it('does nothing at job end without teardown-at-job-end', async () => {
    const inputs = zonal({ 'teardown-at-job-end': 'false' })
    const { main, post } = await runMainAndPost(inputs, env())
    expect(main.exitCode).toBe(0)
    expect(post.exitCode).toBe(0)
    expect(post.stdout).toBe('')
    expect(liveGateways()).toHaveLength(1)
  })
})

describe('gateway-endpoints: s3, dynamodb', () => {
  it('creates both on the routed tables; the teardown at job end removes only its own', async () => {
    const [tableA, tableB] = tables() as [string, string]
    const world = sample.emu.world
    // Someone else's DynamoDB endpoint already serves table A.
    const foreign = world.newId('vpce')
    world.vpcEndpoints.set(foreign, {
      id: foreign,
      vpcId: sample.ids.vpcId,
      serviceName: 'com.amazonaws.eu-west-1.dynamodb',
      routeTableIds: [tableA],
      tags: [{ Key: 'Name', Value: 'platform-ddb' }],
      state: 'available'
    })
    const { main, saved } = await runMain(zonal({ 'gateway-endpoints': 's3, dynamodb' }), env())
    expect([main.exitCode, errorText(main)]).toEqual([0, ''])
    const ids = JSON.parse(main.outputs['gateway-endpoint-ids'] ?? '{}') as Record<string, string[]>
    const created = endpointsLive().filter(e => e.id !== foreign)
    expect(
      created.map(e => [e.serviceName.split('.').pop(), [...e.routeTableIds].sort()]).sort()
    ).toEqual([
      ['dynamodb', [tableB]],
      ['s3', [tableA, tableB].sort()]
    ])
    expect(ids.s3).toEqual([created.find(e => e.serviceName.endsWith('.s3'))?.id])
    // The output names the endpoint this run wrote to; the foreign one serves table A as before.
    expect(ids.dynamodb).toEqual([created.find(e => e.serviceName.endsWith('.dynamodb'))?.id])
    expect(main.outputs['s3-gateway-endpoint-id']).toBe(ids.s3?.[0])

    const post = await runPost(zonal({ 'gateway-endpoints': 's3, dynamodb' }), env(), saved)
    expect([post.exitCode, errorText(post)]).toEqual([0, ''])
    expect(endpointsLive().map(e => e.id)).toEqual([foreign])
    expect(world.vpcEndpoints.get(foreign)?.routeTableIds).toEqual([tableA])
  })

  it('s3-gateway-endpoint: true is gateway-endpoints: s3', async () => {
    const run = await runMain(zonal({ 's3-gateway-endpoint': 'true' }), env())
    expect(run.main.exitCode).toBe(0)
    expect(endpointsLive().map(e => e.serviceName)).toEqual(['com.amazonaws.eu-west-1.s3'])
    expect(JSON.parse(run.main.outputs['gateway-endpoint-ids'] ?? '')).toEqual({
      s3: [endpointsLive()[0]?.id]
    })
  })
})
