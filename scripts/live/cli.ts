/**
 * The live test's scripts, one command each, as the workflow calls them:
 *
 *   node scripts/live/cli.ts build --run-id ID [--created-at ISO]
 *   node scripts/live/cli.ts check present --run-id ID --vpc-id V --route-table-ids A,B
 *       --nat-gateway-id N --mode regional|zonal [--subnet-id S] [--connectivity public|private]
 *       [--allocation-ids E1,E2] [--public-ips IP1,IP2]
 *   node scripts/live/cli.ts check absent --run-id ID --vpc-id V --route-table-ids A,B
 *       --nat-gateway-id N [--allocation-ids E1,E2]
 *   node scripts/live/cli.ts check gone --run-id ID
 *   node scripts/live/cli.ts delete-world --run-id ID [--poll-ms MS] [--timeout-ms MS]
 *   node scripts/live/cli.ts sweep [--max-age-hours H] [--poll-ms MS] [--timeout-ms MS]
 *
 * The Region comes from AWS_REGION, credentials from the SDK's chain, and AWS_ENDPOINT_URL_EC2
 * points it at an emulator. Exits 1 when a check fails or something could not be deleted.
 */
import { parseArgs } from 'node:util'
import { ec2Client } from './aws.ts'
import { buildWorld, worldOutputs } from './build-world.ts'
import { checkAbsent, checkGone, checkPresent } from './checks.ts'
import type { CheckResult } from './checks.ts'
import { deleteInventory } from './delete.ts'
import type { DeleteOptions } from './delete.ts'
import { findTagged, ofRun } from './inventory.ts'
import { writeStepOutputs } from './step-outputs.ts'
import { sweep } from './sweep.ts'

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'run-id': { type: 'string' },
    'created-at': { type: 'string' },
    'vpc-id': { type: 'string' },
    'route-table-ids': { type: 'string' },
    'nat-gateway-id': { type: 'string' },
    mode: { type: 'string' },
    'subnet-id': { type: 'string' },
    connectivity: { type: 'string', default: 'public' },
    'allocation-ids': { type: 'string' },
    'public-ips': { type: 'string' },
    'max-age-hours': { type: 'string', default: '3' },
    'poll-ms': { type: 'string', default: '5000' },
    'timeout-ms': { type: 'string', default: '900000' }
  }
})

function required(name: keyof typeof values): string {
  const value = values[name]
  if (typeof value !== 'string' || value === '') throw new Error(`--${name} is required`)
  return value
}

/** A comma-separated list; absent or empty gives undefined. */
function list(name: keyof typeof values): string[] | undefined {
  const value = values[name]
  if (typeof value !== 'string' || value.trim() === '') return undefined
  return value
    .split(',')
    .map(s => s.trim())
    .filter(Boolean)
}

function number(name: keyof typeof values): number {
  const n = Number(required(name))
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number`)
  return n
}

function deleteOptions(): DeleteOptions {
  return {
    pollMs: number('poll-ms'),
    timeoutMs: number('timeout-ms'),
    log: line => console.log(line)
  }
}

function report(result: CheckResult): boolean {
  for (const line of result.passed) console.log(`ok    ${line}`)
  for (const line of result.failed) console.log(`FAIL  ${line}`)
  return result.failed.length === 0
}

function reportFailures(failures: string[]): boolean {
  for (const line of failures) console.log(`FAIL  ${line}`)
  return failures.length === 0
}

async function check(kind: string | undefined): Promise<boolean> {
  const ec2 = ec2Client()
  const runId = required('run-id')
  if (kind === 'gone') return report(await checkGone(ec2, runId))
  const common = {
    runId,
    vpcId: required('vpc-id'),
    routeTableIds: list('route-table-ids') ?? [],
    natGatewayId: required('nat-gateway-id')
  }
  const allocationIds = list('allocation-ids')
  if (kind === 'absent') {
    return report(
      await checkAbsent(ec2, { ...common, ...(allocationIds ? { allocationIds } : {}) })
    )
  }
  if (kind !== 'present') throw new Error(`check: present, absent or gone, not '${kind ?? ''}'`)
  const mode = required('mode')
  const connectivity = required('connectivity')
  if (mode !== 'regional' && mode !== 'zonal') throw new Error('--mode: regional or zonal')
  if (connectivity !== 'public' && connectivity !== 'private') {
    throw new Error('--connectivity: public or private')
  }
  const subnetId = values['subnet-id']
  const publicIps = list('public-ips')
  return report(
    await checkPresent(ec2, {
      ...common,
      mode,
      connectivity,
      ...(subnetId ? { subnetId } : {}),
      ...(allocationIds ? { allocationIds } : {}),
      ...(publicIps ? { publicIps } : {})
    })
  )
}

async function main(): Promise<boolean> {
  const [command, kind] = positionals
  switch (command) {
    case 'build': {
      const run = {
        runId: required('run-id'),
        createdAt: values['created-at'] ?? new Date().toISOString()
      }
      writeStepOutputs(worldOutputs(await buildWorld(ec2Client(), run), run))
      return true
    }
    case 'check':
      return check(kind)
    case 'delete-world': {
      const ec2 = ec2Client()
      const inventory = await findTagged(ec2, ofRun(required('run-id')))
      return reportFailures(await deleteInventory(ec2, inventory, deleteOptions()))
    }
    case 'sweep': {
      const maxAgeMs = number('max-age-hours') * 3_600_000
      const result = await sweep(ec2Client(), maxAgeMs, new Date(), deleteOptions())
      return reportFailures(result.failures)
    }
    default:
      throw new Error(`unknown command '${command ?? ''}': build, check, delete-world or sweep`)
  }
}

try {
  process.exitCode = (await main()) ? 0 : 1
} catch (e) {
  console.error(`live test: ${e instanceof Error ? e.message : String(e)}`)
  process.exitCode = 1
}
