/**
 * The cost by the hour and the allowlist change of a plan: the model (units, prices, the monthly
 * figure), the review of each kind of plan, and how the summary shows them.
 */
import { describe, expect, it } from '@jest/globals'
import {
  address,
  config,
  EIP_1,
  EIP_2,
  NAT,
  ownGateway,
  PUBLIC_SUBNET,
  publicRouteTable,
  RTB_A,
  RTB_B,
  routeTable,
  VPC,
  zonalConfig
} from '../../__fixtures__/ec2.js'
import type { Config } from '../../src/model/config.js'
import { allowlistChange, sortIps } from '../../src/model/allowlist.js'
import { type BilledGateway, estimateCost } from '../../src/model/cost.js'
import type { Plan } from '../../src/model/plan.js'
import { PRICES } from '../../src/model/prices.js'
import { reviewOutcome } from '../../src/model/review.js'
import type { Surroundings, World } from '../../src/model/world.js'
import { makePlan } from '../../src/plan/ensure-plan.js'
import { reviewPlan, reviewTeardown } from '../../src/plan/review.js'
import { allowlistMarkdown, costMarkdown } from '../../src/report/review.js'

const zonal = (fields: Partial<BilledGateway> = {}): BilledGateway => ({
  availabilityMode: 'zonal',
  connectivity: 'public',
  zones: ['us-east-1a'],
  publicAddresses: 1,
  mayGrow: false,
  ...fields
})
const regional = (zones: string[], publicAddresses: number, mayGrow = false): BilledGateway => ({
  availabilityMode: 'regional',
  connectivity: 'public',
  zones,
  publicAddresses,
  mayGrow
})

describe('estimateCost', () => {
  it.each<[string, string, BilledGateway[], number, number, string | undefined]>([
    ['a zonal gateway with one address', 'us-east-1', [zonal()], 1, 1, '36.50'],
    [
      'a zonal gateway with two addresses',
      'us-east-1',
      [zonal({ publicAddresses: 2 })],
      1,
      2,
      '40.15'
    ],
    [
      'a private zonal gateway',
      'us-east-1',
      [zonal({ connectivity: 'private', publicAddresses: 0 })],
      1,
      0,
      '32.85'
    ],
    // A gateway-hour per zone: Infracost's one gateway-hour would say 32.85.
    [
      'a regional automatic gateway in two zones, before its addresses',
      'us-east-1',
      [regional(['us-east-1a', 'us-east-1b'], 0, true)],
      2,
      0,
      '65.70'
    ],
    [
      'a regional manual gateway, three zones, one address each',
      'us-east-2',
      [regional(['a', 'b', 'c'], 3)],
      3,
      3,
      '109.50'
    ],
    [
      'a regional gateway in no zone yet counts one',
      'us-east-1',
      [regional([], 0, true)],
      1,
      0,
      '32.85'
    ],
    [
      'two gateways (a gateway per zone) are summed',
      'us-east-1',
      [zonal(), zonal({ zones: ['us-east-1b'] })],
      2,
      2,
      '73.00'
    ],
    ['nothing', 'us-east-1', [], 0, 0, '0.00'],
    ['a Region without a price gives the units only', 'eu-west-1', [zonal()], 1, 1, undefined]
  ])('%s', (_, region, gateways, gatewayHours, addressHours, monthly) => {
    const estimate = estimateCost(region, gateways)
    expect(estimate.units).toMatchObject({
      natGatewayHours: gatewayHours,
      publicIpv4AddressHours: addressHours
    })
    expect(estimate.monthlyUsd).toBe(monthly)
  })

  it('a regional automatic gateway makes the figure a floor', () => {
    expect(estimateCost('us-east-1', [regional(['a'], 0, true)]).units.atLeast).toBe(true)
    expect(estimateCost('us-east-1', [regional(['a'], 1)]).units.atLeast).toBe(false)
  })

  it('holds no price it does not cite: every Region in the table is in docs/pricing.md', async () => {
    const { readFileSync } = await import('node:fs')
    const doc = readFileSync(new URL('../../docs/pricing.md', import.meta.url), 'utf8')
    for (const [region, prices] of Object.entries(PRICES)) {
      const row = doc.split('\n').find(line => line.startsWith(`| ${region} `))
      expect(row).toContain(String(prices.natGatewayHour))
      expect(row).toContain(String(prices.publicIpv4AddressHour))
    }
  })
})

describe('allowlistChange', () => {
  it.each([
    ['a rotation', ['198.51.100.7'], ['203.0.113.9'], ['203.0.113.9'], ['198.51.100.7'], []],
    [
      'an added address',
      ['198.51.100.7'],
      ['198.51.100.7', '203.0.113.9'],
      ['203.0.113.9'],
      [],
      ['198.51.100.7']
    ],
    ['no change', ['198.51.100.7'], ['198.51.100.7'], [], [], ['198.51.100.7']],
    ['a teardown', ['198.51.100.7', '203.0.113.9'], [], [], ['198.51.100.7', '203.0.113.9'], []]
  ])('%s', (_, before, after, added, removed, kept) => {
    expect(allowlistChange(before, { known: after, pending: [] }, false)).toEqual({
      added,
      removed,
      kept,
      pending: [],
      mayGrow: false
    })
  })

  it('sorts IPs by number, not by text', () => {
    expect(sortIps(['10.0.0.10', '10.0.0.9', '9.0.0.1'])).toEqual([
      '9.0.0.1',
      '10.0.0.9',
      '10.0.0.10'
    ])
  })
})

const SUBNET_A = 'subnet-0a0a0a0a0a0a0a0a0'
const SUBNET_B = 'subnet-0b0b0b0b0b0b0b0b0'

function surroundings(fields: Partial<Surroundings> = {}): Surroundings {
  return {
    vpc: { VpcId: VPC },
    internetGateways: [
      { InternetGatewayId: 'igw-0abc', Attachments: [{ VpcId: VPC, State: 'attached' }] }
    ],
    subnet: { SubnetId: PUBLIC_SUBNET, VpcId: VPC, AvailabilityZone: 'us-east-1a' },
    subnetRouteTable: publicRouteTable,
    zones: ['a', 'b'].map(z => ({
      ZoneName: `us-east-1${z}`,
      ZoneId: `use1-az${z === 'a' ? 1 : 2}`
    })),
    addresses: [],
    reusableAddresses: [],
    vpcSubnets: [],
    vpcRouteTables: [],
    ...fields
  }
}

function world(core: Partial<World['core']>, around?: Surroundings): World {
  return {
    core: {
      managedGateways: [],
      retiredGateways: [],
      routeTables: [routeTable(RTB_A), routeTable(RTB_B)],
      gatewayEndpoints: [],
      ...core
    },
    ...(around && { surroundings: around })
  }
}

function planOf(cfg: Config, w: World): Plan {
  const result = makePlan(cfg, w)
  if (!result.plan) throw new Error(JSON.stringify(result.problems))
  return result.plan
}

const review = (cfg: Config, w: World) => reviewPlan(cfg, w, planOf(cfg, w))
const us = { region: 'us-east-1' }

describe('reviewPlan', () => {
  it('a zonal create with a named Elastic IP: 36.50, and the allowlist gains its IP', () => {
    const cfg = zonalConfig({ ...us, 'eip-allocation-ids': EIP_1 })
    const w = world({}, surroundings({ addresses: [address(EIP_1, { PublicIp: '198.51.100.7' })] }))
    const r = review(cfg, w)
    expect(estimateCost(cfg.region, r.before).monthlyUsd).toBe('0.00')
    expect(estimateCost(cfg.region, r.after).monthlyUsd).toBe('36.50')
    expect(allowlistChange(r.ipsBefore, r.ipsAfter, r.mayGrow).added).toEqual(['198.51.100.7'])
  })

  it('a zonal create that allocates: one address, whose IP only the outputs will show', () => {
    const r = review(zonalConfig(us), world({}, surroundings()))
    expect(estimateCost('us-east-1', r.after).monthlyUsd).toBe('36.50')
    expect(r.ipsAfter).toEqual({ known: [], pending: [expect.stringContaining('allocates')] })
  })

  it('a regional automatic create: a gateway-hour per zone of the routed subnets, main table included', () => {
    const tables = [
      routeTable(RTB_A, [], { Associations: [{ SubnetId: SUBNET_A, Main: false }] }),
      routeTable(RTB_B, [], { Associations: [{ Main: true }] })
    ]
    const subnet = (id: string, zone: string) => ({
      SubnetId: id,
      VpcId: VPC,
      AvailabilityZone: zone
    })
    const w = world(
      { routeTables: tables },
      surroundings({
        vpcSubnets: [
          subnet(SUBNET_A, 'us-east-1a'),
          subnet(SUBNET_B, 'us-east-1b'), // implicitly on the main table, RTB_B
          subnet(PUBLIC_SUBNET, 'us-east-1a')
        ],
        vpcRouteTables: [
          ...tables,
          routeTable('rtb-0ccc', [], { Associations: [{ SubnetId: PUBLIC_SUBNET, Main: false }] })
        ]
      })
    )
    const r = review(config(us), w)
    expect(r.after).toEqual([regional(['us-east-1a', 'us-east-1b'], 0, true)])
    const estimate = estimateCost('us-east-1', r.after)
    expect(estimate.monthlyUsd).toBe('65.70')
    expect(estimate.units.atLeast).toBe(true)
    expect(r.ipsAfter.pending).toEqual([
      'AWS allocates them at creation; the outputs will list them.'
    ])
  })

  it('a regional manual create: its zones and addresses, and their IPs', () => {
    const cfg = config({
      ...us,
      'eip-allocation-ids': `us-east-1a: ${EIP_1}\nus-east-1b: ${EIP_2}`
    })
    const w = world(
      {},
      surroundings({
        addresses: [
          address(EIP_1, { PublicIp: '198.51.100.1' }),
          address(EIP_2, { PublicIp: '198.51.100.2' })
        ]
      })
    )
    const r = review(cfg, w)
    expect(r.after).toEqual([regional(['us-east-1a', 'us-east-1b'], 2)])
    expect(estimateCost('us-east-1', r.after).monthlyUsd).toBe('73.00')
    expect(r.ipsAfter.known).toEqual(['198.51.100.1', '198.51.100.2'])
  })

  it('a kept gateway: the same before and after, from the gateway as observed', () => {
    const cfg = zonalConfig(us)
    const r = review(cfg, world({ managedGateways: [ownGateway(cfg)] }))
    expect(r.before).toEqual(r.after)
    expect(r.before[0]).toMatchObject({ natGatewayId: NAT, publicAddresses: 1 })
    expect(allowlistChange(r.ipsBefore, r.ipsAfter, r.mayGrow)).toMatchObject({
      added: [],
      removed: [],
      kept: ['203.0.113.10']
    })
  })

  it('a rotation: the IP of the new Elastic IP is added, the old one removed', () => {
    const cfg = zonalConfig({ ...us, 'eip-allocation-ids': `${EIP_1} ${EIP_2}` })
    const gateway = ownGateway(cfg, {
      NatGatewayAddresses: [
        {
          AllocationId: EIP_1,
          PublicIp: '203.0.113.10',
          IsPrimary: true,
          Status: 'succeeded',
          AssociationId: 'eipassoc-1'
        },
        {
          AllocationId: 'eipalloc-03333333333333333',
          PublicIp: '203.0.113.30',
          IsPrimary: false,
          Status: 'succeeded',
          AssociationId: 'eipassoc-3'
        }
      ]
    })
    const w = world(
      { managedGateways: [gateway] },
      surroundings({
        addresses: [
          address(EIP_1, { PublicIp: '203.0.113.10', AssociationId: 'eipassoc-1' }),
          address(EIP_2, { PublicIp: '198.51.100.20' })
        ]
      })
    )
    const r = review(cfg, w)
    expect(allowlistChange(r.ipsBefore, r.ipsAfter, r.mayGrow)).toMatchObject({
      added: ['198.51.100.20'],
      removed: ['203.0.113.30'],
      kept: ['203.0.113.10']
    })
    expect(r.after[0]?.publicAddresses).toBe(2)
  })

  it('a teardown: what was billed stops, and every IP goes', () => {
    const cfg = zonalConfig({ ...us, state: 'absent' })
    const r = reviewTeardown(cfg, {
      natGateways: [ownGateway(cfg)],
      routes: [],
      ipv6Routes: [],
      releaseAllocationIds: [],
      gatewayEndpoints: []
    })
    expect(estimateCost('us-east-1', r.before).monthlyUsd).toBe('36.50')
    expect(r.after).toEqual([])
    // Not released by the plan: the user's Elastic IP, still billed.
    expect(r.retainedAllocationIds).toEqual([EIP_1])
    expect(allowlistChange(r.ipsBefore, r.ipsAfter, r.mayGrow).removed).toEqual(['203.0.113.10'])
  })

  it('after the run, a regional gateway that serves no zone yet keeps the zones the plan counted', () => {
    const planned = {
      before: [],
      after: [regional(['us-east-1a', 'us-east-1b'], 0, true)],
      ipsBefore: [],
      ipsAfter: { known: [], pending: ['x'] },
      mayGrow: true
    }
    const fresh = ownGateway(config(us), { NatGatewayAddresses: [] })
    expect(reviewOutcome(planned, fresh).after[0]?.zones).toEqual(['us-east-1a', 'us-east-1b'])
    const served = ownGateway(config(us), {
      NatGatewayAddresses: ['a', 'b', 'c'].map(z => ({
        PublicIp: `192.0.2.${z.charCodeAt(0)}`,
        Status: 'succeeded',
        AvailabilityZone: `us-east-1${z}`
      }))
    })
    const after = reviewOutcome(planned, served)
    expect(estimateCost('us-east-1', after.after).monthlyUsd).toBe('109.50')
    expect(after.ipsAfter).toEqual({
      known: ['192.0.2.97', '192.0.2.98', '192.0.2.99'],
      pending: []
    })
  })
})

describe('the summary sections', () => {
  const planned = {
    before: [],
    after: [zonal()],
    ipsBefore: ['192.0.2.1'],
    ipsAfter: { known: ['192.0.2.2'], pending: [] },
    mayGrow: false
  }

  it('explain the units: gateway-hours and address-hours times 730 h times the price', () => {
    const text = costMarkdown('us-east-1', planned).join('\n')
    expect(text).toContain('| After this run | 1 | 1 | 36.50 USD |')
    expect(text).toContain(
      '1 NAT gateway-hour/h × 730 h × 0.045 USD + 1 public IPv4 address-hour/h × 730 h × 0.005 USD = 36.50 USD a month.'
    )
    expect(text).toContain('0.045 USD per GB')
  })

  it('say plainly when the Region has no price, and give the units', () => {
    const text = costMarkdown('eu-west-1', planned).join('\n')
    expect(text).toContain('| After this run | 1 | 1 | no price |')
    expect(text).toContain('has no prices for eu-west-1')
  })

  it('a regional gateway says per zone, and that the figure is a floor', () => {
    const text = costMarkdown('us-east-1', {
      ...planned,
      after: [regional(['us-east-1a', 'us-east-1b'], 0, true)]
    }).join('\n')
    expect(text).toContain('2 NAT gateway-hours/h, one per zone it is in: us-east-1a, us-east-1b')
    expect(text).toContain('| at least 65.70 USD |')
    expect(text).toContain('= 65.70 USD a month.\n\nA floor: in automatic mode')
  })

  it('a teardown says what stops being billed', () => {
    const gone = { ...planned, before: [zonal({ natGatewayId: NAT })], after: [] }
    const text = costMarkdown('us-east-1', gone).join('\n')
    expect(text).toContain('| After this run | 0 | 0 | 0.00 USD |')
    expect(text).toContain(
      `Stops being billed:\n- ${NAT} (zonal, public): 1 NAT gateway-hour/h; 1 public IPv4 address-hour/h.`
    )
    expect(text).toContain('Before: 1 NAT gateway-hour/h × 730 h × 0.045 USD')
    expect(text).not.toContain('Still billed')
    const kept = costMarkdown('us-east-1', { ...gone, retainedAllocationIds: [EIP_1] }).join('\n')
    expect(kept).toContain(
      `Still billed: the Elastic IPs you supplied stay allocated (${EIP_1}), 1 public IPv4 address-hour/h, 3.65 USD a month`
    )
  })

  it('list the IPs added and removed, and warn when AWS may add more', () => {
    expect(allowlistMarkdown(planned).join('\n')).toMatch(
      /New public IPs.*192\.0\.2\.2\n.*go away.*192\.0\.2\.1/
    )
    const auto = allowlistMarkdown({ ...planned, mayGrow: true }).join('\n')
    expect(auto).toContain('**Warning:** in automatic mode AWS adds public IPs')
  })

  it('escape what EC2 and the inputs say', () => {
    const text = costMarkdown('us-east-1', {
      ...planned,
      after: [regional(['<b>zone</b>|x'], 1)]
    }).join('\n')
    expect(text).toContain('&#60;b&#62;zone&#60;/b&#62;&#124;x')
    expect(text).not.toContain('<b>')
  })
})
