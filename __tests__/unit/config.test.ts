import { describe, expect, it } from '@jest/globals'
import { parseConfig } from '../../src/config/config.js'
import { splitList } from '../../src/config/lists.js'
import type { Config } from '../../src/model/config.js'
import { formatProblem, ProblemsError } from '../../src/model/problems.js'

const VPC = 'vpc-0abc1234def567890'
const SUBNET = 'subnet-0abc1234def567890'
const RTB_A = 'rtb-0aaaaaaaaaaaaaaaa'
const RTB_B = 'rtb-0bbbbbbbbbbbbbbbb'
const EIP_1 = 'eipalloc-01111111111111111'
const EIP_2 = 'eipalloc-02222222222222222'

const env = { AWS_REGION: 'eu-west-1' }

function parse(inputs: Record<string, string>, environment: NodeJS.ProcessEnv = env): Config {
  return parseConfig(name => (inputs[name] ?? '').trim(), environment)
}

function problemsOf(inputs: Record<string, string>, environment: NodeJS.ProcessEnv = env) {
  try {
    parse(inputs, environment)
  } catch (error) {
    if (error instanceof ProblemsError) return error.problems
    throw error
  }
  throw new Error('expected the inputs to be rejected')
}

const base = { 'vpc-id': VPC, 'route-table-ids': RTB_A }

describe('comments in list inputs', () => {
  it.each<[string, Record<string, string>, (c: Config) => unknown, unknown]>([
    [
      'route-table-ids, after each ID',
      { 'route-table-ids': `${RTB_A} # app\n${RTB_B}  # batch` },
      c => c.routeTableIds,
      [RTB_A, RTB_B]
    ],
    [
      'route-table-ids, on a line of their own',
      { 'route-table-ids': `# private tables\n${RTB_A}, ${RTB_B}\n# the end` },
      c => c.routeTableIds,
      [RTB_A, RTB_B]
    ],
    [
      'route-table-ids: auto',
      { 'route-table-ids': 'auto # every private table' },
      c => c.routeTableIds,
      'auto'
    ],
    [
      'eip-allocation-ids (zonal)',
      {
        'availability-mode': 'zonal',
        'subnet-id': SUBNET,
        'eip-allocation-ids': `${EIP_1} # primary\n${EIP_2}`
      },
      c => c.gateway.elasticIps,
      { allocation: 'manual', allocationIds: [EIP_1, EIP_2] }
    ],
    [
      'eip-allocation-ids (regional, per zone)',
      { 'eip-allocation-ids': `# stable addresses\neu-west-1a: ${EIP_1} # partner allowlist` },
      c => c.gateway.elasticIps,
      { allocation: 'manual', zones: [{ zone: 'eu-west-1a', allocationIds: [EIP_1] }] }
    ],
    [
      'eip-allocation-ids with only a comment: automatic',
      { 'eip-allocation-ids': '# none yet' },
      c => c.gateway.elasticIps,
      { allocation: 'automatic' }
    ],
    [
      'tags, keeping a # inside a value',
      { tags: '# owners\nteam=platform # the team\nticket=OPS#42' },
      c => c.tags,
      { team: 'platform', ticket: 'OPS#42' }
    ]
  ])('are ignored in %s', (_, inputs, read, expected) => {
    expect(read(parse({ ...base, ...inputs }))).toEqual(expected)
  })

  it('still reports the words that are not IDs, once each', () => {
    const found = problemsOf({ ...base, 'route-table-ids': `${RTB_A} # app\nrtb-x # batch` })
    expect(found.map(formatProblem)).toEqual([
      expect.stringContaining('"rtb-x" is not a route table ID')
    ])
  })
})

describe('parseConfig: valid inputs', () => {
  it('applies the defaults of action.yml', () => {
    expect(parse(base)).toEqual({
      region: 'eu-west-1',
      vpcId: VPC,
      state: 'present',
      dryRun: false,
      routeTableIds: [RTB_A],
      gateway: {
        mode: 'regional',
        connectivity: 'public',
        elasticIps: { allocation: 'automatic' }
      },
      name: `nat-regional-${VPC}`,
      tags: {},
      destination: { cidr: '0.0.0.0/0', family: 'ipv4' },
      routeConflict: 'fail',
      nat64: false,
      ipv6Egress: 'none',
      waitTimeoutSeconds: 600,
      maxDrainDurationSeconds: 350,
      gatewayEndpoints: [],
      waitForZoneAddresses: false,
      teardownAtJobEnd: false,
      commentOnPullRequest: false,
      githubToken: ''
    })
  })

  it.each([
    ['1', 1],
    ['4000', 4000],
    ['900', 900]
  ])('takes max-drain-duration-seconds %s', (value, seconds) => {
    expect(parse({ ...base, 'max-drain-duration-seconds': value }).maxDrainDurationSeconds).toBe(
      seconds
    )
  })

  it("takes any number of Elastic IPs: the per-gateway quota is the account's, not a fixed limit", () => {
    const ids = Array.from({ length: 9 }, (_, i) => `eipalloc-0${String(i).repeat(16)}`)
    const zonal = parse({
      ...base,
      'availability-mode': 'zonal',
      'subnet-id': 'subnet-0aaa1234def567890',
      'eip-allocation-ids': ids.join(',')
    })
    expect(zonal.gateway.elasticIps).toEqual({ allocation: 'manual', allocationIds: ids })
  })

  it.each([
    ['commas', `${RTB_A},${RTB_B}`],
    ['commas and spaces', `${RTB_A}, ${RTB_B}`],
    ['new lines', `${RTB_A}\n${RTB_B}\n`],
    ['spaces', `${RTB_A}   ${RTB_B}`]
  ])('splits route-table-ids given with %s', (_, value) => {
    expect(parse({ ...base, 'route-table-ids': value }).routeTableIds).toEqual([RTB_A, RTB_B])
  })

  it('reads a regional manual mapping by zone name and zone ID', () => {
    const config = parse({
      ...base,
      'eip-allocation-ids': `eu-west-1a: ${EIP_1}\neuw1-az2: ${EIP_2}`
    })
    expect(config.gateway).toEqual({
      mode: 'regional',
      connectivity: 'public',
      elasticIps: {
        allocation: 'manual',
        zones: [
          { zone: 'eu-west-1a', allocationIds: [EIP_1] },
          { zone: 'euw1-az2', allocationIds: [EIP_2] }
        ]
      }
    })
  })

  it('reads a zonal gateway with manual addresses, the first primary', () => {
    const config = parse({
      ...base,
      'availability-mode': 'Zonal',
      'subnet-id': SUBNET,
      'eip-allocation-ids': `${EIP_2}, ${EIP_1}`
    })
    expect(config.gateway).toEqual({
      mode: 'zonal',
      subnetId: SUBNET,
      connectivity: 'public',
      elasticIps: { allocation: 'manual', allocationIds: [EIP_2, EIP_1] },
      secondaryPrivateIpCount: 0
    })
    expect(config.name).toBe(`nat-${SUBNET}`)
  })

  it('reads a private zonal gateway, which has no Elastic IP', () => {
    const config = parse({
      ...base,
      'availability-mode': 'zonal',
      'subnet-id': SUBNET,
      'connectivity-type': 'private'
    })
    expect(config.gateway).toMatchObject({
      connectivity: 'private',
      elasticIps: { allocation: 'none' },
      secondaryPrivateIpCount: 0
    })
  })

  it.each([
    ['0', 0],
    ['1', 1],
    ['31', 31]
  ])('reads secondary-private-ip-count %s for a private zonal gateway', (raw, count) => {
    const config = parse({
      ...base,
      'availability-mode': 'zonal',
      'subnet-id': SUBNET,
      'connectivity-type': 'private',
      'secondary-private-ip-count': raw
    })
    expect(config.gateway).toMatchObject({ secondaryPrivateIpCount: count })
  })

  it('takes secondary-private-ip-count 0 on any gateway (the default)', () => {
    const config = parse({ ...base, 'secondary-private-ip-count': '0' })
    expect(config.gateway.mode).toBe('regional')
  })

  it('reads name, tags, destination, route-conflict and timeout', () => {
    const config = parse({
      ...base,
      name: 'egress',
      tags: 'team=platform\nenv = staging\n',
      'destination-cidr': '64:ff9b::/96',
      'route-conflict': 'replace',
      'wait-timeout-seconds': '90'
    })
    expect(config).toMatchObject({
      name: 'egress',
      tags: { team: 'platform', env: 'staging' },
      destination: { cidr: '64:ff9b::/96', family: 'ipv6' },
      routeConflict: 'replace',
      waitTimeoutSeconds: 90
    })
  })

  it.each([
    [{ region: 'us-east-2' }, { AWS_REGION: 'eu-west-1' }, 'us-east-2'],
    [{}, { AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'eu-central-1' }, 'eu-west-1'],
    [{}, { AWS_DEFAULT_REGION: 'eu-central-1' }, 'eu-central-1']
  ])(
    'takes the Region from the input, then AWS_REGION, then AWS_DEFAULT_REGION (%#)',
    (inputs, environment, region) => {
      expect(parse({ ...base, ...inputs }, environment).region).toBe(region)
    }
  )

  it('reads the lifecycle switches', () => {
    const config = parse({
      ...base,
      'route-table-ids': 'AUTO',
      state: 'absent',
      'dry-run': 'true',
      's3-gateway-endpoint': 'True',
      'wait-for-zone-addresses': 'TRUE'
    })
    expect(config).toMatchObject({
      routeTableIds: 'auto',
      state: 'absent',
      dryRun: true,
      gatewayEndpoints: ['s3'],
      waitForZoneAddresses: true
    })
  })

  it('accepts old 8-digit IDs', () => {
    expect(parse({ 'vpc-id': 'vpc-1a2b3c4d', 'route-table-ids': 'rtb-1a2b3c4d' }).vpcId).toBe(
      'vpc-1a2b3c4d'
    )
  })
})

describe('parseConfig: invalid inputs', () => {
  const zonal = { ...base, 'availability-mode': 'zonal', 'subnet-id': SUBNET }
  const cases: [string, Record<string, string>, NodeJS.ProcessEnv, string, RegExp][] = [
    [
      'missing vpc-id',
      { 'route-table-ids': RTB_A },
      env,
      'vpc-id',
      /is required\. Example: vpc-id: vpc-0abc1234def567890/
    ],
    [
      'vpc-id too short',
      { ...base, 'vpc-id': 'vpc-123' },
      env,
      'vpc-id',
      /"vpc-123" is not a VPC ID\. Example: vpc-0abc1234def567890/
    ],
    [
      'vpc-id in upper case',
      { ...base, 'vpc-id': 'VPC-0ABC1234DEF567890' },
      env,
      'vpc-id',
      /is not a VPC ID\. Example: vpc-0abc1234def567890/
    ],
    ['malformed vpc-id', { ...base, 'vpc-id': 'vpc-xyz' }, env, 'vpc-id', /not a VPC ID.*vpc-0abc/],
    ['subnet given as vpc-id', { ...base, 'vpc-id': SUBNET }, env, 'vpc-id', /not a VPC ID/],
    [
      'missing route tables',
      { 'vpc-id': VPC },
      env,
      'route-table-ids',
      /is required: .*Example: route-table-ids: rtb-0abc1234def567890/
    ],
    [
      'malformed route table',
      { ...base, 'route-table-ids': 'rtb-123' },
      env,
      'route-table-ids',
      /not a route table ID/
    ],
    [
      'a malformed route table among good ones',
      { ...base, 'route-table-ids': `${RTB_A}, rtb-xyz` },
      env,
      'route-table-ids',
      /"rtb-xyz" is not a route table ID\. Example: rtb-0abc1234def567890/
    ],
    [
      'a subnet given as route table',
      { ...base, 'route-table-ids': SUBNET },
      env,
      'route-table-ids',
      /is not a route table ID\. Example: rtb-0abc1234def567890/
    ],
    [
      'duplicate route table',
      { ...base, 'route-table-ids': `${RTB_A}\n${RTB_A}` },
      env,
      'route-table-ids',
      /is listed twice\. List each ID once\./
    ],
    [
      'unknown mode',
      { ...base, 'availability-mode': 'multi-az' },
      env,
      'availability-mode',
      /"regional", "zonal"/
    ],
    [
      'misspelt mode',
      { ...base, 'availability-mode': 'zonel' },
      env,
      'availability-mode',
      /"zonel" is not one of "regional", "zonal"\. Example: availability-mode: regional/
    ],
    [
      'zonal without subnet',
      { ...base, 'availability-mode': 'zonal' },
      env,
      'subnet-id',
      /needs the public subnet that hosts it\. Example: subnet-id: subnet-0abc1234def567890/
    ],
    [
      'regional with subnet',
      { ...base, 'subnet-id': SUBNET },
      env,
      'subnet-id',
      /not placed in a subnet\. Remove subnet-id, or set availability-mode: zonal/
    ],
    [
      'malformed subnet',
      { ...zonal, 'subnet-id': 'subnet-1' },
      env,
      'subnet-id',
      /not a subnet ID/
    ],
    [
      'subnet too short',
      { ...zonal, 'subnet-id': 'subnet-12' },
      env,
      'subnet-id',
      /"subnet-12" is not a subnet ID\. Example: subnet-0abc1234def567890/
    ],
    [
      'regional private',
      { ...base, 'connectivity-type': 'private' },
      env,
      'connectivity-type',
      /can only be public\. Use availability-mode: zonal with subnet-id/
    ],
    [
      'unknown connectivity',
      { ...base, 'connectivity-type': 'internal' },
      env,
      'connectivity-type',
      /"public", "private"/
    ],
    [
      'unknown connectivity, zonal',
      { ...zonal, 'connectivity-type': 'internet' },
      env,
      'connectivity-type',
      /"internet" is not one of "public", "private"\. Example: connectivity-type: public/
    ],
    [
      'private with Elastic IPs',
      { ...zonal, 'connectivity-type': 'private', 'eip-allocation-ids': EIP_1 },
      env,
      'eip-allocation-ids',
      /private NAT gateway has no Elastic IPs\. Leave eip-allocation-ids empty/
    ],
    [
      'malformed allocation ID',
      { ...zonal, 'eip-allocation-ids': 'eip-123' },
      env,
      'eip-allocation-ids',
      /not an Elastic IP allocation ID/
    ],
    [
      'allocation ID too short',
      { ...zonal, 'eip-allocation-ids': 'eipalloc-zz' },
      env,
      'eip-allocation-ids',
      /"eipalloc-zz" is not an Elastic IP allocation ID\. Example: eipalloc-0abc1234def567890/
    ],
    [
      'malformed allocation ID on a zone line',
      { ...base, 'eip-allocation-ids': 'eu-west-1a: eip-123' },
      env,
      'eip-allocation-ids',
      /"eip-123" is not an Elastic IP allocation ID\. Example: eipalloc-0abc1234def567890/
    ],
    [
      'duplicate allocation ID',
      { ...zonal, 'eip-allocation-ids': `${EIP_1}, ${EIP_1}` },
      env,
      'eip-allocation-ids',
      /is listed twice\. List each ID once\./
    ],
    [
      'zonal with zone lines',
      { ...zonal, 'eip-allocation-ids': `eu-west-1a: ${EIP_1}` },
      env,
      'eip-allocation-ids',
      /plain list of allocation IDs, not zone lines\. Example: eip-allocation-ids: eipalloc-0abc1234def567890/
    ],
    [
      'regional list without zone',
      { ...base, 'eip-allocation-ids': EIP_1 },
      env,
      'eip-allocation-ids',
      /names no zone.*Example, one line per zone: "eu-west-1a: eipalloc-/
    ],
    [
      'regional zone of another Region',
      { ...base, 'eip-allocation-ids': `us-east-1a: ${EIP_1}` },
      env,
      'eip-allocation-ids',
      /zone "us-east-1a" is not in the Region eu-west-1\. Example, one line per zone: "eu-west-1a: /
    ],
    [
      'regional bad zone',
      { ...base, 'eip-allocation-ids': `west: ${EIP_1}` },
      env,
      'eip-allocation-ids',
      /neither a zone name nor a zone ID/
    ],
    [
      'regional zone that is no zone',
      { ...base, 'eip-allocation-ids': `zone-a: ${EIP_1}` },
      env,
      'eip-allocation-ids',
      /"zone-a" is neither a zone name nor a zone ID\. Use a name like eu-west-1a or an ID like euw1-az1/
    ],
    [
      'regional zone with no IDs',
      { ...base, 'eip-allocation-ids': 'eu-west-1a:' },
      env,
      'eip-allocation-ids',
      /has no allocation IDs/
    ],
    [
      'regional second zone with no IDs',
      { ...base, 'eip-allocation-ids': `eu-west-1a: ${EIP_1}\neu-west-1b:` },
      env,
      'eip-allocation-ids',
      /zone "eu-west-1b" has no allocation IDs\. Example, one line per zone/
    ],
    [
      'regional zone twice',
      { ...base, 'eip-allocation-ids': `eu-west-1a: ${EIP_1}\neu-west-1a: ${EIP_2}` },
      env,
      'eip-allocation-ids',
      /zone "eu-west-1a" is listed twice\. Put all of its IDs on one line\./
    ],
    [
      'regional address in two zones',
      { ...base, 'eip-allocation-ids': `eu-west-1a: ${EIP_1}\neu-west-1b: ${EIP_1}` },
      env,
      'eip-allocation-ids',
      /is listed in more than one zone\. Each address serves one zone\./
    ],
    [
      'tag without =',
      { ...base, tags: 'team' },
      env,
      'tags',
      /"team" is not key=value\. Example: tags: \|/
    ],
    [
      'tag with aws: prefix',
      { ...base, tags: 'aws:owner=me' },
      env,
      'tags',
      /tag key "aws:owner" uses the prefix "aws:", which AWS reserves/
    ],
    [
      'Name tag',
      { ...base, tags: 'Name=x' },
      env,
      'tags',
      /tag key "Name" is set by the action itself\. Use the input `name` instead\./
    ],
    [
      'ownership tag',
      { ...base, tags: 'ensure-nat-gateway:managed=false' },
      env,
      'tags',
      /set by the action/
    ],
    [
      'tag key over 128',
      { ...base, tags: `${'k'.repeat(129)}=v` },
      env,
      'tags',
      /has 129 characters; at most 128/
    ],
    [
      'tag value over 256',
      { ...base, tags: `k=${'v'.repeat(257)}` },
      env,
      'tags',
      /257 characters; at most 256/
    ],
    [
      'named tag value over 256',
      { ...base, tags: `team=${'v'.repeat(257)}` },
      env,
      'tags',
      /the value of tag "team" has 257 characters; at most 256/
    ],
    [
      'too many tags',
      { ...base, tags: Array.from({ length: 48 }, (_, i) => `k${i}=v`).join('\n') },
      env,
      'tags',
      /48 tags given; at most 44/
    ],
    ['duplicate tag key', { ...base, tags: 'a=1\na=2' }, env, 'tags', /given twice/],
    [
      'name over 256',
      { ...base, name: 'n'.repeat(257) },
      env,
      'name',
      /has 257 characters; a tag value takes at most 256/
    ],
    [
      'bad CIDR',
      { ...base, 'destination-cidr': '0.0.0.0' },
      env,
      'destination-cidr',
      /not a CIDR block/
    ],
    [
      'a word for a CIDR',
      { ...base, 'destination-cidr': 'internet' },
      env,
      'destination-cidr',
      /"internet" is not a CIDR block\. Example: destination-cidr: 0\.0\.0\.0\/0/
    ],
    [
      'CIDR with host bits',
      { ...base, 'destination-cidr': '10.1.2.3/8' },
      env,
      'destination-cidr',
      /has host bits set\. Did you mean 10\.0\.0\.0\/8\?/
    ],
    [
      'CIDR prefix too long',
      { ...base, 'destination-cidr': '10.0.0.0/33' },
      env,
      'destination-cidr',
      /not a CIDR block/
    ],
    [
      'CIDR 0.0.0.0 with a prefix too long',
      { ...base, 'destination-cidr': '0.0.0.0/33' },
      env,
      'destination-cidr',
      /"0\.0\.0\.0\/33" is not a CIDR block\. Example: destination-cidr: 0\.0\.0\.0\/0/
    ],
    [
      'unknown route-conflict',
      { ...base, 'route-conflict': 'ignore' },
      env,
      'route-conflict',
      /"fail", "replace"/
    ],
    [
      'route-conflict overwrite',
      { ...base, 'route-conflict': 'overwrite' },
      env,
      'route-conflict',
      /"overwrite" is not one of "fail", "replace"\. Example: route-conflict: fail/
    ],
    [
      'timeout not a number',
      { ...base, 'wait-timeout-seconds': 'ten' },
      env,
      'wait-timeout-seconds',
      /"ten" is not a whole number of seconds from 1 to 21600\. Example: wait-timeout-seconds: 600/
    ],
    [
      'timeout zero',
      { ...base, 'wait-timeout-seconds': '0' },
      env,
      'wait-timeout-seconds',
      /from 1 to 21600\. Example: wait-timeout-seconds: 600/
    ],
    [
      'timeout over six hours',
      { ...base, 'wait-timeout-seconds': '21601' },
      env,
      'wait-timeout-seconds',
      /from 1 to 21600\. Example: wait-timeout-seconds: 600/
    ],
    [
      'fractional timeout',
      { ...base, 'wait-timeout-seconds': '1.5' },
      env,
      'wait-timeout-seconds',
      /"1\.5" is not a whole number of seconds.*Example: wait-timeout-seconds: 600/
    ],
    [
      'no region',
      base,
      {},
      'region',
      /no AWS Region is set.*Set `aws-region` on aws-actions\/configure-aws-credentials, or `region: eu-west-1`/
    ],
    [
      'drain zero',
      { ...base, 'max-drain-duration-seconds': '0' },
      env,
      'max-drain-duration-seconds',
      /"0" is not a whole number of seconds from 1 to 4000\. Example: max-drain-duration-seconds: 350/
    ],
    [
      'drain over 4000',
      { ...base, 'max-drain-duration-seconds': '4001' },
      env,
      'max-drain-duration-seconds',
      /from 1 to 4000/
    ],
    [
      'drain not a number',
      { ...base, 'max-drain-duration-seconds': '5m' },
      env,
      'max-drain-duration-seconds',
      /"5m" is not a whole number/
    ],
    ['no region', base, {}, 'region', /no AWS Region is set/],
    ['unknown state', { ...base, state: 'deleted' }, env, 'state', /"present", "absent"/],
    [
      'bad boolean',
      { ...base, 'dry-run': 'yes' },
      env,
      'dry-run',
      /"yes" is not a boolean\. Use true or false, e\.g\. dry-run: true/
    ],
    [
      'bad boolean for the S3 endpoint',
      { ...base, 's3-gateway-endpoint': '1' },
      env,
      's3-gateway-endpoint',
      /"1" is not a boolean\. Use true or false/
    ],
    [
      'zone addresses wait on a zonal gateway',
      { ...zonal, 'wait-for-zone-addresses': 'true' },
      env,
      'wait-for-zone-addresses',
      /regional gateway with automatic/
    ],
    ...(['32', '-1', '1.5', 'two'].map(raw => [
      `secondary-private-ip-count ${raw}`,
      { ...zonal, 'connectivity-type': 'private', 'secondary-private-ip-count': raw },
      env,
      'secondary-private-ip-count',
      new RegExp(
        `"${raw.replace('.', '\\.')}" is not a whole number from 0 to 31\\. Example: secondary-private-ip-count: 2 \\(with connectivity-type: private\\)`
      )
    ]) as [string, Record<string, string>, NodeJS.ProcessEnv, string, RegExp][]),
    [
      'secondary private IPs on a public gateway',
      { ...zonal, 'secondary-private-ip-count': '2' },
      env,
      'secondary-private-ip-count',
      /applies to a private NAT gateway only.*Set connectivity-type: private, or remove secondary-private-ip-count/
    ],
    [
      'secondary private IPs on a regional gateway',
      { ...base, 'secondary-private-ip-count': '2' },
      env,
      'secondary-private-ip-count',
      /a regional NAT gateway is public only.*Set availability-mode: zonal, connectivity-type: private and subnet-id/
    ],
    ['malformed region', { ...base, region: 'Ireland' }, env, 'region', /not an AWS Region code/],
    [
      'Region without its number',
      { ...base, region: 'eu-west' },
      env,
      'region',
      /"eu-west" is not an AWS Region code\. Example: region: eu-west-1/
    ]
  ]

  it.each(cases)('rejects %s', (_, inputs, environment, subject, message) => {
    const problems = problemsOf(inputs, environment).filter(p => p.subject === subject)
    expect(problems.map(formatProblem)).toContainEqual(expect.stringMatching(message))
  })

  it('reports every problem at once', () => {
    const problems = problemsOf(
      { 'vpc-id': 'vpc-1', 'route-table-ids': 'rtb-1', 'wait-timeout-seconds': 'x' },
      {}
    )
    expect(problems.map(p => p.subject).sort()).toEqual([
      'region',
      'route-table-ids',
      'vpc-id',
      'wait-timeout-seconds'
    ])
  })

  it('shows a valid example in the error message', () => {
    expect(() => parse({ ...base, 'vpc-id': 'vpc-1' })).toThrow(
      /vpc-id: "vpc-1" is not a VPC ID. Example: vpc-0abc1234def567890/
    )
  })
})

describe('splitList', () => {
  it('drops empty items', () => {
    expect(splitList(' a,, b \n\n c ')).toEqual(['a', 'b', 'c'])
  })
})

describe("destination-cidr in EC2's canonical form", () => {
  const destination = (cidr: string) => {
    const inputs: Record<string, string> = {
      'vpc-id': VPC,
      'route-table-ids': 'rtb-0abc1234def567890',
      'destination-cidr': cidr
    }
    return parseConfig(name => inputs[name] ?? '', { AWS_REGION: 'eu-west-1' }).destination
  }

  it.each([
    ['0.0.0.0/00', '0.0.0.0/0', 'ipv4'],
    [' 10.0.0.0/8', '10.0.0.0/8', 'ipv4'],
    ['64:FF9B::/96', '64:ff9b::/96', 'ipv6'],
    ['0064:ff9b:0000:0000:0000:0000:0000:0000/96', '64:ff9b::/96', 'ipv6'],
    ['0:0:0:0:0:0:0:0/0', '::/0', 'ipv6'],
    ['::/000', '::/0', 'ipv6'],
    ['2001:DB8:0:0:1:0:0:0/80', '2001:db8:0:0:1::/80', 'ipv6'],
    ['2001:db8:0:1:0:0:0:0/64', '2001:db8:0:1::/64', 'ipv6'],
    ['2001:db8::0:1:0:0/96', '2001:db8::1:0:0/96', 'ipv6'],
    ['::ffff:10.0.0.0/104', '::ffff:a00:0/104', 'ipv6']
  ])('%s is written %s', (input, cidr, family) => {
    expect(destination(input)).toEqual({ cidr, family })
  })

  it.each([
    [
      '010.0.0.0/8',
      /"010\.0\.0\.0\/8" is not a CIDR block\. Example: destination-cidr: 0\.0\.0\.0\/0/
    ],
    ['2001:db8::1/32', /"2001:db8::1\/32" has host bits set\. Did you mean 2001:db8::\/32\?/],
    ['64:ff9b::1:2/96', /has host bits set\. Did you mean 64:ff9b::\/96\?/],
    ['1:2:3:4:5:6:7:8:9/128', /is not a CIDR block/],
    ['1::2::3/64', /is not a CIDR block/],
    ['::/129', /is not a CIDR block/],
    ['::g/128', /is not a CIDR block/]
  ])('%s is refused', (input, message) => {
    expect(() => destination(input)).toThrow(message)
  })
})
