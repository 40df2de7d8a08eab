// The scenarios: each starts its own in-process emulator, resets it before every run, and turns
// every run's call log into a Sample.
import { type BucketName, bucketOf, DEFAULT_BUCKETS, type Faults } from '../emulator/faults.ts'
import { startEmulator } from '../emulator/server.ts'
import type { CallRecord, Emulator } from '../emulator/server.ts'
import { runAction, runBareNode, runBareSdk, runBaseline } from './run-action.ts'
import type { Measured } from './run-action.ts'
import { routedTables, seedWorld } from './world.ts'
import type { BenchWorld } from './world.ts'

export interface Settings {
  runs: number
  provisioningMs: number
  fanOutTables: number
  /** Runs of the CLI baseline on the fan-out world (about 1 s per CLI call: slow). */
  baselineFanOutRuns: number
  /** The action's bundle (default dist/index.js) and extra environment for it. */
  action?: string
  childEnv: Record<string, string>
  log: (line: string) => void
}

export interface Sample {
  exitCode: number | null
  wallMs: number
  maxRssKb: number
  /** Spawn to the first request the emulator received. */
  startupMs: number
  calls: CallRecord[]
  /** Route tables routed to the gateway after the run. */
  routed: number
  /** RequestLimitExceeded answers from the emulator (absorbed by retries unless surfaced). */
  throttled: number
  /** RequestLimitExceeded errors or warnings the user saw (annotations in the step's log). */
  surfacedThrottles: number
  /** Create runs: the emulated provisioning delay of the gateway. */
  provisioningMs?: number
  /** Create runs: gateway `available` to the end of the DescribeNatGateways that said so. */
  noticeMs?: number
  /** Create runs: DescribeNatGateways calls from CreateNatGateway to that one, per second. */
  pollsPerSecond?: number
  /** The most CreateRoute/ReplaceRoute attempts spent on one route table. */
  routeAttempts?: number
  /** First CreateRoute received to last CreateRoute answered successfully. */
  routePhaseMs?: number
}

export interface ScenarioResult {
  name: string
  tables: number
  ours: Sample[]
  baseline: Sample[]
}

export const FAN_OUT = 'fan-out, zonal'
export const PER_ZONE = 'create, a gateway per zone (3 zones)'
export const FLEET = 'fleet'

/**
 * Throttling the user is shown as a problem: `::error::` and `::warning::` lines. Each retry is
 * logged as an info line, which says the action is waiting its turn, not that something failed.
 */
function surfacedThrottles(log: string): number {
  return log
    .split('\n')
    .filter(line => /^::(error|warning)/.test(line))
    .filter(line => /RequestLimitExceeded|Request limit exceeded/i.test(line)).length
}

function analyse(emu: Emulator, run: Measured, world: BenchWorld): Sample {
  emu.world.advance()
  const calls = [...emu.calls]
  // With a gateway per zone: the gateway that became available last is the one waited for.
  const available = [...emu.world.natGateways.values()].filter(g => g.state === 'available')
  const gateway = available.sort((a, b) => b.readyAt - a.readyAt)[0]
  const create = calls.find(c => c.action === 'CreateNatGateway' && c.status === 200)
  const end = (c: CallRecord): number => c.at + c.durationMs
  const sample: Sample = {
    exitCode: run.exitCode,
    wallMs: run.wallMs,
    maxRssKb: run.maxRssKb,
    startupMs: calls.length > 0 ? (calls[0] as CallRecord).at - run.startedAt : NaN,
    calls,
    routed: routedTables(
      emu.world,
      world,
      available.map(g => g.id)
    ),
    throttled: calls.filter(c => c.code === 'RequestLimitExceeded').length,
    surfacedThrottles: surfacedThrottles(run.stdout + run.stderr)
  }
  if (create && gateway) {
    const readyAt = gateway.readyAt
    const polls = calls.filter(c => c.action === 'DescribeNatGateways' && c.at >= create.at)
    const seen = polls.find(c => c.status === 200 && end(c) >= readyAt)
    sample.provisioningMs = readyAt - gateway.createTime.getTime()
    if (seen) {
      sample.noticeMs = end(seen) - readyAt
      const waitSeconds = (end(seen) - end(create)) / 1000
      sample.pollsPerSecond = polls.filter(c => c.at <= seen.at).length / waitSeconds
    }
  }
  const routes = calls.filter(c => c.action === 'CreateRoute' || c.action === 'ReplaceRoute')
  const written = routes.filter(c => c.status === 200)
  if (routes.length > 0 && written.length > 0) {
    sample.routePhaseMs = Math.max(...written.map(end)) - Math.min(...routes.map(c => c.at))
    const attempts = new Map<unknown, number>()
    for (const c of routes) {
      const table = c.params['RouteTableId']
      attempts.set(table, (attempts.get(table) ?? 0) + 1)
    }
    sample.routeAttempts = Math.max(...attempts.values())
  }
  return sample
}

interface Spec {
  name: string
  tables: number
  /** `per-zone`: subnet-ids with the three public subnets, a gateway in each zone. */
  mode: 'regional' | 'zonal' | 'per-zone'
  /** no-op: one unmeasured create first, then measured reruns. */
  noop: boolean
  faults: Faults
  oursRuns: number
  baselineRuns: number
  /** The Region's Elastic IP quota, when the scenario needs more than the default 5. */
  addressLimit?: number
  /** Provisioning delay of run i (default: the setting). */
  provisioningMs?: (i: number) => number
}

function actionInputs(mode: Spec['mode'], world: BenchWorld): Record<string, string> {
  return {
    'vpc-id': world.vpcId,
    'route-table-ids': world.routeTableIds.join(', '),
    'availability-mode': mode === 'regional' ? 'regional' : 'zonal',
    ...(mode === 'zonal' && { 'subnet-id': world.publicSubnetId }),
    ...(mode === 'per-zone' && { 'subnet-ids': world.publicSubnetIds.join(', ') })
  }
}

async function runScenario(spec: Spec, s: Settings): Promise<ScenarioResult> {
  const emu = await startEmulator({
    provisioningMs: s.provisioningMs,
    ...(spec.addressLimit && { addressLimit: spec.addressLimit }),
    seed: world => seedWorld(world, spec.tables)
  })
  const world = emu.seed as BenchWorld
  const action = (): ReturnType<typeof runAction> =>
    runAction(emu.endpoint, actionInputs(spec.mode, world), s.childEnv, s.action)
  const result: ScenarioResult = { name: spec.name, tables: spec.tables, ours: [], baseline: [] }
  const prepare = async (i: number): Promise<void> => {
    if (spec.noop && i > 0) return emu.clearCalls()
    emu.reset()
    if (spec.noop) {
      emu.setFaults({ nextGatewayProvisioningMs: 0 })
      const setup = await action()
      if (setup.exitCode !== 0) throw new Error(`${spec.name}: setup run failed\n${setup.stdout}`)
      emu.clearCalls()
    }
    emu.setFaults({
      ...spec.faults,
      ...(spec.provisioningMs ? { nextGatewayProvisioningMs: spec.provisioningMs(i) } : {})
    })
  }
  try {
    for (let i = 0; i < spec.oursRuns; i++) {
      await prepare(i)
      const run = await action()
      const sample = analyse(emu, run, world)
      result.ours.push(sample)
      s.log(`${spec.name}: ours ${i + 1}/${spec.oursRuns} ${describe(sample)}`)
      if (run.exitCode !== 0) s.log(errorLines(run.stdout))
    }
    for (let i = 0; i < spec.baselineRuns; i++) {
      await prepare(i)
      const run = await runBaseline(emu.endpoint, spec.noop ? 'noop' : 'create', world)
      if (run.exitCode !== 0) s.log(`${spec.name}: baseline failed:\n${run.stderr}`)
      const sample = analyse(emu, run, world)
      result.baseline.push(sample)
      s.log(`${spec.name}: baseline ${i + 1}/${spec.baselineRuns} ${describe(sample)}`)
    }
  } finally {
    await emu.close()
  }
  return result
}

/** The step's error annotations, shortened. */
function errorLines(stdout: string): string {
  const errors = stdout.split('\n').filter(l => l.startsWith('::error'))
  return errors.join('\n').replaceAll('%0A', '\n').slice(0, 2000)
}

function describe(sample: Sample): string {
  const parts = [
    `exit ${sample.exitCode}`,
    `${(sample.wallMs / 1000).toFixed(2)} s`,
    `${sample.calls.length} calls`
  ]
  if (sample.throttled > 0) parts.push(`${sample.throttled} throttled`)
  if (sample.noticeMs !== undefined) parts.push(`noticed after ${sample.noticeMs} ms`)
  if (sample.routePhaseMs !== undefined) {
    parts.push(`routes ${sample.routed} in ${(sample.routePhaseMs / 1000).toFixed(1)} s`)
    parts.push(`at most ${sample.routeAttempts} attempts for a table`)
  }
  return parts.join(', ')
}

/** The scenarios, in order; `only` keeps those whose name contains it. */
export async function runScenarios(s: Settings, only?: string): Promise<ScenarioResult[]> {
  const { runs } = s
  // Regional creates sweep the provisioning delay over one 2 s poll interval, so that the moment
  // the gateway turns available falls at every phase of the action's polling.
  const sweep = 2 * runs
  const spec = (name: string, tables: number, mode: Spec['mode'], more: Partial<Spec>): Spec => ({
    name,
    tables,
    mode,
    noop: false,
    faults: {},
    oursRuns: runs,
    baselineRuns: 0,
    ...more
  })
  const specs = [
    spec('no-op, regional', 2, 'regional', { noop: true }),
    spec('no-op, zonal', 2, 'zonal', { noop: true, baselineRuns: runs }),
    spec('create, zonal', 3, 'zonal', { baselineRuns: runs }),
    spec('create, regional', 3, 'regional', {
      oursRuns: sweep,
      provisioningMs: i => s.provisioningMs + Math.round((i * 2000) / sweep)
    }),
    // The sample VPC holds 3 Elastic IPs already; three more for the gateways.
    spec(PER_ZONE, 3, 'per-zone', { addressLimit: 10 }),
    spec(FAN_OUT, s.fanOutTables, 'zonal', {
      faults: { tokenBuckets: true, latencyMs: 50 },
      baselineRuns: s.baselineFanOutRuns
    })
  ]
  const results: ScenarioResult[] = []
  for (const spec of specs.filter(x => !only || x.name.includes(only))) {
    results.push(await runScenario(spec, s))
  }
  return results
}

export interface StartupResult {
  ours: Sample[]
  bare: Sample[]
  /** `node -e 0`: no request, so its start-up is its wall time. */
  node: Measured[]
}

/**
 * Start-up, spawn to the first request: no-op runs of the action (regional) alternating with the
 * bare-SDK script and `node -e 0`, so that all three see the same machine load.
 */
export async function runStartupScenario(s: Settings, count: number): Promise<StartupResult> {
  const emu = await startEmulator({ seed: world => seedWorld(world, 2) })
  const world = emu.seed as BenchWorld
  const inputs = { 'vpc-id': world.vpcId, 'route-table-ids': world.routeTableIds.join(', ') }
  const result: StartupResult = { ours: [], bare: [], node: [] }
  const measure = async (name: string, run: Promise<Measured>, into: Sample[]): Promise<void> => {
    const sample = analyse(emu, await run, world)
    into.push(sample)
    s.log(`start-up: ${name} ${into.length}/${count} ${describe(sample)}, ${sample.startupMs} ms`)
    emu.clearCalls()
  }
  try {
    // The gateway and the routes first, so that the measured runs are no-ops.
    emu.setFaults({ nextGatewayProvisioningMs: 0 })
    await runAction(emu.endpoint, inputs, s.childEnv, s.action)
    emu.clearCalls()
    for (let i = 0; i < count; i++) {
      await measure(
        'dist/index.js',
        runAction(emu.endpoint, inputs, s.childEnv, s.action),
        result.ours
      )
      await measure('bare SDK script', runBareSdk(emu.endpoint), result.bare)
      const node = await runBareNode()
      result.node.push(node)
      s.log(`start-up: node -e 0 ${result.node.length}/${count} ${Math.round(node.wallMs)} ms`)
    }
  } finally {
    await emu.close()
  }
  return result
}

export interface FleetResult {
  runs: Sample[]
  /** First spawn to last exit. */
  wallMs: number
  /** Successful calls per token bucket, over the whole fleet. */
  calls: Record<BucketName, number>
  /** The least time the account's buckets allow for those calls, plus one provisioning delay. */
  minimumMs: number
}

/**
 * `count` runs at once, each in its own VPC of one account (one emulator, its token buckets on),
 * each with a gateway per zone in three zones and one private table per zone.
 */
export async function runFleetScenario(s: Settings, count: number): Promise<FleetResult> {
  const emu = await startEmulator({
    provisioningMs: s.provisioningMs,
    // An account whose quotas are raised for the fleet: Elastic IPs (3 seeded + 3 per VPC) and
    // NAT gateways per zone (one per VPC in each zone).
    addressLimit: count * 6,
    natGatewaysPerZone: count,
    seed: world => Array.from({ length: count }, () => seedWorld(world, 3))
  })
  const worlds = emu.seed as BenchWorld[]
  emu.setFaults({ tokenBuckets: true })
  try {
    const started = performance.now()
    const runs = await Promise.all(
      worlds.map(world =>
        runAction(emu.endpoint, actionInputs('per-zone', world), s.childEnv, s.action)
      )
    )
    const wallMs = performance.now() - started
    emu.world.advance()
    const ok = emu.calls.filter(c => c.status === 200)
    const calls = Object.fromEntries(
      Object.keys(DEFAULT_BUCKETS).map(name => [
        name,
        ok.filter(c => bucketOf(c.action) === name).length
      ])
    ) as Record<BucketName, number>
    const bucketMs = Math.max(
      ...Object.entries(DEFAULT_BUCKETS).map(
        ([name, b]) =>
          (Math.max(0, calls[name as BucketName] - b.capacity) / b.refillPerSecond) * 1000
      )
    )
    const samples = runs.map((run, i) => {
      const world = worlds[i] as BenchWorld
      const gateways = [...emu.world.natGateways.values()].filter(
        g => g.vpcId === world.vpcId && g.state === 'available'
      )
      return {
        exitCode: run.exitCode,
        wallMs: run.wallMs,
        maxRssKb: run.maxRssKb,
        startupMs: NaN,
        calls: [],
        routed: routedTables(
          emu.world,
          world,
          gateways.map(g => g.id)
        ),
        throttled: 0,
        surfacedThrottles: surfacedThrottles(run.stdout + run.stderr)
      }
    })
    samples.forEach((sample, i) => {
      s.log(`${FLEET}: run ${i + 1}/${count} ${describe(sample)}, ${sample.routed} tables routed`)
      if (sample.exitCode !== 0) s.log(errorLines(runs[i]?.stdout ?? ''))
    })
    return { runs: samples, wallMs, calls, minimumMs: bucketMs + s.provisioningMs }
  } finally {
    await emu.close()
  }
}
