/**
 * `npm run demo`: the bundled action against the project's EC2 emulator, no AWS account needed.
 * Starts the emulator with a sample VPC (an internet gateway, public and private subnets in two
 * zones), runs dist/index.js as the GitHub runner would, prints its log, outputs and job summary,
 * then runs it again to show that a rerun only reads.
 */
import { startEmulator } from '../emulator/server.ts'
import { type SampleVpc, seedSampleVpc } from '../emulator/seed.ts'
import { type ActionRun, runAction } from '../__tests__/e2e/harness.ts'

const emulator = await startEmulator({ provisioningMs: 3_000, seed: seedSampleVpc })
const ids = emulator.seed as SampleVpc
const inputs = {
  'vpc-id': ids.vpcId,
  'route-table-ids': `${ids.privateRouteTableIds.a}, ${ids.privateRouteTableIds.b}`
}
const env = { AWS_ENDPOINT_URL_EC2: emulator.endpoint, AWS_REGION: 'eu-west-1' }

/** The runner's workflow commands, shown the way the Actions log shows them. */
function asLog(stdout: string): string {
  return stdout
    .split('\n')
    .filter(line => line !== '' && line !== '::endgroup::')
    .map(line => line.replace(/^::group::(.*)$/, '▸ $1').replace(/^::(\w+)::/, '$1: '))
    .map(line => `  ${line}`)
    .join('\n')
}

function show(title: string, run: ActionRun): void {
  const calls = emulator.calls.map(call => call.action)
  const byOperation = [...new Set(calls)].map(op => `${op} ×${calls.filter(c => c === op).length}`)
  console.log(`\n=== ${title} (exit code ${run.exitCode}) ===\n`)
  console.log(asLog(run.stdout))
  console.log('\nOutputs:')
  for (const [name, value] of Object.entries(run.outputs)) console.log(`  ${name} = ${value}`)
  console.log(`\nEC2 calls: ${calls.length} (${byOperation.join(', ')})`)
}

try {
  console.log(`EC2 emulator at ${emulator.endpoint}, sample VPC ${ids.vpcId}`)
  console.log(`Inputs: ${JSON.stringify(inputs)}`)
  const first = await runAction(inputs, env)
  show('First run: creates the regional NAT gateway and the routes', first)
  console.log('\nJob summary (Markdown):\n')
  console.log(first.summary)
  emulator.clearCalls()
  const second = await runAction(inputs, env)
  show('Second run: everything is in place, so it only reads', second)
  process.exitCode = first.exitCode || second.exitCode || 0
} finally {
  await emulator.close()
}
