/**
 * Plays a path of the table (paths.ts) against the emulator under faults, then reruns it as a
 * user would ("Re-run failed jobs": the same inputs) until it has converged, and checks the
 * invariants. The step itself is run by the caller (`RunStep`): in process for the seeded
 * campaign, as a child process for the SIGKILL crash points.
 */
import type { Faults } from '../../emulator/faults.ts'
import { makeRng } from '../../emulator/random.ts'
import type { SampleVpc } from '../../emulator/seed.ts'
import type { Emulator } from '../../emulator/server.ts'
import { addBystanders, baseline, type ChaosPath, PATHS, pathInputs, violations } from './paths.ts'

export interface StepResult {
  failed: boolean
  /** The error the step failed with, if it did. */
  error: string
  outputs: Record<string, string>
  /** What the step saved for a post step (core.saveState). */
  saved: Record<string, string>
}

/**
 * Runs the path's step once with these inputs; `crash`: the emulator kills it (crash points).
 * `state`: for a post step, what its main step saved (STATE_<name> on a runner).
 */
export type RunStep = (
  step: ChaosPath['step'],
  inputs: Record<string, string>,
  faults: Faults,
  state?: Record<string, string>
) => Promise<StepResult>

/** Every write the action can make: the calls a crash counts and an answer can be lost for. */
export const WRITE_ACTIONS = [
  'AllocateAddress',
  'ReleaseAddress',
  'CreateNatGateway',
  'DeleteNatGateway',
  'AssociateNatGatewayAddress',
  'DisassociateNatGatewayAddress',
  'CreateRoute',
  'ReplaceRoute',
  'DeleteRoute',
  'CreateVpcEndpoint',
  'ModifyVpcEndpoint',
  'DeleteVpcEndpoints'
]

export interface Played {
  /** The first run's result (under the faults). */
  first: StepResult
  /** The writes EC2 carried out for the first run, in order (a crash stops them). */
  writes: string[]
  /** How many reruns it took to converge. */
  reruns: number
  violations: string[]
}

/**
 * The emulator reset to the path's starting world; its inputs, baseline and, for a post step, the
 * state its main step saved: that main step runs first, without faults, and makes what the post
 * step is to undo (its writes are not the path's).
 */
export async function stage(emu: Emulator, path: ChaosPath, run: RunStep) {
  emu.reset()
  const ids = emu.seed as SampleVpc
  addBystanders(emu.world, ids)
  const inputs = pathInputs(path, emu.world, ids)
  const before = baseline(emu.world)
  if (path.step === 'main') return { inputs, before, state: {} }
  const main = await run('main', inputs, {})
  if (main.failed) throw new Error(`${path.name}: the main step before it failed: ${main.error}`)
  emu.clearCalls()
  return { inputs, before, state: main.saved }
}

/** The writes a fault-free run of the path makes, in order. */
export async function writesOf(emu: Emulator, path: ChaosPath, run: RunStep): Promise<string[]> {
  const { inputs, state } = await stage(emu, path, run)
  const result = await run(path.step, inputs, {}, state)
  if (result.failed) throw new Error(`${path.name}: a fault-free run failed: ${result.error}`)
  return emu
    .writes()
    .filter(c => c.status === 200)
    .map(c => c.action)
}

/**
 * The path under `faults`, then reruns: with the same faults but no crash while it fails (at most
 * twice), then without faults. Converged means a run succeeded; then the invariants hold, and one
 * more run succeeds without writing anything.
 */
export async function play(
  emu: Emulator,
  path: ChaosPath,
  faults: Faults,
  run: RunStep,
  { furtherRun = true } = {}
): Promise<Played> {
  const { inputs, before, state } = await stage(emu, path, run)
  const first = await run(path.step, inputs, faults, state)
  const writes = emu
    .writes()
    .filter(c => c.status === 200)
    .map(c => c.action)
  const transient: Faults = { ...faults }
  delete transient.crash
  let last = first
  let reruns = 0
  for (const next of [transient, transient, {}]) {
    if (!last.failed) break
    reruns++
    last = await run(path.step, inputs, { ...next, seed: (faults.seed ?? 1) + reruns }, state)
  }
  if (last.failed) {
    return { first, writes, reruns, violations: [`did not converge: ${last.error}`] }
  }
  const found = violations(path, emu.world, inputs, before, last.outputs)
  if (!furtherRun) return { first, writes, reruns, violations: found }
  emu.clearCalls()
  const again = await run(path.step, inputs, {}, state)
  const wrote = emu.writes().filter(c => c.status === 200)
  if (again.failed) found.push(`a further run failed: ${again.error}`)
  if (wrote.length > 0) found.push(`a further run wrote: ${wrote.map(c => c.action).join(', ')}`)
  return { first, writes, reruns, violations: found }
}

/** The faults of a seeded schedule: its path, and a mix of every kind of fault. */
export function schedule(seed: number): { path: ChaosPath; faults: Faults } {
  const rng = makeRng(seed)
  const path = PATHS[Math.floor(rng() * PATHS.length)] as ChaosPath
  const rate = (max: number) => (rng() < 0.5 ? 0 : Math.round(rng() * max * 100) / 100)
  const crashAt = rng() < 0.5 ? 1 + Math.floor(rng() * path.writes.length) : undefined
  const faults: Faults = {
    seed,
    throttle: rate(0.3),
    serverErrors: rate(0.2),
    dropConnection: rate(0.1),
    loseAnswer: { rate: rate(0.3), actions: WRITE_ACTIONS },
    consistency: {
      natGatewayCalls: Math.floor(rng() * 3),
      routeCalls: Math.floor(rng() * 3),
      releaseAfterDeleteMs: rng() < 0.5 ? 0 : Math.floor(rng() * 60_000)
    },
    ...(crashAt !== undefined && { crash: { afterWrites: crashAt } })
  }
  return { path, faults }
}

/** A table as fixed-width text: a header row, then one row per item. */
export function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map(r => (r[i] ?? '').length))) ?? []
  return rows
    .map(r =>
      r
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd()
    )
    .join('\n')
}
