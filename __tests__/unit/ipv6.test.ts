/**
 * nat64 and ipv6-egress, planned: the IPv6 routes per table under the destination route's rules,
 * the VPC's IPv6 block checked when the run writes, the egress-only internet gateway used or
 * created, DNS64 warnings, and the teardown that deletes only what is ours and unused.
 */
import { describe, expect, it } from '@jest/globals'
import {
  config,
  IGW,
  NAT,
  ownGateway,
  route,
  RTB_A,
  RTB_B,
  routeTable,
  VPC
} from '../../__fixtures__/ec2.js'
import type { Config } from '../../src/model/config.js'
import { companionTags } from '../../src/model/identity.js'
import { formatProblem, ProblemsError } from '../../src/model/problems.js'
import type { EgressOnlyInternetGateway, RouteTable, Subnet } from '../../src/model/resources.js'
import type { Ipv6Surroundings, TeardownWorld, World } from '../../src/model/world.js'
import { makePlan } from '../../src/plan/ensure-plan.js'
import { routesInPlace } from '../../src/plan/route-tables.js'
import { selectRouteTables } from '../../src/plan/route-selection.js'
import { planTeardown } from '../../src/plan/teardown-plan.js'
import { ipv6Warnings } from '../../src/report/plan.js'

const EIGW = 'eigw-0abc1234def567890'
const USER_EIGW = 'eigw-0fff1234def567890'
const SUBNET_A = 'subnet-0a0a0a0a0a0a0a0a0'
const SUBNET_B = 'subnet-0b0b0b0b0b0b0b0b0'

const both = (inputs: Record<string, string> = {}) =>
  config({ nat64: 'true', 'ipv6-egress': 'egress-only-internet-gateway', ...inputs })

const nat64 = (fields = {}) =>
  route({ DestinationCidrBlock: undefined, DestinationIpv6CidrBlock: '64:ff9b::/96', ...fields })
const v6default = (fields = {}) =>
  route({ DestinationCidrBlock: undefined, DestinationIpv6CidrBlock: '::/0', ...fields })

/** A table with both its IPv4 and IPv6 routes where the plan wants them. */
const routedTable = (id: string, eigw = EIGW, subnetId = SUBNET_A) =>
  routeTable(
    id,
    [
      route({ NatGatewayId: NAT }),
      nat64({ NatGatewayId: NAT }),
      v6default({ EgressOnlyInternetGatewayId: eigw })
    ],
    { Associations: [{ SubnetId: subnetId, Main: false }] }
  )

const eigw = (id: string, tags = companionTags(both().name, {})): EgressOnlyInternetGateway => ({
  EgressOnlyInternetGatewayId: id,
  Attachments: [{ VpcId: VPC, State: 'attached' }],
  Tags: tags
})

const dualStack = {
  VpcId: VPC,
  Ipv6CidrBlockAssociationSet: [
    { Ipv6CidrBlock: '2001:db8:100::/56', Ipv6CidrBlockState: { State: 'associated' as const } }
  ]
}

const subnet = (id: string, dns64: boolean): Subnet => ({
  SubnetId: id,
  VpcId: VPC,
  EnableDns64: dns64
})

function world(cfg: Config, tables: RouteTable[], ipv6?: Partial<Ipv6Surroundings>): World {
  return {
    core: {
      managedGateways: [ownGateway(cfg)],
      retiredGateways: [],
      routeTables: tables,
      gatewayEndpoints: []
    },
    ...(ipv6 && {
      ipv6: { vpc: dualStack, egressOnlyGateways: [], routedSubnets: [], ...ipv6 }
    })
  }
}

const tablesWith = (...routes: ReturnType<typeof route>[][]) =>
  [RTB_A, RTB_B].map((id, i) =>
    routeTable(id, routes[i] ?? [], {
      Associations: [{ SubnetId: [SUBNET_A, SUBNET_B][i], Main: false }]
    })
  )

describe('IPv6 routes: planned per table beside the destination route', () => {
  it('keeps every route of a rerun without reading the IPv6 surroundings', () => {
    const cfg = both()
    const tables = [routedTable(RTB_A), routedTable(RTB_B)]
    expect(routesInPlace(cfg, world(cfg, tables).core, NAT)).toBe(true)
    const { plan } = makePlan(cfg, world(cfg, tables))
    expect(plan?.ipv6).toEqual({
      routes: [RTB_A, RTB_B].flatMap(routeTableId => [
        { routeTableId, action: 'keep', destinationCidr: '64:ff9b::/96', target: 'nat-gateway' },
        {
          routeTableId,
          action: 'keep',
          destinationCidr: '::/0',
          target: 'egress-only-internet-gateway'
        }
      ]),
      egressOnlyGateway: { action: 'use', egressOnlyInternetGatewayId: EIGW },
      dns64OffSubnetIds: []
    })
  })

  it('sees a missing IPv6 route as something to write', () => {
    const cfg = both()
    const tables = [routedTable(RTB_A), routeTable(RTB_B, [route({ NatGatewayId: NAT })])]
    expect(routesInPlace(cfg, world(cfg, tables).core, NAT)).toBe(false)
    expect(routesInPlace(config(), world(config(), tables).core, NAT)).toBe(true)
  })

  it('creates both routes and an egress-only gateway when the VPC has none', () => {
    const cfg = both()
    const { plan } = makePlan(cfg, world(cfg, tablesWith(), {}))
    expect(plan?.routes.map(r => r.action)).toEqual(['create', 'create'])
    expect(
      plan?.ipv6?.routes.map(r => `${r.routeTableId} ${r.destinationCidr} ${r.action}`)
    ).toEqual([
      `${RTB_A} 64:ff9b::/96 create`,
      `${RTB_A} ::/0 create`,
      `${RTB_B} 64:ff9b::/96 create`,
      `${RTB_B} ::/0 create`
    ])
    expect(plan?.ipv6?.egressOnlyGateway).toEqual({ action: 'create' })
  })

  it.each<[string, EgressOnlyInternetGateway[], string]>([
    ["the user's own, which has no tag of ours", [eigw(USER_EIGW, [])], USER_EIGW],
    ['ours before any other', [eigw(USER_EIGW, []), eigw(EIGW)], EIGW]
  ])('uses the VPC egress-only gateway: %s', (_, gateways, expected) => {
    const cfg = both()
    const { plan } = makePlan(cfg, world(cfg, tablesWith(), { egressOnlyGateways: gateways }))
    expect(plan?.ipv6?.egressOnlyGateway).toEqual({
      action: 'use',
      egressOnlyInternetGatewayId: expected
    })
  })

  it('writes only what the inputs ask: nat64 alone leaves ::/0 and the egress-only gateway alone', () => {
    const cfg = config({ nat64: 'true' })
    const { plan } = makePlan(cfg, world(cfg, tablesWith(), {}))
    expect(plan?.ipv6?.routes.map(r => r.destinationCidr)).toEqual(['64:ff9b::/96', '64:ff9b::/96'])
    expect(plan?.ipv6).not.toHaveProperty('egressOnlyGateway')
    expect(makePlan(config(), world(config(), tablesWith())).plan).not.toHaveProperty('ipv6')
  })

  it('routes NAT64 to the NAT gateway of the IPv4 route: one to another gateway is a conflict', () => {
    const cfg = both()
    const tables = tablesWith([route({ NatGatewayId: NAT }), nat64({ NatGatewayId: 'nat-0other' })])
    expect(makePlan(cfg, world(cfg, tables, {})).problems.map(formatProblem)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^${RTB_A}: already routes 64:ff9b::/96 to nat-0other\\..*this NAT gateway instead of the NAT gateway nat-0other`
        )
      )
    ])
    const replaced = makePlan(both({ 'route-conflict': 'replace' }), world(cfg, tables, {})).plan
      ?.ipv6?.routes[0]
    expect(replaced).toMatchObject({
      action: 'replace',
      currentTarget: 'nat-0other',
      reason: 'route-conflict: replace'
    })
  })

  it('replaces a blackhole ::/0 whatever route-conflict says, and reports one to a transit gateway', () => {
    const cfg = both()
    const tables = tablesWith(
      [v6default({ EgressOnlyInternetGatewayId: 'eigw-0gone', State: 'blackhole' })],
      [v6default({ TransitGatewayId: 'tgw-0abc' })]
    )
    const result = makePlan(cfg, world(cfg, tables, {}))
    expect(result.problems.map(formatProblem)).toEqual([
      expect.stringContaining(
        `${RTB_B}: already routes ::/0 to tgw-0abc. Set route-conflict: replace if its ::/0 traffic should go to this egress-only internet gateway`
      )
    ])
    const { plan } = makePlan(both({ 'route-conflict': 'replace' }), world(cfg, tables, {}))
    expect(plan?.ipv6?.routes.filter(r => r.destinationCidr === '::/0')).toMatchObject([
      { routeTableId: RTB_A, action: 'replace', reason: 'blackhole' },
      { routeTableId: RTB_B, action: 'replace', reason: 'route-conflict: replace' }
    ])
  })

  it.each(['fail', 'replace'])(
    'refuses a table whose ::/0 goes to an internet gateway (route-conflict: %s)',
    conflict => {
      const cfg = both({ 'route-conflict': conflict })
      const tables = tablesWith([v6default({ GatewayId: IGW })])
      const problems = makePlan(cfg, world(cfg, tables, {})).problems.map(formatProblem)
      expect(problems).toEqual([
        expect.stringContaining(
          `${RTB_A}: is a public route table: its ::/0 route goes to the internet gateway ${IGW}. Sending that traffic to the egress-only internet gateway`
        )
      ])
      expect(problems[0]).toContain('--destination-ipv6-cidr-block ::/0')
      expect(problems[0]).not.toContain('Set route-conflict: replace')
    }
  )

  it('leaves a table whose ::/0 goes to an internet gateway out of route-table-ids: auto', () => {
    const tables = tablesWith([v6default({ GatewayId: IGW })])
    expect(
      selectRouteTables(both({ 'route-table-ids': 'auto' }), {
        routeTables: tables,
        managedGateways: []
      })
    ).toEqual({
      routeTableIds: [RTB_B],
      skipped: [{ routeTableId: RTB_A, reason: `public: it routes to the internet gateway ${IGW}` }]
    })
  })

  it('refuses a VPC without an IPv6 CIDR block, naming it, when the run writes', () => {
    const cfg = both()
    const problems = makePlan(cfg, world(cfg, tablesWith(), { vpc: { VpcId: VPC } })).problems
    expect(problems.map(formatProblem)).toEqual([
      expect.stringContaining(
        `${VPC}: has no IPv6 CIDR block, so it carries no IPv6 traffic to route (nat64: true and ipv6-egress: egress-only-internet-gateway).`
      )
    ])
    const disassociated = {
      VpcId: VPC,
      Ipv6CidrBlockAssociationSet: [
        { Ipv6CidrBlock: '2001:db8::/56', Ipv6CidrBlockState: { State: 'disassociated' as const } }
      ]
    }
    expect(makePlan(cfg, world(cfg, tablesWith(), { vpc: disassociated })).problems).toHaveLength(1)
  })
})

describe('IPv6 warnings', () => {
  it('names the routed subnets with DNS64 off and the command for each', () => {
    const cfg = both()
    const w = world(cfg, tablesWith(), {
      routedSubnets: [subnet(SUBNET_B, false), subnet(SUBNET_A, true)]
    })
    const plan = makePlan(cfg, w).plan
    expect(plan?.ipv6?.dns64OffSubnetIds).toEqual([SUBNET_B])
    const [warning] = ipv6Warnings(cfg, plan!)
    expect(warning).toContain(`DNS64 is off on ${SUBNET_B}`)
    expect(warning).toContain(
      `aws ec2 modify-subnet-attribute --subnet-id ${SUBNET_B} --enable-dns64`
    )
    expect(warning).not.toContain(SUBNET_A)
  })

  it('says NAT64 on a regional gateway is not documented, once it writes a NAT64 route', () => {
    const cfg = config({ nat64: 'true' })
    const writes = makePlan(cfg, world(cfg, tablesWith(), {})).plan!
    expect(ipv6Warnings(cfg, writes)).toEqual([expect.stringContaining('regional')])
    const zonal = config({
      nat64: 'true',
      'availability-mode': 'zonal',
      'subnet-id': 'subnet-0aaa1234def567890'
    })
    expect(ipv6Warnings(zonal, { ...writes })).toEqual([])
  })
})

describe('IPv6 teardown', () => {
  const absent = (inputs: Record<string, string> = {}) => both({ state: 'absent', ...inputs })
  const teardownWorld = (fields: Partial<TeardownWorld>): TeardownWorld => ({
    managedGateways: [ownGateway(absent())],
    routeTables: [routedTable(RTB_A), routedTable(RTB_B)],
    gatewayEndpoints: [],
    addresses: [],
    ...fields
  })

  it('deletes NAT64 and ::/0 routes to ours, and our egress-only gateway when nothing else uses it', () => {
    const w = teardownWorld({
      ownEgressOnlyGateway: eigw(EIGW),
      vpcRouteTables: [routedTable(RTB_A), routedTable(RTB_B)]
    })
    const { plan } = planTeardown(absent(), w)
    expect(plan?.ipv6Routes).toEqual([
      { routeTableId: RTB_A, destinationCidr: '64:ff9b::/96', targetId: NAT },
      { routeTableId: RTB_A, destinationCidr: '::/0', targetId: EIGW },
      { routeTableId: RTB_B, destinationCidr: '64:ff9b::/96', targetId: NAT },
      { routeTableId: RTB_B, destinationCidr: '::/0', targetId: EIGW }
    ])
    expect(plan?.deleteEgressOnlyGatewayId).toBe(EIGW)
  })

  it('keeps our egress-only gateway while a table it was not asked about routes to it', () => {
    const other = routeTable('rtb-0eeeeeeeeeeeeeeee', [
      v6default({ EgressOnlyInternetGatewayId: EIGW })
    ])
    const w = teardownWorld({
      ownEgressOnlyGateway: eigw(EIGW),
      vpcRouteTables: [routedTable(RTB_A), routedTable(RTB_B), other]
    })
    expect(planTeardown(absent(), w).plan).not.toHaveProperty('deleteEgressOnlyGatewayId')
  })

  it("never deletes the user's egress-only gateway nor the ::/0 routes to it", () => {
    const w = teardownWorld({
      routeTables: [routedTable(RTB_A, USER_EIGW), routedTable(RTB_B, USER_EIGW)]
    })
    const { plan } = planTeardown(absent(), w)
    expect(plan?.ipv6Routes.map(r => r.destinationCidr)).toEqual(['64:ff9b::/96', '64:ff9b::/96'])
    expect(plan).not.toHaveProperty('deleteEgressOnlyGatewayId')
  })
})

describe('IPv6 inputs', () => {
  it.each<[Record<string, string>, RegExp]>([
    [{ nat64: 'yes' }, /^nat64: "yes" is not/],
    [
      { 'ipv6-egress': 'internet-gateway' },
      /^ipv6-egress: "internet-gateway" is not one of "none", "egress-only-internet-gateway"/
    ],
    [
      { 'ipv6-egress': 'egress-only-internet-gateway', 'destination-cidr': '::/0' },
      /^destination-cidr: is ::\/0, the route ipv6-egress writes already\./
    ],
    [
      { nat64: 'true', 'destination-cidr': '64:ff9b::/96' },
      /^destination-cidr: is 64:ff9b::\/96, the route nat64 writes/
    ]
  ])('refuses %j', (inputs, expected) => {
    expect(() => config(inputs)).toThrow(ProblemsError)
    const problems = (() => {
      try {
        config(inputs)
        return []
      } catch (error) {
        return (error as ProblemsError).problems.map(formatProblem)
      }
    })()
    expect(problems).toEqual([expect.stringMatching(expected)])
  })
})
