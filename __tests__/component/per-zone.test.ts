/**
 * run() with a gateway per zone (`subnet-ids`), EC2 behind aws-sdk-client-mock: the exact calls
 * of the create, the rerun, a zone added and a refusal.
 */
import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import {
  AllocateAddressCommand,
  CreateNatGatewayCommand,
  CreateRouteCommand,
  DeleteNatGatewayCommand,
  DescribeNatGatewaysCommand,
  DescribeSubnetsCommand,
  type DescribeSubnetsCommandInput,
  type Filter,
  type NatGateway,
  ReleaseAddressCommand,
  ReplaceRouteCommand
} from '@aws-sdk/client-ec2'
import * as core from '../../__fixtures__/core.js'
import { IGW, PUBLIC_RTB, route, routeTable, VPC } from '../../__fixtures__/ec2.js'
import {
  callCounts,
  fakeEc2,
  type FakeWorld,
  instantClock,
  writeCalls
} from '../../__fixtures__/fake-ec2.js'
import {
  NAME,
  PRIVATE_A1,
  PRIVATE_A2,
  PRIVATE_B,
  PRIVATE_C,
  RTB_A1,
  RTB_A2,
  RTB_B,
  RTB_C,
  SUBNET_A,
  SUBNET_B,
  subnet,
  SUBNETS as ZONE_SUBNETS
} from '../../__fixtures__/zones.js'
import { gatewayTags } from '../../src/model/identity.js'
import type { RouteTable } from '../../src/model/resources.js'

jest.unstable_mockModule('@actions/core', () => core)
const { run } = await import('../../src/main.js')

const SUBNET_C = 'subnet-0ccc0000000000001'
/** Each zone's gateway, as EC2 names it: by the subnet it is created in. */
const NAT_OF: Record<string, string> = {
  [SUBNET_A]: 'nat-0aaaaaaaaaaaaaaaa',
  [SUBNET_B]: 'nat-0bbbbbbbbbbbbbbbb',
  [SUBNET_C]: 'nat-0cccccccccccccccc'
}
const zone = (id: string) => (id.includes('0aaa') ? 'a' : id.includes('0bbb') ? 'b' : 'c')
/** The zones' subnets, and a public subnet in zone c for a zone that replaces zone b. */
const SUBNETS = [...ZONE_SUBNETS, subnet(SUBNET_C, 'c', '3')]

const inputs = {
  'vpc-id': VPC,
  'route-table-ids': `${RTB_A1}, ${RTB_A2}, ${RTB_B}`,
  'availability-mode': 'zonal',
  'subnet-ids': `${SUBNET_A}, ${SUBNET_B}`,
  region: 'eu-west-1'
}

function gateway(subnetId: string, fields: Partial<NatGateway> = {}): NatGateway {
  const id = NAT_OF[subnetId] as string
  return {
    NatGatewayId: id,
    State: 'available',
    VpcId: VPC,
    SubnetId: subnetId,
    ConnectivityType: 'public',
    NatGatewayAddresses: [
      {
        AllocationId: `eipalloc-0${id.slice(-16)}`,
        PublicIp: zone(subnetId) === 'a' ? '203.0.113.1' : '203.0.113.2',
        PrivateIp: zone(subnetId) === 'a' ? '10.0.1.5' : '10.0.2.5',
        IsPrimary: true,
        Status: 'succeeded'
      }
    ],
    Tags: gatewayTags(NAME, {}),
    ...fields
  }
}

const table = (id: string, subnetId: string, natGatewayId?: string): RouteTable =>
  routeTable(id, natGatewayId ? [route({ NatGatewayId: natGatewayId })] : [], {
    Associations: [{ SubnetId: subnetId }]
  })

/**
 * The table of the zones' public subnets, with the internet route: the fake EC2 finds a subnet's
 * table by its association (a create checks that its subnet is public).
 */
const zonesPublicTable = routeTable(PUBLIC_RTB, [route({ GatewayId: IGW })], {
  Associations: [SUBNET_A, SUBNET_B, SUBNET_C].map(SubnetId => ({ SubnetId, Main: false }))
})

/** The fake EC2 of the other component tests, with a gateway per subnet and the zones' subnets. */
async function runWith(
  world: FakeWorld,
  extra: Record<string, string> = {},
  /** The subnet whose new gateway fails (InsufficientFreeAddressesInSubnet). */
  failing?: string
) {
  core.reset({ ...inputs, ...extra })
  const ec2 = fakeEc2({ ...world, routeTables: [...world.routeTables, zonesPublicTable] })
  let allocated = 0
  ec2.on(AllocateAddressCommand).callsFake(() => {
    allocated++
    return {
      AllocationId: `eipalloc-0new00000000000${allocated}`,
      PublicIp: `198.51.100.${allocated}`
    }
  })
  ec2.on(CreateNatGatewayCommand).callsFake(input => ({
    NatGateway: { NatGatewayId: NAT_OF[input.SubnetId ?? ''], State: 'pending' }
  }))
  const deleted = new Set<string>()
  ec2.on(DeleteNatGatewayCommand).callsFake(input => {
    deleted.add(input.NatGatewayId)
    return { NatGatewayId: input.NatGatewayId }
  })
  ec2.on(DescribeNatGatewaysCommand).callsFake(input => {
    // By ID (a teardown's wait) or by the nat-gateway-id filter (the zones' joint wait).
    const ids =
      input.NatGatewayIds ?? input.Filter?.find((f: Filter) => f.Name === 'nat-gateway-id')?.Values
    if (!ids) return { NatGateways: world.gateways }
    return {
      NatGateways: ids.map((id: string) => {
        const subnetId = Object.keys(NAT_OF).find(s => NAT_OF[s] === id) as string
        if (subnetId === failing) {
          return gateway(subnetId, {
            State: 'failed',
            FailureCode: 'InsufficientFreeAddressesInSubnet',
            FailureMessage: 'Subnet has insufficient free addresses'
          })
        }
        return gateway(subnetId, deleted.has(id) ? { State: 'deleted' } : {})
      })
    }
  })
  ec2.on(DescribeSubnetsCommand).callsFake((input: DescribeSubnetsCommandInput) => {
    const ids = input.Filters?.find(f => f.Name === 'subnet-id')?.Values ?? []
    return { Subnets: SUBNETS.filter(s => ids.includes(s.SubnetId)) }
  })
  await run({ clock: instantClock() })
  return ec2
}

beforeEach(() => core.reset({}))

describe('run: a gateway per zone', () => {
  it('creates a gateway in each zone at once and routes each table to its zone’s', async () => {
    const ec2 = await runWith({
      gateways: [],
      routeTables: [table(RTB_A1, PRIVATE_A1), table(RTB_A2, PRIVATE_A2), table(RTB_B, PRIVATE_B)]
    })
    expect(core.setFailed).not.toHaveBeenCalled()
    expect(ec2.commandCalls(CreateNatGatewayCommand).map(c => c.args[0].input.SubnetId)).toEqual([
      SUBNET_A,
      SUBNET_B
    ])
    expect(
      ec2
        .commandCalls(CreateRouteCommand)
        .map(c => [c.args[0].input.RouteTableId, c.args[0].input.NatGatewayId])
    ).toEqual(
      expect.arrayContaining([
        [RTB_A1, NAT_OF[SUBNET_A]],
        [RTB_A2, NAT_OF[SUBNET_A]],
        [RTB_B, NAT_OF[SUBNET_B]]
      ])
    )
    // Core ring, the zones (one DescribeSubnets), then each zone's create surroundings, as a
    // single gateway's: VPC, internet gateway, its subnet, its subnet's table, leftover addresses,
    // its zone's network border group (the automatic address is allocated in it).
    expect(callCounts(ec2)).toEqual({
      DescribeNatGateways: 3,
      DescribeRouteTables: 3,
      DescribeSubnets: 3,
      DescribeVpcs: 2,
      DescribeInternetGateways: 2,
      DescribeAddresses: 2,
      DescribeAvailabilityZones: 2,
      AllocateAddress: 2,
      CreateNatGateway: 2,
      CreateRoute: 3
    })
    const outputs = core.outputs()
    expect(outputs).toMatchObject({
      'nat-gateway-id': '',
      'nat-gateway-ids': `${NAT_OF[SUBNET_A]},${NAT_OF[SUBNET_B]}`,
      'public-ips': '203.0.113.1,203.0.113.2',
      'public-cidrs': '203.0.113.1/32,203.0.113.2/32',
      // Like public-ips, over every gateway of the run.
      'private-ips': '10.0.1.5,10.0.2.5',
      created: 'true',
      changed: 'true'
    })
    expect(JSON.parse(outputs['nat-gateways-json'] ?? '')).toEqual([
      {
        zone: 'eu-west-1a',
        zoneId: 'euw1-az1',
        natGatewayId: NAT_OF[SUBNET_A],
        subnetId: SUBNET_A,
        publicIps: ['203.0.113.1'],
        privateIps: ['10.0.1.5'],
        allocationIds: ['eipalloc-0aaaaaaaaaaaaaaaa'],
        routeTableIds: [RTB_A1, RTB_A2]
      },
      {
        zone: 'eu-west-1b',
        zoneId: 'euw1-az2',
        natGatewayId: NAT_OF[SUBNET_B],
        subnetId: SUBNET_B,
        publicIps: ['203.0.113.2'],
        privateIps: ['10.0.2.5'],
        allocationIds: ['eipalloc-0bbbbbbbbbbbbbbbb'],
        routeTableIds: [RTB_B]
      }
    ])
  })

  it('the rerun writes nothing: the core ring and the subnets’ zones, three reads', async () => {
    const ec2 = await runWith({
      gateways: [gateway(SUBNET_A), gateway(SUBNET_B)],
      routeTables: [
        table(RTB_A1, PRIVATE_A1, NAT_OF[SUBNET_A]),
        table(RTB_A2, PRIVATE_A2, NAT_OF[SUBNET_A]),
        table(RTB_B, PRIVATE_B, NAT_OF[SUBNET_B])
      ]
    })
    expect(core.setFailed).not.toHaveBeenCalled()
    expect(callCounts(ec2)).toEqual({
      DescribeNatGateways: 1,
      DescribeRouteTables: 1,
      DescribeSubnets: 1
    })
    expect(core.outputs()).toMatchObject({ created: 'false', changed: 'false' })
  })

  it('a zone added: its gateway is created and its table moved from the other zone’s', async () => {
    const ec2 = await runWith({
      gateways: [gateway(SUBNET_A)],
      routeTables: [
        table(RTB_A1, PRIVATE_A1, NAT_OF[SUBNET_A]),
        table(RTB_A2, PRIVATE_A2, NAT_OF[SUBNET_A]),
        table(RTB_B, PRIVATE_B, NAT_OF[SUBNET_A])
      ]
    })
    expect(core.setFailed).not.toHaveBeenCalled()
    expect(ec2.commandCalls(CreateNatGatewayCommand).map(c => c.args[0].input.SubnetId)).toEqual([
      SUBNET_B
    ])
    expect(ec2.commandCalls(ReplaceRouteCommand).map(c => c.args[0].input)).toEqual([
      { RouteTableId: RTB_B, NatGatewayId: NAT_OF[SUBNET_B], DestinationCidrBlock: '0.0.0.0/0' }
    ])
    expect(writeCalls(ec2).sort()).toEqual(['AllocateAddress', 'CreateNatGateway', 'ReplaceRoute'])
  })

  it('a zone removed: its gateway is deleted after the new one is up, its route and address gone', async () => {
    const ec2 = await runWith(
      {
        gateways: [gateway(SUBNET_A), gateway(SUBNET_B)],
        routeTables: [
          table(RTB_A1, PRIVATE_A1, NAT_OF[SUBNET_A]),
          table(RTB_B, PRIVATE_B, NAT_OF[SUBNET_B])
        ],
        addresses: [
          {
            AllocationId: 'eipalloc-0bbbbbbbbbbbbbbbb',
            // On the gateway of zone b: not a leftover for zone c to reuse.
            AssociationId: 'eipassoc-0bbbbbbbbbbbbbbbb',
            NetworkInterfaceId: 'eni-0bbbbbbbbbbbbbbbb',
            Tags: [
              { Key: 'ensure-nat-gateway:managed', Value: 'true' },
              { Key: 'ensure-nat-gateway:gateway', Value: NAME }
            ]
          }
        ]
      },
      // Zone b leaves, zone c comes: its tables are no longer listed.
      { 'subnet-ids': `${SUBNET_A}, ${SUBNET_C}`, 'route-table-ids': RTB_A1 }
    )
    expect(core.setFailed).not.toHaveBeenCalled()
    const order = ec2
      .calls()
      .map(call => (call.args[0] as object).constructor.name.replace(/Command$/, ''))
      .filter(name => !name.startsWith('Describe'))
    expect(order).toEqual([
      'AllocateAddress',
      'CreateNatGateway',
      'DeleteRoute',
      'DeleteNatGateway',
      'ReleaseAddress'
    ])
    expect(ec2.commandCalls(DeleteNatGatewayCommand)[0]?.args[0].input).toEqual({
      NatGatewayId: NAT_OF[SUBNET_B]
    })
    expect(core.outputs()).toMatchObject({
      'nat-gateway-ids': `${NAT_OF[SUBNET_A]},${NAT_OF[SUBNET_C]}`,
      'released-allocation-ids': 'eipalloc-0bbbbbbbbbbbbbbbb',
      deleted: 'true',
      changed: 'true'
    })
  })

  it('a zone whose gateway fails: its address released, the other zone routed and reported, the run failed', async () => {
    const ec2 = await runWith(
      {
        gateways: [],
        routeTables: [table(RTB_A1, PRIVATE_A1), table(RTB_A2, PRIVATE_A2), table(RTB_B, PRIVATE_B)]
      },
      {},
      SUBNET_B
    )
    const message = String(core.setFailed.mock.calls[0]?.[0])
    expect(message).toMatch(
      /eu-west-1b \(subnet-0bbb0000000000001\): NAT gateway nat-0bbbbbbbbbbbbbbbb is failed: InsufficientFreeAddressesInSubnet/
    )
    // The address allocated for zone b (the second allocation) is released; zone a's is kept.
    expect(ec2.commandCalls(ReleaseAddressCommand).map(c => c.args[0].input.AllocationId)).toEqual([
      'eipalloc-0new000000000002'
    ])
    expect(ec2.commandCalls(CreateRouteCommand).map(c => c.args[0].input.RouteTableId)).toEqual([
      RTB_A1,
      RTB_A2
    ])
    expect(core.outputs()).toMatchObject({
      'nat-gateway-ids': NAT_OF[SUBNET_A],
      // Two gateways were asked for: one ID is not the answer.
      'nat-gateway-id': ''
    })
  })

  it('refuses a table across two zones and one in a zone without a subnet, with no write', async () => {
    const ec2 = await runWith(
      {
        gateways: [],
        routeTables: [
          routeTable(RTB_A1, [], {
            Associations: [{ SubnetId: PRIVATE_A1 }, { SubnetId: PRIVATE_B }]
          }),
          table(RTB_C, PRIVATE_C)
        ]
      },
      { 'route-table-ids': `${RTB_A1}, ${RTB_C}` }
    )
    const message = String(core.setFailed.mock.calls[0]?.[0])
    expect(message).toMatch(
      new RegExp(`${RTB_A1}: serves subnets in 2 zones: eu-west-1a .*eu-west-1b`)
    )
    expect(message).toMatch(
      new RegExp(`${RTB_C}: serves subnets in eu-west-1c, which has no subnet in subnet-ids`)
    )
    expect(writeCalls(ec2)).toEqual([])
  })
})
