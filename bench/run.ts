// The benchmark: node bench/run.ts [--runs N] [--quick] [--only NAME] [--action FILE]
//   [--env KEY=VALUE ...] [--fan-out-tables N] [--baseline-fan-out-runs N] [--out FILE]
// Runs every scenario against the project's EC2 emulator, prints a Markdown report and writes it
// to bench/results.md. Exits 1 only when a run of the action failed, never for a missed target.
import { writeFile } from 'node:fs/promises'
import { cpus } from 'node:os'
import { relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { DEFAULT_BUCKETS } from '../emulator/faults.ts'
import {
  FAN_OUT,
  FLEET,
  PER_ZONE,
  runFleetScenario,
  runScenarios,
  runStartupScenario
} from './scenarios.ts'
import type { FleetResult, Sample, ScenarioResult, Settings, StartupResult } from './scenarios.ts'

const { values } = parseArgs({
  options: {
    runs: { type: 'string' },
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    action: { type: 'string' },
    env: { type: 'string', multiple: true, default: [] },
    'fan-out-tables': { type: 'string' },
    'baseline-fan-out-runs': { type: 'string' },
    out: { type: 'string', default: fileURLToPath(new URL('./results.md', import.meta.url)) }
  },
  strict: true
})

const quick = values.quick
const count = (v: string | undefined, fallback: number): number => (v ? Number(v) : fallback)
const settings: Settings = {
  runs: count(values.runs, quick ? 1 : 3),
  provisioningMs: quick ? 3_000 : 5_000,
  fanOutTables: count(values['fan-out-tables'], quick ? 100 : 200),
  baselineFanOutRuns: count(values['baseline-fan-out-runs'], quick ? 0 : 1),
  ...(values.action ? { action: values.action } : {}),
  childEnv: Object.fromEntries(
    values.env.map(kv => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)])
  ),
  log: line => process.stderr.write(`${line}\n`)
}

/** The fleet scenario: this many runs at once, in as many VPCs of one account. */
const FLEET_RUNS = 20

// ---- statistics ----
const sorted = (xs: number[]): number[] => [...xs].sort((a, b) => a - b)
function median(xs: number[]): number {
  const s = sorted(xs)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2
}
const max = (xs: number[]): number => Math.max(...xs)
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length
const defined = (xs: (number | undefined)[]): number[] => xs.filter(x => x !== undefined)
const sec = (ms: number): string => `${(ms / 1000).toFixed(2)} s`
const mb = (kb: number): string => (kb > 0 ? `${(kb / 1024).toFixed(0)} MB` : '–')

/** The run with the median wall time (the faster of the two middle ones). */
function medianRun(samples: Sample[]): Sample {
  const bySpeed = [...samples].sort((a, b) => a.wallMs - b.wallMs)
  return bySpeed[Math.floor((bySpeed.length - 1) / 2)] as Sample
}

/** `Operation n` for each operation, throttled answers counted apart. */
function callsByOperation(sample: Sample): string {
  const ops = new Map<string, { ok: number; throttled: number }>()
  for (const c of sample.calls) {
    const op = ops.get(c.action) ?? { ok: 0, throttled: 0 }
    if (c.code === 'RequestLimitExceeded') op.throttled++
    else op.ok++
    ops.set(c.action, op)
  }
  return [...ops]
    .map(
      ([name, { ok, throttled }]) => `${name} ${ok}${throttled ? ` (+${throttled} throttled)` : ''}`
    )
    .join(', ')
}

function resultTable(results: ScenarioResult[]): string[] {
  const lines = [
    '| scenario | ours median | baseline median | wall ratio | EC2 calls, ours (median run) | EC2 calls, baseline (median run) | call ratio | peak RSS ours / baseline |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |'
  ]
  for (const r of results) {
    const ours = medianRun(r.ours)
    const base = r.baseline.length > 0 ? medianRun(r.baseline) : undefined
    const oursWall = median(r.ours.map(s => s.wallMs))
    const baseWall = base ? median(r.baseline.map(s => s.wallMs)) : undefined
    const runs = `${r.ours.length}${base ? `/${r.baseline.length}` : ''} runs`
    lines.push(
      `| ${[
        `${r.name}, ${r.tables} tables${r.name === FAN_OUT ? ', token buckets, 50 ms latency' : ''} (${runs})`,
        sec(oursWall),
        baseWall !== undefined ? sec(baseWall) : '–',
        baseWall !== undefined ? `${(oursWall / baseWall).toFixed(2)}×` : '–',
        callsByOperation(ours),
        base ? callsByOperation(base) : '–',
        base ? `${(ours.calls.length / base.calls.length).toFixed(2)}×` : '–',
        `${mb(max(r.ours.map(s => s.maxRssKb)))} / ${base ? mb(max(r.baseline.map(s => s.maxRssKb))) : '–'}`
      ].join(' | ')} |`
    )
  }
  return lines
}

interface Target {
  name: string
  measured: string
  pass?: boolean
}

/** The fleet's targets: every run succeeds, no throttle shown, total ≤ 1.3 × the bucket minimum. */
function fleetTargets(fleet: FleetResult | undefined): Target[] {
  if (!fleet) return []
  const ok = fleet.runs.filter(s => s.exitCode === 0 && s.routed === 3).length
  const surfaced = fleet.runs.reduce((n, s) => n + s.surfacedThrottles, 0)
  const calls = Object.entries(fleet.calls)
    .map(([bucket, n]) => `${bucket} ${n}`)
    .join(', ')
  return [
    {
      name: `6. fleet: ${fleet.runs.length} runs at once in ${fleet.runs.length} VPCs (a gateway per zone, 3 zones), all succeed`,
      measured: `${ok}/${fleet.runs.length} runs exit 0 with their 3 tables routed`,
      pass: ok === fleet.runs.length
    },
    {
      name: '6. fleet: no RequestLimitExceeded surfaced to the user',
      measured: `${surfaced} surfaced`,
      pass: surfaced === 0
    },
    {
      name: `6. fleet: total ≤ 1.3 × bucket minimum + one provisioning delay (${sec(fleet.minimumMs)})`,
      measured: `${sec(fleet.wallMs)} = ${(fleet.wallMs / fleet.minimumMs).toFixed(2)}× (calls per bucket: ${calls})`,
      pass: fleet.wallMs <= 1.3 * fleet.minimumMs
    }
  ]
}

function targets(results: ScenarioResult[], startup: StartupResult): Target[] {
  const { bare } = startup
  const out: Target[] = []
  const find = (name: string): ScenarioResult | undefined => results.find(r => r.name === name)
  for (const name of ['no-op, regional', 'no-op, zonal']) {
    const r = find(name)
    if (!r) continue
    const calls = max(r.ours.map(s => s.calls.length))
    out.push({
      name: `1. ${name}: at most 2 EC2 calls`,
      measured: `${calls} calls at most (${callsByOperation(medianRun(r.ours))})`,
      pass: calls <= 2
    })
  }
  const creates = results.filter(r => !r.name.startsWith('no-op')).flatMap(r => r.ours)
  const notice = defined(creates.map(s => s.noticeMs))
  if (notice.length > 0) {
    const rates = defined(creates.map(s => s.pollsPerSecond))
    const all = sorted(notice)
      .map(ms => (ms / 1000).toFixed(2))
      .join(', ')
    out.push(
      {
        name: '2. noticing: median ≤ 2 s',
        measured: `${sec(median(notice))} over ${notice.length} creates (${all} s)`,
        pass: median(notice) <= 2000
      },
      { name: '2. noticing: worst ≤ 3 s', measured: sec(max(notice)), pass: max(notice) <= 3000 },
      {
        name: '2. noticing: ≤ 1 DescribeNatGateways per second while waiting',
        measured: `${mean(rates).toFixed(2)}/s on average (at most ${max(rates).toFixed(2)}/s)`,
        pass: mean(rates) <= 1
      }
    )
  }
  const fan = find(FAN_OUT)
  if (fan) {
    const bucket = DEFAULT_BUCKETS.routesAndAddresses
    const minimumMs = (Math.max(0, fan.tables - bucket.capacity) / bucket.refillPerSecond) * 1000
    const phase = median(defined(fan.ours.map(s => s.routePhaseMs)))
    const ok = fan.ours.filter(s => s.exitCode === 0 && s.routed === fan.tables).length
    const surfaced = fan.ours.reduce((n, s) => n + s.surfacedThrottles, 0)
    out.push(
      {
        name: `3. fan-out: all ${fan.tables} routes written, exit code 0`,
        measured: `${ok}/${fan.ours.length} runs`,
        pass: ok === fan.ours.length
      },
      {
        name: `3. fan-out: route writing ≤ 1.2 × bucket minimum (${sec(minimumMs)})`,
        measured: `${sec(phase)} median = ${(phase / minimumMs).toFixed(2)}× (runs: ${fan.ours.map(s => sec(s.routePhaseMs ?? NaN)).join(', ')}); whole run ${sec(median(fan.ours.map(s => s.wallMs)))}`,
        pass: phase <= 1.2 * minimumMs
      },
      {
        name: '3. fan-out: no RequestLimitExceeded surfaced to the user',
        measured: `${surfaced} surfaced; throttled answers absorbed by retries: ${fan.ours.map(s => s.throttled).join(', ')} per run`,
        pass: surfaced === 0
      }
    )
  }
  const perZone = find(PER_ZONE)
  if (perZone) {
    const over = defined(
      perZone.ours.map(s =>
        s.provisioningMs === undefined ? undefined : s.wallMs - s.provisioningMs
      )
    )
    out.push({
      name: '4. a gateway per zone: 3 zones created, wall time − one provisioning delay ≤ 3 s',
      measured: `${sec(median(over))} median, ${sec(max(over))} worst (${over.length} runs; ${callsByOperation(medianRun(perZone.ours))})`,
      pass: median(over) <= 3000
    })
  }
  const small = results
    .filter(r => r.name.startsWith('create') && r.name !== PER_ZONE)
    .flatMap(r => r.ours)
  const overheads = defined(
    small.map(s => (s.provisioningMs === undefined ? undefined : s.wallMs - s.provisioningMs))
  )
  if (overheads.length > 0) {
    out.push({
      name: '4. overhead: create wall time − provisioning delay ≤ 3 s',
      measured: `${sec(median(overheads))} median, ${sec(max(overheads))} worst (${overheads.length} creates)`,
      pass: median(overheads) <= 3000
    })
  }
  if (startup.ours.length > 0) {
    const ours = median(startup.ours.map(s => s.startupMs))
    const yardstick = median(bare.map(s => s.startupMs))
    const node = median(startup.node.map(s => s.wallMs))
    out.push({
      name: '4. start-up (spawn → first request) ≤ 0.5 × bare SDK script',
      measured:
        `${Math.round(ours)} ms vs bare SDK script ${Math.round(yardstick)} ms = ${(ours / yardstick).toFixed(2)}×; ` +
        `\`node -e 0\` ${Math.round(node)} ms (spawn to exit), ours ${(ours / node).toFixed(1)}× that ` +
        `(medians of ${bare.length} alternating runs each)`,
      pass: ours <= 0.5 * yardstick
    })
    const rss = median(startup.ours.map(s => s.maxRssKb))
    const bareRss = median(bare.map(s => s.maxRssKb))
    const nodeRss = median(startup.node.map(s => s.maxRssKb))
    out.push({
      name: '4. peak memory of a no-op run ≤ 80 MB',
      measured:
        `${mb(rss)} vs bare SDK script ${mb(bareRss)} = ${(rss / bareRss).toFixed(2)}×; ` +
        `\`node -e 0\` ${mb(nodeRss)}, ours ${(rss / nodeRss).toFixed(1)}× that (medians)`,
      pass: rss <= 80 * 1024
    })
  }
  const ours = [...results.flatMap(r => r.ours), ...startup.ours]
  if (ours.length > 0) {
    out.push({
      name: '4. peak memory (max RSS of dist/index.js)',
      measured: `${mb(max(ours.map(s => s.maxRssKb)))} at most`
    })
  }
  for (const r of results.filter(x => x.baseline.length > 0)) {
    const wall = median(r.ours.map(s => s.wallMs)) / median(r.baseline.map(s => s.wallMs))
    const calls = medianRun(r.ours).calls.length / medianRun(r.baseline).calls.length
    const noop = r.name.startsWith('no-op')
    out.push({
      name: `5. vs AWS CLI baseline: ${r.name}, ${r.tables} tables${noop ? ': at least 5 times faster' : ''}`,
      measured: `wall ${wall.toFixed(2)}× (${(1 / wall).toFixed(1)} times faster), calls ${calls.toFixed(2)}×`,
      ...(noop ? { pass: wall <= 1 / 5 } : {})
    })
  }
  return out
}

const only = values.only
const started = performance.now()
const results = await runScenarios(settings, only)
const startup =
  !only || 'start-up'.includes(only)
    ? await runStartupScenario(settings, 2 * settings.runs)
    : { ours: [], bare: [], node: [] }
const fleet =
  !only || FLEET.includes(only) ? await runFleetScenario(settings, FLEET_RUNS) : undefined
const wallMs = performance.now() - started

const failures = [
  ...results,
  { name: 'start-up', tables: 2, ours: startup.ours },
  { name: FLEET, tables: 3, ours: fleet?.runs ?? [] }
].flatMap(r => {
  const failed = r.ours.filter(s => s.exitCode !== 0 || s.routed !== r.tables).length
  return failed ? [`${r.name} (${failed} of ${r.ours.length} runs)`] : []
})
const action = settings.action ? relative(process.cwd(), settings.action) : 'dist/index.js'
const report = [
  `# Benchmark: ${action} against the EC2 emulator`,
  '',
  `${new Date().toISOString()}, Node ${process.version}, ${cpus().length} CPUs, ${settings.runs} runs` +
    `${quick ? ' (--quick)' : ''}, provisioning delay ${sec(settings.provisioningMs)}` +
    `${Object.keys(settings.childEnv).length ? `, child env ${values.env.join(' ')}` : ''}. ` +
    `Whole bench: ${sec(wallMs)}.`,
  '',
  ...resultTable(results),
  '',
  '| target | measured | result |',
  '| --- | --- | --- |',
  ...[...targets(results, startup), ...fleetTargets(fleet)].map(
    t =>
      `| ${t.name} | ${t.measured} | ${t.pass === undefined ? 'info' : t.pass ? 'pass' : '**FAIL**'} |`
  ),
  ...(failures.length ? ['', `Failed runs of the action: ${failures.join(', ')}.`] : []),
  ''
].join('\n')
// Formatted with the repository's Prettier settings, so that `prettier --check .` passes.
const prettier = await import('prettier')
const formatted = await prettier.format(report, {
  ...(await prettier.resolveConfig(values.out)),
  parser: 'markdown'
})
process.stdout.write(formatted)
await writeFile(values.out, formatted)
process.stderr.write(`Written to ${relative(process.cwd(), values.out)}\n`)
process.exitCode = failures.length > 0 ? 1 : 0
