/** A gateway per zone (`subnet-ids`): the inputs, the table-to-zone decision and the plan. */
import { describe, expect, it } from '@jest/globals'
import type { Config } from '../../src/model/config.js'
import { formatProblem, ProblemsError } from '../../src/model/problems.js'
import type { RouteTable, Subnet } from '../../src/model/resources.js'
import type { PerZoneWorld } from '../../src/model/world.js'
import { tableZone } from '../../src/plan/table-zones.js'
import { planPerZone } from '../../src/plan/zones.js'
import { perZoneSummaryMarkdown } from '../../src/report/per-zone.js'
import { publicRouteTable, route, routeTable } from '../../__fixtures__/ec2.js'
import {
  SUBNET_A,
  SUBNET_B,
  PRIVATE_A1,
  PRIVATE_A2,
  PRIVATE_B,
  PRIVATE_C,
  RTB_A1,
  RTB_A2,
  RTB_B,
  RTB_C,
  RTB_MIXED,
  RTB_MAIN,
  NAT_A,
  NAT_B,
  NAT_OLD,
  EIP_A,
  EIP_B,
  NAME,
  subnet,
  SUBNETS,
  serving,
  perZoneConfig,
  ours,
  TABLES,
  perZoneWorld
} from '../../__fixtures__/zones.js'

function problemsOf(inputs: Record<string, string>): string[] {
  try {
    perZoneConfig(inputs)
  } catch (error) {
    if (error instanceof ProblemsError) return error.problems.map(formatProblem)
    throw error
  }
  throw new Error('expected the inputs to be rejected')
}

describe('subnet-ids: the inputs', () => {
  it('one subnet is exactly subnet-id: the same Config, name and all', () => {
    const one = perZoneConfig({ 'subnet-ids': SUBNET_A })
    const old = perZoneConfig({ 'subnet-ids': '', 'subnet-id': SUBNET_A })
    expect(one).toEqual(old)
    expect(one.perZone).toBeUndefined()
    expect(one.name).toBe(`nat-${SUBNET_A}`)
  })

  it('several subnets: a gateway per zone, named after the VPC, zone lines for the addresses', () => {
    const config = perZoneConfig({
      'subnet-ids': `${SUBNET_A}\n${SUBNET_B}`,
      'eip-allocation-ids': `eu-west-1a: ${EIP_A}\neuw1-az2: ${EIP_B}`
    })
    expect(config.name).toBe(NAME)
    expect(config.perZone).toEqual({
      subnetIds: [SUBNET_A, SUBNET_B],
      connectivity: 'public',
      elasticIps: {
        allocation: 'manual',
        zones: [
          { zone: 'eu-west-1a', allocationIds: [EIP_A] },
          { zone: 'euw1-az2', allocationIds: [EIP_B] }
        ]
      },
      secondaryPrivateIpCount: 0
    })
  })

  it.each<[string, Record<string, string>, RegExp]>([
    [
      'both subnet-id and subnet-ids',
      { 'subnet-id': SUBNET_A },
      /^subnet-ids: and subnet-id are both set.*Keep one/
    ],
    [
      'a subnet twice',
      { 'subnet-ids': `${SUBNET_A}, ${SUBNET_A}` },
      /^subnet-ids: lists a subnet twice/
    ],
    ['not a subnet ID', { 'subnet-ids': `${SUBNET_A}, rtb-0123` }, /^subnet-ids: .*rtb-0123/],
    [
      'with a regional gateway',
      { 'availability-mode': 'regional' },
      /^subnet-ids: a regional NAT gateway is not placed in a subnet\. Remove subnet-ids/
    ],
    [
      'a plain list of Elastic IPs',
      { 'eip-allocation-ids': `${EIP_A}, ${EIP_B}` },
      /^eip-allocation-ids: with several subnets in subnet-ids, the Elastic IPs are given per zone.*eu-west-1a: eipalloc-/
    ],
    [
      'a zone of another Region',
      { 'eip-allocation-ids': `us-east-1a: ${EIP_A}` },
      /^eip-allocation-ids: zone "us-east-1a" is not in the Region eu-west-1/
    ],
    [
      'Elastic IPs on private gateways',
      { 'connectivity-type': 'private', 'eip-allocation-ids': `eu-west-1a: ${EIP_A}` },
      /^eip-allocation-ids: a private NAT gateway has no Elastic IPs/
    ]
  ])('refuses %s', (_, inputs, expected) => {
    expect(problemsOf(inputs)).toEqual(expect.arrayContaining([expect.stringMatching(expected)]))
  })
})

describe('tableZone: which gateway serves a table', () => {
  const gateways = [
    { subnetId: SUBNET_A, zone: 'eu-west-1a', zoneId: 'euw1-az1' },
    { subnetId: SUBNET_B, zone: 'eu-west-1b', zoneId: 'euw1-az2' }
  ]
  const vpc = { subnets: SUBNETS, routeTables: [] as RouteTable[] }

  it('the gateway of the zone of the subnets it serves', () => {
    expect(tableZone(serving(RTB_A1, PRIVATE_A1, PRIVATE_A2), gateways, vpc)).toEqual({
      routeTableId: RTB_A1,
      gateway: gateways[0]
    })
    expect(tableZone(serving(RTB_B, PRIVATE_B), gateways, vpc)).toEqual({
      routeTableId: RTB_B,
      gateway: gateways[1]
    })
  })

  it.each<[string, RouteTable, RouteTable[], RegExp]>([
    [
      'serves two zones',
      serving(RTB_MIXED, PRIVATE_A1, PRIVATE_B),
      [],
      /serves subnets in 2 zones: eu-west-1a \(subnet-0aaa0000000000002\), eu-west-1b \(subnet-0bbb0000000000002\)/
    ],
    [
      'serves a zone without a listed subnet',
      serving(RTB_C, PRIVATE_C),
      [],
      /serves subnets in eu-west-1c, which has no subnet in subnet-ids/
    ],
    ['serves no subnet', serving(RTB_C), [], /is associated with no subnet/],
    [
      'is the main table and no subnet uses it implicitly',
      routeTable(RTB_MAIN, [], { Associations: [{ Main: true }] }),
      // Every subnet of the VPC has its own table.
      SUBNETS.map(s => serving(`rtb-0${s.SubnetId.slice(-6)}`, s.SubnetId)),
      /is the main route table and no subnet uses it implicitly/
    ]
  ])('refuses a table that %s, naming the zones', (_, table, tables, expected) => {
    const decision = tableZone(table, gateways, { subnets: SUBNETS, routeTables: tables })
    expect('refusal' in decision && decision.refusal.message).toMatch(expected)
  })

  it('the main table serves the subnets no table is associated with', () => {
    const main = routeTable(RTB_MAIN, [], { Associations: [{ Main: true }] })
    const others = SUBNETS.filter(s => s.SubnetId !== PRIVATE_B).map(s =>
      serving(`rtb-0${s.SubnetId.slice(-6)}`, s.SubnetId)
    )
    expect(tableZone(main, gateways, { subnets: SUBNETS, routeTables: others })).toEqual({
      routeTableId: RTB_MAIN,
      gateway: gateways[1]
    })
  })
})

const problemLines = (config: Config, world: PerZoneWorld): string[] => {
  const result = planPerZone(config, world)
  return result.problems.map(formatProblem)
}

describe('planPerZone', () => {
  it('two zones, three tables: a gateway in each, each table routed to its zone', () => {
    const { plan } = planPerZone(perZoneConfig({}), perZoneWorld([]))
    expect(
      plan?.zones.map(z => ({
        zone: z.zone,
        create: z.plan.gateway.action === 'create' && z.plan.gateway.request.SubnetId,
        routes: z.plan.routes.map(r => `${r.routeTableId} ${r.action}`)
      }))
    ).toEqual([
      { zone: 'eu-west-1a', create: SUBNET_A, routes: [`${RTB_A1} create`, `${RTB_A2} create`] },
      { zone: 'eu-west-1b', create: SUBNET_B, routes: [`${RTB_B} create`] }
    ])
    expect(plan?.retire.natGateways).toEqual([])
  })

  it('each zone gets its own ClientToken input: the requests differ by subnet', () => {
    const { plan } = planPerZone(perZoneConfig({}), perZoneWorld([]))
    const [a, b] = plan?.zones ?? []
    expect(a?.plan.gateway).not.toEqual(b?.plan.gateway)
  })

  it('a rerun plans nothing: each gateway adopted by its subnet, every route kept', () => {
    const routed = (id: string, nat: string, sub: string) =>
      routeTable(id, [route({ NatGatewayId: nat })], { Associations: [{ SubnetId: sub }] })
    const tables = [
      routed(RTB_A1, NAT_A, PRIVATE_A1),
      routed(RTB_A2, NAT_A, PRIVATE_A2),
      routed(RTB_B, NAT_B, PRIVATE_B)
    ]
    const { plan } = planPerZone(
      perZoneConfig({}),
      perZoneWorld([ours(NAT_A, SUBNET_A), ours(NAT_B, SUBNET_B)], tables)
    )
    expect(plan?.zones.map(z => z.plan.gateway.action)).toEqual(['adopt', 'adopt'])
    expect(plan?.zones.flatMap(z => z.plan.routes.map(r => r.action))).toEqual([
      'keep',
      'keep',
      'keep'
    ])
  })

  it('a zone added: its tables move from the other zone’s gateway without route-conflict', () => {
    const tables = [
      routeTable(RTB_A1, [route({ NatGatewayId: NAT_A })], {
        Associations: [{ SubnetId: PRIVATE_A1 }]
      }),
      routeTable(RTB_A2, [route({ NatGatewayId: NAT_A })], {
        Associations: [{ SubnetId: PRIVATE_A2 }]
      }),
      routeTable(RTB_B, [route({ NatGatewayId: NAT_A })], {
        Associations: [{ SubnetId: PRIVATE_B }]
      })
    ]
    const { plan } = planPerZone(perZoneConfig({}), perZoneWorld([ours(NAT_A, SUBNET_A)], tables))
    expect(plan?.zones[1]?.plan.routes).toEqual([
      { routeTableId: RTB_B, action: 'replace', currentTarget: NAT_A, reason: 'zone' }
    ])
  })

  it('a zone removed: its gateway retires after the routes moved, its own addresses released', () => {
    const old = ours(NAT_OLD, 'subnet-0ccc0000000000001')
    const tables = [
      routeTable(RTB_A1, [route({ NatGatewayId: NAT_OLD })], {
        Associations: [{ SubnetId: PRIVATE_A1 }]
      }),
      serving(RTB_A2, PRIVATE_A2),
      serving(RTB_B, PRIVATE_B)
    ]
    const unlisted = routeTable(RTB_C, [route({ NatGatewayId: NAT_OLD })], {
      Associations: [{ SubnetId: PRIVATE_C }]
    })
    const oldAddress = `eipalloc-0${NAT_OLD.slice(-16)}`
    const { plan } = planPerZone(
      perZoneConfig({}),
      perZoneWorld([ours(NAT_A, SUBNET_A), ours(NAT_B, SUBNET_B), old], tables, {
        retiring: {
          routeTables: [...tables, unlisted],
          addresses: [{ AllocationId: oldAddress }, { AllocationId: 'eipalloc-0notonthatgateway' }]
        }
      })
    )
    expect(plan?.zones[0]?.plan.routes[0]).toEqual({
      routeTableId: RTB_A1,
      action: 'replace',
      currentTarget: NAT_OLD,
      reason: 'zone'
    })
    expect(plan?.retire).toEqual({
      natGateways: [old],
      routes: [{ routeTableId: RTB_C, natGatewayId: NAT_OLD }],
      ipv6Routes: [],
      releaseAllocationIds: [oldAddress],
      gatewayEndpoints: []
    })
  })

  it('a gateway of another name is a route conflict as ever', () => {
    const tables = [
      routeTable(RTB_A1, [route({ NatGatewayId: NAT_OLD })], {
        Associations: [{ SubnetId: PRIVATE_A1 }]
      }),
      serving(RTB_A2, PRIVATE_A2),
      serving(RTB_B, PRIVATE_B)
    ]
    const lines = problemLines(
      perZoneConfig({}),
      perZoneWorld([ours(NAT_OLD, SUBNET_A, 'other')], tables)
    )
    expect(lines).toEqual([
      expect.stringMatching(new RegExp(`^${RTB_A1}: already routes 0.0.0.0/0 to ${NAT_OLD}`))
    ])
  })

  it('zone lines put each zone’s address on its gateway, by zone name or zone ID', () => {
    const config = perZoneConfig({
      'eip-allocation-ids': `eu-west-1a: ${EIP_A}\neuw1-az2: ${EIP_B}`
    })
    const world = perZoneWorld([])
    for (const zone of world.zones) {
      if (zone.surroundings)
        zone.surroundings.addresses = [{ AllocationId: EIP_A }, { AllocationId: EIP_B }]
    }
    const { plan } = planPerZone(config, world)
    expect(
      plan?.zones.map(
        z => z.plan.gateway.action === 'create' && z.plan.gateway.request.AllocationId
      )
    ).toEqual([EIP_A, EIP_B])
  })

  it('a leftover address is reused by one zone only; the other allocates', () => {
    const world = perZoneWorld([])
    for (const zone of world.zones) {
      if (zone.surroundings) zone.surroundings.reusableAddresses = [{ AllocationId: EIP_A }]
    }
    const { plan } = planPerZone(perZoneConfig({}), world)
    expect(
      plan?.zones.map(z => z.plan.gateway.action === 'create' && z.plan.gateway.automaticAddress)
    ).toEqual([{ kind: 'reuse', allocationId: EIP_A }, { kind: 'allocate' }])
  })

  it('refuses, before any write and all at once, the tables without a zone of their own', () => {
    const config = perZoneConfig({ 'route-table-ids': `${RTB_A1}, ${RTB_MIXED}, ${RTB_C}` })
    const tables = [
      serving(RTB_A1, PRIVATE_A1),
      serving(RTB_MIXED, PRIVATE_A1, PRIVATE_B),
      serving(RTB_C, PRIVATE_C)
    ]
    expect(problemLines(config, perZoneWorld([], tables))).toEqual([
      expect.stringMatching(
        new RegExp(`^${RTB_MIXED}: serves subnets in 2 zones: eu-west-1a .*eu-west-1b`)
      ),
      expect.stringMatching(
        new RegExp(
          `^${RTB_C}: serves subnets in eu-west-1c, which has no subnet in subnet-ids.*Add a public subnet of eu-west-1c`
        )
      )
    ])
  })

  it('auto: the same rules skip a table, with the reason', () => {
    const config = perZoneConfig({ 'route-table-ids': 'auto' })
    const tables = [...TABLES, serving(RTB_MIXED, PRIVATE_A1, PRIVATE_B), publicRouteTable]
    const { plan } = planPerZone(config, perZoneWorld([], tables))
    expect(plan?.zones.flatMap(z => z.plan.routes.map(r => r.routeTableId))).toEqual([
      RTB_A1,
      RTB_A2,
      RTB_B
    ])
    expect(plan?.skippedRouteTables.map(s => s.routeTableId)).toEqual([
      publicRouteTable.RouteTableId,
      RTB_MIXED
    ])
    expect(plan?.skippedRouteTables[1]?.reason).toMatch(/serves subnets in 2 zones/)
  })

  it.each<[string, Subnet[], RegExp]>([
    [
      'two subnets in one zone',
      [...SUBNETS.filter(s => s.SubnetId !== SUBNET_B), { ...subnet(SUBNET_B, 'a', '1') }],
      /^subnet-ids: subnet-0aaa0000000000001 and subnet-0bbb0000000000001 are both in eu-west-1a/
    ],
    [
      'a subnet not found',
      SUBNETS.filter(s => s.SubnetId !== SUBNET_B),
      /^subnet-0bbb0000000000001: was not found in eu-west-1/
    ],
    [
      'a subnet of another VPC',
      [
        ...SUBNETS.filter(s => s.SubnetId !== SUBNET_B),
        { ...subnet(SUBNET_B, 'b', '2'), VpcId: 'vpc-0fff' }
      ],
      /^subnet-0bbb0000000000001: belongs to vpc-0fff/
    ]
  ])('refuses %s', (_, subnets, expected) => {
    const lines = problemLines(
      perZoneConfig({ 'route-table-ids': RTB_A1 }),
      perZoneWorld([], TABLES, { subnets })
    )
    expect(lines).toEqual(expect.arrayContaining([expect.stringMatching(expected)]))
  })

  it('zone lines must name the zones of subnet-ids, and cover each', () => {
    const config = perZoneConfig({
      'eip-allocation-ids': `eu-west-1a: ${EIP_A}\neu-west-1c: ${EIP_B}`
    })
    expect(problemLines(config, perZoneWorld([]))).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^eip-allocation-ids: names the zone "eu-west-1c", where no subnet of subnet-ids is/
        ),
        expect.stringMatching(/^eip-allocation-ids: has no line for eu-west-1b \(euw1-az2\)/)
      ])
    )
  })
})

describe('perZoneSummaryMarkdown', () => {
  it('shows each zone’s gateway, escaping every value from AWS', () => {
    const natGateway = { ...ours(NAT_A, SUBNET_A), SubnetId: SUBNET_A }
    const markdown = perZoneSummaryMarkdown(perZoneConfig({}), {
      zones: [
        {
          zone: 'eu-west-1a|<b>',
          zoneId: 'euw1-az1',
          subnetId: SUBNET_A,
          outcome: {
            natGateway,
            created: true,
            routes: [{ routeTableId: RTB_A1, result: 'created' }],
            gatewayEndpoints: []
          }
        }
      ],
      gatewayEndpoints: []
    })
    expect(markdown).toContain('eu-west-1a&#124;&#60;b&#62; (euw1-az1)')
    expect(markdown).toContain(`${RTB_A1} (created)`)
    expect(markdown).not.toContain('<b>')
  })
})
