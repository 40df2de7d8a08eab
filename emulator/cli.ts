// Command line: starts the emulator, prints its endpoint and the sample world's IDs (for a person,
// or with --json as one JSON line {"endpoint", "seed"} for a script), and runs until stopped.
// node emulator/cli.ts --port 0 --region eu-west-1 --seed sample --provisioning-ms 2000 [--json]
//   [--deleting-ms N] [--auto-expansion-ms N] [--address-limit N] [--token-buckets]
//   [--latency-ms N] [--throttle RATE] [--server-errors RATE] [--drop-connections RATE] [--fault-seed N]
import { parseArgs } from 'node:util'
import type { Faults } from './faults.ts'
import { type SampleVpc, seedSampleVpc } from './seed.ts'
import { startEmulator } from './server.ts'

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    region: { type: 'string', default: 'eu-west-1' },
    seed: { type: 'string', default: 'none' },
    'provisioning-ms': { type: 'string' },
    'deleting-ms': { type: 'string' },
    'auto-expansion-ms': { type: 'string' },
    'address-limit': { type: 'string' },
    'token-buckets': { type: 'boolean', default: false },
    'latency-ms': { type: 'string' },
    throttle: { type: 'string' },
    'server-errors': { type: 'string' },
    'drop-connections': { type: 'string' },
    'fault-seed': { type: 'string' },
    json: { type: 'boolean', default: false }
  },
  strict: true
})

function num(name: keyof typeof values): number | undefined {
  const v = values[name]
  if (v === undefined || typeof v === 'boolean') return undefined
  const n = Number(v)
  if (!Number.isFinite(n)) {
    process.stderr.write(`--${name}: not a number: ${v}\n`)
    process.exit(2)
  }
  return n
}

if (values.seed !== 'sample' && values.seed !== 'none') {
  process.stderr.write(`--seed: 'sample' or 'none', got '${values.seed}'\n`)
  process.exit(2)
}

const faults: Faults = {}
if (values['token-buckets']) faults.tokenBuckets = true
const latency = num('latency-ms')
if (latency !== undefined) faults.latencyMs = latency
const throttle = num('throttle')
if (throttle !== undefined) faults.throttle = { rate: throttle }
const serverErrors = num('server-errors')
if (serverErrors !== undefined) faults.serverErrors = { rate: serverErrors }
const drops = num('drop-connections')
if (drops !== undefined) faults.dropConnection = { rate: drops }
const faultSeed = num('fault-seed')
if (faultSeed !== undefined) faults.seed = faultSeed

const opt = <T extends string>(key: T, v: number | undefined): Partial<Record<T, number>> =>
  v === undefined ? {} : ({ [key]: v } as Partial<Record<T, number>>)

const emu = await startEmulator({
  region: values.region,
  host: values.host,
  port: num('port') ?? 0,
  ...opt('provisioningMs', num('provisioning-ms')),
  ...opt('deletingMs', num('deleting-ms')),
  ...opt('autoExpansionMs', num('auto-expansion-ms')),
  ...opt('addressLimit', num('address-limit')),
  faults,
  ...(values.seed === 'sample' ? { seed: seedSampleVpc } : {})
})
/** What a person needs to point the action (or the AWS CLI) at the emulator. */
function banner(endpoint: string, region: string, sample: SampleVpc | undefined): string {
  const pair = ({ a, b }: { a: string; b: string }): string => `${a} (a), ${b} (b)`
  const world = sample
    ? [
        'Sample VPC (the same IDs at every start and after POST /_emulator/reset):',
        `  VPC                   ${sample.vpcId}`,
        `  internet gateway      ${sample.internetGatewayId}`,
        `  public subnets        ${pair(sample.publicSubnetIds)}`,
        `  public route table    ${sample.publicRouteTableId}`,
        `  private subnets       ${pair(sample.privateSubnetIds)}`,
        `  private route tables  ${pair(sample.privateRouteTableIds)}`,
        `  Elastic IPs           ${sample.allocationIds.map((id, i) => `${id} (${sample.publicIps[i]})`).join(', ')}`,
        `  zones                 ${sample.zones.map(z => `${z.name} (${z.id})`).join(', ')}`
      ]
    : ['Empty world (--seed sample adds a VPC to work with).']
  return [
    `EC2 emulator for ${region} on ${endpoint}`,
    ...world,
    // The SDKs read AWS_REGION; the AWS CLI v1 reads only AWS_DEFAULT_REGION.
    'Point the AWS SDK or CLI at it with:',
    `  export AWS_ENDPOINT_URL_EC2=${endpoint} AWS_REGION=${region} AWS_DEFAULT_REGION=${region} AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test`,
    `Calls so far: curl ${endpoint}/_emulator/calls   Stop: Ctrl-C`,
    ''
  ].join('\n')
}

process.stdout.write(
  values.json
    ? `${JSON.stringify({ endpoint: emu.endpoint, seed: emu.seed ?? null })}\n`
    : banner(emu.endpoint, emu.region, emu.seed as SampleVpc | undefined)
)

const stop = (): void => {
  void emu.close().then(() => process.exit(0))
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
