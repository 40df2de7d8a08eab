/**
 * nat64 and ipv6-egress through run(), EC2 behind aws-sdk-client-mock: the exact calls of each
 * path. A rerun with every route in place stays at two reads; a run that writes reads the VPC's
 * IPv6 blocks, its egress-only gateways and the routed subnets' DNS64 first.
 */
import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import {
  CreateEgressOnlyInternetGatewayCommand,
  CreateRouteCommand,
  DeleteEgressOnlyInternetGatewayCommand,
  DeleteRouteCommand,
  type NatGateway,
  type RouteTable
} from '@aws-sdk/client-ec2'
import * as core from '../../__fixtures__/core.js'
import { EIP_1, NAT, route, RTB_A, RTB_B, routeTable, VPC } from '../../__fixtures__/ec2.js'
import {
  callCounts,
  fakeEc2,
  type FakeWorld,
  instantClock,
  NEW_EIGW,
  writeCalls
} from '../../__fixtures__/fake-ec2.js'
import { companionTags, gatewayTags } from '../../src/model/identity.js'

jest.unstable_mockModule('@actions/core', () => core)
const { run } = await import('../../src/main.js')

const NAME = `nat-regional-${VPC}`
const EIGW = 'eigw-0abc1234def567890'
const SUBNET_A = 'subnet-0a0a0a0a0a0a0a0a0'
const inputs = {
  'vpc-id': VPC,
  'route-table-ids': `${RTB_A}, ${RTB_B}`,
  region: 'eu-west-1',
  nat64: 'true',
  'ipv6-egress': 'egress-only-internet-gateway'
}
const dualStack = {
  VpcId: VPC,
  Ipv6CidrBlockAssociationSet: [
    { Ipv6CidrBlock: '2001:db8:100::/56', Ipv6CidrBlockState: { State: 'associated' as const } }
  ]
}

const ours = (): NatGateway => ({
  NatGatewayId: NAT,
  State: 'available',
  VpcId: VPC,
  AvailabilityMode: 'regional',
  Tags: gatewayTags(NAME, {}),
  NatGatewayAddresses: [{ AllocationId: EIP_1, PublicIp: '203.0.113.10', Status: 'succeeded' }]
})

const v6 = (cidr: string, fields: object) =>
  route({ DestinationCidrBlock: undefined, DestinationIpv6CidrBlock: cidr, ...fields })

const routed = (id: string, eigw = EIGW): RouteTable =>
  routeTable(id, [
    route({ NatGatewayId: NAT }),
    v6('64:ff9b::/96', { NatGatewayId: NAT }),
    v6('::/0', { EgressOnlyInternetGatewayId: eigw })
  ])

async function runWith(extra: Record<string, string>, world: FakeWorld) {
  core.reset({ ...inputs, ...extra })
  const ec2 = fakeEc2(world)
  await run({ clock: instantClock() })
  return ec2
}

beforeEach(() => core.reset({}))

describe('run with nat64 and ipv6-egress', () => {
  it('a rerun with every route in place makes two reads and outputs the egress-only gateway', async () => {
    const ec2 = await runWith(
      {},
      { gateways: [ours()], routeTables: [routed(RTB_A), routed(RTB_B)] }
    )
    expect(core.setFailed).not.toHaveBeenCalled()
    expect(callCounts(ec2)).toEqual({ DescribeNatGateways: 1, DescribeRouteTables: 1 })
    expect(core.outputs()).toMatchObject({
      'egress-only-internet-gateway-id': EIGW,
      changed: 'false'
    })
  })

  it('routes missing: reads the IPv6 surroundings, creates the egress-only gateway, writes the routes', async () => {
    const tables = [RTB_A, RTB_B].map(id =>
      routeTable(id, [route({ NatGatewayId: NAT })], {
        Associations: [{ SubnetId: SUBNET_A, Main: false }]
      })
    )
    const ec2 = await runWith(
      {},
      {
        gateways: [ours()],
        routeTables: tables,
        vpc: dualStack,
        subnets: [{ SubnetId: SUBNET_A, VpcId: VPC, EnableDns64: false }]
      }
    )
    expect(core.setFailed).not.toHaveBeenCalled()
    expect(callCounts(ec2)).toEqual({
      DescribeNatGateways: 1,
      DescribeRouteTables: 1,
      DescribeVpcs: 1,
      DescribeEgressOnlyInternetGateways: 1,
      DescribeSubnets: 1,
      CreateEgressOnlyInternetGateway: 1,
      CreateRoute: 4
    })
    expect(
      ec2.commandCalls(CreateEgressOnlyInternetGatewayCommand)[0]?.args[0].input
    ).toMatchObject({
      VpcId: VPC,
      ClientToken: expect.stringMatching(/^ensure-nat-gateway-/),
      TagSpecifications: [
        { ResourceType: 'egress-only-internet-gateway', Tags: companionTags(NAME, {}) }
      ]
    })
    expect(ec2.commandCalls(CreateRouteCommand).map(c => c.args[0].input)).toEqual(
      [RTB_A, RTB_B].flatMap(RouteTableId => [
        { RouteTableId, NatGatewayId: NAT, DestinationIpv6CidrBlock: '64:ff9b::/96' },
        { RouteTableId, EgressOnlyInternetGatewayId: NEW_EIGW, DestinationIpv6CidrBlock: '::/0' }
      ])
    )
    expect(core.outputs()).toMatchObject({
      'egress-only-internet-gateway-id': NEW_EIGW,
      changed: 'true'
    })
    // DNS64 is off on the routed subnet: the warning says how to turn it on.
    expect(core.warning).toHaveBeenCalledWith(
      expect.stringContaining(
        `aws ec2 modify-subnet-attribute --subnet-id ${SUBNET_A} --enable-dns64`
      )
    )
  })

  it('a VPC without an IPv6 block is refused before any write, naming it', async () => {
    const tables = [routeTable(RTB_A), routeTable(RTB_B)]
    const ec2 = await runWith({}, { gateways: [], routeTables: tables })
    expect(writeCalls(ec2)).toEqual([])
    expect(String(core.setFailed.mock.calls[0]?.[0])).toContain(`${VPC}: has no IPv6 CIDR block`)
  })

  it('a teardown deletes the IPv6 routes and the egress-only gateway it made, after the gateway', async () => {
    const own = {
      EgressOnlyInternetGatewayId: EIGW,
      Attachments: [{ VpcId: VPC, State: 'attached' as const }],
      Tags: companionTags(NAME, {})
    }
    const tables = [routed(RTB_A), routed(RTB_B)]
    const ec2 = await runWith(
      { state: 'absent' },
      { gateways: [ours()], routeTables: tables, egressOnlyGateways: [own] }
    )
    expect(core.setFailed).not.toHaveBeenCalled()
    expect(ec2.commandCalls(DeleteRouteCommand)).toHaveLength(6)
    expect(
      ec2.commandCalls(DeleteEgressOnlyInternetGatewayCommand).map(c => c.args[0].input)
    ).toEqual([{ EgressOnlyInternetGatewayId: EIGW }])
    expect(core.outputs()).toMatchObject({ 'egress-only-internet-gateway-id': EIGW })
  })
})
