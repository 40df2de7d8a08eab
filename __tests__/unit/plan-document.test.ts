/**
 * plan-json, version 1: stable bytes, valid against docs/plan.schema.json, parsed back by
 * expected-plan, and compared on what would be written only.
 */
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import {
  address,
  config,
  EIP_1,
  EIP_2,
  IGW,
  NAT,
  ownGateway,
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
import { companionTags, gatewayTags } from '../../src/model/identity.js'
import {
  type PlanDocument,
  parsePlanDocument,
  serializePlan,
  withCost
} from '../../src/model/plan-document.js'
import { estimateCost } from '../../src/model/cost.js'
import type { NatGateway, VpcEndpoint } from '../../src/model/resources.js'
import type { TeardownWorld, World } from '../../src/model/world.js'
import { makePlan } from '../../src/plan/ensure-plan.js'
import { compareWithExpected } from '../../src/plan/expected-plan.js'
import { perZoneDocument, planDocument, teardownDocument } from '../../src/plan/plan-document.js'
import { planTeardown } from '../../src/plan/teardown-plan.js'
import { planPerZone } from '../../src/plan/zones.js'
import { describeDifferences, describeDone } from '../../src/report/plan.js'
import {
  NAT_A,
  NAT_OLD,
  ours,
  perZoneConfig,
  perZoneWorld,
  RTB_A1,
  SUBNET_A
} from '../../__fixtures__/zones.js'

// A hand-written check of the JSON Schema keywords docs/plan.schema.json uses, so that the schema
// is tested without a schema library: $ref, oneOf, type, const, enum, pattern, required,
// properties, additionalProperties, items, minimum, maximum. It fails on any other keyword, so the
// two stay in step.
type Schema = Record<string, unknown>
const schema = JSON.parse(
  readFileSync(new URL('../../docs/plan.schema.json', import.meta.url), 'utf8')
) as Schema
const KNOWN = new Set([
  ...['$schema', '$id', 'title', 'description', '$defs', '$ref', 'oneOf', 'type', 'const'],
  ...['enum', 'pattern', 'required', 'properties', 'additionalProperties', 'items'],
  ...['minimum', 'maximum']
])

function typeOf(value: unknown): string {
  return Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value
}

/** The reasons `value` does not match `node`; none when it does. */
function violations(node: Schema, value: unknown, path = '$'): string[] {
  const unknown = Object.keys(node).filter(key => !KNOWN.has(key))
  if (unknown.length > 0) throw new Error(`schema keyword(s) not checked: ${unknown.join(', ')}`)
  if (typeof node.$ref === 'string') {
    const name = node.$ref.replace('#/$defs/', '')
    return violations((schema.$defs as Record<string, Schema>)[name] as Schema, value, path)
  }
  if (Array.isArray(node.oneOf)) {
    const matches = (node.oneOf as Schema[]).filter(s => violations(s, value, path).length === 0)
    return matches.length === 1 ? [] : [`${path}: matches ${matches.length} of oneOf`]
  }
  const found: string[] = []
  const integer = node.type === 'integer' && Number.isInteger(value)
  if (node.type && !integer && typeOf(value) !== node.type) {
    return [`${path}: not ${node.type as string}`]
  }
  if (typeof node.minimum === 'number' && (value as number) < node.minimum) {
    found.push(`${path}: below ${node.minimum}`)
  }
  if (typeof node.maximum === 'number' && (value as number) > node.maximum) {
    found.push(`${path}: above ${node.maximum}`)
  }
  if ('const' in node && value !== node.const) found.push(`${path}: not ${String(node.const)}`)
  if (node.enum && !(node.enum as unknown[]).includes(value)) found.push(`${path}: not in enum`)
  if (typeof node.pattern === 'string' && !new RegExp(node.pattern).test(String(value))) {
    found.push(`${path}: does not match ${node.pattern}`)
  }
  if (typeOf(value) === 'object') {
    const record = value as Record<string, unknown>
    const properties = (node.properties ?? {}) as Record<string, Schema>
    for (const key of (node.required ?? []) as string[]) {
      if (!(key in record)) found.push(`${path}.${key}: missing`)
    }
    for (const [key, item] of Object.entries(record)) {
      const rule = properties[key] ?? node.additionalProperties
      if (rule === false) found.push(`${path}.${key}: not allowed`)
      else if (rule && rule !== true)
        found.push(...violations(rule as Schema, item, `${path}.${key}`))
    }
  }
  if (Array.isArray(value) && node.items) {
    value.forEach((item, i) =>
      found.push(...violations(node.items as Schema, item, `${path}[${i}]`))
    )
  }
  return found
}

const endpoint = (id: string, service: string, tables: string[], own = false): VpcEndpoint => ({
  VpcEndpointId: id,
  VpcId: VPC,
  ServiceName: `com.amazonaws.eu-west-1.${service}`,
  State: 'Available',
  RouteTableIds: tables,
  Tags: own ? companionTags(`nat-regional-${VPC}`, {}) : []
})

const surroundings = {
  vpc: { VpcId: VPC },
  internetGateways: [
    { InternetGatewayId: IGW, Attachments: [{ VpcId: VPC, State: 'attached' as const }] }
  ],
  subnet: { SubnetId: PUBLIC_SUBNET, VpcId: VPC, AvailabilityZone: 'eu-west-1a' },
  subnetRouteTable: publicRouteTable,
  addresses: [],
  zones: [],
  reusableAddresses: [],
  vpcSubnets: [],
  vpcRouteTables: []
}

function world(fields: Partial<World['core']> = {}, create = true): World {
  return {
    core: {
      managedGateways: [],
      retiredGateways: [],
      routeTables: [routeTable(RTB_A), routeTable(RTB_B)],
      gatewayEndpoints: [],
      ...fields
    },
    ...(create && { surroundings })
  }
}

const EIGW = 'eigw-0abc1234def567890'
const ipv6Config = config({ nat64: 'true', 'ipv6-egress': 'egress-only-internet-gateway' })
/** A create in a dual-stack VPC without an egress-only gateway. */
const ipv6World = (): World => ({
  ...world(),
  ipv6: {
    vpc: {
      VpcId: VPC,
      Ipv6CidrBlockAssociationSet: [
        { Ipv6CidrBlock: '2001:db8::/56', Ipv6CidrBlockState: { State: 'associated' } }
      ]
    },
    egressOnlyGateways: [],
    routedSubnets: []
  }
})

function documentOf(cfg: Config, w: World): PlanDocument {
  const result = makePlan(cfg, w)
  if (!result.plan) throw new Error(JSON.stringify(result.problems))
  return planDocument(cfg, result.plan)
}

function teardownOf(cfg: Config, w: TeardownWorld): PlanDocument {
  const result = planTeardown(cfg, w)
  if (!result.plan) throw new Error(JSON.stringify(result.problems))
  return teardownDocument(cfg, result.plan)
}

const privateGateway = (count: number): Config =>
  zonalConfig({ 'connectivity-type': 'private', 'secondary-private-ip-count': String(count) })

const withEndpoints = config({ 'gateway-endpoints': 'dynamodb s3', 'route-conflict': 'replace' })

describe('plan-json', () => {
  it('gives the same bytes for the same world and inputs, whatever order EC2 listed things in', () => {
    const tables = [routeTable(RTB_B), routeTable(RTB_A, [route({ GatewayId: 'vgw-0abc' })])]
    const endpoints = [endpoint('vpce-0bbb', 's3', [RTB_B]), endpoint('vpce-0aaa', 's3', [RTB_A])]
    const once = serializePlan(
      documentOf(withEndpoints, world({ routeTables: tables, gatewayEndpoints: endpoints }))
    )
    const reordered = world({
      routeTables: [...tables].reverse(),
      gatewayEndpoints: [...endpoints].reverse()
    })
    expect(serializePlan(documentOf(withEndpoints, reordered))).toBe(once)
    expect(JSON.parse(once)).toMatchObject({
      routes: [
        { routeTableId: RTB_A, action: 'replace', currentTarget: 'vgw-0abc' },
        { routeTableId: RTB_B, action: 'create' }
      ],
      gatewayEndpoints: [
        { service: 'dynamodb', action: 'create', routeTableIds: [RTB_A, RTB_B] },
        { service: 's3', action: 'keep', vpcEndpointIds: ['vpce-0aaa', 'vpce-0bbb'] }
      ]
    })
    expect(once).not.toMatch(/\d{4}-\d\d-\d\dT/)
  })

  const teardownWorld = {
    managedGateways: [ownGateway(config())],
    routeTables: [routeTable(RTB_A, [route({ NatGatewayId: NAT })])],
    gatewayEndpoints: [endpoint('vpce-0a1b2c3d', 's3', [RTB_A], true)],
    addresses: [address(EIP_1)]
  }
  const teardown = config({
    state: 'absent',
    'route-table-ids': RTB_A,
    's3-gateway-endpoint': 'true'
  })
  const documents: [string, PlanDocument][] = [
    ['a regional create with endpoints', documentOf(withEndpoints, world())],
    ['a zonal create that allocates', documentOf(zonalConfig({ tags: 'b=2\na=1' }), world())],
    [
      'a zonal create with manual addresses',
      documentOf(zonalConfig({ 'eip-allocation-ids': EIP_1 }), {
        ...world(),
        surroundings: { ...surroundings, addresses: [address(EIP_1)] }
      })
    ],
    [
      'a kept gateway',
      documentOf(config(), world({ managedGateways: [ownGateway(config())] }, false))
    ],
    ['a private create with secondary private IPs', documentOf(privateGateway(2), world())],
    [
      'Elastic IPs changed in place',
      documentOf(zonalConfig({ 'eip-allocation-ids': `${EIP_1}, ${EIP_2}` }), {
        ...world({ managedGateways: [ownGateway(zonalConfig())] }),
        surroundings: { ...surroundings, addresses: [address(EIP_2)] }
      })
    ],
    [
      'secondary private IPs unassigned in place',
      documentOf(
        privateGateway(0),
        world(
          {
            managedGateways: [
              ownGateway(privateGateway(0), {
                NatGatewayAddresses: [
                  { PrivateIp: '10.0.0.4', IsPrimary: true, Status: 'succeeded' },
                  { PrivateIp: '10.0.0.5', IsPrimary: false, Status: 'succeeded' }
                ]
              })
            ]
          },
          false
        )
      )
    ],
    ['a teardown', teardownOf(teardown, teardownWorld)],
    [
      'a create with its cost',
      withCost(
        documentOf(zonalConfig(), world()),
        estimateCost('us-east-1', [
          {
            availabilityMode: 'zonal',
            connectivity: 'public',
            zones: [],
            publicAddresses: 1,
            mayGrow: false
          }
        ])
      )
    ],
    [
      'a teardown with no price for its Region',
      withCost(teardownOf(teardown, teardownWorld), estimateCost('eu-west-1', []))
    ],
    ['a create with nat64 and ipv6-egress', documentOf(ipv6Config, ipv6World())],
    [
      'a teardown of IPv6 routes and an egress-only gateway',
      teardownOf(
        { ...ipv6Config, state: 'absent', routeTableIds: [RTB_A] },
        {
          ...teardownWorld,
          routeTables: [
            routeTable(RTB_A, [
              route({ NatGatewayId: NAT }),
              route({
                DestinationCidrBlock: undefined,
                DestinationIpv6CidrBlock: '::/0',
                EgressOnlyInternetGatewayId: EIGW
              })
            ])
          ],
          ownEgressOnlyGateway: { EgressOnlyInternetGatewayId: EIGW },
          vpcRouteTables: []
        }
      )
    ]
  ]

  it.each(documents)('%s is valid against docs/plan.schema.json', (_, document) => {
    const value = JSON.parse(serializePlan(document))
    expect(violations({ $ref: `#/$defs/${value.state}` }, value)).toEqual([])
    expect(violations(schema, value)).toEqual([])
  })

  it('a plan with a gateway per zone (one created, one kept, one retired) is valid against perZone', () => {
    const result = planPerZone(
      perZoneConfig({}),
      perZoneWorld([ours(NAT_A, SUBNET_A), ours(NAT_OLD, 'subnet-0ccc0000000000001')], undefined, {
        retiring: { routeTables: [], addresses: [] }
      })
    )
    if (!result.plan) throw new Error(result.problems.map(p => p.message).join('\n'))
    const value = JSON.parse(serializePlan(perZoneDocument(perZoneConfig({}), result.plan)))
    expect(value).toMatchObject({
      zones: [
        { zone: 'eu-west-1a', natGateway: { action: 'keep', natGatewayId: NAT_A } },
        {
          zone: 'eu-west-1b',
          natGateway: { action: 'create', subnetId: 'subnet-0bbb0000000000001' }
        }
      ],
      retire: { natGateways: [{ action: 'delete', natGatewayId: NAT_OLD }] },
      changes: true
    })
    expect(violations({ $ref: '#/$defs/perZone' }, value)).toEqual([])
    expect(violations(schema, value)).toEqual([])
    // An approved plan that has since changed in one zone names that zone.
    const approved = parsePlanDocument(JSON.stringify(value))
    if (!('plan' in approved)) throw new Error(approved.problem)
    const now = { ...value, zones: [value.zones[0], { ...value.zones[1], routes: [] }] }
    expect(compareWithExpected(approved.plan, now).differences.map(d => d.path)).toEqual([
      `zones[eu-west-1b].routes[rtb-0b000000000000000]`
    ])
    expect(RTB_A1).toBe(value.zones[0].routes[0].routeTableId)
  })

  it('the schema check can fail', () => {
    const [, document] = documents[0] as [string, PlanDocument]
    const broken = { ...JSON.parse(serializePlan(document)), version: 2, extra: true }
    expect(violations(schema, broken)).toEqual([expect.stringContaining('matches 0 of oneOf')])
    const route = { routeTableId: 'rtb-0abc', action: 'delete' }
    expect(violations({ $ref: '#/$defs/route' }, route)).toEqual(['$.action: not in enum'])
  })

  it('sorts the user tags of a create, so their order in the input does not matter', () => {
    const [, zonal] = documents[1] as [string, PlanDocument]
    expect(JSON.stringify(zonal)).toContain('"tags":{"a":"1","b":"2"}')
  })
})

describe('parsePlanDocument', () => {
  const good = serializePlan(documentOf(config(), world()))

  it('reads back what plan-json gives', () => {
    expect(parsePlanDocument(good)).toEqual({ plan: JSON.parse(good) })
  })

  it.each([
    ['not JSON', '{"format"', /is not JSON/],
    ['another document', '{"state":"present"}', /is not a plan of this action/],
    ['another version', good.replace('"version":1', '"version":2'), /format version 2/],
    ['no state', good.replace('"state":"present"', '"state":"gone"'), /no "state"/],
    ['a missing list', good.replace('"routes":', '"paths":'), /lacks "routes"/],
    [
      // Read as it was, it made the comparison throw RangeError (call stack) instead.
      'a deeply nested value',
      good.replace('"name":', `"deep":${'['.repeat(20_000)}${']'.repeat(20_000)},"name":`),
      /nests arrays and objects more than 16 levels deep/
    ],
    [
      'a document too large',
      good.replace('"name":', `"padding":"${'x'.repeat(300_000)}","name":`),
      /has 30\d{4} characters; a plan document has at most 262144/
    ]
  ])('refuses %s', (_, text, message) => {
    const parsed = parsePlanDocument(text)
    expect('problem' in parsed && parsed.problem).toMatch(message)
  })

  it('counts brackets inside strings as text', () => {
    const text = good.replace('"name":', `"note":"${'['.repeat(40)}","name":`)
    expect(parsePlanDocument(text)).toEqual({ plan: JSON.parse(text) })
  })
})

describe('describeDifferences', () => {
  it('cuts long values and paths, and counts the differences past the first 50', () => {
    const long = 'x'.repeat(1000)
    const differences = Array.from({ length: 53 }, (_, i) => ({
      path: i === 0 ? `name.${long}` : `routes[${i}]`,
      expected: long,
      actual: undefined
    }))
    const lines = describeDifferences(differences)
    expect(lines).toHaveLength(51)
    expect(lines[0]).toBe(
      `name.${'x'.repeat(195)}… (cut): the approved plan has "${'x'.repeat(199)}… (cut), this run plans nothing.`
    )
    expect(lines[50]).toBe('… and 3 more differences.')
  })
})

describe('compareWithExpected', () => {
  const approved = documentOf(config(), world())

  it('finds none when the plan is the approved one, or differs only in what is not written', () => {
    expect(compareWithExpected(approved, documentOf(config(), world())).differences).toEqual([])
    const kept = (state: 'pending' | 'available') =>
      documentOf(
        config(),
        world({ managedGateways: [ownGateway(config(), { State: state })] }, false)
      )
    expect(compareWithExpected(kept('pending'), kept('available')).differences).toEqual([])
  })

  it('finds an approved change of secondary private IPs done once the gateway holds them', () => {
    const holding = (count: number) =>
      world(
        {
          managedGateways: [
            ownGateway(privateGateway(0), {
              NatGatewayAddresses: [
                { PrivateIp: '10.0.0.4', IsPrimary: true, Status: 'succeeded' },
                ...Array.from({ length: count }, (_, i) => ({
                  PrivateIp: `10.0.0.${5 + i}`,
                  IsPrimary: false,
                  Status: 'succeeded' as const
                }))
              ]
            })
          ]
        },
        false
      )
    const increase = documentOf(privateGateway(2), holding(0))
    expect('natGateway' in increase && increase.natGateway.action).toBe('update')
    // Still to do exactly as approved: no difference, nothing done yet.
    expect(compareWithExpected(increase, documentOf(privateGateway(2), holding(0)))).toEqual({
      differences: [],
      done: []
    })
    // Applied: this run keeps the gateway, and the approved step is found done.
    const after = compareWithExpected(increase, documentOf(privateGateway(2), holding(2)))
    expect(after.differences).toEqual([])
    expect(after.done).toEqual([{ path: 'natGateway.secondaryPrivateIps', action: '0 to 2' }])
    // Another change than the approved one is a difference.
    const other = compareWithExpected(increase, documentOf(privateGateway(3), holding(0)))
    expect(other.differences.map(d => d.path)).toContain('natGateway.secondaryPrivateIps.to')
  })

  it('does not compare the cost: it is derived, from the rest and the price table', () => {
    const billed = (publicAddresses: number) => [
      {
        availabilityMode: 'regional' as const,
        connectivity: 'public' as const,
        zones: ['a'],
        publicAddresses,
        mayGrow: true
      }
    ]
    const priced = withCost(approved, estimateCost('us-east-1', billed(0)))
    expect(
      compareWithExpected(priced, withCost(approved, estimateCost('us-east-1', billed(2))))
        .differences
    ).toEqual([])
    expect(compareWithExpected(approved, priced).differences).toEqual([])
  })

  it('names each difference in what would be written, by the ID of the item', () => {
    const now = documentOf(
      config({ 'route-conflict': 'replace' }),
      world({
        routeTables: [routeTable(RTB_A, [route({ GatewayId: 'vgw-0abc' })]), routeTable(RTB_B)]
      })
    )
    const differences = compareWithExpected(approved, now).differences
    expect(differences).toEqual([
      { path: `routes[${RTB_A}].action`, expected: 'create', actual: 'replace' },
      { path: `routes[${RTB_A}].currentTarget`, expected: undefined, actual: 'vgw-0abc' },
      { path: `routes[${RTB_A}].reason`, expected: undefined, actual: 'route-conflict: replace' }
    ])
    expect(describeDifferences(differences)[0]).toBe(
      `routes[${RTB_A}].action: the approved plan has "create", this run plans "replace".`
    )
  })

  it('names an IPv6 route by its table and destination', () => {
    const approvedIpv6 = documentOf(ipv6Config, ipv6World())
    expect(approvedIpv6).toMatchObject({
      ipv6: {
        egressOnlyInternetGateway: { action: 'create' },
        routes: [
          { routeTableId: RTB_A, destinationCidr: '64:ff9b::/96' },
          { routeTableId: RTB_A, destinationCidr: '::/0' },
          { routeTableId: RTB_B, destinationCidr: '64:ff9b::/96' },
          { routeTableId: RTB_B, destinationCidr: '::/0' }
        ]
      },
      changes: true
    })
    const withTransit = ipv6World()
    withTransit.core.routeTables = [
      routeTable(RTB_A, [
        route({
          DestinationCidrBlock: undefined,
          DestinationIpv6CidrBlock: '::/0',
          TransitGatewayId: 'tgw-0abc'
        })
      ]),
      routeTable(RTB_B)
    ]
    const now = documentOf({ ...ipv6Config, routeConflict: 'replace' }, withTransit)
    expect(compareWithExpected(approvedIpv6, now).differences.map(d => d.path)).toEqual([
      `ipv6.routes[${RTB_A} ::/0].action`,
      `ipv6.routes[${RTB_A} ::/0].currentTarget`,
      `ipv6.routes[${RTB_A} ::/0].reason`
    ])
  })

  it('counts a table that appeared or went, another gateway, and another state', () => {
    const one = documentOf(config({ 'route-table-ids': RTB_A }), world())
    const paths = (d: PlanDocument) => compareWithExpected(approved, d).differences.map(x => x.path)
    expect(paths(one)).toEqual([`routes[${RTB_B}]`])
    const other = documentOf(config({ name: 'other' }), world())
    expect(paths(other)).toEqual(['name'])
    const absent = teardownOf(config({ state: 'absent', 'route-table-ids': 'auto' }), {
      managedGateways: [],
      routeTables: [],
      gatewayEndpoints: [],
      addresses: []
    })
    expect(paths(absent)).toEqual(
      expect.arrayContaining(['natGateway', 'natGateways', 'releaseAllocationIds', 'state'])
    )
  })
})

describe('compareWithExpected: an approved plan is a path', () => {
  const tagged = config({ tags: 'team=net' })
  const approved = documentOf(tagged, world())
  const madeAsApproved = ownGateway(tagged, { Tags: gatewayTags(tagged.name, { team: 'net' }) })
  const routed = (...ids: string[]) =>
    [RTB_A, RTB_B].map(id => routeTable(id, ids.includes(id) ? [route({ NatGatewayId: NAT })] : []))
  const rerun = (gateway: NatGateway, tables = routed()) =>
    compareWithExpected(
      approved,
      documentOf(tagged, world({ managedGateways: [gateway], routeTables: tables })),
      gateway
    )

  it.each([
    ['stopped after the gateway', routed(), [`natGateway`]],
    ['stopped after one route', routed(RTB_A), ['natGateway', `routes[${RTB_A}]`]],
    ['finished', routed(RTB_A, RTB_B), ['natGateway', `routes[${RTB_A}]`, `routes[${RTB_B}]`]]
  ])('a rerun %s has no difference, and names the approved steps done', (_, tables, done) => {
    const comparison = rerun(madeAsApproved, tables)
    expect(comparison.differences).toEqual([])
    expect(comparison.done.map(d => d.path)).toEqual(done)
    expect(describeDone(comparison.done)[0]).toBe(`natGateway: create (${NAT}), done already.`)
  })

  it('refuses a gateway not made as approved, and a route to another target', () => {
    const untagged = rerun(ownGateway(tagged), routed(RTB_A))
    expect(untagged.differences.map(d => d.path)).toContain('natGateway.action')
    expect(untagged.done.map(d => d.path)).toEqual([`routes[${RTB_A}]`])
    const elsewhere = [routeTable(RTB_A), routeTable(RTB_B, [route({ GatewayId: 'vgw-0abc' })])]
    const refused = compareWithExpected(
      approved,
      documentOf(
        config({ tags: 'team=net', 'route-conflict': 'replace' }),
        world({ managedGateways: [madeAsApproved], routeTables: elsewhere })
      ),
      madeAsApproved
    )
    expect(refused.differences.map(d => d.path)).toEqual([
      `routes[${RTB_B}].action`,
      `routes[${RTB_B}].currentTarget`,
      `routes[${RTB_B}].reason`
    ])
  })

  it('takes an address an earlier run allocated for the approved allocation (zonal automatic)', () => {
    const zonal = zonalConfig()
    const allocate = documentOf(zonal, world())
    const reuse = documentOf(zonal, {
      ...world(),
      surroundings: {
        ...surroundings,
        reusableAddresses: [address(EIP_1, { Tags: companionTags(zonal.name, {}) })]
      }
    })
    expect(reuse).toMatchObject({ natGateway: { elasticIp: { action: 'reuse' } } })
    expect(compareWithExpected(allocate, reuse)).toEqual({
      differences: [],
      done: [{ path: 'natGateway.elasticIp', action: 'allocate' }]
    })
  })

  it('holds address changes and a teardown step by step: done ones are gone, others as approved', () => {
    const head = { ...approved, natGateway: undefined, routes: [], gatewayEndpoints: [] }
    const update = (associate: string[], disassociate: string[]): PlanDocument =>
      ({
        ...head,
        natGateway: {
          action: 'update',
          natGatewayId: NAT,
          state: 'available',
          elasticIps: {
            associate: associate.map(id => ({ allocationIds: [id] })),
            disassociate: disassociate.map(id => ({ allocationId: id, associationId: 'a' })),
            maxDrainDurationSeconds: 350,
            release: disassociate
          }
        }
      }) as PlanDocument
    const planned = update([EIP_2], [EIP_1])
    expect(compareWithExpected(planned, update([], [EIP_1])).differences).toEqual([])
    const kept = { ...head, natGateway: { action: 'keep', natGatewayId: NAT, state: 'available' } }
    expect(compareWithExpected(planned, kept as PlanDocument).done.map(d => d.action)).toEqual([
      'associate',
      'disassociate',
      'release'
    ])
    expect(compareWithExpected(planned, update([EIP_2], ['eipalloc-0new'])).differences).toEqual([
      expect.objectContaining({ path: `natGateway.elasticIps.disassociate[eipalloc-0new]` }),
      expect.objectContaining({ path: `natGateway.elasticIps.release["eipalloc-0new"]` })
    ])

    const teardown = (gateways: string[], release: string[]): PlanDocument =>
      ({
        ...head,
        natGateway: undefined,
        state: 'absent',
        natGateways: gateways.map(id => ({
          action: 'delete',
          natGatewayId: id,
          state: 'deleting'
        })),
        routes: [],
        releaseAllocationIds: release,
        gatewayEndpoints: []
      }) as unknown as PlanDocument
    const approvedTeardown = teardown([NAT], [EIP_1])
    expect(compareWithExpected(approvedTeardown, teardown([], [EIP_1]))).toEqual({
      differences: [],
      done: [{ path: `natGateways[${NAT}]`, action: 'delete' }]
    })
    expect(compareWithExpected(approvedTeardown, teardown([], [EIP_1, EIP_2])).differences).toEqual(
      [{ path: `releaseAllocationIds["${EIP_2}"]`, expected: undefined, actual: EIP_2 }]
    )
  })
})
