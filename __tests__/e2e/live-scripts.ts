/**
 * Runs a live-test script (scripts/live/cli.ts) as the workflow's `run:` steps do: a child
 * process on Node 24 (type stripping), the Region and credentials from the environment, step
 * outputs through a GITHUB_OUTPUT file.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseOutputFile } from './harness.js'

export const LIVE_CLI = fileURLToPath(new URL('../../scripts/live/cli.ts', import.meta.url))

export interface ScriptRun {
  exitCode: number | null
  stdout: string
  stderr: string
  outputs: Record<string, string>
}

export async function runLiveScript(
  args: string[],
  env: Record<string, string>,
  timeoutMs = 60_000
): Promise<ScriptRun> {
  const dir = mkdtempSync(join(tmpdir(), 'live-script-'))
  const outputFile = join(dir, 'output')
  writeFileSync(outputFile, '')
  const child = spawn(process.execPath, [LIVE_CLI, ...args], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      GITHUB_OUTPUT: outputFile,
      AWS_ACCESS_KEY_ID: 'AKIAEXAMPLETESTKEY00',
      AWS_SECRET_ACCESS_KEY: 'test-secret-access-key',
      ...env
    }
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', chunk => (stdout += chunk))
  child.stderr.on('data', chunk => (stderr += chunk))
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
  const exitCode = await new Promise<number | null>(resolve => child.on('close', resolve))
  clearTimeout(timer)
  try {
    return {
      exitCode,
      stdout,
      stderr,
      outputs: parseOutputFile(await readFile(outputFile, 'utf8'))
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
