/**
 * Runs dist/index.js as a child process, exactly as the runner starts it: inputs as
 * INPUT_<NAME> (upper case, hyphens kept), outputs and summary through files, credentials and
 * endpoint from the environment.
 */
import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

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

export async function runAction(
  inputs: Record<string, string>,
  env: Record<string, string>,
  timeoutMs = 60_000
): Promise<ActionRun> {
  const dir = await mkdtemp(join(tmpdir(), 'ensure-nat-gateway-'))
  const outputFile = join(dir, 'output')
  const summaryFile = join(dir, 'summary')
  await writeFile(outputFile, '')
  await writeFile(summaryFile, '')
  const inputEnv = Object.fromEntries(
    Object.entries(inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value])
  )
  // Only what a runner would set: nothing of the test process's own AWS or INPUT_ variables.
  const childEnv = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    AWS_ACCESS_KEY_ID: 'AKIAEXAMPLETESTKEY00',
    AWS_SECRET_ACCESS_KEY: 'test-secret-access-key',
    ...inputEnv,
    ...env
  }
  try {
    const child = spawn(process.execPath, [ACTION], { env: childEnv })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', chunk => (stdout += chunk))
    child.stderr.on('data', chunk => (stderr += chunk))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    const exitCode = await new Promise<number | null>(resolve => child.on('close', resolve))
    clearTimeout(timer)
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
}

export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  await new Promise(resolve => server.close(resolve))
  if (address === null || typeof address === 'string') throw new Error('no port')
  return address.port
}
