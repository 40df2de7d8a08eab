// Child processes, measured: dist/index.js as the runner starts it, the bare-SDK script, `node -e 0`
// and the AWS CLI baseline. Wall time from spawn to exit; peak memory from /usr/bin/time when present,
// otherwise (Node scripts only) from process.resourceUsage() inside a small wrapper.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ACTION, parseOutputFile } from '../__tests__/e2e/harness.ts'

export const BARE_SDK = fileURLToPath(new URL('./bare-sdk.mjs', import.meta.url))
export const BASELINE_CLI = fileURLToPath(new URL('./baseline-cli.sh', import.meta.url))
const GNU_TIME = '/usr/bin/time'
const USE_GNU_TIME = existsSync(GNU_TIME)
// Without it, a Node script runs inside this wrapper, which writes its own max RSS (kB) on exit.
const WRAPPER = `
import { writeFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
const [out, script] = process.argv.splice(1, 2)
process.argv.splice(1, 0, script)
process.on('exit', () => writeFileSync(out, String(process.resourceUsage().maxRSS)))
await import(pathToFileURL(script).href)
`

export interface Measured {
  exitCode: number | null
  /** Epoch ms just before the spawn (same clock as the in-process emulator's call log). */
  startedAt: number
  wallMs: number
  /** Peak resident set size in kB (the largest process of the tree for a script); 0 if unknown. */
  maxRssKb: number
  stdout: string
  stderr: string
}

export async function spawnMeasured(
  command: string,
  args: string[],
  env: Record<string, string>,
  timeoutMs = 900_000
): Promise<Measured> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-rss-'))
  const rssFile = join(dir, 'rss')
  const [cmd, argv] = USE_GNU_TIME
    ? [GNU_TIME, ['-f', '%M', '-o', rssFile, command, ...args]]
    : command === process.execPath && args[0] !== '-e'
      ? [command, ['--input-type=module', '-e', WRAPPER, rssFile, ...args]]
      : [command, args]
  const startedAt = Date.now()
  const t0 = performance.now()
  const child = spawn(cmd, argv, { env })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', chunk => (stdout += chunk))
  child.stderr.on('data', chunk => (stderr += chunk))
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
  const exitCode = await new Promise<number | null>(resolve => child.on('close', resolve))
  const wallMs = performance.now() - t0
  clearTimeout(timer)
  const rss = Number((await readFile(rssFile, 'utf8').catch(() => '')).trim().split('\n').pop())
  await rm(dir, { recursive: true, force: true })
  return { exitCode, startedAt, wallMs, maxRssKb: rss || 0, stdout, stderr }
}

/** What a runner gives every step, plus the emulator's endpoint and dummy credentials. */
function baseEnv(endpoint: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'AKIAEXAMPLETESTKEY00',
    AWS_SECRET_ACCESS_KEY: 'test-secret-access-key',
    AWS_ENDPOINT_URL_EC2: endpoint
  }
}

export interface ActionResult extends Measured {
  outputs: Record<string, string>
}

/** dist/index.js (or `action`) with inputs as INPUT_<NAME>, outputs and summary through files. */
export async function runAction(
  endpoint: string,
  inputs: Record<string, string>,
  extraEnv: Record<string, string> = {},
  action = ACTION
): Promise<ActionResult> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-action-'))
  const outputFile = join(dir, 'output')
  const summaryFile = join(dir, 'summary')
  await writeFile(outputFile, '')
  await writeFile(summaryFile, '')
  const env: Record<string, string> = {
    ...baseEnv(endpoint),
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    ...extraEnv
  }
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value
  try {
    const run = await spawnMeasured(process.execPath, [action], env)
    return { ...run, outputs: parseOutputFile(await readFile(outputFile, 'utf8')) }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** A script that imports @aws-sdk/client-ec2 and sends one DescribeNatGateways. */
export function runBareSdk(endpoint: string): Promise<Measured> {
  return spawnMeasured(process.execPath, [BARE_SDK], baseEnv(endpoint))
}

/** `node -e 0`: Node's own start-up and memory, the floor under any script. */
export function runBareNode(): Promise<Measured> {
  return spawnMeasured(process.execPath, ['-e', '0'], { PATH: process.env.PATH ?? '' })
}

/** bench/baseline-cli.sh `mode` (create | noop) against the emulator, zonal. */
export function runBaseline(
  endpoint: string,
  mode: 'create' | 'noop',
  world: { vpcId: string; publicSubnetId: string; routeTableIds: string[] }
): Promise<Measured> {
  return spawnMeasured('bash', [BASELINE_CLI, mode], {
    ...baseEnv(endpoint),
    AWS_DEFAULT_REGION: 'eu-west-1',
    ENDPOINT: endpoint,
    VPC_ID: world.vpcId,
    SUBNET_ID: world.publicSubnetId,
    ROUTE_TABLE_IDS: world.routeTableIds.join(' ')
  })
}
