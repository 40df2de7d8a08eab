/**
 * teardown-at-job-end undoes what its own job did, by ID, through dist/index.js against the
 * emulator: the main step saves its job record as it writes, the post step acts on that record
 * alone. What a job only adopted stays; a route it replaced is put back; what a create in flight
 * made is found by the run's tag; the record's Region wins over a later AWS_REGION; and a post
 * step that cannot remove what its job made fails and lists it.
 */
import { describe, expect, it } from '@jest/globals'
import { useSampleEmulator } from '../../emulator/__tests__/test-helpers.ts'
import { errorText, runAction } from './harness.js'
import { runMain, runMainAndPost, runPost } from './post-step.js'

const sample = useSampleEmulator({ provisioningMs: 300, deletingMs: 300 })
/** What the runner sets: the run's tag comes from these. */
const RUN = {
  GITHUB_REPOSITORY: 'octo/infra',
  GITHUB_RUN_ID: '4242',
  GITHUB_SERVER_URL: 'https://github.com'
}
const env = () => ({ AWS_ENDPOINT_URL_EC2: sample.emu.endpoint, AWS_REGION: 'eu-west-1', ...RUN })
const table = (zone: 'a' | 'b') => sample.ids.privateRouteTableIds[zone]
const zonal = (tables: string[], extra: Record<string, string> = {}) => ({
  'vpc-id': sample.ids.vpcId,
  'route-table-ids': tables.join(','),
  'availability-mode': 'zonal',
  'subnet-id': sample.ids.publicSubnetIds.a,
  name: 'egress',
  'teardown-at-job-end': 'true',
  ...extra
})

const world = () => sample.emu.world
const liveGateways = () =>
  [...world().natGateways.values()].filter(g => !['deleted', 'failed'].includes(g.state))
const defaultRoute = (routeTableId: string) =>
  world()
    .routeTables.get(routeTableId)
    ?.routes.find(r => r.destinationCidrBlock === '0.0.0.0/0')
const targetOf = (routeTableId: string) => {
  const route = defaultRoute(routeTableId)
  return route?.natGatewayId ?? route?.gatewayId
}
const ourAddresses = () =>
  [...world().addresses.values()].filter(a =>
    a.tags.some(t => t.Key === 'ensure-nat-gateway:managed')
  )

/** A NAT gateway someone else made, in public subnet b, with one of the sample's addresses. */
const foreignGateway = (address: number) =>
  world().addNatGateway({
    subnetId: sample.ids.publicSubnetIds.b,
    allocationIds: [sample.ids.allocationIds[address] ?? ''],
    tags: [{ Key: 'Name', Value: 'theirs' }]
  })

describe('teardown-at-job-end: the post step acts on its job record', () => {
  it('a job that only adopted the gateway leaves it, its routes and its Elastic IPs', async () => {
    const tables = [table('a'), table('b')]
    const first = await runAction(zonal(tables, { 'teardown-at-job-end': 'false' }), env())
    expect([first.exitCode, errorText(first)]).toEqual([0, ''])
    const natGatewayId = first.outputs['nat-gateway-id'] ?? ''
    const allocationId = first.outputs['allocation-ids'] ?? ''

    const { main, post } = await runMainAndPost(zonal(tables), env())
    expect([main.exitCode, main.outputs.changed]).toEqual([0, 'false'])
    expect([post.exitCode, errorText(post)]).toEqual([0, ''])
    expect(liveGateways().map(g => g.id)).toEqual([natGatewayId])
    expect(tables.map(targetOf)).toEqual([natGatewayId, natGatewayId])
    expect(world().addresses.has(allocationId)).toBe(true)
    expect(post.summary).toContain('nothing to remove')
    expect(post.summary).toContain(`NAT gateway ${natGatewayId}`)
    expect(post.summary).toContain('this job found it')
  })

  it('a job that adopted the gateway and routed one more table removes only that route', async () => {
    const first = await runAction(zonal([table('a')], { 'teardown-at-job-end': 'false' }), env())
    expect(first.exitCode).toBe(0)
    const natGatewayId = first.outputs['nat-gateway-id'] ?? ''

    const inputs = zonal([table('a'), table('b')])
    const { main, saved } = await runMain(inputs, env())
    expect([main.exitCode, main.outputs.changed]).toEqual([0, 'true'])
    expect(targetOf(table('b'))).toBe(natGatewayId)
    const post = await runPost(inputs, env(), saved)
    expect([post.exitCode, errorText(post)]).toEqual([0, ''])
    expect(targetOf(table('b'))).toBeUndefined()
    expect(targetOf(table('a'))).toBe(natGatewayId)
    expect(liveGateways().map(g => g.id)).toEqual([natGatewayId])
    expect(ourAddresses()).toHaveLength(1)
    expect(post.summary).toContain(`route 0.0.0.0/0 in ${table('b')}`)
  })

  it('takes off a gateway endpoint it found only the table it added', async () => {
    const endpoints = { 'gateway-endpoints': 's3' }
    const first = await runAction(
      zonal([table('a')], { ...endpoints, 'teardown-at-job-end': 'false' }),
      env()
    )
    expect(first.exitCode).toBe(0)
    const [s3] = [...world().vpcEndpoints.values()]
    expect(s3?.routeTableIds).toEqual([table('a')])

    const inputs = zonal([table('a'), table('b')], endpoints)
    const { main, saved } = await runMain(inputs, env())
    expect(main.exitCode).toBe(0)
    expect([...(s3?.routeTableIds ?? [])].sort()).toEqual([table('a'), table('b')].sort())
    const post = await runPost(inputs, env(), saved)
    expect([post.exitCode, errorText(post)]).toEqual([0, ''])
    expect(s3?.state).toBe('available')
    expect(s3?.routeTableIds).toEqual([table('a')])
    expect(targetOf(table('b'))).toBeUndefined()
  })

  it('a job that created everything removes everything, in the Region it worked in, whatever a later step exports', async () => {
    const before = new Set(world().addresses.keys())
    const { main, saved } = await runMain(zonal([table('a'), table('b')]), env())
    expect([main.exitCode, errorText(main)]).toEqual([0, ''])
    // A later step exports another Region (the emulator serves eu-west-1 only, as an endpoint does).
    const later = { ...env(), AWS_REGION: 'us-east-1', AWS_DEFAULT_REGION: 'us-east-1' }
    const post = await runPost(zonal([table('a'), table('b')]), later, saved)
    expect([post.exitCode, errorText(post)]).toEqual([0, ''])
    expect(liveGateways()).toEqual([])
    expect([targetOf(table('a')), targetOf(table('b'))]).toEqual([undefined, undefined])
    expect(ourAddresses()).toEqual([])
    expect(new Set(world().addresses.keys())).toEqual(before)
    expect(post.summary).toContain('## NAT gateway "egress" torn down at job end')
    expect(post.summary).toContain('in eu-west-1')
  })

  it('puts a replaced route back where it pointed, or deletes it when that target is gone, and leaves one changed since', async () => {
    const [kept, gone] = [foreignGateway(0), foreignGateway(1)]
    const vpc = sample.ids.vpcId
    const tableC = world().addRouteTable(vpc, {
      routes: [{ destination: '0.0.0.0/0', natGatewayId: kept }]
    })
    const tableD = world().addRouteTable(vpc, {
      routes: [{ destination: '0.0.0.0/0', natGatewayId: gone }]
    })
    const inputs = zonal([tableC, tableD, table('a')], { 'route-conflict': 'replace' })
    const { main, saved } = await runMain(inputs, env())
    expect([main.exitCode, errorText(main)]).toEqual([0, ''])
    const ours = main.outputs['nat-gateway-id'] ?? ''
    expect([tableC, tableD, table('a')].map(targetOf)).toEqual([ours, ours, ours])
    // Before job end: the earlier target of D is deleted, and someone points A elsewhere.
    const goneGateway = world().natGateways.get(gone)
    if (goneGateway) goneGateway.state = 'deleted'
    const route = defaultRoute(table('a'))
    if (route) route.natGatewayId = kept

    const post = await runPost(inputs, env(), saved)
    expect([post.exitCode, errorText(post)]).toEqual([0, ''])
    expect(targetOf(tableC)).toBe(kept)
    expect(targetOf(tableD)).toBeUndefined()
    expect(targetOf(table('a'))).toBe(kept)
    expect(
      liveGateways()
        .map(g => g.id)
        .sort()
    ).toEqual([kept])
    expect(post.summary).toContain(`put back to the NAT gateway ${kept}`)
    expect(post.summary).toContain(`its earlier target ${gone} no longer exists`)
    expect(post.summary).toContain(
      `points to the NAT gateway ${kept} now, not where this job pointed it`
    )
  })

  /**
   * The main step, then the post step with the record as if the step was cancelled between the
   * creates' answers and the record's save (`edit` changes it further).
   */
  async function postAfterCancel(edit: Record<string, unknown>, postEnv = env()) {
    const { main, saved } = await runMain(zonal([table('a')]), env())
    expect(main.exitCode).toBe(0)
    const record = JSON.parse(saved.jobRecord ?? '{}') as Record<string, unknown>
    const cancelled = {
      ...record,
      natGateways: [],
      allocatedAddresses: [],
      inFlight: ['address', 'nat-gateway'],
      ...edit
    }
    return runPost(zonal([table('a')]), postEnv, { ...saved, jobRecord: JSON.stringify(cancelled) })
  }

  it('finds what a create in flight made, before the record was saved, by the run tag', async () => {
    const post = await postAfterCancel({})
    expect([post.exitCode, errorText(post)]).toEqual([0, ''])
    expect(liveGateways()).toEqual([])
    expect(ourAddresses()).toEqual([])
    expect(post.summary).toContain("Found by this run's tag")
  })

  it("a create in flight of another run: what that run made is not this job's", async () => {
    const post = await postAfterCancel(
      { routes: [], run: 'https://github.com/octo/infra/actions/runs/9999' },
      { ...env(), GITHUB_RUN_ID: '9999' }
    )
    expect([post.exitCode, errorText(post)]).toEqual([0, ''])
    expect(liveGateways()).toHaveLength(1)
    expect(ourAddresses()).toHaveLength(1)
  })

  it('fails and lists what is left when it cannot remove what its job made', async () => {
    const { main, saved } = await runMain(zonal([table('a')]), env())
    expect(main.exitCode).toBe(0)
    const natGatewayId = main.outputs['nat-gateway-id'] ?? ''
    const allocationId = main.outputs['allocation-ids'] ?? ''
    sample.emu.setFaults({ unauthorized: { actions: ['DeleteNatGateway'] } })
    const post = await runPost(zonal([table('a')]), env(), saved)
    sample.emu.setFaults({})
    expect(post.exitCode).toBe(1)
    expect(errorText(post)).toContain('still there')
    expect(errorText(post)).toContain(`NAT gateway ${natGatewayId}: could not be removed`)
    expect(errorText(post)).toContain(
      `Elastic IP ${allocationId}: its NAT gateway could not be deleted`
    )
    // The route was undone all the same.
    expect(targetOf(table('a'))).toBeUndefined()
    expect(post.summary).toContain('not everything this job made could be removed')
  })

  it('a record it cannot read fails the post step, which says so', async () => {
    const { main, saved } = await runMain(zonal([table('a')]), env())
    expect(main.exitCode).toBe(0)
    const record = JSON.parse(saved.jobRecord ?? '{}') as Record<string, unknown>
    const post = await runPost(zonal([table('a')]), env(), {
      ...saved,
      jobRecord: JSON.stringify({ ...record, version: 99 })
    })
    expect(post.exitCode).toBe(1)
    expect(errorText(post)).toContain('The record of what the main step did cannot be read')
    expect(liveGateways()).toHaveLength(1)
  })
})
