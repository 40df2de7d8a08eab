import { describe, expect, it } from '@jest/globals'
import type { NatGateway, RouteTable } from '@aws-sdk/client-ec2'
import {
  address,
  config,
  EIP_1,
  EIP_2,
  IGW,
  NAT,
  OTHER_VPC,
  ownGateway,
  PUBLIC_RTB,
  PUBLIC_SUBNET,
  publicRouteTable,
  route,
  RTB_A,
  RTB_B,
  routeTable,
  VPC,
  zonalConfig
} from '../../__fixtures__/ec2.js'
import type { Config } from '../../src/config.js'
import { gatewayTags, OWNER_TAG } from '../../src/identity.js'
import type { Surroundings, World } from '../../src/observe.js'
import { createRequest, makePlan } from '../../src/plan.js'
import { formatProblem } from '../../src/problems.js'

const surroundings = (fields: Partial<Surroundings> = {}): Surroundings => ({
  vpc: { VpcId: VPC },
  internetGateways: [{ InternetGatewayId: IGW, Attachments: [{ VpcId: VPC, State: 'attached' }] }],
  subnet: { SubnetId: PUBLIC_SUBNET, VpcId: VPC, AvailabilityZone: 'eu-west-1a' },
  subnetRouteTable: publicRouteTable,
  addresses: [],
  zones: [
    { ZoneName: 'eu-west-1a', ZoneId: 'euw1-az1' },
    { ZoneName: 'eu-west-1b', ZoneId: 'euw1-az2' }
  ],
  reusableAddresses: [],
  ...fields
})

const emptyTables = [routeTable(RTB_A), routeTable(RTB_B)]

function world(
  gateways: NatGateway[],
  tables: RouteTable[] = emptyTables,
  around?: Surroundings,
  retired: NatGateway[] = []
): World {
  return {
    core: {
      managedGateways: gateways,
      retiredGateways: retired,
      routeTables: tables,
      s3Endpoints: []
    },
    surroundings: around
  }
}

function problems(cfg: Config, w: World): string[] {
  return makePlan(cfg, w).problems.map(formatProblem)
}

describe('makePlan: the gateway', () => {
  it('creates a regional automatic gateway with tags at creation and no addresses', () => {
    const cfg = config({ tags: 'team=platform' })
    const result = makePlan(cfg, world([], emptyTables, surroundings()))
    expect(result.plan?.gateway).toEqual({
      action: 'create',
      tokenSalt: '',
      request: {
        AvailabilityMode: 'regional',
        VpcId: VPC,
        ConnectivityType: 'public',
        TagSpecifications: [
          {
            ResourceType: 'natgateway',
            Tags: [
              { Key: 'team', Value: 'platform' },
              { Key: 'Name', Value: `nat-regional-${VPC}` },
              { Key: OWNER_TAG.key, Value: 'true' }
            ]
          }
        ]
      }
    })
  })

  it('maps regional manual addresses by zone name and zone ID', () => {
    const cfg = config({ 'eip-allocation-ids': `eu-west-1a: ${EIP_1}\neuw1-az2: ${EIP_2}` })
    expect(createRequest(cfg).AvailabilityZoneAddresses).toEqual([
      { AvailabilityZone: 'eu-west-1a', AllocationIds: [EIP_1] },
      { AvailabilityZoneId: 'euw1-az2', AllocationIds: [EIP_2] }
    ])
  })

  it('sends the first zonal manual address as primary, the rest as secondary', () => {
    const request = createRequest(zonalConfig({ 'eip-allocation-ids': `${EIP_2},${EIP_1}` }))
    expect(request).toMatchObject({
      SubnetId: PUBLIC_SUBNET,
      AllocationId: EIP_2,
      SecondaryAllocationIds: [EIP_1]
    })
    expect(request).not.toHaveProperty('AvailabilityMode')
  })

  it('allocates an address for a zonal automatic gateway, or reuses one an earlier run left', () => {
    const cfg = zonalConfig()
    expect(makePlan(cfg, world([], emptyTables, surroundings())).plan?.gateway).toMatchObject({
      action: 'create',
      automaticAddress: { kind: 'allocate' }
    })
    const left = surroundings({ reusableAddresses: [address(EIP_2)] })
    expect(makePlan(cfg, world([], emptyTables, left)).plan?.gateway).toMatchObject({
      automaticAddress: { kind: 'reuse', allocationId: EIP_2 }
    })
  })

  it('creates a private zonal gateway without an address and without an internet gateway', () => {
    const cfg = zonalConfig({ 'connectivity-type': 'private' })
    const result = makePlan(cfg, world([], emptyTables, surroundings({ internetGateways: [] })))
    expect(result.problems).toEqual([])
    expect(result.plan?.gateway).toEqual({
      action: 'create',
      request: expect.objectContaining({ ConnectivityType: 'private' }),
      tokenSalt: ''
    })
    expect(createRequest(cfg)).not.toHaveProperty('AllocationId')
  })

  it('salts the ClientToken with the newest retired gateway of this identity', () => {
    const cfg = config()
    const retired = (id: string, day: number, name = cfg.name): NatGateway =>
      ownGateway(cfg, {
        NatGatewayId: id,
        State: 'failed',
        CreateTime: new Date(Date.UTC(2026, 10, day)),
        Tags: gatewayTags(name, {})
      })
    const older = retired('nat-0old', 1)
    const newer = retired('nat-0new', 2)
    const otherName = retired('nat-0other', 3, 'other')
    const result = makePlan(cfg, world([], emptyTables, surroundings(), [older, otherName, newer]))
    expect(result.plan?.gateway).toMatchObject({ action: 'create', tokenSalt: 'nat-0new' })
  })

  it('adopts our gateway with the same name and ignores ours with other names', () => {
    const cfg = config()
    const other = ownGateway(cfg, {
      NatGatewayId: 'nat-0999999999999999a',
      Tags: gatewayTags('other', {})
    })
    const result = makePlan(cfg, world([other, ownGateway(cfg)]))
    expect(result.plan?.gateway).toEqual({ action: 'adopt', natGateway: ownGateway(cfg) })
  })

  it.each([
    [
      'a zonal gateway for a regional config',
      config(),
      { AvailabilityMode: 'zonal' as const },
      /^nat-0abc\S+: .*its availability mode is zonal, the inputs ask for regional.*A NAT gateway cannot be changed in place: set the inputs to match it, give the new gateway another `name`/
    ],
    [
      'a gateway without AvailabilityMode (zonal) for a regional config',
      config(),
      { AvailabilityMode: undefined },
      /availability mode is zonal/
    ],
    [
      'another subnet',
      zonalConfig(),
      { SubnetId: 'subnet-0ddd1234def567890' },
      /^nat-0abc\S+: .*it is in subnet-0ddd1234def567890, the inputs ask for subnet-0aaa\S+.*cannot be changed in place/
    ],
    [
      'another connectivity',
      zonalConfig({ 'connectivity-type': 'private' }),
      { ConnectivityType: 'public' as const },
      /connectivity is public, the inputs ask for private/
    ],
    [
      'a private gateway for a public config',
      zonalConfig(),
      { ConnectivityType: 'private' as const },
      /^nat-0abc\S+: .*its connectivity is private, the inputs ask for public.*cannot be changed in place/
    ],
    [
      'other manual addresses',
      zonalConfig({ 'eip-allocation-ids': EIP_2 }),
      {},
      new RegExp(
        `^nat-0abc\\S+: .*it does not use the Elastic IPs ${EIP_2} from eip-allocation-ids.*cannot be changed in place`
      )
    ],
    [
      'automatic regional for manual inputs',
      config({ 'eip-allocation-ids': `eu-west-1a: ${EIP_1}` }),
      { AutoProvisionZones: 'enabled' as const },
      /Elastic IPs are automatic, the inputs ask for manual/
    ]
  ])('refuses to adopt %s, and says how to resolve it', (_, cfg, fields, message) => {
    const found = problems(cfg, world([ownGateway(cfg, fields)]))
    expect(found).toEqual([expect.stringMatching(message)])
    expect(found[0]).toMatch(/cannot be changed in place/)
  })

  it('refuses two gateways with the same identity', () => {
    const cfg = config()
    const found = problems(
      cfg,
      world([ownGateway(cfg), ownGateway(cfg, { NatGatewayId: 'nat-0bbb1234def567890' })])
    )
    expect(found).toEqual([
      expect.stringMatching(/2 NAT gateways .* nat-0abc1234def567890, nat-0bbb1234def567890/)
    ])
  })
})

describe('makePlan: what must be true before a create', () => {
  it.each<[string, Config, Partial<Surroundings>, RegExp]>([
    [
      'an unknown VPC',
      config(),
      { vpc: undefined },
      /^vpc-id: vpc-0abc1234def567890 was not found in eu-west-1\. Check the ID, the Region/
    ],
    [
      'a VPC with no internet gateway',
      config(),
      { internetGateways: [] },
      /^vpc-id: .*has no internet gateway attached; a public NAT gateway needs one.*Attach an internet gateway to the VPC first/
    ],
    [
      'an unknown subnet',
      zonalConfig(),
      { subnet: undefined },
      /^subnet-id: subnet-0aaa1234def567890 was not found in eu-west-1\. Name a public subnet of vpc-/
    ],
    [
      'a subnet of another VPC',
      zonalConfig(),
      { subnet: { SubnetId: PUBLIC_SUBNET, VpcId: OTHER_VPC } },
      /^subnet-id: .*belongs to vpc-0fff\S+, not to vpc-0abc\S+\. Name a public subnet of vpc-/
    ],
    [
      'a subnet with no route to an internet gateway',
      zonalConfig(),
      { subnetRouteTable: routeTable(PUBLIC_RTB) },
      /^subnet-id: .*is not a public subnet: rtb-0ccc\S+ has no 0\.0\.0\.0\/0 route to an internet gateway.*Name a public subnet, or add that route first/
    ],
    [
      'a subnet whose internet route is a blackhole',
      zonalConfig(),
      { subnetRouteTable: routeTable(PUBLIC_RTB, [route({ GatewayId: IGW, State: 'blackhole' })]) },
      /is not a public subnet/
    ],
    [
      'an unknown Elastic IP',
      zonalConfig({ 'eip-allocation-ids': EIP_1 }),
      { addresses: [] },
      /^eip-allocation-ids: eipalloc-0111\S* was not found in eu-west-1\. Name Elastic IPs allocated in this account/
    ],
    [
      'an unknown Elastic IP on a zone line',
      config({ 'eip-allocation-ids': `eu-west-1a: ${EIP_1}` }),
      { addresses: [] },
      /^eip-allocation-ids: eipalloc-0111\S* was not found in eu-west-1\. Name Elastic IPs/
    ],
    [
      'an Elastic IP in use',
      zonalConfig({ 'eip-allocation-ids': EIP_1 }),
      {
        addresses: [address(EIP_1, { AssociationId: 'eipassoc-1', NetworkInterfaceId: 'eni-0abc' })]
      },
      /^eip-allocation-ids: eipalloc-0111\S+ \(198\.51\.100\.7\) is already associated with eni-0abc.*Resource.AlreadyAssociated.*Name a free Elastic IP, or disassociate this one first\./
    ],
    [
      'an Elastic IP in use on a zone line',
      config({ 'eip-allocation-ids': `eu-west-1a: ${EIP_1}\neu-west-1b: ${EIP_2}` }),
      {
        addresses: [
          address(EIP_1),
          address(EIP_2, {
            PublicIp: '203.0.113.2',
            AssociationId: 'eipassoc-2',
            NetworkInterfaceId: 'eni-0def'
          })
        ]
      },
      /^eip-allocation-ids: eipalloc-0222\S+ \(203\.0\.113\.2\) is already associated with eni-0def.*Name a free Elastic IP, or disassociate this one first\./
    ],
    [
      'an unknown zone',
      config({ 'eip-allocation-ids': `eu-west-1c: ${EIP_1}` }),
      { addresses: [address(EIP_1)] },
      /"eu-west-1c" is not an availability zone of eu-west-1.*eu-west-1a \(euw1-az1\)/
    ],
    [
      'a zone name unknown in the Region',
      config({ 'eip-allocation-ids': `eu-west-1z: ${EIP_1}` }),
      { addresses: [address(EIP_1)] },
      /^eip-allocation-ids: "eu-west-1z" is not an availability zone of eu-west-1\. Zones there: eu-west-1a \(euw1-az1\)/
    ],
    [
      'an unknown zone ID',
      config({ 'eip-allocation-ids': `euw1-az9: ${EIP_1}` }),
      { addresses: [address(EIP_1)] },
      /^eip-allocation-ids: "euw1-az9" is not an availability zone of eu-west-1\. Zones there: eu-west-1a \(euw1-az1\)/
    ]
  ])('finds %s', (_, cfg, fields, message) => {
    expect(problems(cfg, world([], emptyTables, surroundings(fields)))).toEqual([
      expect.stringMatching(message)
    ])
  })

  it('reports every problem at once, with the route problems', () => {
    const cfg = zonalConfig({ 'eip-allocation-ids': EIP_1 })
    const tables = [
      routeTable(RTB_A, [route({ GatewayId: 'vgw-0abc' })]),
      routeTable(RTB_B, [], { VpcId: OTHER_VPC })
    ]
    const found = problems(
      cfg,
      world([], tables, surroundings({ internetGateways: [], addresses: [] }))
    )
    expect(found).toHaveLength(4)
  })
})

describe('makePlan: the routes', () => {
  const cfg = config()
  const gateway = ownGateway(cfg)

  it('keeps routes that target the gateway: the rerun plans nothing', () => {
    const tables = [
      routeTable(RTB_A, [route({ NatGatewayId: NAT })]),
      routeTable(RTB_B, [route({ NatGatewayId: NAT })])
    ]
    expect(makePlan(cfg, world([gateway], tables)).plan?.routes).toEqual([
      { routeTableId: RTB_A, action: 'keep' },
      { routeTableId: RTB_B, action: 'keep' }
    ])
  })

  it('creates missing routes and replaces blackholes, whatever route-conflict says', () => {
    const tables = [
      routeTable(RTB_A),
      routeTable(RTB_B, [route({ NatGatewayId: 'nat-0dead1234def56789', State: 'blackhole' })])
    ]
    expect(makePlan(cfg, world([gateway], tables)).plan?.routes).toEqual([
      { routeTableId: RTB_A, action: 'create' },
      {
        routeTableId: RTB_B,
        action: 'replace',
        currentTarget: 'nat-0dead1234def56789',
        reason: 'blackhole'
      }
    ])
  })

  it('reports a route to another target as a conflict with route-conflict: fail', () => {
    const tables = [routeTable(RTB_A, [route({ TransitGatewayId: 'tgw-0abc' })]), routeTable(RTB_B)]
    expect(problems(cfg, world([gateway], tables))).toEqual([
      expect.stringMatching(
        /^rtb-0aaa\S+: already routes 0.0.0.0\/0 to tgw-0abc. Set route-conflict: replace/
      )
    ])
  })

  it('names a conflicting gateway that this action manages under another name', () => {
    const zonal = ownGateway(cfg, {
      NatGatewayId: 'nat-0zzz',
      Tags: gatewayTags('nat-subnet-x', {})
    })
    const tables = [routeTable(RTB_A, [route({ NatGatewayId: 'nat-0zzz' })]), routeTable(RTB_B)]
    expect(problems(cfg, world([gateway, zonal], tables))).toEqual([
      expect.stringMatching(
        /nat-0zzz \(the NAT gateway "nat-subnet-x", also managed by this action\)/
      )
    ])
  })

  it('replaces a route to another target with route-conflict: replace', () => {
    const tables = [routeTable(RTB_A, [route({ GatewayId: 'vgw-0abc' })]), routeTable(RTB_B)]
    expect(
      makePlan(config({ 'route-conflict': 'replace' }), world([gateway], tables)).plan?.routes[0]
    ).toEqual({
      routeTableId: RTB_A,
      action: 'replace',
      currentTarget: 'vgw-0abc',
      reason: 'route-conflict: replace'
    })
  })

  it('matches the destination, IPv6 included', () => {
    const v6 = config({ 'destination-cidr': '64:ff9b::/96' })
    const tables = [
      routeTable(RTB_A, [route({ GatewayId: IGW })]),
      routeTable(RTB_B, [
        { DestinationIpv6CidrBlock: '64:ff9b::/96', NatGatewayId: NAT, State: 'active' }
      ])
    ]
    expect(makePlan(v6, world([ownGateway(v6)], tables)).plan?.routes.map(r => r.action)).toEqual([
      'create',
      'keep'
    ])
  })

  it.each<[string, Config, RouteTable[], NatGateway[], RegExp]>([
    [
      'an unknown table',
      cfg,
      [routeTable(RTB_B)],
      [gateway],
      /^rtb-0aaa\S+: was not found in eu-west-1\. Check route-table-ids and the Region\./
    ],
    [
      'a table of another VPC',
      cfg,
      [routeTable(RTB_A, [], { VpcId: OTHER_VPC }), routeTable(RTB_B)],
      [gateway],
      /^rtb-0aaa\S+: .*belongs to vpc-0fff1234def567890, not to vpc-0abc\S+\. Name only route tables of vpc-/
    ],
    [
      "the regional gateway's own table",
      cfg,
      emptyTables,
      [ownGateway(cfg, { RouteTableId: RTB_A })],
      /is the route table of the regional NAT gateway nat-0abc\S+ itself/
    ],
    [
      "the zonal gateway's own subnet's table",
      zonalConfig(),
      [routeTable(RTB_A, [], { Associations: [{ SubnetId: PUBLIC_SUBNET }] }), routeTable(RTB_B)],
      [ownGateway(zonalConfig())],
      /^rtb-0aaa\S+: .*routes subnet-0aaa\S+, the subnet that hosts the NAT gateway.*Name the route tables of the private subnets only/
    ]
  ])('refuses %s', (_, c, tables, gateways, message) => {
    expect(problems(c, world(gateways, tables))).toEqual([expect.stringMatching(message)])
  })

  it("refuses the public subnet's own table listed for a new zonal gateway", () => {
    const c = zonalConfig({ 'route-table-ids': PUBLIC_RTB })
    expect(problems(c, world([], [publicRouteTable], surroundings()))).toEqual([
      expect.stringMatching(
        /^rtb-0ccc\S+: .*routes subnet-0aaa\S+, the subnet that hosts the NAT gateway.*Name the route tables of the private subnets only/
      )
    ])
  })

  it("refuses the zonal gateway's subnet table found through the main table", () => {
    const c = zonalConfig()
    const main = routeTable(RTB_A, [route({ GatewayId: IGW })], { Associations: [{ Main: true }] })
    const found = problems(
      c,
      world([], [main, routeTable(RTB_B)], surroundings({ subnetRouteTable: main }))
    )
    expect(found).toEqual([expect.stringMatching(/the subnet that hosts the NAT gateway/)])
  })
})
