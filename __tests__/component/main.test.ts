/**
 * run() end to end within the process: @actions/core mocked, EC2 behind aws-sdk-client-mock.
 * Each path asserts the exact EC2 calls it makes.
 */
import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import {
  AllocateAddressCommand,
  CreateNatGatewayCommand,
  CreateRouteCommand,
  DescribeNatGatewaysCommand,
  type NatGateway,
  ReleaseAddressCommand,
  ReplaceRouteCommand
} from '@aws-sdk/client-ec2'
import * as core from '../../__fixtures__/core.js'
import {
  address,
  EIP_1,
  EIP_2,
  NAT,
  PUBLIC_SUBNET,
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
  NEW_EIP,
  writeCalls
} from '../../__fixtures__/fake-ec2.js'

import { ALLOCATION_TAG_KEY } from '../../src/ec2/addresses.js'
import { GATEWAY_TAG_KEY, gatewayTags, OWNER_TAG, VPC_TAG_KEY } from '../../src/model/identity.js'

jest.unstable_mockModule('@actions/core', () => core)
const { run } = await import('../../src/main.js')

const REGIONAL = `nat-regional-${VPC}`
const ZONAL = `nat-${PUBLIC_SUBNET}`
const baseInputs = { 'vpc-id': VPC, 'route-table-ids': `${RTB_A}, ${RTB_B}`, region: 'eu-west-1' }
const zonalInputs = { ...baseInputs, 'availability-mode': 'zonal', 'subnet-id': PUBLIC_SUBNET }
const emptyTables = () => [routeTable(RTB_A), routeTable(RTB_B)]

function available(fields: Partial<NatGateway> = {}): NatGateway {
  return {
    NatGatewayId: NAT,
    State: 'available',
    VpcId: VPC,
    NatGatewayAddresses: [
      { AllocationId: EIP_1, PublicIp: '203.0.113.10', IsPrimary: true, Status: 'succeeded' },
      { AllocationId: EIP_2, PublicIp: '203.0.113.11', IsPrimary: false, Status: 'succeeded' },
      { AllocationId: 'eipalloc-0333', PublicIp: '203.0.113.12', Status: 'disassociating' }
    ],
    ...fields
  }
}

async function runWith(inputs: Record<string, string>, world: FakeWorld) {
  core.reset(inputs)
  const ec2 = fakeEc2(world)
  await run({ clock: instantClock() })
  return ec2
}

function failure(): string {
  expect(core.setFailed).toHaveBeenCalledTimes(1)
  return String(core.setFailed.mock.calls[0]?.[0])
}

beforeEach(() => core.reset({}))

describe('run: create paths', () => {
  it('regional automatic: creates the gateway with a ClientToken and tags, waits, routes both tables', async () => {
    const ec2 = await runWith(baseInputs, {
      gateways: [],
      routeTables: emptyTables(),
      afterCreate: [
        { NatGatewayId: NAT, State: 'pending' },
        available({
          AvailabilityMode: 'regional',
          RouteTableId: 'rtb-0999999999999999a',
          NatGatewayAddresses: []
        })
      ]
    })
    expect(core.setFailed).not.toHaveBeenCalled()
    const [create] = ec2.commandCalls(CreateNatGatewayCommand)
    expect(create?.args[0].input).toEqual({
      AvailabilityMode: 'regional',
      VpcId: VPC,
      ConnectivityType: 'public',
      ClientToken: expect.stringMatching(/^ensure-nat-gateway-[0-9a-f]{40}$/),
      TagSpecifications: [{ ResourceType: 'natgateway', Tags: gatewayTags(REGIONAL, {}) }]
    })
    expect(ec2.commandCalls(CreateRouteCommand).map(c => c.args[0].input)).toEqual([
      { RouteTableId: RTB_A, NatGatewayId: NAT, DestinationCidrBlock: '0.0.0.0/0' },
      { RouteTableId: RTB_B, NatGatewayId: NAT, DestinationCidrBlock: '0.0.0.0/0' }
    ])
    // The VPC's subnets and tables give the zones of the routed subnets: a gateway-hour each.
    expect(callCounts(ec2)).toEqual({
      DescribeNatGateways: 3,
      DescribeRouteTables: 2,
      DescribeSubnets: 1,
      DescribeVpcs: 1,
      DescribeInternetGateways: 1,
      CreateNatGateway: 1,
      CreateRoute: 2
    })
    expect(core.outputs()).toEqual({
      'nat-gateway-id': NAT,
      'estimated-monthly-cost-usd': '',
      'nat-gateway-ids': NAT,
      'nat-gateways-json': JSON.stringify([
        {
          zone: null,
          zoneId: null,
          natGatewayId: NAT,
          subnetId: null,
          publicIps: [],
          privateIps: [],
          allocationIds: [],
          routeTableIds: [RTB_A, RTB_B]
        }
      ]),
      'public-ips': '',
      'public-ips-json': '[]',
      'public-cidrs': '',
      'private-ips': '',
      'addresses-json': '[]',
      'gateway-route-table-id': 'rtb-0999999999999999a',
      'allocation-ids': '',
      'route-table-ids': `${RTB_A},${RTB_B}`,
      created: 'true',
      changed: 'true'
    })
    expect(core.warning).toHaveBeenCalledWith(
      expect.stringMatching(/has no public IP yet.*manual mode/)
    )
  })

  it('regional manual: sends the zone mapping after checking the addresses and zones', async () => {
    const ec2 = await runWith(
      { ...baseInputs, 'eip-allocation-ids': `eu-west-1a: ${EIP_1}\neuw1-az2: ${EIP_2}` },
      {
        gateways: [],
        routeTables: emptyTables(),
        addresses: [address(EIP_1), address(EIP_2)],
        afterCreate: [available({ AvailabilityMode: 'regional' })]
      }
    )
    expect(core.setFailed).not.toHaveBeenCalled()
    expect(
      ec2.commandCalls(CreateNatGatewayCommand)[0]?.args[0].input.AvailabilityZoneAddresses
    ).toEqual([
      { AvailabilityZone: 'eu-west-1a', AllocationIds: [EIP_1] },
      { AvailabilityZoneId: 'euw1-az2', AllocationIds: [EIP_2] }
    ])
    expect(callCounts(ec2)).toMatchObject({ DescribeAddresses: 1, DescribeAvailabilityZones: 1 })
    expect(core.outputs()).toMatchObject({
      'public-ips': '203.0.113.10,203.0.113.11',
      'public-ips-json': '["203.0.113.10","203.0.113.11"]',
      'allocation-ids': `${EIP_1},${EIP_2}`
    })
  })

  it('zonal automatic: allocates an Elastic IP tagged as ours at allocation, then creates with it', async () => {
    const ec2 = await runWith(zonalInputs, {
      gateways: [],
      routeTables: emptyTables(),
      afterCreate: [available({ SubnetId: PUBLIC_SUBNET })]
    })
    expect(core.setFailed).not.toHaveBeenCalled()
    expect(ec2.commandCalls(AllocateAddressCommand)[0]?.args[0].input).toEqual({
      Domain: 'vpc',
      TagSpecifications: [
        {
          ResourceType: 'elastic-ip',
          Tags: [
            { Key: 'Name', Value: ZONAL },
            { Key: OWNER_TAG.key, Value: 'true' },
            { Key: GATEWAY_TAG_KEY, Value: ZONAL },
            { Key: VPC_TAG_KEY, Value: VPC },
            // Its own tag, by which a retry after a lost answer finds it (ec2/addresses.ts).
            { Key: ALLOCATION_TAG_KEY, Value: expect.stringMatching(/^[0-9a-f-]{36}$/) }
          ]
        }
      ]
    })
    expect(ec2.commandCalls(CreateNatGatewayCommand)[0]?.args[0].input).toMatchObject({
      SubnetId: PUBLIC_SUBNET,
      ConnectivityType: 'public',
      AllocationId: NEW_EIP
    })
    expect(callCounts(ec2)).toEqual({
      DescribeNatGateways: 2,
      DescribeRouteTables: 2,
      DescribeVpcs: 1,
      DescribeInternetGateways: 1,
      DescribeSubnets: 1,
      DescribeAddresses: 1,
      // The zone's network border group, to allocate the address in.
      DescribeAvailabilityZones: 1,
      AllocateAddress: 1,
      CreateNatGateway: 1,
      CreateRoute: 2
    })
  })

  it('zonal automatic: the ClientToken does not depend on the allocated address', async () => {
    const sent = []
    for (const id of [NEW_EIP, 'eipalloc-0fffffffffffffff0']) {
      core.reset(zonalInputs)
      const ec2 = fakeEc2({ gateways: [], routeTables: emptyTables(), afterCreate: [available()] })
      ec2.on(AllocateAddressCommand).resolves({ AllocationId: id })
      await run({ clock: instantClock() })
      sent.push(ec2.commandCalls(CreateNatGatewayCommand)[0]?.args[0].input)
    }
    expect(sent.map(input => input?.AllocationId)).toEqual([NEW_EIP, 'eipalloc-0fffffffffffffff0'])
    expect(sent[0]?.ClientToken).toMatch(/^ensure-nat-gateway-/)
    expect(sent[1]?.ClientToken).toBe(sent[0]?.ClientToken)
  })

  it('a gateway of this identity that failed: not adopted, and the ClientToken is salted with it', async () => {
    const failed = available({
      NatGatewayId: 'nat-0fa11ed00000000000'.slice(0, 21),
      State: 'failed',
      AvailabilityMode: 'regional',
      Tags: gatewayTags(REGIONAL, {})
    })
    const tokenWith = async (gateways: NatGateway[]) => {
      const ec2 = await runWith(baseInputs, {
        gateways,
        routeTables: emptyTables(),
        afterCreate: [available()]
      })
      return ec2.commandCalls(CreateNatGatewayCommand)[0]?.args[0].input.ClientToken
    }
    const fresh = await tokenWith([])
    const salted = await tokenWith([failed])
    expect(salted).toMatch(/^ensure-nat-gateway-/)
    expect(salted).not.toBe(fresh)
    expect(await tokenWith([failed])).toBe(salted)
  })

  it('zonal manual: first address primary, no allocation', async () => {
    const ec2 = await runWith(
      { ...zonalInputs, 'eip-allocation-ids': `${EIP_1}, ${EIP_2}` },
      {
        gateways: [],
        routeTables: emptyTables(),
        addresses: [address(EIP_1), address(EIP_2)],
        afterCreate: [available()]
      }
    )
    expect(core.setFailed).not.toHaveBeenCalled()
    expect(ec2.commandCalls(CreateNatGatewayCommand)[0]?.args[0].input).toMatchObject({
      AllocationId: EIP_1,
      SecondaryAllocationIds: [EIP_2]
    })
    expect(ec2.commandCalls(AllocateAddressCommand)).toHaveLength(0)
  })

  it('private zonal: no Elastic IP and no internet gateway needed', async () => {
    const ec2 = await runWith(
      { ...zonalInputs, 'connectivity-type': 'private' },
      {
        gateways: [],
        routeTables: emptyTables(),
        withoutInternetGateway: true,
        afterCreate: [
          available({
            ConnectivityType: 'private',
            NatGatewayAddresses: [{ PrivateIp: '10.0.1.5', Status: 'succeeded' }]
          })
        ]
      }
    )
    expect(core.setFailed).not.toHaveBeenCalled()
    const input = ec2.commandCalls(CreateNatGatewayCommand)[0]?.args[0].input
    expect(input).toMatchObject({ ConnectivityType: 'private', SubnetId: PUBLIC_SUBNET })
    expect(input).not.toHaveProperty('AllocationId')
    expect(callCounts(ec2)).not.toHaveProperty('AllocateAddress')
    expect(callCounts(ec2)).not.toHaveProperty('DescribeInternetGateways')
    expect(core.outputs()['public-ips']).toBe('')
  })
})

describe('run: an existing gateway', () => {
  const ours = (fields: Partial<NatGateway> = {}) =>
    available({ AvailabilityMode: 'regional', Tags: gatewayTags(REGIONAL, {}), ...fields })
  const routed = () => [
    routeTable(RTB_A, [route({ NatGatewayId: NAT })]),
    routeTable(RTB_B, [route({ NatGatewayId: NAT })])
  ]

  it('the rerun makes two read calls and changes nothing', async () => {
    const ec2 = await runWith(baseInputs, { gateways: [ours()], routeTables: routed() })
    expect(core.setFailed).not.toHaveBeenCalled()
    expect(callCounts(ec2)).toEqual({ DescribeNatGateways: 1, DescribeRouteTables: 1 })
    expect(core.outputs()).toMatchObject({
      'nat-gateway-id': NAT,
      created: 'false',
      changed: 'false'
    })
  })

  it('adopts it and adds only the missing route, with no other read', async () => {
    const tables = [routeTable(RTB_A, [route({ NatGatewayId: NAT })]), routeTable(RTB_B)]
    const ec2 = await runWith(baseInputs, { gateways: [ours()], routeTables: tables })
    expect(callCounts(ec2)).toEqual({
      DescribeNatGateways: 1,
      DescribeRouteTables: 1,
      CreateRoute: 1
    })
    expect(ec2.commandCalls(CreateRouteCommand)[0]?.args[0].input.RouteTableId).toBe(RTB_B)
    expect(core.outputs()).toMatchObject({ created: 'false', changed: 'true' })
  })

  it('waits for a pending one before routing', async () => {
    const ec2 = await runWith(baseInputs, {
      gateways: [ours({ State: 'pending' })],
      routeTables: emptyTables(),
      afterCreate: [ours({ State: 'pending' }), ours()]
    })
    expect(core.setFailed).not.toHaveBeenCalled()
    expect(callCounts(ec2)).toEqual({
      DescribeNatGateways: 3,
      DescribeRouteTables: 1,
      CreateRoute: 2
    })
  })

  it('ignores a gateway without our tag and creates ours', async () => {
    const foreign = available({ Tags: [{ Key: 'Name', Value: REGIONAL }] })
    const ec2 = await runWith(baseInputs, {
      gateways: [foreign],
      routeTables: emptyTables(),
      afterCreate: [available()]
    })
    expect(ec2.commandCalls(CreateNatGatewayCommand)).toHaveLength(1)
  })

  it('refuses one whose mode differs, with no write', async () => {
    const ec2 = await runWith(baseInputs, {
      gateways: [ours({ AvailabilityMode: 'zonal' })],
      routeTables: emptyTables()
    })
    expect(failure()).toMatch(
      /nat-0abc\S+: is this action's NAT gateway .* availability mode is zonal/
    )
    expect(writeCalls(ec2)).toEqual([])
  })
})

describe('run: routes', () => {
  const gateway = available({ AvailabilityMode: 'regional', Tags: gatewayTags(REGIONAL, {}) })
  const conflicting = () => [
    routeTable(RTB_A, [route({ GatewayId: 'vgw-0abc' })]),
    routeTable(RTB_B)
  ]

  it('route-conflict fail: nothing is written, the table and its target are named', async () => {
    const ec2 = await runWith(baseInputs, { gateways: [gateway], routeTables: conflicting() })
    expect(failure()).toMatch(
      /nothing was changed[\s\S]*rtb-0aaa\S+: already routes 0.0.0.0\/0 to vgw-0abc/
    )
    expect(writeCalls(ec2)).toEqual([])
  })

  it('route-conflict fail before a create: no Elastic IP, no gateway', async () => {
    const ec2 = await runWith(zonalInputs, { gateways: [], routeTables: conflicting() })
    expect(failure()).toMatch(/already routes 0.0.0.0\/0 to vgw-0abc/)
    expect(writeCalls(ec2)).toEqual([])
  })

  it('route-conflict replace: the conflicting route is replaced, the missing one created', async () => {
    const ec2 = await runWith(
      { ...baseInputs, 'route-conflict': 'replace' },
      { gateways: [gateway], routeTables: conflicting() }
    )
    expect(ec2.commandCalls(ReplaceRouteCommand).map(c => c.args[0].input)).toEqual([
      { RouteTableId: RTB_A, NatGatewayId: NAT, DestinationCidrBlock: '0.0.0.0/0' }
    ])
    expect(ec2.commandCalls(CreateRouteCommand).map(c => c.args[0].input.RouteTableId)).toEqual([
      RTB_B
    ])
  })

  it('a blackhole route is replaced under route-conflict: fail', async () => {
    const tables = [
      routeTable(RTB_A, [route({ NatGatewayId: 'nat-0dead', State: 'blackhole' })]),
      routeTable(RTB_B, [route({ NatGatewayId: NAT })])
    ]
    const ec2 = await runWith(baseInputs, { gateways: [gateway], routeTables: tables })
    expect(core.setFailed).not.toHaveBeenCalled()
    expect(callCounts(ec2)).toEqual({
      DescribeNatGateways: 1,
      DescribeRouteTables: 1,
      ReplaceRoute: 1
    })
  })

  it('rides out InvalidNatGatewayID.NotFound right after the create', async () => {
    core.reset(baseInputs)
    const ec2 = fakeEc2({ gateways: [], routeTables: emptyTables(), afterCreate: [available()] })
    const notYet = Object.assign(new Error('The natGateway ID does not exist'), {
      name: 'InvalidNatGatewayID.NotFound'
    })
    ec2.on(CreateRouteCommand).rejectsOnce(notYet).rejectsOnce(notYet).resolves({})
    await run({ clock: instantClock() })
    expect(core.setFailed).not.toHaveBeenCalled()
    expect(ec2.commandCalls(CreateRouteCommand)).toHaveLength(4)
  })

  it('on RouteAlreadyExists reads the table again and accepts a route that is now ours', async () => {
    core.reset(baseInputs)
    const tables = emptyTables()
    const ec2 = fakeEc2({ gateways: [gateway], routeTables: tables })
    ec2.on(CreateRouteCommand).callsFake(input => {
      tables
        .find(t => t.RouteTableId === input.RouteTableId)
        ?.Routes?.push(route({ NatGatewayId: NAT }))
      throw Object.assign(new Error('exists'), { name: 'RouteAlreadyExists' })
    })
    await run({ clock: instantClock() })
    expect(core.setFailed).not.toHaveBeenCalled()
    expect(callCounts(ec2)).toEqual({
      DescribeNatGateways: 1,
      DescribeRouteTables: 3,
      CreateRoute: 2
    })
  })
})

describe('run: failures', () => {
  it('a failed gateway: FailureCode and message surfaced, the allocated Elastic IP released', async () => {
    const ec2 = await runWith(zonalInputs, {
      gateways: [],
      routeTables: emptyTables(),
      afterCreate: [
        { NatGatewayId: NAT, State: 'pending' },
        {
          NatGatewayId: NAT,
          State: 'failed',
          FailureCode: 'InsufficientFreeAddressesInSubnet',
          FailureMessage: 'Subnet has insufficient free addresses to create this NAT gateway'
        }
      ]
    })
    expect(failure()).toBe(
      `NAT gateway ${NAT} is failed: InsufficientFreeAddressesInSubnet: Subnet has insufficient free addresses to create this NAT gateway`
    )
    expect(ec2.commandCalls(ReleaseAddressCommand).map(c => c.args[0].input)).toEqual([
      { AllocationId: NEW_EIP }
    ])
    expect(ec2.commandCalls(CreateRouteCommand)).toHaveLength(0)
  })

  it('a failed gateway with addresses the user gave: nothing is released', async () => {
    const ec2 = await runWith(
      { ...zonalInputs, 'eip-allocation-ids': EIP_1 },
      {
        gateways: [],
        routeTables: emptyTables(),
        addresses: [address(EIP_1)],
        afterCreate: [{ NatGatewayId: NAT, State: 'failed', FailureCode: 'InternalError' }]
      }
    )
    expect(failure()).toMatch(/InternalError/)
    expect(ec2.commandCalls(ReleaseAddressCommand)).toHaveLength(0)
  })

  it('a release that keeps failing is named in the error with the command to run', async () => {
    core.reset(zonalInputs)
    const ec2 = fakeEc2({
      gateways: [],
      routeTables: emptyTables(),
      afterCreate: [{ NatGatewayId: NAT, State: 'failed', FailureCode: 'InternalError' }]
    })
    ec2
      .on(ReleaseAddressCommand)
      .rejects(Object.assign(new Error('in use'), { name: 'InvalidIPAddress.InUse' }))
    await run({ clock: instantClock() })
    expect(failure()).toMatch(new RegExp(`aws ec2 release-address --allocation-id ${NEW_EIP}`))
    expect(ec2.commandCalls(ReleaseAddressCommand).length).toBeGreaterThan(1)
  })

  it('a CreateNatGateway error releases the allocated Elastic IP', async () => {
    core.reset(zonalInputs)
    const ec2 = fakeEc2({ gateways: [], routeTables: emptyTables() })
    ec2
      .on(CreateNatGatewayCommand)
      .rejects(Object.assign(new Error('limit'), { name: 'NatGatewayLimitExceeded' }))
    await run({ clock: instantClock() })
    expect(failure()).toBe('limit')
    expect(ec2.commandCalls(ReleaseAddressCommand).map(c => c.args[0].input.AllocationId)).toEqual([
      NEW_EIP
    ])
  })

  it('wait timeout: names the gateway and its state, keeps its address for the rerun', async () => {
    const ec2 = await runWith(
      { ...zonalInputs, 'wait-timeout-seconds': '30' },
      {
        gateways: [],
        routeTables: emptyTables(),
        afterCreate: [{ NatGatewayId: NAT, State: 'pending' }]
      }
    )
    expect(failure()).toMatch(
      new RegExp(`NAT gateway ${NAT} is still pending after 30 s.*rerun of this step adopts it`)
    )
    expect(ec2.commandCalls(ReleaseAddressCommand)).toHaveLength(0)
    // Polled every 2 s for 30 s, the last poll on the deadline.
    expect(ec2.commandCalls(DescribeNatGatewaysCommand).length).toBe(1 + 16)
  })

  it('IdempotentParameterMismatch: adopts the gateway a concurrent run made, releases its own address', async () => {
    core.reset(zonalInputs)
    const world: FakeWorld = {
      gateways: [],
      routeTables: emptyTables(),
      afterCreate: [available()]
    }
    const ec2 = fakeEc2(world)
    ec2.on(CreateNatGatewayCommand).callsFake(() => {
      world.gateways.push(available({ SubnetId: PUBLIC_SUBNET, Tags: gatewayTags(ZONAL, {}) }))
      throw Object.assign(new Error('mismatch'), { name: 'IdempotentParameterMismatch' })
    })
    await run({ clock: instantClock() })
    expect(core.setFailed).not.toHaveBeenCalled()
    expect(ec2.commandCalls(ReleaseAddressCommand).map(c => c.args[0].input.AllocationId)).toEqual([
      NEW_EIP
    ])
    expect(core.outputs()).toMatchObject({ 'nat-gateway-id': NAT, created: 'false' })
  })

  it('a ClientToken that EC2 remembers for a deleted gateway: retried with a fresh token', async () => {
    core.reset(baseInputs)
    const ec2 = fakeEc2({ gateways: [], routeTables: emptyTables(), afterCreate: [available()] })
    ec2
      .on(CreateNatGatewayCommand)
      .resolvesOnce({ NatGateway: { NatGatewayId: 'nat-0dead', State: 'deleted' } })
      .resolves({ NatGateway: { NatGatewayId: NAT, State: 'pending' } })
    await run({ clock: instantClock() })
    const tokens = ec2.commandCalls(CreateNatGatewayCommand).map(c => c.args[0].input.ClientToken)
    expect(tokens).toHaveLength(2)
    expect(tokens[1]).not.toBe(tokens[0])
    expect(core.outputs()['nat-gateway-id']).toBe(NAT)
  })

  it('bad input: a clear error and no EC2 call at all', async () => {
    const ec2 = await runWith(
      { ...baseInputs, 'vpc-id': 'vpc-nope' },
      { gateways: [], routeTables: [] }
    )
    expect(failure()).toMatch(/vpc-id: "vpc-nope" is not a VPC ID. Example: vpc-0abc/)
    expect(ec2.calls()).toHaveLength(0)
  })

  it('no Region: a clear error and no EC2 call', async () => {
    const saved = {
      AWS_REGION: process.env.AWS_REGION,
      AWS_DEFAULT_REGION: process.env.AWS_DEFAULT_REGION
    }
    delete process.env.AWS_REGION
    delete process.env.AWS_DEFAULT_REGION
    try {
      const ec2 = await runWith({ ...baseInputs, region: '' }, { gateways: [], routeTables: [] })
      expect(failure()).toMatch(/region: no AWS Region is set/)
      expect(ec2.calls()).toHaveLength(0)
    } finally {
      Object.assign(process.env, Object.fromEntries(Object.entries(saved).filter(([, v]) => v)))
    }
  })
})
