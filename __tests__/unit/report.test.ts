import { describe, expect, it } from '@jest/globals'
import { config, EIP_1, EIP_2, NAT, RTB_A, RTB_B, VPC } from '../../__fixtures__/ec2.js'
import type { Outcome } from '../../src/model/outcome.js'
import { outputs } from '../../src/report/outputs.js'
import { summaryMarkdown } from '../../src/report/summary.js'

const outcome = (fields: Partial<Outcome> = {}): Outcome => ({
  natGateway: {
    NatGatewayId: NAT,
    State: 'available',
    VpcId: VPC,
    AvailabilityMode: 'regional',
    ConnectivityType: 'public',
    NatGatewayAddresses: [
      {
        AllocationId: EIP_2,
        PublicIp: '203.0.113.11',
        IsPrimary: false,
        Status: 'succeeded',
        AvailabilityZone: 'eu-west-1b'
      },
      {
        AllocationId: EIP_1,
        PublicIp: '203.0.113.10',
        IsPrimary: true,
        Status: 'succeeded',
        AvailabilityZone: 'eu-west-1a'
      },
      { AllocationId: 'eipalloc-0333', PublicIp: '203.0.113.12', Status: 'disassociating' }
    ]
  },
  created: false,
  routes: [
    { routeTableId: RTB_A, result: 'kept' },
    { routeTableId: RTB_B, result: 'replaced', previousTarget: 'nat-0dead' }
  ],
  gatewayEndpoints: [],
  ...fields
})

describe('outputs', () => {
  it('lists the addresses in use, primary first', () => {
    expect(outputs(outcome())).toEqual({
      'nat-gateway-id': NAT,
      'public-ips': '203.0.113.10,203.0.113.11',
      'public-ips-json': '["203.0.113.10","203.0.113.11"]',
      'public-cidrs': '203.0.113.10/32,203.0.113.11/32',
      'addresses-json': JSON.stringify([
        {
          zone: 'eu-west-1a',
          zoneId: null,
          allocationId: EIP_1,
          publicIp: '203.0.113.10',
          privateIp: null,
          primary: true
        },
        {
          zone: 'eu-west-1b',
          zoneId: null,
          allocationId: EIP_2,
          publicIp: '203.0.113.11',
          privateIp: null,
          primary: false
        }
      ]),
      'allocation-ids': `${EIP_1},${EIP_2}`,
      'route-table-ids': `${RTB_A},${RTB_B}`,
      created: 'false',
      changed: 'true'
    })
  })

  it('takes an address without Status (moto) as in use, and says unchanged when all was kept', () => {
    const result = outputs(
      outcome({
        natGateway: {
          NatGatewayId: NAT,
          NatGatewayAddresses: [{ AllocationId: EIP_1, PublicIp: '198.51.100.1' }]
        },
        routes: [{ routeTableId: RTB_A, result: 'kept' }]
      })
    )
    expect(result).toMatchObject({ 'public-ips': '198.51.100.1', changed: 'false' })
  })
})

describe('summaryMarkdown', () => {
  it('shows the gateway, each address and what was done to each route table', () => {
    const markdown = summaryMarkdown(config(), outcome())
    expect(markdown).toContain(`## NAT gateway ${NAT}`)
    expect(markdown).toContain(`| nat-regional-${VPC} | regional | public | available | found |`)
    expect(markdown).toContain(`| eu-west-1a | ${EIP_1} | 203.0.113.10 | — | yes |`)
    expect(markdown).toContain(`| eu-west-1b | ${EIP_2} | 203.0.113.11 | — | no |`)
    expect(markdown).not.toContain('203.0.113.12')
    expect(markdown).toContain(`| ${RTB_A} | already routed 0.0.0.0/0 here |`)
    expect(markdown).toContain(`| ${RTB_B} | route 0.0.0.0/0 replaced (was nat-0dead) |`)
  })

  it('says so when no address is in use yet', () => {
    const markdown = summaryMarkdown(
      config(),
      outcome({ natGateway: { NatGatewayId: NAT, State: 'available' } })
    )
    expect(markdown).toContain('No address is in use yet.')
  })
})
