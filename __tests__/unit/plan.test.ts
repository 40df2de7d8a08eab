import { describe, expect, it } from '@jest/globals'
import type { NatGateway, NatGatewayAddress, RouteTable } from '../../src/model/resources.js'
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
import type { Config } from '../../src/model/config.js'
import { gatewayTags, OWNER_TAG } from '../../src/model/identity.js'
import type { Surroundings, World } from '../../src/model/world.js'
import { makePlan } from '../../src/plan/ensure-plan.js'
import { createRequest } from '../../src/plan/gateway.js'
import { formatProblem } from '../../src/model/problems.js'

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
  vpcSubnets: [],
  vpcRouteTables: [],
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
      gatewayEndpoints: []
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
      /^nat-0abc\S+: .*its availability mode is zonal, the inputs ask for regional\. That cannot be changed in place\. To move: give the new gateway another `name`.*update your allowlists from its outputs, then remove nat-0abc\S+ with state: absent/
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
      'another primary Elastic IP',
      zonalConfig({ 'eip-allocation-ids': EIP_2 }),
      {},
      new RegExp(`primary Elastic IP is ${EIP_1}, the inputs ask for ${EIP_2}`)
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
    expect(found[0]).toMatch(/(cannot be changed|cannot change .*) in place/)
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
        /^rtb-0aaa\S+: already routes 0.0.0.0\/0 to tgw-0abc. Set route-conflict: replace if its 0.0.0.0\/0 traffic should go to this NAT gateway instead of the transit gateway tgw-0abc/
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

  describe('a public route table (its destination goes to an internet gateway)', () => {
    const publicTable = routeTable(RTB_A, [route({ GatewayId: IGW })])
    const cases: [string, Config][] = [
      ['regional, route-conflict: fail', config()],
      ['regional, route-conflict: replace', config({ 'route-conflict': 'replace' })],
      ['zonal, route-conflict: replace', zonalConfig({ 'route-conflict': 'replace' })]
    ]
    it.each(cases)('is refused before any write (%s), naming the internet gateway', (_, c) => {
      const found = makePlan(c, world([ownGateway(c)], [publicTable, routeTable(RTB_B)]))
      expect(found.plan).toBeUndefined()
      expect(found.problems).toEqual([
        {
          subject: RTB_A,
          message: expect.stringMatching(
            new RegExp(
              `^is a public route table: its 0\\.0\\.0\\.0/0 route goes to the internet gateway ${IGW}\\..*could no longer be reached`
            )
          ),
          fix: expect.stringContaining(
            `delete its route to ${IGW} first (aws ec2 delete-route --route-table-id ${RTB_A} --destination-cidr-block 0.0.0.0/0)`
          )
        }
      ])
      expect(found.problems[0]?.fix).not.toContain('route-conflict: replace')
    })

    it('is refused even when the route to the internet gateway is a blackhole', () => {
      const c = config({ 'route-conflict': 'replace' })
      const blackhole = routeTable(RTB_A, [route({ GatewayId: IGW, State: 'blackhole' })])
      expect(problems(c, world([ownGateway(c)], [blackhole, routeTable(RTB_B)]))).toEqual([
        expect.stringMatching(/is a public route table/)
      ])
    })

    it('is refused for an IPv6 destination that goes to an internet gateway, with the IPv6 command', () => {
      const v6 = config({ 'destination-cidr': '::/0' })
      const table = routeTable(RTB_A, [
        { DestinationIpv6CidrBlock: '::/0', GatewayId: IGW, State: 'active' }
      ])
      expect(problems(v6, world([ownGateway(v6)], [table, routeTable(RTB_B)]))).toEqual([
        expect.stringContaining('--destination-ipv6-cidr-block ::/0')
      ])
    })
  })

  it('replaces routes to other targets with route-conflict: replace, saying what they pointed to', () => {
    const c = config({ 'route-conflict': 'replace' })
    const tables = [
      routeTable(RTB_A, [route({ TransitGatewayId: 'tgw-0abc' })]),
      routeTable(RTB_B, [route({ InstanceId: 'i-0abc' })])
    ]
    expect(makePlan(c, world([ownGateway(c)], tables)).plan?.routes).toEqual([
      {
        routeTableId: RTB_A,
        action: 'replace',
        currentTarget: 'tgw-0abc',
        reason: 'route-conflict: replace'
      },
      {
        routeTableId: RTB_B,
        action: 'replace',
        currentTarget: 'i-0abc',
        reason: 'route-conflict: replace'
      }
    ])
  })

  it("gives a private zonal gateway's own subnet table the reason that fits a private gateway", () => {
    const c = zonalConfig({ 'connectivity-type': 'private' })
    const own = routeTable(RTB_A, [], { Associations: [{ SubnetId: PUBLIC_SUBNET }] })
    const [found] = problems(c, world([ownGateway(c)], [own, routeTable(RTB_B)]))
    expect(found).toMatch(/back to itself, in a loop/)
    expect(found).not.toMatch(/internet/)
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

const EIP_3 = 'eipalloc-03333333333333333'
const held = (
  allocationId: string,
  fields: Partial<NatGatewayAddress> = {}
): NatGatewayAddress => ({
  AllocationId: allocationId,
  AssociationId: `eipassoc-${allocationId.slice(-4)}`,
  PublicIp: '203.0.113.20',
  IsPrimary: false,
  Status: 'succeeded',
  ...fields
})
const zoneA = { AvailabilityZone: 'eu-west-1a', AvailabilityZoneId: 'euw1-az1' }
const zoneB = { AvailabilityZone: 'eu-west-1b', AvailabilityZoneId: 'euw1-az2' }
const SUBNET_A = 'subnet-0a0a0a0a0a0a0a0a0'
const SUBNET_C = 'subnet-0c0c0c0c0c0c0c0c0'

describe('makePlan: Elastic IPs changed in place (manual mode)', () => {
  const freeAddresses = [address(EIP_1), address(EIP_2), address(EIP_3)]

  it.each([
    [
      'zonal: adds a secondary',
      zonalConfig({ 'eip-allocation-ids': `${EIP_1}, ${EIP_2}` }),
      [held(EIP_1, { IsPrimary: true })],
      { add: [{ allocationIds: [EIP_2] }], remove: [], release: [] }
    ],
    [
      "zonal: removes a secondary by its association ID, never releasing the user's",
      zonalConfig({ 'eip-allocation-ids': EIP_1 }),
      [held(EIP_1, { IsPrimary: true }), held(EIP_2)],
      {
        add: [],
        remove: [{ allocationId: EIP_2, associationId: 'eipassoc-2222', publicIp: '203.0.113.20' }],
        release: []
      }
    ],
    [
      'zonal: rotates a secondary (adds one, removes one)',
      zonalConfig({ 'eip-allocation-ids': `${EIP_1}, ${EIP_3}` }),
      [held(EIP_1, { IsPrimary: true }), held(EIP_2)],
      {
        add: [{ allocationIds: [EIP_3] }],
        remove: [{ allocationId: EIP_2, associationId: 'eipassoc-2222', publicIp: '203.0.113.20' }],
        release: []
      }
    ],
    [
      'zonal: re-associates an address whose association failed',
      zonalConfig({ 'eip-allocation-ids': `${EIP_1}, ${EIP_2}` }),
      [
        held(EIP_1, { IsPrimary: true }),
        held(EIP_2, { Status: 'failed', AssociationId: undefined })
      ],
      { add: [{ allocationIds: [EIP_2] }], remove: [], release: [] }
    ],
    [
      'regional: adds a zone and an address in a zone it has',
      config({ 'eip-allocation-ids': `eu-west-1a: ${EIP_1}, ${EIP_2}\neuw1-az2: ${EIP_3}` }),
      [held(EIP_1, { IsPrimary: true, ...zoneA })],
      {
        add: [
          { zone: 'eu-west-1a', allocationIds: [EIP_2] },
          { zone: 'euw1-az2', allocationIds: [EIP_3] }
        ],
        remove: [],
        release: []
      }
    ],
    [
      'regional: removes a whole zone',
      config({ 'eip-allocation-ids': `eu-west-1a: ${EIP_1}` }),
      [held(EIP_1, { IsPrimary: true, ...zoneA }), held(EIP_2, { IsPrimary: true, ...zoneB })],
      {
        add: [],
        remove: [
          {
            allocationId: EIP_2,
            associationId: 'eipassoc-2222',
            publicIp: '203.0.113.20',
            zone: 'eu-west-1b'
          }
        ],
        release: []
      }
    ]
  ])('%s', (_, cfg, addresses, expected) => {
    const gateway = ownGateway(cfg, {
      NatGatewayAddresses: addresses,
      ...(cfg.gateway.mode === 'regional' && { AutoProvisionZones: 'disabled' as const })
    })
    const result = makePlan(
      cfg,
      world([gateway], emptyTables, surroundings({ addresses: freeAddresses }))
    )
    expect(result.problems.map(formatProblem)).toEqual([])
    expect(result.plan?.gateway).toEqual({
      action: 'adopt',
      natGateway: gateway,
      addresses: expected
    })
  })

  it('releases a removed address only when this action allocated it for the gateway', () => {
    const cfg = zonalConfig({ 'eip-allocation-ids': EIP_1 })
    const gateway = ownGateway(cfg, {
      NatGatewayAddresses: [held(EIP_1, { IsPrimary: true }), held(EIP_2)]
    })
    const ours = address(EIP_2, {
      Tags: [
        { Key: OWNER_TAG.key, Value: OWNER_TAG.value },
        { Key: 'ensure-nat-gateway:gateway', Value: cfg.name }
      ]
    })
    const result = makePlan(cfg, world([gateway], emptyTables, surroundings({ addresses: [ours] })))
    const plan = result.plan?.gateway
    expect(plan?.action === 'adopt' && plan.addresses?.release).toEqual([EIP_2])
  })

  it('has no address change and needs no surroundings when the gateway holds exactly the inputs', () => {
    const cfg = zonalConfig({ 'eip-allocation-ids': `${EIP_1}, ${EIP_2}` })
    const gateway = ownGateway(cfg, {
      NatGatewayAddresses: [
        held(EIP_1, { IsPrimary: true }),
        held(EIP_2, { Status: 'associating' })
      ]
    })
    const result = makePlan(cfg, world([gateway]))
    expect(result.plan?.gateway).toEqual({ action: 'adopt', natGateway: gateway })
  })

  it.each([
    [
      'an address that moves between zones',
      config({ 'eip-allocation-ids': `eu-west-1a: ${EIP_1}\neu-west-1b: ${EIP_2}` }),
      [held(EIP_1, { IsPrimary: true, ...zoneA }), held(EIP_2, zoneA)],
      surroundings({ addresses: freeAddresses }),
      /EIP_2 serves eu-west-1a, the inputs give it to eu-west-1b; an address moves between zones in two runs/
    ],
    [
      'an added address already in use elsewhere',
      zonalConfig({ 'eip-allocation-ids': `${EIP_1}, ${EIP_2}` }),
      [held(EIP_1, { IsPrimary: true })],
      surroundings({
        addresses: [address(EIP_2, { AssociationId: 'eipassoc-0999', InstanceId: 'i-0123' })]
      }),
      /EIP_2 .* is already associated with i-0123/
    ],
    [
      'an added address of another network border group',
      zonalConfig({ 'eip-allocation-ids': `${EIP_1}, ${EIP_2}` }),
      [held(EIP_1, { IsPrimary: true })],
      surroundings({
        addresses: [address(EIP_2, { NetworkBorderGroup: 'us-west-2-lax-1' })],
        zones: [{ ZoneName: 'eu-west-1a', ZoneId: 'euw1-az1', NetworkBorderGroup: 'eu-west-1' }]
      }),
      /EIP_2 .* belongs to the network border group us-west-2-lax-1, but eu-west-1a is in eu-west-1/
    ],
    [
      'an added address still draining from an earlier removal',
      zonalConfig({ 'eip-allocation-ids': `${EIP_1}, ${EIP_2}` }),
      [held(EIP_1, { IsPrimary: true }), held(EIP_2, { Status: 'disassociating' })],
      surroundings({ addresses: freeAddresses }),
      /EIP_2 is still being disassociated/
    ]
  ])('refuses %s before any write', (_, cfg, addresses, around, message) => {
    const gateway = ownGateway(cfg, {
      NatGatewayAddresses: addresses,
      ...(cfg.gateway.mode === 'regional' && { AutoProvisionZones: 'disabled' as const })
    })
    const source = message.source.replace(/EIP_2/g, EIP_2)
    expect(problems(cfg, world([gateway], emptyTables, around))).toEqual([
      expect.stringMatching(new RegExp(source))
    ])
  })
})

describe('makePlan: zone coverage in regional manual mode', () => {
  const cfg = config({ 'eip-allocation-ids': `eu-west-1a: ${EIP_1}` })
  const subnets = [
    {
      SubnetId: SUBNET_A,
      VpcId: VPC,
      AvailabilityZone: 'eu-west-1a',
      AvailabilityZoneId: 'euw1-az1'
    },
    {
      SubnetId: SUBNET_C,
      VpcId: VPC,
      AvailabilityZone: 'eu-west-1c',
      AvailabilityZoneId: 'euw1-az3'
    }
  ]

  it.each([
    [
      'a routed subnet in a listed zone',
      [routeTable(RTB_A, [], { Associations: [{ SubnetId: SUBNET_A }] }), routeTable(RTB_B)],
      []
    ],
    [
      'a routed subnet in an unlisted zone',
      [routeTable(RTB_A, [], { Associations: [{ SubnetId: SUBNET_C }] }), routeTable(RTB_B)],
      [
        /eu-west-1c has no Elastic IP in the inputs, but the routed subnets subnet-0c0c0c0c0c0c0c0c0 \(rtb-0a+\) are there; .* serves only the zones it lists/
      ]
    ],
    [
      "the main table's implicit subnets in an unlisted zone",
      [
        routeTable(RTB_A, [], { Associations: [{ Main: true }] }),
        routeTable(RTB_B, [], { Associations: [{ SubnetId: SUBNET_A }] })
      ],
      [/eu-west-1c has no Elastic IP/]
    ]
  ])('%s', (_, tables, expected) => {
    const listed = cfg.routeTableIds === 'auto' ? [] : cfg.routeTableIds
    const found = problems(
      cfg,
      world(
        [],
        tables.filter(t => listed.includes(t.RouteTableId)),
        surroundings({
          addresses: [address(EIP_1)],
          vpcSubnets: subnets,
          vpcRouteTables: tables
        })
      )
    )
    expect(found).toEqual(expected.map(e => expect.stringMatching(e)))
  })
})
