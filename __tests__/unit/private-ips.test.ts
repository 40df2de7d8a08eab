/**
 * secondary-private-ip-count in the plan: sent at creation, changed in place on an adopted
 * private gateway (assign, or unassign the highest, draining), refused while EC2 cannot take a
 * change, and shown in plan-json and the plan's lines.
 */
import { describe, expect, it } from '@jest/globals'
import type { NatGateway, NatGatewayAddress } from '../../src/model/resources.js'
import {
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
import { formatProblem } from '../../src/model/problems.js'
import type { Surroundings, World } from '../../src/model/world.js'
import { makePlan } from '../../src/plan/ensure-plan.js'
import { planDocument } from '../../src/plan/plan-document.js'
import { describePlan } from '../../src/report/plan.js'
import { outputs } from '../../src/report/outputs.js'

const privateConfig = (count: number, inputs: Record<string, string> = {}): Config =>
  zonalConfig({
    'connectivity-type': 'private',
    'secondary-private-ip-count': String(count),
    ...inputs
  })

const surroundings = (free = 251): Surroundings => ({
  vpc: { VpcId: VPC },
  internetGateways: [{ InternetGatewayId: IGW, Attachments: [{ VpcId: VPC, State: 'attached' }] }],
  subnet: {
    SubnetId: PUBLIC_SUBNET,
    VpcId: VPC,
    AvailabilityZone: 'eu-west-1a',
    AvailableIpAddressCount: free
  },
  subnetRouteTable: publicRouteTable,
  addresses: [],
  zones: [],
  reusableAddresses: [],
  vpcSubnets: [],
  vpcRouteTables: []
})

const routed = [
  routeTable(RTB_A, [route({ NatGatewayId: NAT })]),
  routeTable(RTB_B, [route({ NatGatewayId: NAT })])
]

const primary: NatGatewayAddress = {
  PrivateIp: '10.0.0.4',
  NetworkInterfaceId: 'eni-0abc1234def567890',
  IsPrimary: true,
  Status: 'succeeded'
}
const secondary = (
  ip: string,
  Status: NatGatewayAddress['Status'] = 'succeeded'
): NatGatewayAddress => ({
  PrivateIp: ip,
  NetworkInterfaceId: 'eni-0abc1234def567890',
  IsPrimary: false,
  Status
})

function privateGateway(cfg: Config, secondaries: NatGatewayAddress[]): NatGateway {
  return ownGateway(cfg, { NatGatewayAddresses: [primary, ...secondaries] })
}

function adopting(gateway: NatGateway): World {
  return {
    core: {
      managedGateways: [gateway],
      retiredGateways: [],
      routeTables: routed,
      gatewayEndpoints: []
    }
  }
}

function creating(free?: number): World {
  return {
    core: {
      managedGateways: [],
      retiredGateways: [],
      routeTables: [routeTable(RTB_A), routeTable(RTB_B)],
      gatewayEndpoints: []
    },
    surroundings: surroundings(free)
  }
}

function planOf(cfg: Config, world: World) {
  const result = makePlan(cfg, world)
  if (!result.plan) throw new Error(result.problems.map(formatProblem).join('\n'))
  return result.plan
}

describe('secondary-private-ip-count at creation', () => {
  it('sends SecondaryPrivateIpAddressCount, and plan-json and the plan say so', () => {
    const cfg = privateConfig(3)
    const plan = planOf(cfg, creating())
    expect(plan.gateway.action === 'create' && plan.gateway.request).toMatchObject({
      SubnetId: PUBLIC_SUBNET,
      ConnectivityType: 'private',
      SecondaryPrivateIpAddressCount: 3
    })
    expect(planDocument(cfg, plan).natGateway).toMatchObject({
      action: 'create',
      connectivityType: 'private',
      secondaryPrivateIpCount: 3
    })
    expect(describePlan(cfg, plan)[0]).toBe(
      `NAT gateway: create "nat-${PUBLIC_SUBNET}", private zonal in ${PUBLIC_SUBNET}, with 3 secondary private IPs.`
    )
  })

  it('sends nothing and writes nothing of it for 0 (the request and plan-json as before)', () => {
    const cfg = privateConfig(0)
    const plan = planOf(cfg, creating())
    expect(plan.gateway.action === 'create' && plan.gateway.request).not.toHaveProperty(
      'SecondaryPrivateIpAddressCount'
    )
    expect(planDocument(cfg, plan).natGateway).not.toHaveProperty('secondaryPrivateIpCount')
  })

  it('refuses a subnet without enough free addresses, before any write', () => {
    const cfg = privateConfig(4)
    const result = makePlan(cfg, creating(4))
    expect(result.problems.map(formatProblem)).toEqual([
      `secondary-private-ip-count: the gateway needs 5 private IPs of ${PUBLIC_SUBNET} (its primary and 4 secondary), but the subnet has 4 free. Ask for at most 3 secondary private IPs, or free addresses in the subnet.`
    ])
  })
})

describe('secondary-private-ip-count changed in place', () => {
  it('keeps a gateway that holds the count asked for: nothing to write', () => {
    const cfg = privateConfig(2)
    const plan = planOf(
      cfg,
      adopting(privateGateway(cfg, [secondary('10.0.0.5'), secondary('10.0.0.6')]))
    )
    expect(plan.gateway).toEqual({ action: 'adopt', natGateway: expect.anything() })
    expect(planDocument(cfg, plan)).toMatchObject({
      natGateway: { action: 'keep' },
      changes: false
    })
  })

  it('assigns the missing ones (an address still assigning counts as held)', () => {
    const cfg = privateConfig(4)
    const gateway = privateGateway(cfg, [secondary('10.0.0.5'), secondary('10.0.0.6', 'assigning')])
    const plan = planOf(cfg, adopting(gateway))
    expect(plan.gateway.action === 'adopt' && plan.gateway.privateIps).toEqual({
      from: 2,
      to: 4,
      assign: 2,
      unassign: []
    })
    expect(planDocument(cfg, plan)).toMatchObject({
      natGateway: {
        action: 'update',
        natGatewayId: NAT,
        secondaryPrivateIps: { from: 2, to: 4, assign: 2, unassign: [] }
      },
      changes: true
    })
    expect(planDocument(cfg, plan).natGateway).not.toHaveProperty('elasticIps')
    expect(describePlan(cfg, plan)).toContain('Secondary private IPs (2 → 4): assign 2.')
  })

  it('assigns again in place of a failed one', () => {
    const cfg = privateConfig(1)
    const gateway = privateGateway(cfg, [secondary('10.0.0.5', 'failed')])
    const plan = planOf(cfg, adopting(gateway))
    expect(plan.gateway.action === 'adopt' && plan.gateway.privateIps).toMatchObject({
      from: 0,
      assign: 1
    })
  })

  it('unassigns the highest addresses, whatever order EC2 lists them in, draining', () => {
    const cfg = privateConfig(1, { 'max-drain-duration-seconds': '60' })
    const listed = ['10.0.0.9', '10.0.0.10', '10.0.0.5']
    for (const order of [listed, [...listed].reverse()]) {
      const gateway = privateGateway(
        cfg,
        order.map(ip => secondary(ip))
      )
      const plan = planOf(cfg, adopting(gateway))
      // By value: 10.0.0.10 is above 10.0.0.9 (a string sort would say otherwise).
      expect(plan.gateway.action === 'adopt' && plan.gateway.privateIps).toEqual({
        from: 3,
        to: 1,
        assign: 0,
        unassign: ['10.0.0.10', '10.0.0.9']
      })
      expect(planDocument(cfg, plan).natGateway).toMatchObject({
        secondaryPrivateIps: { unassign: ['10.0.0.10', '10.0.0.9'], maxDrainDurationSeconds: 60 }
      })
      expect(describePlan(cfg, plan)).toContain(
        'Secondary private IPs (3 → 1): unassign 10.0.0.10, 10.0.0.9, draining connections for up to 60 s.'
      )
    }
  })

  it('unassigns them all for 0, never the primary', () => {
    const cfg = privateConfig(0)
    const plan = planOf(cfg, adopting(privateGateway(cfg, [secondary('10.0.0.5')])))
    expect(plan.gateway.action === 'adopt' && plan.gateway.privateIps?.unassign).toEqual([
      '10.0.0.5'
    ])
  })

  it.each([
    [
      'while some are being unassigned (draining)',
      4,
      [secondary('10.0.0.5'), secondary('10.0.0.6', 'unassigning')],
      /1 of its secondary private IPs are still being unassigned \(connections draining\)/
    ],
    [
      'a decrease while some are still being assigned',
      0,
      [secondary('10.0.0.5'), secondary('10.0.0.6', 'assigning')],
      /1 of its secondary private IPs are still being assigned/
    ]
  ])('refuses a change %s, before any write', (_, count, secondaries, message) => {
    const cfg = privateConfig(count)
    const problems = makePlan(cfg, adopting(privateGateway(cfg, secondaries))).problems
    expect(problems.map(formatProblem)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^${NAT}: cannot change its secondary private IPs in place now: ${message.source}.*Rerun the step later`
        )
      )
    ])
  })

  it('takes no change while draining when the count already holds: a no-op', () => {
    const cfg = privateConfig(1)
    const gateway = privateGateway(cfg, [
      secondary('10.0.0.5'),
      secondary('10.0.0.6', 'unassigning')
    ])
    expect(planOf(cfg, adopting(gateway)).gateway).not.toHaveProperty('privateIps')
  })

  it('leaves a public gateway alone: its private IPs come with its Elastic IPs', () => {
    const cfg = zonalConfig()
    const gateway = ownGateway(cfg, {
      NatGatewayAddresses: [
        { ...primary, AllocationId: 'eipalloc-01111111111111111', PublicIp: '203.0.113.10' },
        { ...secondary('10.0.0.5'), AllocationId: 'eipalloc-02222222222222222' }
      ]
    })
    expect(planOf(cfg, adopting(gateway)).gateway).not.toHaveProperty('privateIps')
  })
})

describe('private-ips output', () => {
  it('lists the private IPs in use, primary first, each once', () => {
    const cfg = privateConfig(2)
    const gateway = privateGateway(cfg, [
      secondary('10.0.0.6'),
      secondary('10.0.0.7', 'assigning'),
      secondary('10.0.0.5')
    ])
    const natGateway = {
      ...gateway,
      NatGatewayAddresses: [...(gateway.NatGatewayAddresses ?? [])].reverse()
    }
    const out = outputs({ natGateway, created: false, routes: [], gatewayEndpoints: [] })
    expect(out['private-ips']).toBe('10.0.0.4,10.0.0.5,10.0.0.6')
    expect(out['public-ips']).toBe('')
  })
})
