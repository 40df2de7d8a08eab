import { describe, expect, it } from '@jest/globals'
import { config, EIP_1, EIP_2, NAT, ownGateway, zonalConfig } from '../../__fixtures__/ec2.js'
import type { AddressPlan, Plan } from '../../src/model/plan.js'
import { describePlan, teardownSteps } from '../../src/report/plan.js'

const EIP_3 = 'eipalloc-03333333333333333'

function adoptWith(cfg: ReturnType<typeof config>, addresses?: AddressPlan): Plan {
  const natGateway = ownGateway(cfg)
  return {
    gateway: addresses
      ? { action: 'adopt', natGateway, addresses }
      : { action: 'adopt', natGateway },
    routes: [],
    skippedRouteTables: [],
    gatewayEndpoints: []
  }
}

describe('describePlan: Elastic IPs changed in place', () => {
  it('lists the additions per zone, then the removals with the drain time, then the releases', () => {
    const cfg = config({
      'eip-allocation-ids': `eu-west-1a: ${EIP_1}\neu-west-1b: ${EIP_2}`,
      'max-drain-duration-seconds': '90'
    })
    const lines = describePlan(
      cfg,
      adoptWith(cfg, {
        add: [{ zone: 'eu-west-1b', allocationIds: [EIP_2] }],
        remove: [
          {
            allocationId: EIP_3,
            associationId: 'eipassoc-0333',
            publicIp: '203.0.113.3',
            zone: 'eu-west-1a'
          }
        ],
        release: [EIP_3]
      })
    )
    expect(lines).toEqual([
      `NAT gateway: use ${NAT} (available).`,
      `Elastic IPs: associate ${EIP_2} in eu-west-1b.`,
      `Elastic IPs: once they are in use, disassociate ${EIP_3} (203.0.113.3) in eu-west-1a, draining connections for up to 90 s.`,
      `Elastic IP: release ${EIP_3}, allocated by this action.`
    ])
  })

  it('notes the default quota when a zonal gateway is to hold more than 2 Elastic IPs', () => {
    const cfg = zonalConfig({ 'eip-allocation-ids': `${EIP_1}, ${EIP_2}, ${EIP_3}` })
    const lines = describePlan(
      cfg,
      adoptWith(cfg, { add: [{ allocationIds: [EIP_2, EIP_3] }], remove: [], release: [] })
    )
    expect(lines.at(-1)).toMatch(
      /^Note: 3 Elastic IPs on one gateway; the default quota "Elastic IP addresses per public NAT gateway" is 2/
    )
    expect(describePlan(cfg, adoptWith(cfg))).not.toContainEqual(expect.stringMatching(/^Note/))
  })
})

describe('describePlan and teardownSteps: IPv6', () => {
  const RTB = 'rtb-0aaaaaaaaaaaaaaaa'
  const EIGW = 'eigw-0abc1234def567890'
  const cfg = config({ nat64: 'true', 'ipv6-egress': 'egress-only-internet-gateway' })

  it('lists the egress-only gateway with the gateway, then each IPv6 route with its target', () => {
    const plan: Plan = {
      ...adoptWith(cfg),
      routes: [{ routeTableId: RTB, action: 'keep' }],
      ipv6: {
        routes: [
          {
            routeTableId: RTB,
            action: 'create',
            destinationCidr: '64:ff9b::/96',
            target: 'nat-gateway'
          },
          {
            routeTableId: RTB,
            action: 'replace',
            currentTarget: 'tgw-0abc',
            reason: 'route-conflict: replace',
            destinationCidr: '::/0',
            target: 'egress-only-internet-gateway'
          }
        ],
        egressOnlyGateway: { action: 'create' },
        dns64OffSubnetIds: []
      }
    }
    expect(describePlan(cfg, plan)).toEqual([
      `NAT gateway: use ${NAT} (available).`,
      "Egress-only internet gateway: create one for the VPC, tagged as this action's.",
      `${RTB}: 0.0.0.0/0 already routed to the gateway.`,
      `${RTB}: create route 64:ff9b::/96 to the NAT gateway.`,
      `${RTB}: replace route ::/0 to the egress-only internet gateway (now to the transit gateway tgw-0abc, route-conflict: replace).`
    ])
  })

  it('lists the IPv6 routes a teardown deletes, and the egress-only gateway last', () => {
    const steps = teardownSteps(cfg, {
      natGateways: [],
      routes: [],
      ipv6Routes: [{ routeTableId: RTB, destinationCidr: '::/0', targetId: EIGW }],
      releaseAllocationIds: [],
      gatewayEndpoints: [],
      deleteEgressOnlyGatewayId: EIGW
    })
    expect(steps.map(step => step.line)).toEqual([
      `${RTB}: delete route ::/0 (to ${EIGW}).`,
      `Egress-only internet gateway: delete ${EIGW}, created by this action.`
    ])
  })
})
