/**
 * Security properties of a run: everything the action creates is tagged at creation; what is not
 * ours is never changed; no secret reaches the log or the summary, even with debug logging on.
 * (That the IAM policy matches the code's EC2 calls: __tests__/unit/iam-policy.test.ts.)
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { type Emulator, startEmulator } from '../../emulator/server.ts'
import { type SampleVpc, seedSampleVpc } from '../../emulator/seed.ts'
import { structList, str } from '../../emulator/protocol.ts'
import { errorText, runAction } from './harness.js'

const REGION = 'eu-west-1'
const OWNER = { Key: 'ensure-nat-gateway:managed', Value: 'true' }

describe('dist/index.js against the emulator', () => {
  let emu: Emulator
  let s: SampleVpc
  const env = () => ({ AWS_ENDPOINT_URL_EC2: emu.endpoint, AWS_REGION: REGION })
  const regional = (extra: Record<string, string> = {}) => ({
    'vpc-id': s.vpcId,
    'route-table-ids': `${s.privateRouteTableIds.a}, ${s.privateRouteTableIds.b}`,
    ...extra
  })
  const zonal = (extra: Record<string, string> = {}) =>
    regional({ 'availability-mode': 'zonal', 'subnet-id': s.publicSubnetIds.a, ...extra })

  beforeAll(async () => {
    emu = await startEmulator({ region: REGION, provisioningMs: 200, seed: seedSampleVpc })
  })
  afterAll(async () => emu?.close())
  beforeEach(() => {
    emu.reset()
    s = emu.seed as SampleVpc
  })

  /** The tags of each TagSpecification of a call, by resource type. */
  function tagSpecifications(params: Parameters<typeof structList>[0]) {
    return structList(params, 'TagSpecification').map(spec => ({
      type: str(spec, 'ResourceType'),
      tags: structList(spec, 'Tag').map(t => ({ Key: str(t, 'Key'), Value: str(t, 'Value') }))
    }))
  }

  it('tags everything it creates in the create call itself, and never calls CreateTags', async () => {
    const runs = [
      await runAction(zonal({ tags: 'team=platform' }), env()),
      await runAction(regional({ name: 'second', 'route-conflict': 'replace' }), env())
    ]
    expect(runs.map(r => [r.exitCode, errorText(r)])).toEqual([
      [0, ''],
      [0, '']
    ])
    const creates = emu
      .writes()
      .filter(c => c.action.startsWith('Create') || c.action === 'AllocateAddress')
    const expected: Record<string, string> = {
      AllocateAddress: 'elastic-ip',
      CreateNatGateway: 'natgateway',
      CreateVpcEndpoint: 'vpc-endpoint'
    }
    const resources = creates.filter(c => c.action !== 'CreateRoute')
    expect(resources.map(c => c.action).sort()).toEqual([
      'AllocateAddress',
      'CreateNatGateway',
      'CreateNatGateway'
    ])
    for (const call of resources) {
      const specs = tagSpecifications(call.params)
      expect({ action: call.action, specs }).toEqual({
        action: call.action,
        specs: [{ type: expected[call.action], tags: expect.arrayContaining([OWNER]) }]
      })
    }
    expect(emu.calls.filter(c => c.action === 'CreateTags' || c.action === 'DeleteTags')).toEqual(
      []
    )
  })

  it('does not adopt an untagged gateway with its Name, nor use an address tagged only for it', async () => {
    const name = `nat-${s.publicSubnetIds.a}`
    const impostor = emu.world.addNatGateway({
      subnetId: s.publicSubnetIds.a,
      allocationIds: [s.allocationIds[0] as string],
      tags: [{ Key: 'Name', Value: name }]
    })
    // Carries the gateway tag but not the ownership tag: not ours.
    const lookalike = emu.world.addAddress({
      tags: [
        { Key: 'Name', Value: name },
        { Key: 'ensure-nat-gateway:gateway', Value: name }
      ]
    })
    const run = await runAction(zonal(), env())
    expect([run.exitCode, errorText(run)]).toEqual([0, ''])
    expect(run.outputs['nat-gateway-id']).not.toBe(impostor)
    expect(run.outputs['allocation-ids']).not.toBe(lookalike)
    const touched = JSON.stringify(emu.writes().map(c => c.params))
    expect(touched).not.toContain(impostor)
    expect(touched).not.toContain(lookalike)
    expect(emu.world.addresses.get(lookalike)?.association).toBeUndefined()
  })

  it('never replaces a route to someone else\u2019s gateway under route-conflict: fail', async () => {
    const theirs = emu.world.addNatGateway({
      subnetId: s.publicSubnetIds.b,
      allocationIds: [s.allocationIds[1] as string],
      tags: [{ Key: 'Name', Value: `nat-regional-${s.vpcId}` }]
    })
    const table = emu.world.addRouteTable(s.vpcId, {
      routes: [{ destination: '0.0.0.0/0', natGatewayId: theirs }]
    })
    const run = await runAction(regional({ 'route-table-ids': table }), env())
    expect(run.exitCode).toBe(1)
    expect(errorText(run)).toContain(`${table}: already routes 0.0.0.0/0 to ${theirs}`)
    expect(emu.writes()).toEqual([])
    const route = emu.world.routeTables
      .get(table)
      ?.routes.find(r => r.destinationCidrBlock === '0.0.0.0/0')
    expect(route?.natGatewayId).toBe(theirs)
  })

  it('tears down nothing that lacks the ownership tag (state: absent)', async () => {
    const name = `nat-regional-${s.vpcId}`
    const theirs = emu.world.addNatGateway({
      availabilityMode: 'regional',
      vpcId: s.vpcId,
      tags: [{ Key: 'Name', Value: name }]
    })
    const table = emu.world.addRouteTable(s.vpcId, {
      routes: [{ destination: '0.0.0.0/0', natGatewayId: theirs }]
    })
    const run = await runAction(regional({ 'route-table-ids': table, state: 'absent' }), env())
    const writes = emu.writes()
    expect(JSON.stringify(writes.map(c => c.params))).not.toContain(theirs)
    expect(writes.map(c => c.action)).toEqual([])
    expect(run.exitCode === 0 || errorText(run) !== '').toBe(true)
  })

  it('prints no credential, token or environment, with debug logging on', async () => {
    const secrets = {
      AWS_ACCESS_KEY_ID: 'AKIAFAKEKEYSHOULDNOTLEAK',
      AWS_SECRET_ACCESS_KEY: 'fake/secret+access+key/should-never-be-printed',
      AWS_SESSION_TOKEN: 'FAKESESSIONTOKEN-never-printed-0123456789',
      GITHUB_TOKEN: 'ghs_fakeGithubTokenNeverPrinted0123456789'
    }
    const debugEnv = { ...env(), ...secrets, RUNNER_DEBUG: '1', ACTIONS_STEP_DEBUG: 'true' }
    // A create, an input error, a refusal, and an EC2 error that exhausts the retries.
    const runs = [await runAction(zonal(), debugEnv)]
    runs.push(await runAction(regional({ 'vpc-id': 'vpc-1' }), debugEnv))
    runs.push(await runAction(regional({ 'vpc-id': 'vpc-0123456789abcdef0' }), debugEnv))
    emu.setFaults({ serverErrors: { rate: 1 } })
    runs.push(await runAction(regional(), { ...debugEnv, AWS_MAX_ATTEMPTS: '2' }))
    emu.setFaults({})
    expect(runs.map(r => r.exitCode)).toEqual([0, 1, 1, 1])
    for (const run of runs) {
      const printed = [run.stdout, run.stderr, run.summary, JSON.stringify(run.outputs)].join('\n')
      for (const value of Object.values(secrets)) expect(printed).not.toContain(value)
      expect(printed).not.toMatch(/AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN|GITHUB_TOKEN/)
      // No dump of the environment either.
      expect(printed).not.toContain(process.env.PATH ?? 'no PATH')
      expect(printed).not.toMatch(/Authorization|X-Amz-Security-Token|Signature=/i)
    }
  })
})
