/**
 * The live AWS workflow (.github/workflows/live-aws.yml) run against the project's EC2 emulator,
 * step by step as the runner would: the world builder, each scenario of the matrix through
 * dist/index.js (create, check, rerun, check, teardown, check), then the cleanup job (teardowns
 * through the action, world deletion, sweep, and the check that nothing is left). So a typo in a
 * script or a wrong input cannot wait for the first real run to show. And the sweeper: it removes
 * old tagged leftovers and nothing else.
 */
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Tag } from '../../emulator/protocol.ts'
import { useSampleEmulator } from '../../emulator/__tests__/test-helpers.ts'
import { CREATED_TAG, RUN_TAG } from '../../scripts/live/aws.ts'
import { runAction, startStep } from './harness.js'

// A live run holds three Elastic IPs at most (the world's two, a zonal gateway's one); the sample
// VPC's three count against the Region's limit too, so the limit is raised above AWS's default 5.
const sample = useSampleEmulator({ provisioningMs: 200, deletingMs: 200, addressLimit: 10 })
const env = () => ({ AWS_ENDPOINT_URL_EC2: sample.emu.endpoint, AWS_REGION: 'eu-west-1' })
/** The emulator polls in milliseconds where AWS needs seconds. */
const FAST = ['--poll-ms=50', '--timeout-ms=20000']

/** The workflow's matrix (a test below keeps the two in step). */
const SCENARIOS = [
  { scenario: 'regional-automatic', mode: 'regional', connectivity: 'public', manual: false },
  { scenario: 'regional-manual', mode: 'regional', connectivity: 'public', manual: true },
  { scenario: 'zonal-automatic', mode: 'zonal', connectivity: 'public', manual: false },
  { scenario: 'zonal-private', mode: 'zonal', connectivity: 'private', manual: false }
] as const
type Scenario = (typeof SCENARIOS)[number]

const WORKFLOW = readFileSync(
  new URL('../../.github/workflows/live-aws.yml', import.meta.url),
  'utf8'
)

const LIVE_CLI = fileURLToPath(new URL('../../scripts/live/cli.ts', import.meta.url))

/** A `run: node scripts/live/cli.ts ...` step. */
async function script(args: string[]) {
  const run = await startStep(LIVE_CLI, args, env()).done
  return { ...run, log: `${run.stdout}${run.stderr}` }
}

async function buildWorld(runId: string, createdAt?: string): Promise<Record<string, string>> {
  const run = await script([
    'build',
    `--run-id=${runId}`,
    ...(createdAt ? [`--created-at=${createdAt}`] : [])
  ])
  expect(run.stderr).toBe('')
  expect(run.exitCode).toBe(0)
  return run.outputs
}

/** The `env:` of the scenarios job, for one matrix entry. */
function scenarioEnv(world: Record<string, string>, s: Scenario) {
  return {
    VPC_ID: world['vpc-id'] ?? '',
    ROUTE_TABLE_IDS: world['private-route-table-ids'] ?? '',
    SUBNET_ID: s.mode === 'zonal' ? (world['public-subnet-id'] ?? '') : '',
    ALLOCATION_IDS: s.manual ? (world['allocation-ids'] ?? '') : '',
    EIP_ALLOCATION_IDS: s.manual ? (world['regional-eip-allocation-ids'] ?? '') : '',
    GATEWAY_NAME: `live-${world['run-id']}-${s.scenario}`
  }
}

/** The `with:` of the ensure and rerun steps. */
function ensureInputs(world: Record<string, string>, s: Scenario) {
  const e = scenarioEnv(world, s)
  return {
    'vpc-id': e.VPC_ID,
    'route-table-ids': e.ROUTE_TABLE_IDS,
    'availability-mode': s.mode,
    'subnet-id': e.SUBNET_ID,
    'connectivity-type': s.connectivity,
    'eip-allocation-ids': e.EIP_ALLOCATION_IDS,
    name: e.GATEWAY_NAME,
    tags: world['action-tags'] ?? ''
  }
}

/** The `with:` of a teardown step (the scenario's own, and the cleanup job's). */
function teardownInputs(world: Record<string, string>, s: Scenario) {
  const e = scenarioEnv(world, s)
  return {
    'vpc-id': e.VPC_ID,
    'route-table-ids': e.ROUTE_TABLE_IDS,
    'availability-mode': s.mode,
    'subnet-id': e.SUBNET_ID,
    'connectivity-type': s.connectivity,
    name: e.GATEWAY_NAME,
    state: 'absent'
  }
}

function checkPresentArgs(world: Record<string, string>, s: Scenario, natId: string, ips: string) {
  const e = scenarioEnv(world, s)
  return [
    'check',
    'present',
    `--run-id=${world['run-id']}`,
    `--vpc-id=${e.VPC_ID}`,
    `--route-table-ids=${e.ROUTE_TABLE_IDS}`,
    `--nat-gateway-id=${natId}`,
    `--mode=${s.mode}`,
    `--subnet-id=${e.SUBNET_ID}`,
    `--connectivity=${s.connectivity}`,
    `--allocation-ids=${e.ALLOCATION_IDS}`,
    `--public-ips=${ips}`
  ]
}

/** One matrix job: create, check, rerun, check, teardown, check. */
async function runScenario(world: Record<string, string>, s: Scenario): Promise<void> {
  const inputs = ensureInputs(world, s)
  const ensure = await runAction(inputs, env())
  expect(ensure.stderr).toBe('')
  expect(ensure.exitCode).toBe(0)
  expect(ensure.outputs['created']).toBe('true')
  const natId = ensure.outputs['nat-gateway-id'] ?? ''
  const present = await script(
    checkPresentArgs(world, s, natId, ensure.outputs['public-ips'] ?? '')
  )
  expect(present.log).not.toContain('FAIL')
  expect(present.exitCode).toBe(0)

  const rerun = await runAction(inputs, env())
  expect(rerun.exitCode).toBe(0)
  expect(rerun.outputs['changed']).toBe('false')
  expect(rerun.outputs['nat-gateway-id']).toBe(natId)
  const again = await script(checkPresentArgs(world, s, natId, rerun.outputs['public-ips'] ?? ''))
  expect(again.exitCode).toBe(0)

  const teardown = await runAction(teardownInputs(world, s), env())
  expect(teardown.exitCode).toBe(0)
  expect(teardown.outputs['deleted']).toBe('true')
  const e = scenarioEnv(world, s)
  const absent = await script([
    'check',
    'absent',
    `--run-id=${world['run-id']}`,
    `--vpc-id=${e.VPC_ID}`,
    `--route-table-ids=${e.ROUTE_TABLE_IDS}`,
    `--nat-gateway-id=${natId}`,
    `--allocation-ids=${e.ALLOCATION_IDS}`
  ])
  expect(absent.log).not.toContain('FAIL')
  expect(absent.exitCode).toBe(0)
}

/** The cleanup job: a teardown per scenario through the action, world deletion, sweep, check. */
async function runCleanup(world: Record<string, string>): Promise<void> {
  for (const s of SCENARIOS) {
    const teardown = await runAction(teardownInputs(world, s), env())
    expect(teardown.exitCode).toBe(0)
  }
  const deleted = await script(['delete-world', `--run-id=${world['run-id']}`, ...FAST])
  expect(deleted.log).not.toContain('FAIL')
  expect(deleted.exitCode).toBe(0)
  const swept = await script(['sweep', '--max-age-hours=3', ...FAST])
  expect(swept.exitCode).toBe(0)
  const gone = await script(['check', 'gone', `--run-id=${world['run-id']}`])
  expect(gone.exitCode).toBe(0)
}

const hasTag = (tags: Tag[], key: string, value?: string) =>
  tags.some(t => t.Key === key && (value === undefined || t.Value === value))

/** What the emulator holds that carries a run's tag (deleted NAT gateways aside), by kind. */
function leftOf(runId: string) {
  const w = sample.emu.world
  w.advance()
  const mine = <T extends { tags: Tag[] }>(items: Iterable<T>, id: (item: T) => string) =>
    [...items].filter(item => hasTag(item.tags, RUN_TAG, runId)).map(id)
  return {
    vpcs: mine(w.vpcs.values(), v => v.id),
    subnets: mine(w.subnets.values(), s => s.id),
    routeTables: mine(w.routeTables.values(), t => t.id),
    internetGateways: mine(w.internetGateways.values(), g => g.id),
    addresses: mine(w.addresses.values(), a => a.allocationId),
    natGateways: mine(
      [...w.natGateways.values()].filter(g => g.state !== 'deleted'),
      g => g.id
    )
  }
}

const NOTHING = {
  vpcs: [],
  subnets: [],
  routeTables: [],
  internetGateways: [],
  addresses: [],
  natGateways: []
}

/** The sample VPC (untagged, not the live test's) is never touched. */
function expectSampleUntouched(): void {
  const w = sample.emu.world
  expect(w.vpcs.has(sample.ids.vpcId)).toBe(true)
  expect(w.internetGateways.get(sample.ids.internetGatewayId)?.vpcId).toBe(sample.ids.vpcId)
  for (const id of sample.ids.allocationIds) expect(w.addresses.has(id)).toBe(true)
}

describe('the live AWS workflow against the emulator', () => {
  it('builds the world, runs every scenario with its rerun and teardown, and cleans up to nothing', async () => {
    const world = await buildWorld('4242')
    expect(world['zones']).toBe('eu-west-1a,eu-west-1b')
    expect(world['regional-eip-allocation-ids']?.split('\n')).toHaveLength(2)
    const built = leftOf('4242')
    expect(built.vpcs).toEqual([world['vpc-id']])
    expect(built.subnets).toHaveLength(3)
    expect(built.routeTables).toHaveLength(3)
    expect(built.addresses).toHaveLength(2)
    for (const vpcId of built.vpcs) {
      expect(hasTag(sample.emu.world.vpcs.get(vpcId)?.tags ?? [], CREATED_TAG)).toBe(true)
    }

    for (const s of SCENARIOS) await runScenario(world, s)
    // Each scenario made its own gateway, tagged with the run, so a cleanup could find it.
    const gateways = [...sample.emu.world.natGateways.values()]
    expect(gateways.map(g => g.tags.find(t => t.Key === 'Name')?.Value).sort()).toEqual(
      SCENARIOS.map(s => `live-4242-${s.scenario}`).sort()
    )
    expect(gateways.every(g => hasTag(g.tags, RUN_TAG, '4242'))).toBe(true)

    await runCleanup(world)
    expect(leftOf('4242')).toEqual(NOTHING)
    expect([...sample.emu.world.vpcs.keys()]).toEqual([sample.ids.vpcId])
    expectSampleUntouched()
  }, 240_000)

  it('cleans up after a run cancelled with a gateway up, even when the teardown did not run', async () => {
    const world = await buildWorld('4343')
    const zonal = SCENARIOS[2]
    const ensure = await runAction(ensureInputs(world, zonal), env())
    expect(ensure.exitCode).toBe(0)
    // The action's own Elastic IP carries the run tag through the `tags` input.
    const allocated = sample.emu.world.addresses.get(ensure.outputs['allocation-ids'] ?? '')
    expect(hasTag(allocated?.tags ?? [], RUN_TAG, '4343')).toBe(true)

    const gone = await script(['check', 'gone', '--run-id=4343'])
    expect(gone.exitCode).toBe(1)
    expect(gone.log).toContain(`NAT gateway ${ensure.outputs['nat-gateway-id']}`)

    // As on AWS, the gateway's Elastic IP cannot be released for a while after its deletion.
    sample.emu.faults.consistency = {
      releaseAfterDeleteMs: 500,
      releaseAfterDeleteCode: 'AuthFailure'
    }
    const deleted = await script(['delete-world', '--run-id=4343', ...FAST])
    expect(deleted.log).not.toContain('FAIL')
    expect(deleted.exitCode).toBe(0)
    const releases = sample.emu.calls.filter(c => c.action === 'ReleaseAddress')
    expect(releases.some(c => c.code === 'AuthFailure')).toBe(true)
    expect(releases.at(-1)?.status).toBe(200)
    expect(leftOf('4343')).toEqual(NOTHING)
    expectSampleUntouched()
  }, 120_000)

  it('fails a check that does not hold, naming it', async () => {
    const world = await buildWorld('4444')
    const s = SCENARIOS[0]
    const ensure = await runAction(ensureInputs(world, s), env())
    expect(ensure.exitCode).toBe(0)
    const natId = ensure.outputs['nat-gateway-id'] ?? ''
    const wrongMode = await script(
      checkPresentArgs(world, { ...s, mode: 'zonal' } as unknown as Scenario, natId, '')
    )
    expect(wrongMode.exitCode).toBe(1)
    expect(wrongMode.log).toMatch(/FAIL {2}it is zonal \(found: "regional"\)/)
    const notGone = await script([
      'check',
      'absent',
      '--run-id=4444',
      `--vpc-id=${world['vpc-id']}`,
      `--route-table-ids=${world['private-route-table-ids']}`,
      `--nat-gateway-id=${natId}`
    ])
    expect(notGone.exitCode).toBe(1)
    expect(notGone.log).toContain(`FAIL  NAT gateway ${natId} is deleted`)
  }, 120_000)

  it('keeps the workflow and this test in step: the same scenarios in the matrix and the cleanup', () => {
    const matrix = [
      ...WORKFLOW.matchAll(
        /- scenario: (\S+)\n\s+mode: (\S+)\n\s+connectivity: (\S+)\n\s+manual: (\S+)/g
      )
    ].map(([, scenario, mode, connectivity, manual]) => ({
      scenario,
      mode,
      connectivity,
      manual: manual === 'true'
    }))
    expect(matrix).toEqual(SCENARIOS)
    const cleanupNames = [...WORKFLOW.matchAll(/name: \$\{\{ env\.NAME_PREFIX \}\}-(\S+)/g)].map(
      m => m[1]
    )
    expect(cleanupNames).toEqual(SCENARIOS.map(s => s.scenario))
    expect(WORKFLOW).toContain(`tags: \${{ needs.world.outputs.action-tags }}`)
  })
})

describe('the sweeper', () => {
  it('removes a tagged leftover older than its limit, and leaves a fresh run and untagged resources alone', async () => {
    const fiveHoursAgo = new Date(Date.now() - 5 * 3_600_000).toISOString()
    const old = await buildWorld('1111', fiveHoursAgo)
    // The leftover of a cancelled run: its world and a gateway the action made in it.
    const leftover = await runAction(ensureInputs(old, SCENARIOS[2]), env())
    expect(leftover.exitCode).toBe(0)
    await buildWorld('2222')
    const freshBefore = leftOf('2222')

    // An untagged gateway, older than the limit: only the tag may make it the sweeper's.
    const w = sample.emu.world
    const untagged = w.addNatGateway({
      subnetId: sample.ids.publicSubnetIds.b,
      allocationIds: [sample.ids.allocationIds[2] as string]
    })
    const untaggedGateway = w.natGateways.get(untagged)
    if (untaggedGateway) untaggedGateway.createTime = new Date(Date.now() - 10 * 3_600_000)
    // Tagged but without a creation time: its age is unknown, so it stays.
    const ageless = w.addAddress({ tags: [{ Key: RUN_TAG, Value: '3333' }] })

    const swept = await script(['sweep', '--max-age-hours=3', ...FAST])
    expect(swept.log).not.toContain('FAIL')
    expect(swept.exitCode).toBe(0)
    expect(swept.log).toContain(`left alone, no creation time: Elastic IP ${ageless}`)

    expect(leftOf('1111')).toEqual(NOTHING)
    expect(leftOf('2222')).toEqual(freshBefore)
    expect(w.natGateways.get(untagged)?.state).toBe('available')
    expect(w.addresses.has(ageless)).toBe(true)
    expectSampleUntouched()
  }, 120_000)
})
