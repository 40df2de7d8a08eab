/**
 * Bad inputs and a bad world through dist/index.js, as the runner starts it, one case per kind of
 * problem (input, world, conflict, Region, credentials, network): each fails the step (exit 1)
 * with an error that names the input or the resource and says how to fix it, and writes nothing
 * (no call other than Describe* in the emulator's log; on moto, the world is unchanged). Each
 * emulator case gets its own emulator, so the cases run concurrently.
 *
 * Every message the action can print for a bad input or world is checked, one table row each, by
 * __tests__/unit/config.test.ts and __tests__/unit/plan.test.ts, in well under a second; here
 * only what needs the process boundary: inputs and environment as the runner passes them, the SDK
 * and EC2's errors over HTTP, the exit code, and the call log.
 */
import { describe, expect, it } from '@jest/globals'
import {
  AllocateAddressCommand,
  CreateNatGatewayCommand,
  CreateSubnetCommand,
  DescribeAddressesCommand,
  DescribeNatGatewaysCommand,
  DescribeRouteTablesCommand
} from '@aws-sdk/client-ec2'
import { type Emulator, startEmulator } from '../../emulator/server.ts'
import { type SampleVpc, seedSampleVpc } from '../../emulator/seed.ts'
import { createNetwork, describeWithMoto, type MotoNetwork } from './moto.js'
import { errorText, runAction } from './harness.js'

const REGION = 'eu-west-1'
const OURS = [{ Key: 'ensure-nat-gateway:managed', Value: 'true' }]
/** Well-formed IDs that exist nowhere. */
const UNKNOWN = {
  rtb: 'rtb-0123456789abcdef0',
  eipalloc: 'eipalloc-0123456789abcdef0'
}

/** IDs a case adds to the sample world. */
type Extra = Record<string, string>

/** Input and Region problems stop the run before any call; the others need EC2's answers. */
type Kind = 'input' | 'world' | 'conflict' | 'Region' | 'credentials' | 'network'
const BEFORE_ANY_CALL: Kind[] = ['input', 'Region']

interface Case {
  kind: Kind
  name: string
  setup?: (emu: Emulator, s: SampleVpc) => Extra
  inputs: (s: SampleVpc, x: Extra) => Record<string, string>
  env?: Record<string, string>
  /**
   * The input name or the resource ID the error must name, in a problem line
   * (`  - subject: message fix`); without it, the error is the SDK's, as a whole.
   */
  subject?: (s: SampleVpc, x: Extra) => string
  /** What a valid value looks like, or how to fix it, in the same problem line (or error). */
  hint: RegExp
}

const regional = (s: SampleVpc, extra: Record<string, string> = {}) => ({
  'vpc-id': s.vpcId,
  'route-table-ids': `${s.privateRouteTableIds.a}, ${s.privateRouteTableIds.b}`,
  ...extra
})
const input = (name: string) => () => name

const cases: Case[] = [
  {
    kind: 'input',
    name: 'route-table-ids with a malformed ID',
    inputs: s => regional(s, { 'route-table-ids': `${s.privateRouteTableIds.a}, rtb-xyz` }),
    subject: input('route-table-ids'),
    hint: /"rtb-xyz" is not a route table ID\. Example: rtb-0abc1234def567890/
  },
  {
    kind: 'world',
    name: 'unknown route table',
    inputs: s => regional(s, { 'route-table-ids': `${s.privateRouteTableIds.a}, ${UNKNOWN.rtb}` }),
    subject: () => UNKNOWN.rtb,
    hint: /was not found in eu-west-1\. Check route-table-ids and the Region\./
  },
  {
    kind: 'conflict',
    name: 'a route elsewhere with route-conflict: fail',
    setup: (emu, s) => {
      const other = emu.world.addNatGateway({
        subnetId: s.publicSubnetIds.b,
        allocationIds: [s.allocationIds[2] as string]
      })
      const table = emu.world.addRouteTable(s.vpcId, {
        routes: [{ destination: '0.0.0.0/0', natGatewayId: other }]
      })
      return { other, table }
    },
    inputs: (s, x) => regional(s, { 'route-table-ids': `${s.privateRouteTableIds.a}, ${x.table}` }),
    subject: (_, x) => x.table as string,
    hint: /already routes 0\.0\.0\.0\/0 to nat-\w+\. Set route-conflict: replace/
  },
  {
    kind: 'Region',
    name: 'none set',
    inputs: s => regional(s),
    env: { AWS_REGION: '' },
    subject: input('region'),
    hint: /no AWS Region is set.*Set `aws-region` on aws-actions\/configure-aws-credentials, or `region: eu-west-1`/
  },
  {
    kind: 'credentials',
    name: 'EC2 rejects them',
    setup: emu => {
      emu.onCall(() => ({
        error: {
          code: 'AuthFailure',
          message: 'AWS was not able to validate the provided access credentials',
          status: 401
        }
      }))
      return {}
    },
    inputs: s => regional(s),
    hint: /AWS was not able to validate the provided access credentials/
  },
  {
    kind: 'network',
    name: 'every connection dropped',
    setup: emu => {
      emu.setFaults({ dropConnection: { rate: 1 } })
      return {}
    },
    inputs: s => regional(s),
    // Two attempts, not the action's ten, to keep the case short.
    env: { AWS_MAX_ATTEMPTS: '2' },
    hint: /socket hang up|ECONNRESET/i
  }
]

async function runCase(c: Case) {
  const emu = await startEmulator({ region: REGION, provisioningMs: 200, seed: seedSampleVpc })
  try {
    const s = emu.seed as SampleVpc
    const x = c.setup?.(emu, s) ?? {}
    emu.clearCalls()
    const run = await runAction(c.inputs(s, x), {
      AWS_ENDPOINT_URL_EC2: emu.endpoint,
      AWS_REGION: REGION,
      ...c.env
    })
    return {
      run,
      subject: c.subject?.(s, x),
      calls: emu.calls.length,
      writes: emu.writes().map(w => w.action)
    }
  } finally {
    await emu.close()
  }
}

/** The problem line (`  - subject: message fix`) of the error that names the subject. */
function problemLine(error: string, subject: string): string | undefined {
  return error.split('\n').find(line => line.startsWith(`  - ${subject}: `))
}

describe('dist/index.js refuses bad inputs and writes nothing (emulator)', () => {
  it.concurrent.each(cases.map(c => [`${c.kind}: ${c.name}`, c] as const))('%s', async (_, c) => {
    const { run, subject, calls, writes } = await runCase(c)
    const error = errorText(run)
    expect({ exitCode: run.exitCode, writes }).toEqual({ exitCode: 1, writes: [] })
    // Inputs are checked before any call; the other problems show only in EC2's answers.
    if (BEFORE_ANY_CALL.includes(c.kind)) expect(calls).toBe(0)
    else expect(calls).toBeGreaterThan(0)
    if (subject === undefined) {
      expect(error).toMatch(c.hint)
    } else {
      expect(error).toMatch(/nothing was changed\./)
      const line = problemLine(error, subject)
      expect({ line, error }).toEqual({ line: expect.stringMatching(c.hint), error })
      // Every failed run leaves a job summary with its problems, refused inputs included.
      expect(run.summary).toContain(`- **${subject}**: `)
      expect(run.summary).toMatch(/Nothing was changed\./)
    }
    expect(run.outputs).toEqual({})
  })
})

/**
 * A few cases against moto, whose answers to bad requests differ from the emulator's: IDs it does
 * not know, a VPC without an internet gateway, our gateway found by its tags. Built with the SDK.
 */
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
      name: 'unknown route table',
      arrange: async net => ({
        inputs: zonalOf(net, { 'route-table-ids': UNKNOWN.rtb }),
        subject: UNKNOWN.rtb
      }),
      hint: /was not found in eu-west-1\. Check route-table-ids/
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
      name: 'VPC with no internet gateway',
      arrange: async () => {
        const bare = await network(false)
        return { inputs: zonalOf(bare), subject: 'vpc-id' }
      },
      hint: /has no internet gateway attached/
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
