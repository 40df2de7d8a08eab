/**
 * run() changing a gateway's Elastic IPs in place: @actions/core mocked, EC2 behind
 * aws-sdk-client-mock. Each path asserts the exact EC2 calls it makes.
 */
import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import {
  AssociateNatGatewayAddressCommand,
  DisassociateNatGatewayAddressCommand,
  type NatGateway,
  type NatGatewayAddress,
  ReleaseAddressCommand
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
  writeCalls
} from '../../__fixtures__/fake-ec2.js'
import { gatewayTags, GATEWAY_TAG_KEY, OWNER_TAG } from '../../src/model/identity.js'

jest.unstable_mockModule('@actions/core', () => core)
const { run } = await import('../../src/main.js')

const EIP_3 = 'eipalloc-03333333333333333'
const ZONAL = `nat-${PUBLIC_SUBNET}`
const REGIONAL = `nat-regional-${VPC}`
const SUBNET_A = 'subnet-0a0a0a0a0a0a0a0a0'
const SUBNET_B = 'subnet-0b0b0b0b0b0b0b0b0'
const base = { 'vpc-id': VPC, 'route-table-ids': `${RTB_A}, ${RTB_B}`, region: 'eu-west-1' }
const zonal = { ...base, 'availability-mode': 'zonal', 'subnet-id': PUBLIC_SUBNET }
const routed = () => [
  routeTable(RTB_A, [route({ NatGatewayId: NAT })], { Associations: [{ SubnetId: SUBNET_A }] }),
  routeTable(RTB_B, [route({ NatGatewayId: NAT })], { Associations: [{ SubnetId: SUBNET_B }] })
]
const zones = [
  { ZoneName: 'eu-west-1a', ZoneId: 'euw1-az1', NetworkBorderGroup: 'eu-west-1' },
  { ZoneName: 'eu-west-1b', ZoneId: 'euw1-az2', NetworkBorderGroup: 'eu-west-1' }
]
const subnets = [
  {
    SubnetId: SUBNET_A,
    VpcId: VPC,
    AvailabilityZone: 'eu-west-1a',
    AvailabilityZoneId: 'euw1-az1'
  },
  { SubnetId: SUBNET_B, VpcId: VPC, AvailabilityZone: 'eu-west-1b', AvailabilityZoneId: 'euw1-az2' }
]

const ip = (allocationId: string, fields: Partial<NatGatewayAddress> = {}): NatGatewayAddress => ({
  AllocationId: allocationId,
  AssociationId: `eipassoc-0${allocationId.slice(-16)}`,
  PublicIp: `203.0.113.${allocationId.slice(-1)}`,
  IsPrimary: false,
  Status: 'succeeded',
  ...fields
})

function gateway(name: string, addresses: NatGatewayAddress[], fields: Partial<NatGateway> = {}) {
  return {
    NatGatewayId: NAT,
    State: 'available' as const,
    VpcId: VPC,
    ConnectivityType: 'public' as const,
    NatGatewayAddresses: addresses,
    Tags: gatewayTags(name, {}),
    ...fields
  }
}
const zonalGateway = (addresses: NatGatewayAddress[]) =>
  gateway(ZONAL, addresses, { AvailabilityMode: 'zonal', SubnetId: PUBLIC_SUBNET })
const regionalGateway = (addresses: NatGatewayAddress[]) =>
  gateway(REGIONAL, addresses, {
    AvailabilityMode: 'regional',
    AutoProvisionZones: 'disabled',
    AutoScalingIps: 'disabled',
    RouteTableId: 'rtb-0999999999999999a'
  })
const inA = { AvailabilityZone: 'eu-west-1a', AvailabilityZoneId: 'euw1-az1' }
const inB = { AvailabilityZone: 'eu-west-1b', AvailabilityZoneId: 'euw1-az2' }

async function runWith(inputs: Record<string, string>, world: FakeWorld) {
  core.reset(inputs)
  const ec2 = fakeEc2({ zones, subnets, ...world })
  await run({ clock: instantClock() })
  return ec2
}

const inputsOf = (ec2: Awaited<ReturnType<typeof runWith>>, command: unknown) =>
  ec2.commandCalls(command as typeof AssociateNatGatewayAddressCommand).map(c => c.args[0].input)

beforeEach(() => core.reset({}))

describe('run: zonal secondary Elastic IPs in place', () => {
  it('adds a secondary: associates it, waits until it is succeeded, keeps the gateway', async () => {
    const before = zonalGateway([ip(EIP_1, { IsPrimary: true })])
    const ec2 = await runWith(
      { ...zonal, 'eip-allocation-ids': `${EIP_1}, ${EIP_2}` },
      {
        gateways: [before],
        routeTables: routed(),
        addresses: [address(EIP_1), address(EIP_2)],
        afterAssociate: [
          zonalGateway([ip(EIP_1, { IsPrimary: true }), ip(EIP_2, { Status: 'associating' })]),
          zonalGateway([ip(EIP_1, { IsPrimary: true }), ip(EIP_2)])
        ]
      }
    )
    expect(core.setFailed).not.toHaveBeenCalled()
    expect(inputsOf(ec2, AssociateNatGatewayAddressCommand)).toEqual([
      { NatGatewayId: NAT, AllocationIds: [EIP_2] }
    ])
    expect(callCounts(ec2)).toEqual({
      DescribeNatGateways: 3,
      DescribeRouteTables: 1,
      DescribeSubnets: 1,
      DescribeAddresses: 1,
      DescribeAvailabilityZones: 1,
      AssociateNatGatewayAddress: 1
    })
    expect(core.outputs()).toMatchObject({
      'nat-gateway-id': NAT,
      'public-ips': '203.0.113.1,203.0.113.2',
      changed: 'true',
      created: 'false',
      'gateway-route-table-id': ''
    })
  })

  it('removes a secondary with max-drain-duration-seconds, waits until it is gone, never releases it', async () => {
    const ec2 = await runWith(
      { ...zonal, 'eip-allocation-ids': EIP_1, 'max-drain-duration-seconds': '60' },
      {
        gateways: [zonalGateway([ip(EIP_1, { IsPrimary: true }), ip(EIP_2)])],
        routeTables: routed(),
        addresses: [
          address(EIP_1),
          address(EIP_2, { AssociationId: 'eipassoc-02222222222222222' })
        ],
        afterDisassociate: [
          zonalGateway([ip(EIP_1, { IsPrimary: true }), ip(EIP_2, { Status: 'disassociating' })]),
          zonalGateway([ip(EIP_1, { IsPrimary: true })])
        ]
      }
    )
    expect(core.setFailed).not.toHaveBeenCalled()
    expect(inputsOf(ec2, DisassociateNatGatewayAddressCommand)).toEqual([
      {
        NatGatewayId: NAT,
        AssociationIds: ['eipassoc-02222222222222222'],
        MaxDrainDurationSeconds: 60
      }
    ])
    expect(writeCalls(ec2)).toEqual(['DisassociateNatGatewayAddress'])
    expect(core.outputs()['public-ips']).toBe('203.0.113.1')
  })

  it('rotates: adds the new one first, removes the old one after, releases it only if the action allocated it', async () => {
    const ours = address(EIP_2, {
      AssociationId: 'eipassoc-02222222222222222',
      Tags: [
        { Key: OWNER_TAG.key, Value: OWNER_TAG.value },
        { Key: GATEWAY_TAG_KEY, Value: ZONAL }
      ]
    })
    const ec2 = await runWith(
      { ...zonal, 'eip-allocation-ids': `${EIP_1}, ${EIP_3}` },
      {
        gateways: [zonalGateway([ip(EIP_1, { IsPrimary: true }), ip(EIP_2)])],
        routeTables: routed(),
        addresses: [address(EIP_1), ours, address(EIP_3)],
        afterAssociate: [zonalGateway([ip(EIP_1, { IsPrimary: true }), ip(EIP_2), ip(EIP_3)])],
        afterDisassociate: [zonalGateway([ip(EIP_1, { IsPrimary: true }), ip(EIP_3)])]
      }
    )
    expect(core.setFailed).not.toHaveBeenCalled()
    expect(writeCalls(ec2)).toEqual([
      'AssociateNatGatewayAddress',
      'DisassociateNatGatewayAddress',
      'ReleaseAddress'
    ])
    const order = ec2
      .calls()
      .map(c => (c.args[0] as object).constructor.name)
      .filter(n => !n.startsWith('Describe'))
    expect(order).toEqual([
      'AssociateNatGatewayAddressCommand',
      'DisassociateNatGatewayAddressCommand',
      'ReleaseAddressCommand'
    ])
    expect(inputsOf(ec2, ReleaseAddressCommand)).toEqual([{ AllocationId: EIP_2 }])
    expect(core.outputs()['allocation-ids']).toBe(`${EIP_1},${EIP_3}`)
  })

  it('a failed association fails the run with its message after the routes, and removes nothing', async () => {
    const ec2 = await runWith(
      { ...zonal, 'eip-allocation-ids': `${EIP_1}, ${EIP_3}` },
      {
        gateways: [zonalGateway([ip(EIP_1, { IsPrimary: true }), ip(EIP_2)])],
        routeTables: [routeTable(RTB_A), routeTable(RTB_B)],
        addresses: [address(EIP_1), address(EIP_2), address(EIP_3)],
        afterAssociate: [
          zonalGateway([
            ip(EIP_1, { IsPrimary: true }),
            ip(EIP_2),
            ip(EIP_3, {
              Status: 'failed',
              AssociationId: undefined,
              FailureMessage: 'EIP is in use'
            })
          ])
        ]
      }
    )
    expect(writeCalls(ec2)).toEqual(['AssociateNatGatewayAddress', 'CreateRoute'])
    expect(String(core.setFailed.mock.calls[0]?.[0])).toMatch(
      new RegExp(
        `addresses are not all usable:\\n  - Elastic IP ${EIP_3} \\(203.0.113.3\\) failed to associate: EIP is in use`
      )
    )
    expect(core.outputs()).toMatchObject({
      'nat-gateway-id': NAT,
      'route-table-ids': `${RTB_A},${RTB_B}`
    })
    expect(JSON.parse(core.outputs()['addresses-json'] ?? '[]')).toContainEqual(
      expect.objectContaining({ allocationId: EIP_3, status: 'failed' })
    )
  })

  it('names the quota and how to raise it when EC2 refuses one more address', async () => {
    const quota = Object.assign(new Error('You have reached the limit.'), {
      name: 'ResourceLimitExceeded'
    })
    const ec2 = await runWith(
      { ...zonal, 'eip-allocation-ids': `${EIP_1}, ${EIP_2}, ${EIP_3}` },
      {
        gateways: [zonalGateway([ip(EIP_1, { IsPrimary: true }), ip(EIP_2)])],
        routeTables: routed(),
        addresses: [address(EIP_1), address(EIP_2, { AssociationId: 'x' }), address(EIP_3)],
        associateError: quota
      }
    )
    expect(writeCalls(ec2)).toEqual(['AssociateNatGatewayAddress'])
    expect(String(core.setFailed.mock.calls[0]?.[0])).toMatch(
      /Elastic IP addresses per public NAT gateway" \(2 by default\)\. Request an increase in the Service Quotas console/
    )
  })

  it('refuses to change the primary in place, before any write, with the way out', async () => {
    const ec2 = await runWith(
      { ...zonal, 'eip-allocation-ids': `${EIP_2}, ${EIP_1}` },
      {
        gateways: [zonalGateway([ip(EIP_1, { IsPrimary: true }), ip(EIP_2)])],
        routeTables: routed()
      }
    )
    expect(writeCalls(ec2)).toEqual([])
    expect(callCounts(ec2)).toEqual({ DescribeNatGateways: 1, DescribeRouteTables: 1 })
    expect(String(core.setFailed.mock.calls[0]?.[0])).toMatch(
      /primary Elastic IP is .* cannot change a zonal gateway's primary address in place.*another `name`/
    )
  })
})

describe('run: regional manual Elastic IPs in place', () => {
  const oneZone = [ip(EIP_1, { IsPrimary: true, ...inA })]

  it('adds a zone and an address: one AssociateNatGatewayAddress per zone, as the inputs name it', async () => {
    const ec2 = await runWith(
      { ...base, 'eip-allocation-ids': `eu-west-1a: ${EIP_1}, ${EIP_3}\neuw1-az2: ${EIP_2}` },
      {
        gateways: [regionalGateway(oneZone)],
        routeTables: routed(),
        addresses: [address(EIP_1), address(EIP_2), address(EIP_3)],
        afterAssociate: [
          regionalGateway([...oneZone, ip(EIP_3, inA), ip(EIP_2, { IsPrimary: true, ...inB })])
        ]
      }
    )
    expect(core.setFailed).not.toHaveBeenCalled()
    expect(inputsOf(ec2, AssociateNatGatewayAddressCommand)).toEqual([
      { NatGatewayId: NAT, AllocationIds: [EIP_3], AvailabilityZone: 'eu-west-1a' },
      { NatGatewayId: NAT, AllocationIds: [EIP_2], AvailabilityZoneId: 'euw1-az2' }
    ])
    expect(callCounts(ec2)).toEqual({
      DescribeNatGateways: 2,
      DescribeRouteTables: 2,
      DescribeSubnets: 1,
      DescribeAddresses: 1,
      DescribeAvailabilityZones: 1,
      AssociateNatGatewayAddress: 2
    })
    expect(core.outputs()['gateway-route-table-id']).toBe('rtb-0999999999999999a')
  })

  it('refuses, before any write, to route a subnet in a zone the inputs do not list', async () => {
    const ec2 = await runWith(
      { ...base, 'eip-allocation-ids': `eu-west-1a: ${EIP_1}` },
      {
        gateways: [regionalGateway(oneZone)],
        routeTables: [
          routeTable(RTB_A, [], { Associations: [{ SubnetId: SUBNET_A }] }),
          routeTable(RTB_B, [], { Associations: [{ SubnetId: SUBNET_B }] })
        ],
        addresses: [address(EIP_1, { AssociationId: 'x' })]
      }
    )
    expect(writeCalls(ec2)).toEqual([])
    expect(String(core.setFailed.mock.calls[0]?.[0])).toMatch(
      /eu-west-1b has no Elastic IP in the inputs, but the routed subnets subnet-0b0b0b0b0b0b0b0b0 \(rtb-0b+\) are there/
    )
  })

  it('a rerun with nothing to change makes two reads', async () => {
    const ec2 = await runWith(
      { ...base, 'eip-allocation-ids': `eu-west-1a: ${EIP_1}\neu-west-1b: ${EIP_2}` },
      {
        gateways: [regionalGateway([...oneZone, ip(EIP_2, { IsPrimary: true, ...inB })])],
        routeTables: routed()
      }
    )
    expect(core.setFailed).not.toHaveBeenCalled()
    expect(callCounts(ec2)).toEqual({ DescribeNatGateways: 1, DescribeRouteTables: 1 })
    expect(core.outputs().changed).toBe('false')
  })

  it('a dry run shows the changes in plan-json and writes nothing', async () => {
    const ec2 = await runWith(
      { ...base, 'eip-allocation-ids': `eu-west-1b: ${EIP_2}`, 'dry-run': 'true' },
      {
        gateways: [regionalGateway(oneZone)],
        routeTables: [
          routeTable(RTB_A, [route({ NatGatewayId: NAT })], {
            Associations: [{ SubnetId: SUBNET_B }]
          }),
          routeTable(RTB_B, [route({ NatGatewayId: NAT })], {
            Associations: [{ SubnetId: SUBNET_B }]
          })
        ],
        addresses: [address(EIP_1, { AssociationId: 'x' }), address(EIP_2)]
      }
    )
    expect(core.setFailed).not.toHaveBeenCalled()
    expect(writeCalls(ec2)).toEqual([])
    const plan = JSON.parse(core.outputs()['plan-json'] ?? '{}')
    expect(plan.natGateway).toMatchObject({
      action: 'update',
      elasticIps: {
        associate: [{ zone: 'eu-west-1b', allocationIds: [EIP_2] }],
        disassociate: [{ allocationId: EIP_1, zone: 'eu-west-1a' }],
        maxDrainDurationSeconds: 350,
        release: []
      }
    })
    expect(plan.changes).toBe(true)
    expect(core.info).toHaveBeenCalledWith(
      expect.stringMatching(
        /Elastic IPs: once they are in use, disassociate eipalloc-0111.* in eu-west-1a, draining connections for up to 350 s\./
      )
    )
  })
})
