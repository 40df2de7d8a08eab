/**
 * run() for the lifecycle features: dry run, teardown, route table discovery, the S3 gateway
 * endpoint, and waiting for the zones' addresses. @actions/core mocked, EC2 behind
 * aws-sdk-client-mock; each path asserts its exact EC2 calls.
 */
import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import {
  CreateRouteCommand,
  CreateVpcEndpointCommand,
  DeleteNatGatewayCommand,
  DeleteRouteCommand,
  DeleteVpcEndpointsCommand,
  ModifyVpcEndpointCommand,
  type NatGateway,
  ReleaseAddressCommand
} from '@aws-sdk/client-ec2'
import * as core from '../../__fixtures__/core.js'
import {
  address,
  EIP_1,
  EIP_2,
  IGW,
  NAT,
  route,
  RTB_A,
  RTB_B,
  routeTable,
  VPC
} from '../../__fixtures__/ec2.js'
import {
  callCounts,
  fakeEc2,
  type FakeWorld,
  instantClock,
  NEW_ENDPOINT,
  writeCalls
} from '../../__fixtures__/fake-ec2.js'
import { companionTags, gatewayTags } from '../../src/model/identity.js'

jest.unstable_mockModule('@actions/core', () => core)
const { run } = await import('../../src/main.js')

const NAME = `nat-regional-${VPC}`
const OTHER_NAT = 'nat-0fff1234def567890'
const inputs = { 'vpc-id': VPC, 'route-table-ids': `${RTB_A}, ${RTB_B}`, region: 'eu-west-1' }

const ours = (fields: Partial<NatGateway> = {}): NatGateway => ({
  NatGatewayId: NAT,
  State: 'available',
  VpcId: VPC,
  AvailabilityMode: 'regional',
  Tags: gatewayTags(NAME, {}),
  NatGatewayAddresses: [
    {
      AllocationId: EIP_1,
      PublicIp: '203.0.113.10',
      NetworkInterfaceId: 'eni-0aaa',
      Status: 'succeeded'
    }
  ],
  ...fields
})

async function runWith(extra: Record<string, string>, world: FakeWorld) {
  core.reset({ ...inputs, ...extra })
  const ec2 = fakeEc2(world)
  await run({ clock: instantClock() })
  return ec2
}

const planJson = () => JSON.parse(core.outputs()['plan-json'] ?? 'null')

beforeEach(() => core.reset({}))

describe('dry-run', () => {
  it('present: observes and plans a create, writes nothing, outputs the plan', async () => {
    const ec2 = await runWith(
      { 'dry-run': 'true' },
      { gateways: [], routeTables: [routeTable(RTB_A), routeTable(RTB_B)] }
    )
    expect(core.setFailed).not.toHaveBeenCalled()
    expect(writeCalls(ec2)).toEqual([])
    expect(planJson()).toEqual({
      format: 'ensure-nat-gateway/plan',
      version: 1,
      region: 'eu-west-1',
      vpcId: VPC,
      name: NAME,
      destinationCidr: '0.0.0.0/0',
      state: 'present',
      natGateway: {
        action: 'create',
        availabilityMode: 'regional',
        connectivityType: 'public',
        elasticIps: { allocation: 'automatic' },
        tags: {}
      },
      routes: [
        { routeTableId: RTB_A, action: 'create' },
        { routeTableId: RTB_B, action: 'create' }
      ],
      skippedRouteTables: [],
      gatewayEndpoints: [],
      changes: true,
      // eu-west-1 is not in the price table: the units, no figure.
      cost: {
        natGatewayHoursPerHour: 1,
        publicIpv4AddressHoursPerHour: 0,
        atLeast: true,
        estimatedMonthlyCostUsd: null
      }
    })
    expect(core.outputs()).toMatchObject({
      created: 'false',
      changed: 'false',
      'estimated-monthly-cost-usd': ''
    })
    expect(core.info).toHaveBeenCalledWith('Dry run: nothing was changed.')
  })

  it('present: a settled world plans no change', async () => {
    const tables = [
      routeTable(RTB_A, [route({ NatGatewayId: NAT })]),
      routeTable(RTB_B, [route({ NatGatewayId: NAT })])
    ]
    const ec2 = await runWith({ 'dry-run': 'true' }, { gateways: [ours()], routeTables: tables })
    expect(callCounts(ec2)).toEqual({ DescribeNatGateways: 1, DescribeRouteTables: 1 })
    expect(planJson()).toMatchObject({
      natGateway: { action: 'keep', natGatewayId: NAT },
      changes: false
    })
  })

  it('present: problems still fail the dry run', async () => {
    const tables = [routeTable(RTB_A, [route({ GatewayId: 'vgw-0abc' })]), routeTable(RTB_B)]
    await runWith({ 'dry-run': 'true' }, { gateways: [ours()], routeTables: tables })
    expect(core.setFailed).toHaveBeenCalledWith(
      expect.stringMatching(/already routes 0.0.0.0\/0 to vgw-0abc/)
    )
  })

  it('absent: plans the teardown and writes nothing', async () => {
    const tables = [routeTable(RTB_A, [route({ NatGatewayId: NAT })]), routeTable(RTB_B)]
    const addresses = [
      address(EIP_1, { Tags: companionTags(NAME, {}), NetworkInterfaceId: 'eni-0aaa' })
    ]
    const ec2 = await runWith(
      { state: 'absent', 'dry-run': 'true' },
      { gateways: [ours()], routeTables: tables, addresses }
    )
    expect(writeCalls(ec2)).toEqual([])
    expect(planJson()).toEqual({
      format: 'ensure-nat-gateway/plan',
      version: 1,
      region: 'eu-west-1',
      vpcId: VPC,
      name: NAME,
      destinationCidr: '0.0.0.0/0',
      state: 'absent',
      natGateways: [{ action: 'delete', natGatewayId: NAT, state: 'available' }],
      routes: [{ routeTableId: RTB_A, natGatewayId: NAT, action: 'delete' }],
      releaseAllocationIds: [EIP_1],
      gatewayEndpoints: [],
      changes: true,
      cost: {
        natGatewayHoursPerHour: 0,
        publicIpv4AddressHoursPerHour: 0,
        atLeast: false,
        estimatedMonthlyCostUsd: null
      }
    })
  })
})

describe('state: absent', () => {
  it('removes only the routes to our gateway, deletes it, waits, releases only what the action allocated', async () => {
    const tables = [
      routeTable(RTB_A, [route({ NatGatewayId: NAT })]),
      routeTable(RTB_B, [route({ NatGatewayId: OTHER_NAT })])
    ]
    const addresses = [
      address(EIP_1, { Tags: companionTags(NAME, {}), NetworkInterfaceId: 'eni-0aaa' }),
      // Supplied by the user: no tag of ours, never released.
      address(EIP_2, { NetworkInterfaceId: 'eni-0aaa' })
    ]
    const ec2 = await runWith(
      { state: 'absent' },
      {
        gateways: [ours()],
        routeTables: tables,
        addresses,
        afterDelete: [ours({ State: 'deleting' }), ours({ State: 'deleted' })]
      }
    )
    expect(core.setFailed).not.toHaveBeenCalled()
    expect(ec2.commandCalls(DeleteRouteCommand).map(c => c.args[0].input)).toEqual([
      { RouteTableId: RTB_A, DestinationCidrBlock: '0.0.0.0/0' }
    ])
    expect(ec2.commandCalls(DeleteNatGatewayCommand).map(c => c.args[0].input)).toEqual([
      { NatGatewayId: NAT }
    ])
    expect(ec2.commandCalls(ReleaseAddressCommand).map(c => c.args[0].input)).toEqual([
      { AllocationId: EIP_1 }
    ])
    expect(callCounts(ec2)).toEqual({
      DescribeNatGateways: 3,
      DescribeRouteTables: 1,
      DescribeAddresses: 1,
      DeleteRoute: 1,
      DeleteNatGateway: 1,
      ReleaseAddress: 1
    })
    expect(core.outputs()).toEqual({
      'nat-gateway-id': NAT,
      'route-table-ids': RTB_A,
      'released-allocation-ids': EIP_1,
      deleted: 'true',
      created: 'false',
      changed: 'true',
      'estimated-monthly-cost-usd': ''
    })
  })

  it('rides out InvalidIPAddress.InUse right after the deletion', async () => {
    core.reset({ ...inputs, state: 'absent' })
    const ec2 = fakeEc2({
      gateways: [ours()],
      routeTables: [routeTable(RTB_A), routeTable(RTB_B)],
      addresses: [address(EIP_1, { Tags: companionTags(NAME, {}), NetworkInterfaceId: 'eni-0aaa' })]
    })
    const inUse = Object.assign(new Error('in use'), { name: 'InvalidIPAddress.InUse' })
    ec2.on(ReleaseAddressCommand).rejectsOnce(inUse).rejectsOnce(inUse).resolves({})
    await run({ clock: instantClock() })
    expect(core.setFailed).not.toHaveBeenCalled()
    expect(ec2.commandCalls(ReleaseAddressCommand)).toHaveLength(3)
  })

  it('tearing down what does not exist succeeds, says so and writes nothing', async () => {
    const ec2 = await runWith(
      { state: 'absent' },
      { gateways: [], routeTables: [routeTable(RTB_A), routeTable(RTB_B)] }
    )
    expect(core.setFailed).not.toHaveBeenCalled()
    expect(writeCalls(ec2)).toEqual([])
    expect(core.info).toHaveBeenCalledWith(
      expect.stringMatching(/^Nothing to tear down: no NAT gateway named/)
    )
    expect(core.outputs()).toMatchObject({ deleted: 'false', changed: 'false' })
  })

  it('a VPC that does not exist fails with a clear error, not "Nothing to tear down"', async () => {
    const ec2 = await runWith(
      { state: 'absent', 'route-table-ids': 'auto' },
      { gateways: [], routeTables: [], withoutVpc: true }
    )
    expect(core.setFailed).toHaveBeenCalledWith(
      expect.stringMatching(
        new RegExp(`vpc-id: ${VPC} was not found in eu-west-1.*Check vpc-id and the Region`, 's')
      )
    )
    expect(core.info).not.toHaveBeenCalledWith(expect.stringMatching(/^Nothing to tear down/))
    expect(writeCalls(ec2)).toEqual([])
  })

  it('refuses a listed table that is unknown or of another VPC, before any write', async () => {
    const ec2 = await runWith(
      { state: 'absent' },
      {
        gateways: [ours()],
        routeTables: [
          routeTable(RTB_A, [route({ NatGatewayId: NAT })], { VpcId: 'vpc-0fff1234def567890' })
        ]
      }
    )
    const message = String(core.setFailed.mock.calls[0]?.[0])
    expect(message).toMatch(/^The NAT gateway cannot be torn down; nothing was changed./)
    expect(message).toContain(`${RTB_A}: belongs to vpc-0fff1234def567890`)
    expect(message).toContain(`${RTB_B}: was not found in eu-west-1`)
    expect(writeCalls(ec2)).toEqual([])
  })

  it('waits for a gateway already deleting without deleting it again', async () => {
    const ec2 = await runWith(
      { state: 'absent' },
      {
        gateways: [ours({ State: 'deleting' })],
        routeTables: [routeTable(RTB_A), routeTable(RTB_B)]
      }
    )
    expect(ec2.commandCalls(DeleteNatGatewayCommand)).toHaveLength(0)
    expect(core.outputs()).toMatchObject({ deleted: 'true' })
  })
})

describe('route-table-ids: auto', () => {
  const vpcTables = () => [
    routeTable('rtb-0000000000000000a', [route({ GatewayId: IGW })], {
      Associations: [{ SubnetId: 'subnet-0pub' }]
    }),
    routeTable('rtb-0000000000000000b', [], { Associations: [] }),
    routeTable('rtb-0000000000000000c', [], { Associations: [{ SubnetId: 'subnet-0priv1' }] }),
    routeTable('rtb-0000000000000000d', [], { Associations: [{ Main: true }] })
  ]

  it('routes the private tables in use and says why the others were left out', async () => {
    const ec2 = await runWith(
      { 'route-table-ids': 'auto' },
      { gateways: [ours()], routeTables: vpcTables() }
    )
    expect(core.setFailed).not.toHaveBeenCalled()
    expect(ec2.commandCalls(CreateRouteCommand).map(c => c.args[0].input.RouteTableId)).toEqual([
      'rtb-0000000000000000c',
      'rtb-0000000000000000d'
    ])
    expect(core.info).toHaveBeenCalledWith(
      `rtb-0000000000000000a: left out by route-table-ids: auto, public: it routes to the internet gateway ${IGW}.`
    )
    expect(core.info).toHaveBeenCalledWith(
      'rtb-0000000000000000b: left out by route-table-ids: auto, associated with no subnet.'
    )
    expect(callCounts(ec2)).toEqual({
      DescribeNatGateways: 1,
      DescribeRouteTables: 1,
      CreateRoute: 2
    })
  })

  it("never picks the regional gateway's own route table", async () => {
    const own = routeTable('rtb-0000000000000000e', [route({ GatewayId: IGW })], {
      Associations: []
    })
    const ec2 = await runWith(
      { 'route-table-ids': 'auto' },
      {
        gateways: [ours({ RouteTableId: 'rtb-0000000000000000e' })],
        routeTables: [...vpcTables(), own]
      }
    )
    expect(
      ec2.commandCalls(CreateRouteCommand).map(c => c.args[0].input.RouteTableId)
    ).not.toContain('rtb-0000000000000000e')
    expect(core.info).toHaveBeenCalledWith(
      expect.stringMatching(/rtb-0+e: left out .* own route table of the regional NAT gateway/)
    )
  })

  it('fails clearly when the VPC has no private route table', async () => {
    const ec2 = await runWith(
      { 'route-table-ids': 'auto' },
      { gateways: [ours()], routeTables: vpcTables().slice(0, 2) }
    )
    expect(core.setFailed).toHaveBeenCalledWith(
      expect.stringMatching(/route-table-ids: auto found no private route table/)
    )
    expect(writeCalls(ec2)).toEqual([])
  })
})

describe('s3-gateway-endpoint', () => {
  const routed = () => [
    routeTable(RTB_A, [route({ NatGatewayId: NAT })]),
    routeTable(RTB_B, [route({ NatGatewayId: NAT })])
  ]
  const endpoint = (id: string, tables: string[], tags = companionTags(NAME, {})) => ({
    VpcEndpointId: id,
    VpcId: VPC,
    ServiceName: 'com.amazonaws.eu-west-1.s3',
    VpcEndpointType: 'Gateway' as const,
    // The SDK's type says Available; EC2 filters on available: the code accepts both.
    State: 'Available' as const,
    RouteTableIds: tables,
    Tags: tags
  })

  it('creates one, tagged as ours, for the routed tables', async () => {
    const ec2 = await runWith(
      { 's3-gateway-endpoint': 'true' },
      { gateways: [ours()], routeTables: routed() }
    )
    expect(ec2.commandCalls(CreateVpcEndpointCommand)[0]?.args[0].input).toMatchObject({
      VpcEndpointType: 'Gateway',
      VpcId: VPC,
      ServiceName: 'com.amazonaws.eu-west-1.s3',
      RouteTableIds: [RTB_A, RTB_B],
      TagSpecifications: [{ ResourceType: 'vpc-endpoint', Tags: companionTags(NAME, {}) }]
    })
    expect(core.outputs()).toMatchObject({
      's3-gateway-endpoint-id': NEW_ENDPOINT,
      changed: 'true'
    })
  })

  it('adds the missing tables to ours and leaves a foreign endpoint untouched', async () => {
    const foreign = endpoint('vpce-0foreign', [RTB_A], [{ Key: 'Name', Value: 'platform-s3' }])
    const own = endpoint('vpce-0ours', [])
    const ec2 = await runWith(
      { 's3-gateway-endpoint': 'true' },
      { gateways: [ours()], routeTables: routed(), s3Endpoints: [foreign, own] }
    )
    expect(ec2.commandCalls(ModifyVpcEndpointCommand).map(c => c.args[0].input)).toEqual([
      { VpcEndpointId: 'vpce-0ours', AddRouteTableIds: [RTB_B] }
    ])
    expect(ec2.commandCalls(CreateVpcEndpointCommand)).toHaveLength(0)
  })

  it('changes nothing when every table is served already: three reads', async () => {
    const foreign = endpoint('vpce-0foreign', [RTB_A, RTB_B], [])
    const ec2 = await runWith(
      { 's3-gateway-endpoint': 'true' },
      { gateways: [ours()], routeTables: routed(), s3Endpoints: [foreign] }
    )
    expect(callCounts(ec2)).toEqual({
      DescribeNatGateways: 1,
      DescribeRouteTables: 1,
      DescribeVpcEndpoints: 1
    })
    expect(core.outputs()).toMatchObject({
      's3-gateway-endpoint-id': 'vpce-0foreign',
      changed: 'false'
    })
  })

  it('teardown deletes ours only', async () => {
    const ec2 = await runWith(
      { state: 'absent', 's3-gateway-endpoint': 'true' },
      {
        gateways: [],
        routeTables: routed(),
        s3Endpoints: [endpoint('vpce-0foreign', [RTB_A], []), endpoint('vpce-0ours', [RTB_B])]
      }
    )
    expect(ec2.commandCalls(DeleteVpcEndpointsCommand).map(c => c.args[0].input)).toEqual([
      { VpcEndpointIds: ['vpce-0ours'] }
    ])
    expect(core.outputs()).toMatchObject({
      's3-gateway-endpoint-id': 'vpce-0ours',
      changed: 'true'
    })
  })
})

describe('wait-for-zone-addresses', () => {
  const subnets = [
    { SubnetId: 'subnet-0priv1', VpcId: VPC, AvailabilityZone: 'eu-west-1a' },
    { SubnetId: 'subnet-0priv2', VpcId: VPC, AvailabilityZone: 'eu-west-1b' }
  ]
  const tables = () => [
    routeTable(RTB_A, [], { Associations: [{ SubnetId: 'subnet-0priv1' }] }),
    routeTable(RTB_B, [], { Associations: [{ SubnetId: 'subnet-0priv2' }] })
  ]
  const withZones = (...zones: string[]) =>
    ours({
      NatGatewayAddresses: zones.map((zone, i) => ({
        AvailabilityZone: zone,
        PublicIp: `203.0.113.${i + 1}`,
        Status: 'succeeded' as const
      }))
    })

  it('after routing, waits until every zone of the routed subnets has a public IP', async () => {
    const ec2 = await runWith(
      { 'wait-for-zone-addresses': 'true' },
      {
        gateways: [withZones()],
        routeTables: tables(),
        subnets,
        afterCreate: [withZones('eu-west-1a'), withZones('eu-west-1a', 'eu-west-1b')]
      }
    )
    expect(core.setFailed).not.toHaveBeenCalled()
    expect(callCounts(ec2)).toEqual({
      DescribeNatGateways: 3,
      DescribeRouteTables: 1,
      CreateRoute: 2,
      DescribeSubnets: 1
    })
    expect(core.outputs()['public-ips']).toBe('203.0.113.1,203.0.113.2')
  })

  it('routing only the main table waits for the zones of the subnets it routes implicitly', async () => {
    const main = routeTable(RTB_A, [], { Associations: [{ Main: true }] })
    // subnet-0priv2 has a table of its own; the main table routes the others, implicitly.
    const own = routeTable(RTB_B, [], { Associations: [{ SubnetId: 'subnet-0priv2' }] })
    const ec2 = await runWith(
      { 'wait-for-zone-addresses': 'true', 'route-table-ids': RTB_A },
      {
        gateways: [withZones()],
        routeTables: [main, own],
        subnets: [
          ...subnets,
          { SubnetId: 'subnet-0priv3', VpcId: VPC, AvailabilityZone: 'eu-west-1c' }
        ],
        afterCreate: [
          withZones('eu-west-1a'),
          withZones('eu-west-1a', 'eu-west-1b'),
          withZones('eu-west-1a', 'eu-west-1b', 'eu-west-1c')
        ]
      }
    )
    expect(core.setFailed).not.toHaveBeenCalled()
    // Waited for 1a (the public subnet, which no table names) and 1c, not for 1b's own table.
    expect(core.info).toHaveBeenCalledWith(
      'Waiting for public IPs in eu-west-1a, eu-west-1c, the zones of the routed subnets.'
    )
    expect(core.outputs()['public-ips']).toBe('203.0.113.1,203.0.113.2,203.0.113.3')
    expect(callCounts(ec2)).toMatchObject({ DescribeNatGateways: 4, DescribeRouteTables: 2 })
  })

  it('a zone that gets no address in time fails the step with the outputs set', async () => {
    await runWith(
      { 'wait-for-zone-addresses': 'true', 'wait-timeout-seconds': '10' },
      {
        gateways: [withZones()],
        routeTables: tables(),
        subnets,
        afterCreate: [withZones('eu-west-1a')]
      }
    )
    expect(core.setFailed).toHaveBeenCalledWith(
      expect.stringMatching(/has no public IP in eu-west-1b after 10 s.*routes are in place/)
    )
    expect(core.outputs()['public-ips']).toBe('203.0.113.1')
  })
})
