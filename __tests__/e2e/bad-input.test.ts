/**
 * Bad inputs through dist/index.js, as the runner starts it: every case fails the step (exit 1)
 * with an error that names the input or the resource and shows what a valid value looks like,
 * and writes nothing (no call other than Describe* in the emulator's log; on moto, the world is
 * unchanged). Each emulator case gets its own emulator, so the cases run concurrently.
 */
import { describe, expect, it, jest } from '@jest/globals'
import {
  AllocateAddressCommand,
  CreateInternetGatewayCommand,
  CreateNatGatewayCommand,
  CreateRouteCommand,
  CreateSubnetCommand,
  DescribeAddressesCommand,
  DescribeNatGatewaysCommand,
  DescribeRouteTablesCommand
} from '@aws-sdk/client-ec2'
import { startEmulator } from '../../emulator/server.ts'
import { type SampleVpc, seedSampleVpc } from '../../emulator/seed.ts'
import type { World } from '../../emulator/state.ts'
import { createNetwork, describeWithMoto, type MotoNetwork } from './moto.js'
import { errorText, runAction } from './harness.js'
import { TEST_TIMEOUT_MS } from '../timeouts.js'

jest.setTimeout(TEST_TIMEOUT_MS)

const REGION = 'eu-west-1'
const OURS = [{ Key: 'ensure-nat-gateway:managed', Value: 'true' }]
/** Well-formed IDs that exist nowhere. */
const UNKNOWN = {
  vpc: 'vpc-0123456789abcdef0',
  subnet: 'subnet-0123456789abcdef0',
  rtb: 'rtb-0123456789abcdef0',
  eipalloc: 'eipalloc-0123456789abcdef0'
}

/** IDs a case adds to the sample world. */
type Extra = Record<string, string>

interface Case {
  name: string
  setup?: (world: World, s: SampleVpc) => Extra
  inputs: (s: SampleVpc, x: Extra) => Record<string, string>
  env?: Record<string, string>
  /** The input name or the resource ID the error must name. */
  subject: (s: SampleVpc, x: Extra) => string
  /** What a valid value looks like, or how to fix it, in the same problem line. */
  hint: RegExp
}

const regional = (s: SampleVpc, extra: Record<string, string> = {}) => ({
  'vpc-id': s.vpcId,
  'route-table-ids': `${s.privateRouteTableIds.a}, ${s.privateRouteTableIds.b}`,
  ...extra
})
const zonal = (s: SampleVpc, extra: Record<string, string> = {}) =>
  regional(s, { 'availability-mode': 'zonal', 'subnet-id': s.publicSubnetIds.a, ...extra })
const input = (name: string) => () => name
const ids = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => `${prefix}-${String(i).padStart(17, '0')}`)

/** Another VPC with an internet gateway, a public subnet and a private route table. */
function otherVpc(world: World): Extra {
  const { vpcId, internetGatewayId } = world.addVpc({
    cidr: '10.1.0.0/16',
    withInternetGateway: true
  })
  const subnet = world.addSubnet(vpcId, 'a', { public: true })
  world.addRouteTable(vpcId, {
    subnetIds: [subnet],
    routes: [{ destination: '0.0.0.0/0', gatewayId: internetGatewayId as string }]
  })
  return { vpcId, subnet, table: world.addRouteTable(vpcId) }
}

/** A NAT gateway with our tags (or none), as a run of the action (or someone else) made it. */
function gateway(
  world: World,
  spec: Parameters<World['addNatGateway']>[0],
  name: string,
  owned = true
): string {
  return world.addNatGateway({
    ...spec,
    tags: [...(owned ? OURS : []), { Key: 'Name', Value: name }]
  })
}

const cases: Case[] = [
  // ---- malformed IDs, of every kind ----
  {
    name: 'vpc-id too short',
    inputs: s => regional(s, { 'vpc-id': 'vpc-123' }),
    subject: input('vpc-id'),
    hint: /Example: vpc-0abc1234def567890/
  },
  {
    name: 'vpc-id in upper case',
    inputs: s => regional(s, { 'vpc-id': 'VPC-0ABC1234DEF567890' }),
    subject: input('vpc-id'),
    hint: /Example: vpc-0abc1234def567890/
  },
  {
    name: 'vpc-id missing',
    inputs: s => regional(s, { 'vpc-id': '' }),
    subject: input('vpc-id'),
    hint: /Example: vpc-id: vpc-0abc1234def567890/
  },
  {
    name: 'route-table-ids with a malformed ID',
    inputs: s => regional(s, { 'route-table-ids': `${s.privateRouteTableIds.a}, rtb-xyz` }),
    subject: input('route-table-ids'),
    hint: /"rtb-xyz" is not a route table ID\. Example: rtb-0abc1234def567890/
  },
  {
    name: 'route-table-ids with a subnet ID',
    inputs: s => regional(s, { 'route-table-ids': s.privateSubnetIds.a }),
    subject: input('route-table-ids'),
    hint: /Example: rtb-0abc1234def567890/
  },
  {
    name: 'route-table-ids missing',
    inputs: s => regional(s, { 'route-table-ids': '' }),
    subject: input('route-table-ids'),
    hint: /Example: route-table-ids: rtb-0abc1234def567890/
  },
  {
    name: 'subnet-id malformed',
    inputs: s => zonal(s, { 'subnet-id': 'subnet-12' }),
    subject: input('subnet-id'),
    hint: /Example: subnet-0abc1234def567890/
  },
  {
    name: 'zonal eip-allocation-ids malformed',
    inputs: s => zonal(s, { 'eip-allocation-ids': 'eipalloc-zz' }),
    subject: input('eip-allocation-ids'),
    hint: /Example: eipalloc-0abc1234def567890/
  },
  {
    name: 'regional eip-allocation-ids with a malformed ID',
    inputs: s => regional(s, { 'eip-allocation-ids': 'eu-west-1a: eip-123' }),
    subject: input('eip-allocation-ids'),
    hint: /Example: eipalloc-0abc1234def567890/
  },
  // ---- well-formed IDs that do not exist ----
  {
    name: 'unknown VPC',
    inputs: s => regional(s, { 'vpc-id': UNKNOWN.vpc }),
    subject: input('vpc-id'),
    hint: new RegExp(`${UNKNOWN.vpc} was not found in eu-west-1\\. Check the ID, the Region`)
  },
  {
    name: 'unknown route table',
    inputs: s => regional(s, { 'route-table-ids': `${s.privateRouteTableIds.a}, ${UNKNOWN.rtb}` }),
    subject: () => UNKNOWN.rtb,
    hint: /was not found in eu-west-1\. Check route-table-ids and the Region\./
  },
  {
    name: 'unknown subnet',
    inputs: s => zonal(s, { 'subnet-id': UNKNOWN.subnet }),
    subject: input('subnet-id'),
    hint: /subnet-0123456789abcdef0 was not found in eu-west-1\. Name a public subnet of vpc-/
  },
  {
    name: 'unknown allocation ID (zonal)',
    inputs: s => zonal(s, { 'eip-allocation-ids': UNKNOWN.eipalloc }),
    subject: input('eip-allocation-ids'),
    hint: /eipalloc-0123456789abcdef0 was not found in eu-west-1\. Name Elastic IPs allocated in this account/
  },
  {
    name: 'unknown allocation ID (regional)',
    inputs: s => regional(s, { 'eip-allocation-ids': `eu-west-1a: ${UNKNOWN.eipalloc}` }),
    subject: input('eip-allocation-ids'),
    hint: /eipalloc-0123456789abcdef0 was not found in eu-west-1\. Name Elastic IPs/
  },
  // ---- resources of another VPC ----
  {
    name: 'route table of another VPC',
    setup: otherVpc,
    inputs: (s, x) => regional(s, { 'route-table-ids': `${s.privateRouteTableIds.a}, ${x.table}` }),
    subject: (_, x) => x.table as string,
    hint: /belongs to vpc-\w+, not to vpc-\w+\. Name only route tables of vpc-/
  },
  {
    name: 'subnet of another VPC',
    setup: otherVpc,
    inputs: (s, x) => zonal(s, { 'subnet-id': x.subnet as string }),
    subject: input('subnet-id'),
    hint: /belongs to vpc-\w+, not to vpc-\w+\. Name a public subnet of vpc-/
  },
  // ---- mode, connectivity and addresses that do not go together ----
  {
    name: 'zonal without subnet-id',
    inputs: s => zonal(s, { 'subnet-id': '' }),
    subject: input('subnet-id'),
    hint: /needs the public subnet that hosts it\. Example: subnet-id: subnet-0abc1234def567890/
  },
  {
    name: 'regional with subnet-id',
    inputs: s => regional(s, { 'subnet-id': s.publicSubnetIds.a }),
    subject: input('subnet-id'),
    hint: /not placed in a subnet\. Remove subnet-id, or set availability-mode: zonal/
  },
  {
    name: 'regional with private connectivity',
    inputs: s => regional(s, { 'connectivity-type': 'private' }),
    subject: input('connectivity-type'),
    hint: /can only be public\. Use availability-mode: zonal with subnet-id/
  },
  {
    name: 'private with Elastic IPs',
    inputs: s =>
      zonal(s, { 'connectivity-type': 'private', 'eip-allocation-ids': s.allocationIds[0] ?? '' }),
    subject: input('eip-allocation-ids'),
    hint: /private NAT gateway has no Elastic IPs\. Leave eip-allocation-ids empty/
  },
  {
    name: 'zonal with zone lines',
    inputs: s => zonal(s, { 'eip-allocation-ids': `eu-west-1a: ${s.allocationIds[0]}` }),
    subject: input('eip-allocation-ids'),
    hint: /Example: eip-allocation-ids: eipalloc-0abc1234def567890/
  },
  {
    name: 'regional with a plain list',
    inputs: s => regional(s, { 'eip-allocation-ids': s.allocationIds[0] ?? '' }),
    subject: input('eip-allocation-ids'),
    hint: /names no zone.*Example, one line per zone: "eu-west-1a: eipalloc-/
  },
  {
    name: 'Elastic IP associated elsewhere (zonal)',
    setup: (world, s) => ({ association: world.associateAddress(s.allocationIds[0] as string) }),
    inputs: s => zonal(s, { 'eip-allocation-ids': s.allocationIds[0] ?? '' }),
    subject: input('eip-allocation-ids'),
    hint: /eipalloc-\w+ \(203\.0\.113\.1\) is already associated with eni-\w+.*Name a free Elastic IP, or disassociate this one first\./
  },
  {
    name: 'Elastic IP associated elsewhere (regional)',
    setup: (world, s) => ({ association: world.associateAddress(s.allocationIds[1] as string) }),
    inputs: s =>
      regional(s, {
        'eip-allocation-ids': `eu-west-1a: ${s.allocationIds[0]}\neu-west-1b: ${s.allocationIds[1]}`
      }),
    subject: input('eip-allocation-ids'),
    hint: /eipalloc-\w+ \(203\.0\.113\.2\) is already associated with eni-\w+.*Name a free Elastic IP/
  },
  // ---- duplicates ----
  {
    name: 'duplicate route table IDs',
    inputs: s =>
      regional(s, {
        'route-table-ids': `${s.privateRouteTableIds.a}\n${s.privateRouteTableIds.a}`
      }),
    subject: input('route-table-ids'),
    hint: /is listed twice\. List each ID once\./
  },
  {
    name: 'duplicate allocation IDs (zonal)',
    inputs: s => zonal(s, { 'eip-allocation-ids': `${s.allocationIds[0]}, ${s.allocationIds[0]}` }),
    subject: input('eip-allocation-ids'),
    hint: /is listed twice\. List each ID once\./
  },
  {
    name: 'one allocation ID in two zones',
    inputs: s =>
      regional(s, {
        'eip-allocation-ids': `eu-west-1a: ${s.allocationIds[0]}\neu-west-1b: ${s.allocationIds[0]}`
      }),
    subject: input('eip-allocation-ids'),
    hint: /is listed in more than one zone\. Each address serves one zone\./
  },
  {
    name: 'one zone on two lines',
    inputs: s =>
      regional(s, {
        'eip-allocation-ids': `eu-west-1a: ${s.allocationIds[0]}\neu-west-1a: ${s.allocationIds[1]}`
      }),
    subject: input('eip-allocation-ids'),
    hint: /zone "eu-west-1a" is listed twice\. Put all of its IDs on one line\./
  },
  // ---- zones ----
  {
    name: 'unknown zone name in the Region',
    inputs: s => regional(s, { 'eip-allocation-ids': `eu-west-1z: ${s.allocationIds[0]}` }),
    subject: input('eip-allocation-ids'),
    hint: /"eu-west-1z" is not an availability zone of eu-west-1\. Zones there: eu-west-1a \(euw1-az1\)/
  },
  {
    name: 'unknown zone ID',
    inputs: s => regional(s, { 'eip-allocation-ids': `euw1-az9: ${s.allocationIds[0]}` }),
    subject: input('eip-allocation-ids'),
    hint: /"euw1-az9" is not an availability zone of eu-west-1\. Zones there: eu-west-1a \(euw1-az1\)/
  },
  {
    name: 'zone of another Region',
    inputs: s => regional(s, { 'eip-allocation-ids': `us-east-1a: ${s.allocationIds[0]}` }),
    subject: input('eip-allocation-ids'),
    hint: /zone "us-east-1a" is not in the Region eu-west-1\. Example, one line per zone: "eu-west-1a: /
  },
  {
    name: 'not a zone at all',
    inputs: s => regional(s, { 'eip-allocation-ids': `zone-a: ${s.allocationIds[0]}` }),
    subject: input('eip-allocation-ids'),
    hint: /neither a zone name nor a zone ID\. Use a name like eu-west-1a or an ID like euw1-az1/
  },
  {
    name: 'zone line with no IDs',
    inputs: s =>
      regional(s, { 'eip-allocation-ids': `eu-west-1a: ${s.allocationIds[0]}\neu-west-1b:` }),
    subject: input('eip-allocation-ids'),
    hint: /zone "eu-west-1b" has no allocation IDs\. Example, one line per zone/
  },
  // ---- limits ----
  {
    name: 'zonal with 9 Elastic IPs',
    inputs: s => zonal(s, { 'eip-allocation-ids': ids('eipalloc', 9).join(', ') }),
    subject: input('eip-allocation-ids'),
    hint: /9 Elastic IPs given; a zonal NAT gateway takes at most 8 \(one primary, seven secondary\)/
  },
  {
    name: 'regional with 33 Elastic IPs in a zone',
    inputs: s =>
      regional(s, { 'eip-allocation-ids': `eu-west-1a: ${ids('eipalloc', 33).join(', ')}` }),
    subject: input('eip-allocation-ids'),
    hint: /has 33 Elastic IPs; a regional NAT gateway takes at most 32 per zone/
  },
  {
    name: 'name over 256 characters',
    inputs: s => regional(s, { name: 'n'.repeat(257) }),
    subject: input('name'),
    hint: /has 257 characters; a tag value takes at most 256/
  },
  // ---- destination ----
  {
    name: 'destination-cidr prefix over 32',
    inputs: s => regional(s, { 'destination-cidr': '0.0.0.0/33' }),
    subject: input('destination-cidr'),
    hint: /"0\.0\.0\.0\/33" is not a CIDR block\. Example: destination-cidr: 0\.0\.0\.0\/0/
  },
  {
    name: 'destination-cidr not a CIDR',
    inputs: s => regional(s, { 'destination-cidr': 'internet' }),
    subject: input('destination-cidr'),
    hint: /is not a CIDR block\. Example: destination-cidr: 0\.0\.0\.0\/0/
  },
  {
    name: 'destination-cidr with host bits',
    inputs: s => regional(s, { 'destination-cidr': '10.1.2.3/8' }),
    subject: input('destination-cidr'),
    hint: /has host bits set\. Did you mean 10\.0\.0\.0\/8\?/
  },
  // ---- tags ----
  {
    name: 'tag with the aws: prefix',
    inputs: s => regional(s, { tags: 'aws:owner=me' }),
    subject: input('tags'),
    hint: /tag key "aws:owner" uses the prefix "aws:", which AWS reserves/
  },
  {
    name: 'tag key over 128 characters',
    inputs: s => regional(s, { tags: `${'k'.repeat(129)}=v` }),
    subject: input('tags'),
    hint: /has 129 characters; at most 128/
  },
  {
    name: 'tag value over 256 characters',
    inputs: s => regional(s, { tags: `team=${'v'.repeat(257)}` }),
    subject: input('tags'),
    hint: /the value of tag "team" has 257 characters; at most 256/
  },
  {
    name: '48 user tags',
    inputs: s => regional(s, { tags: Array.from({ length: 48 }, (_, i) => `k${i}=v`).join('\n') }),
    subject: input('tags'),
    hint: /48 tags given; at most 47 \(EC2 allows 50, the action sets the rest\)/
  },
  {
    name: 'tag that is not key=value',
    inputs: s => regional(s, { tags: 'team' }),
    subject: input('tags'),
    hint: /"team" is not key=value\. Example: tags: \|/
  },
  {
    name: 'tag Name set by hand',
    inputs: s => regional(s, { tags: 'Name=x' }),
    subject: input('tags'),
    hint: /tag key "Name" is set by the action itself\. Use the input `name` instead\./
  },
  // ---- numbers, enums, booleans, Region ----
  {
    name: 'wait-timeout-seconds not a number',
    inputs: s => regional(s, { 'wait-timeout-seconds': 'ten' }),
    subject: input('wait-timeout-seconds'),
    hint: /"ten" is not a whole number of seconds from 1 to 21600\. Example: wait-timeout-seconds: 600/
  },
  {
    name: 'wait-timeout-seconds 0',
    inputs: s => regional(s, { 'wait-timeout-seconds': '0' }),
    subject: input('wait-timeout-seconds'),
    hint: /Example: wait-timeout-seconds: 600/
  },
  {
    name: 'wait-timeout-seconds over six hours',
    inputs: s => regional(s, { 'wait-timeout-seconds': '21601' }),
    subject: input('wait-timeout-seconds'),
    hint: /Example: wait-timeout-seconds: 600/
  },
  {
    name: 'wait-timeout-seconds fractional',
    inputs: s => regional(s, { 'wait-timeout-seconds': '1.5' }),
    subject: input('wait-timeout-seconds'),
    hint: /Example: wait-timeout-seconds: 600/
  },
  {
    name: 'availability-mode misspelt',
    inputs: s => regional(s, { 'availability-mode': 'zonel' }),
    subject: input('availability-mode'),
    hint: /"zonel" is not one of "regional", "zonal"\. Example: availability-mode: regional/
  },
  {
    name: 'connectivity-type unknown',
    inputs: s => zonal(s, { 'connectivity-type': 'internet' }),
    subject: input('connectivity-type'),
    hint: /"internet" is not one of "public", "private"\. Example: connectivity-type: public/
  },
  {
    name: 'route-conflict unknown',
    inputs: s => regional(s, { 'route-conflict': 'overwrite' }),
    subject: input('route-conflict'),
    hint: /"overwrite" is not one of "fail", "replace"\. Example: route-conflict: fail/
  },
  {
    name: 'dry-run: yes',
    inputs: s => regional(s, { 'dry-run': 'yes' }),
    subject: input('dry-run'),
    hint: /"yes" is not a boolean\. Use true or false, e\.g\. dry-run: true/
  },
  {
    name: 's3-gateway-endpoint: 1',
    inputs: s => regional(s, { 's3-gateway-endpoint': '1' }),
    subject: input('s3-gateway-endpoint'),
    hint: /"1" is not a boolean\. Use true or false/
  },
  {
    name: 'no region',
    inputs: s => regional(s),
    env: { AWS_REGION: '' },
    subject: input('region'),
    hint: /no AWS Region is set.*Set `aws-region` on aws-actions\/configure-aws-credentials, or `region: eu-west-1`/
  },
  {
    name: 'region malformed',
    inputs: s => regional(s, { region: 'eu-west' }),
    subject: input('region'),
    hint: /"eu-west" is not an AWS Region code\. Example: region: eu-west-1/
  },
  // ---- the world forbids the change ----
  {
    name: 'route conflict with route-conflict: fail',
    setup: (world, s) => {
      const other = world.addNatGateway({
        subnetId: s.publicSubnetIds.b,
        allocationIds: [s.allocationIds[2] as string]
      })
      const table = world.addRouteTable(s.vpcId, {
        routes: [{ destination: '0.0.0.0/0', natGatewayId: other }]
      })
      return { other, table }
    },
    inputs: (s, x) => regional(s, { 'route-table-ids': `${s.privateRouteTableIds.a}, ${x.table}` }),
    subject: (_, x) => x.table as string,
    hint: /already routes 0\.0\.0\.0\/0 to nat-\w+\. Set route-conflict: replace/
  },
  {
    name: 'the public subnet\u2019s own route table listed (zonal)',
    inputs: s => zonal(s, { 'route-table-ids': s.publicRouteTableId }),
    subject: s => s.publicRouteTableId,
    hint: /routes subnet-\w+, the subnet that hosts the NAT gateway.*Name the route tables of the private subnets only/
  },
  {
    name: 'zonal subnet with no route to an internet gateway',
    inputs: s =>
      zonal(s, { 'subnet-id': s.privateSubnetIds.a, 'route-table-ids': s.privateRouteTableIds.b }),
    subject: input('subnet-id'),
    hint: /is not a public subnet: rtb-\w+ has no 0\.0\.0\.0\/0 route to an internet gateway.*Name a public subnet, or add that route first/
  },
  {
    name: 'public gateway in a VPC with no internet gateway',
    setup: world => {
      const { vpcId } = world.addVpc({ cidr: '10.2.0.0/16' })
      const subnet = world.addSubnet(vpcId, 'a')
      return { vpcId, table: world.addRouteTable(vpcId, { subnetIds: [subnet] }) }
    },
    inputs: (_, x) => ({ 'vpc-id': x.vpcId as string, 'route-table-ids': x.table as string }),
    subject: input('vpc-id'),
    hint: /has no internet gateway attached; a public NAT gateway needs one.*Attach an internet gateway to the VPC first/
  },
  {
    name: 'our gateway exists in the other mode',
    setup: (world, s) => ({
      existing: gateway(
        world,
        { subnetId: s.publicSubnetIds.a, allocationIds: [s.allocationIds[0] as string] },
        `nat-regional-${s.vpcId}`
      )
    }),
    inputs: s => regional(s),
    subject: (_, x) => x.existing as string,
    hint: /its availability mode is zonal, the inputs ask for regional.*A NAT gateway cannot be changed in place: set the inputs to match it, give the new gateway another `name`/
  },
  {
    name: 'our gateway exists in another subnet',
    setup: (world, s) => ({
      existing: gateway(
        world,
        { subnetId: s.publicSubnetIds.b, allocationIds: [s.allocationIds[0] as string] },
        `nat-${s.publicSubnetIds.a}`
      )
    }),
    inputs: s => zonal(s),
    subject: (_, x) => x.existing as string,
    hint: /it is in subnet-\w+, the inputs ask for subnet-\w+.*cannot be changed in place/
  },
  {
    name: 'our gateway exists with private connectivity',
    setup: (world, s) => ({
      existing: gateway(
        world,
        { subnetId: s.publicSubnetIds.a, connectivityType: 'private' },
        `nat-${s.publicSubnetIds.a}`
      )
    }),
    inputs: s => zonal(s),
    subject: (_, x) => x.existing as string,
    hint: /its connectivity is private, the inputs ask for public.*cannot be changed in place/
  },
  {
    name: 'our gateway exists with other Elastic IPs',
    setup: (world, s) => ({
      existing: gateway(
        world,
        { subnetId: s.publicSubnetIds.a, allocationIds: [s.allocationIds[0] as string] },
        `nat-${s.publicSubnetIds.a}`
      )
    }),
    inputs: s => zonal(s, { 'eip-allocation-ids': s.allocationIds[1] ?? '' }),
    subject: (_, x) => x.existing as string,
    hint: /it does not use the Elastic IPs eipalloc-\w+ from eip-allocation-ids.*cannot be changed in place/
  }
]

async function runCase(c: Case) {
  const emu = await startEmulator({ region: REGION, provisioningMs: 200, seed: seedSampleVpc })
  try {
    const s = emu.seed as SampleVpc
    const x = c.setup?.(emu.world, s) ?? {}
    emu.clearCalls()
    const run = await runAction(c.inputs(s, x), {
      AWS_ENDPOINT_URL_EC2: emu.endpoint,
      AWS_REGION: REGION,
      ...c.env
    })
    return { run, subject: c.subject(s, x), writes: emu.writes().map(w => w.action) }
  } finally {
    await emu.close()
  }
}

/** The problem line (`  - subject: message fix`) of the error that names the subject. */
function problemLine(error: string, subject: string): string | undefined {
  return error.split('\n').find(line => line.startsWith(`  - ${subject}: `))
}

describe('dist/index.js refuses bad inputs and writes nothing (emulator)', () => {
  it('has at least 40 distinct cases', () => {
    expect(new Set(cases.map(c => c.name)).size).toBe(cases.length)
    expect(cases.length).toBeGreaterThanOrEqual(40)
  })

  it.concurrent.each(cases.map(c => [c.name, c] as const))('%s', async (_, c) => {
    const { run, subject, writes } = await runCase(c)
    const error = errorText(run)
    expect({ exitCode: run.exitCode, writes }).toEqual({ exitCode: 1, writes: [] })
    expect(error).toMatch(/nothing was changed\./)
    const line = problemLine(error, subject)
    expect({ line, error }).toEqual({ line: expect.stringMatching(c.hint), error })
    expect(run.outputs).toEqual({})
  })
})

/** The cases moto can express (zonal, AWS calls), built with the SDK. */
describeWithMoto('dist/index.js refuses bad inputs and writes nothing (moto)', moto => {
  const network = (withInternetGateway = true) =>
    createNetwork(moto.ec2, { withInternetGateway, privateSubnets: 1 })

  const allocate = async () =>
    (await moto.ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }))).AllocationId!

  /** What a write would change: gateways, addresses, routes. */
  async function snapshot(): Promise<string> {
    const [gateways, addresses, tables] = await Promise.all([
      moto.ec2.send(new DescribeNatGatewaysCommand({})),
      moto.ec2.send(new DescribeAddressesCommand({})),
      moto.ec2.send(new DescribeRouteTablesCommand({}))
    ])
    return JSON.stringify({
      gateways: (gateways.NatGateways ?? []).map(g => [g.NatGatewayId, g.State]),
      addresses: (addresses.Addresses ?? []).map(a => [a.AllocationId, a.AssociationId]),
      routes: (tables.RouteTables ?? []).map(t => [t.RouteTableId, t.Routes])
    })
  }

  interface MotoCase {
    name: string
    arrange: (net: MotoNetwork) => Promise<{ inputs: Record<string, string>; subject: string }>
    hint: RegExp
  }

  const zonalOf = (net: MotoNetwork, extra: Record<string, string> = {}) => ({
    'vpc-id': net.vpcId,
    'route-table-ids': net.privateRouteTableIds.join(','),
    'availability-mode': 'zonal',
    'subnet-id': net.publicSubnetId,
    ...extra
  })

  const motoCases: MotoCase[] = [
    {
      name: 'unknown VPC',
      arrange: async net => ({
        inputs: zonalOf(net, { 'vpc-id': UNKNOWN.vpc }),
        subject: 'vpc-id'
      }),
      hint: /was not found in eu-west-1/
    },
    {
      name: 'unknown route table',
      arrange: async net => ({
        inputs: zonalOf(net, { 'route-table-ids': UNKNOWN.rtb }),
        subject: UNKNOWN.rtb
      }),
      hint: /was not found in eu-west-1\. Check route-table-ids/
    },
    {
      name: 'unknown subnet',
      arrange: async net => ({
        inputs: zonalOf(net, { 'subnet-id': UNKNOWN.subnet }),
        subject: 'subnet-id'
      }),
      hint: /was not found in eu-west-1\. Name a public subnet of vpc-/
    },
    {
      name: 'unknown allocation ID',
      arrange: async net => ({
        inputs: zonalOf(net, { 'eip-allocation-ids': UNKNOWN.eipalloc }),
        subject: 'eip-allocation-ids'
      }),
      hint: /eipalloc-0123456789abcdef0 was not found in eu-west-1/
    },
    {
      name: 'route table of another VPC',
      arrange: async net => {
        const other = await network()
        return {
          inputs: zonalOf(net, { 'route-table-ids': other.privateRouteTableIds.join(',') }),
          subject: other.privateRouteTableIds.join(',')
        }
      },
      hint: /belongs to vpc-\w+, not to vpc-\w+/
    },
    {
      name: 'subnet of another VPC',
      arrange: async net => {
        const other = await network()
        return { inputs: zonalOf(net, { 'subnet-id': other.publicSubnetId }), subject: 'subnet-id' }
      },
      hint: /belongs to vpc-\w+, not to vpc-\w+/
    },
    {
      name: 'zonal subnet with no route to an internet gateway',
      arrange: async net => ({
        inputs: zonalOf(net, {
          'subnet-id': net.privateSubnetIds.join(','),
          'route-table-ids': net.publicRouteTableId
        }),
        subject: 'subnet-id'
      }),
      hint: /is not a public subnet/
    },
    {
      name: 'VPC with no internet gateway',
      arrange: async () => {
        const bare = await network(false)
        return { inputs: zonalOf(bare), subject: 'vpc-id' }
      },
      hint: /has no internet gateway attached/
    },
    {
      name: 'route conflict',
      arrange: async net => {
        const igw = (await moto.ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!
          .InternetGatewayId!
        await moto.ec2.send(
          new CreateRouteCommand({
            RouteTableId: net.privateRouteTableIds[0],
            DestinationCidrBlock: '0.0.0.0/0',
            GatewayId: igw
          })
        )
        return { inputs: zonalOf(net), subject: net.privateRouteTableIds.join(',') }
      },
      hint: /already routes 0\.0\.0\.0\/0 to igw-\w+\. Set route-conflict: replace/
    },
    {
      name: 'our gateway exists in another subnet',
      arrange: async net => {
        const otherSubnet = (
          await moto.ec2.send(
            new CreateSubnetCommand({
              VpcId: net.vpcId,
              CidrBlock: '10.0.9.0/24',
              AvailabilityZone: `${REGION}a`
            })
          )
        ).Subnet!.SubnetId!
        const existing = await moto.ec2.send(
          new CreateNatGatewayCommand({
            SubnetId: otherSubnet,
            AllocationId: await allocate(),
            TagSpecifications: [
              {
                ResourceType: 'natgateway',
                Tags: [...OURS, { Key: 'Name', Value: `nat-${net.publicSubnetId}` }]
              }
            ]
          })
        )
        return { inputs: zonalOf(net), subject: existing.NatGateway!.NatGatewayId! }
      },
      hint: /it is in subnet-\w+, the inputs ask for subnet-\w+/
    }
  ]

  it.each(motoCases.map(c => [c.name, c] as const))('%s', async (_, c) => {
    const net = await network()
    const { inputs, subject } = await c.arrange(net)
    const before = await snapshot()
    const run = await runAction(inputs, { AWS_ENDPOINT_URL_EC2: moto.endpoint, AWS_REGION: REGION })
    const error = errorText(run)
    expect(run.exitCode).toBe(1)
    expect({ line: problemLine(error, subject), error }).toEqual({
      line: expect.stringMatching(c.hint),
      error
    })
    expect(await snapshot()).toBe(before)
  })
})
