/**
 * Runs dist/index.js as a child process, exactly as the runner starts it: inputs as
 * INPUT_<NAME> (upper case, hyphens kept), outputs and summary through files, credentials and
 * endpoint from the environment.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { readFile, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { STEP_TIMEOUT_MS } from '../timeouts.ts'

export const ACTION = fileURLToPath(new URL('../../dist/index.js', import.meta.url))

export interface ActionRun {
  exitCode: number | null
  stdout: string
  stderr: string
  outputs: Record<string, string>
  summary: string
}

/** GITHUB_OUTPUT holds `name<<DELIMITER`, the value's lines, then `DELIMITER`. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<]+)<<(.+)$/.exec(lines[i] ?? '')
    if (!match) continue
    const [, name, delimiter] = match
    const value: string[] = []
    for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] ?? '')
    outputs[name as string] = value.join('\n')
  }
  return outputs
}

/** Node's compile cache for dist/index.js: a third less CPU per start, for tests that start many. */
const COMPILE_CACHE = { NODE_COMPILE_CACHE: join(tmpdir(), 'ensure-nat-gateway-compile-cache') }

export interface StartedAction {
  child: ChildProcessWithoutNullStreams
  /** Settles when the process has exited (killed or not), with its output so far. */
  done: Promise<ActionRun>
}

/**
 * Starts a Node script as a workflow step runs it, with only what a runner would set: nothing of
 * the test process's own AWS or INPUT_ variables. The child process is left in the caller's hands
 * (to kill it, say).
 */
export function startStep(
  script: string,
  args: string[],
  env: Record<string, string>,
  timeoutMs = STEP_TIMEOUT_MS
): StartedAction {
  const dir = mkdtempSync(join(tmpdir(), 'ensure-nat-gateway-'))
  const outputFile = join(dir, 'output')
  const summaryFile = join(dir, 'summary')
  writeFileSync(outputFile, '')
  writeFileSync(summaryFile, '')
  const child = spawn(process.execPath, [script, ...args], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      AWS_ACCESS_KEY_ID: 'AKIAEXAMPLETESTKEY00',
      AWS_SECRET_ACCESS_KEY: 'test-secret-access-key',
      ...COMPILE_CACHE,
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

/** Starts the action: its inputs as INPUT_<NAME> (upper case, hyphens kept). */
export function startAction(
  inputs: Record<string, string>,
  env: Record<string, string>,
  timeoutMs = 60_000
): StartedAction {
  const inputEnv = Object.fromEntries(
    Object.entries(inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value])
  )
  return startStep(ACTION, [], { ...inputEnv, ...env }, timeoutMs)
}

/** Runs the action to its end. */
export function runAction(
  inputs: Record<string, string>,
  env: Record<string, string>,
  timeoutMs = STEP_TIMEOUT_MS
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

export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  await new Promise(resolve => server.close(resolve))
  if (address === null || typeof address === 'string') throw new Error('no port')
  return address.port
}
