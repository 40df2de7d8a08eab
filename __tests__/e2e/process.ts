/**
 * What harness.ts's runAction does, with the child process in the test's hands: to kill it at a
 * chosen moment, or to start several at once. Also the environment the e2e tests share.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ACTION, type ActionRun, parseOutputFile } from './harness.js'

/** Node's compile cache for dist/index.js: a third less CPU per start, for tests that start many. */
export const COMPILE_CACHE = {
  NODE_COMPILE_CACHE: join(tmpdir(), 'ensure-nat-gateway-compile-cache')
}

export interface StartedAction {
  child: ChildProcessWithoutNullStreams
  /** Settles when the process has exited (killed or not), with its output so far. */
  done: Promise<ActionRun>
}

export function startAction(
  inputs: Record<string, string>,
  env: Record<string, string>,
  timeoutMs = 60_000
): StartedAction {
  const dir = mkdtempSync(join(tmpdir(), 'ensure-nat-gateway-'))
  const outputFile = join(dir, 'output')
  const summaryFile = join(dir, 'summary')
  writeFileSync(outputFile, '')
  writeFileSync(summaryFile, '')
  const inputEnv = Object.fromEntries(
    Object.entries(inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value])
  )
  const child = spawn(process.execPath, [ACTION], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      AWS_ACCESS_KEY_ID: 'AKIAEXAMPLETESTKEY00',
      AWS_SECRET_ACCESS_KEY: 'test-secret-access-key',
      ...COMPILE_CACHE,
      ...inputEnv,
      ...env
    }
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', chunk => (stdout += chunk))
  child.stderr.on('data', chunk => (stderr += chunk))
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
  const done = (async () => {
    const exitCode = await new Promise<number | null>(resolve => child.on('close', resolve))
    clearTimeout(timer)
    try {
      return {
        exitCode,
        stdout,
        stderr,
        outputs: parseOutputFile(await readFile(outputFile, 'utf8')),
        summary: await readFile(summaryFile, 'utf8')
      }
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })()
  return { child, done }
}

/** Runs the action to its end; runAction with the compile cache. */
export function runActionCached(
  inputs: Record<string, string>,
  env: Record<string, string>,
  timeoutMs = 60_000
): Promise<ActionRun> {
  return startAction(inputs, env, timeoutMs).done
}

/** The ::error:: annotation of a run, decoded (@actions/core escapes %, CR and LF). */
export function errorText(run: ActionRun): string {
  const line = run.stdout.split('\n').find(l => l.startsWith('::error::')) ?? ''
  return line
    .slice('::error::'.length)
    .replace(/%0A/g, '\n')
    .replace(/%0D/g, '\r')
    .replace(/%25/g, '%')
}
