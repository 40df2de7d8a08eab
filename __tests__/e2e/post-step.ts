/**
 * Runs dist/index.js as the runner runs an action with a post step: the main step with a
 * GITHUB_STATE file, then the same file again at job end with what the main step saved passed as
 * STATE_<name> variables, and the same inputs.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type ActionRun, parseOutputFile, runAction } from './harness.js'

export interface MainAndPost {
  main: ActionRun
  /** What the main step saved (core.saveState), as the runner reads it. */
  saved: Record<string, string>
  post: ActionRun
}

/** The main step only, and what it saved. */
export async function runMain(
  inputs: Record<string, string>,
  env: Record<string, string>,
  timeoutMs = 90_000
): Promise<{ main: ActionRun; saved: Record<string, string> }> {
  const dir = mkdtempSync(join(tmpdir(), 'ensure-nat-gateway-state-'))
  const stateFile = join(dir, 'state')
  writeFileSync(stateFile, '')
  try {
    const main = await runAction(inputs, { ...env, GITHUB_STATE: stateFile }, timeoutMs)
    return { main, saved: parseOutputFile(readFileSync(stateFile, 'utf8')) }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The post step, given what the main step saved. */
export function runPost(
  inputs: Record<string, string>,
  env: Record<string, string>,
  saved: Record<string, string>,
  timeoutMs = 90_000
): Promise<ActionRun> {
  const state = Object.fromEntries(Object.entries(saved).map(([k, v]) => [`STATE_${k}`, v]))
  return runAction(inputs, { ...env, ...state }, timeoutMs)
}

export async function runMainAndPost(
  inputs: Record<string, string>,
  env: Record<string, string>
): Promise<MainAndPost> {
  const { main, saved } = await runMain(inputs, env)
  return { main, saved, post: await runPost(inputs, env, saved) }
}
