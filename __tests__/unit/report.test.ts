import { describe, expect, it } from '@jest/globals'
import { config, EIP_1, EIP_2, NAT, RTB_A, RTB_B, VPC } from '../../__fixtures__/ec2.js'
import type { Outcome } from '../../src/model/outcome.js'
import { outputs } from '../../src/report/outputs.js'
import { approvedStepsDoneMarkdown, summaryMarkdown } from '../../src/report/summary.js'

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
  it('lists the addresses in use, primary first, then the others with their status', () => {
    expect(outputs(outcome())).toEqual({
      'nat-gateway-id': NAT,
      // A single gateway is the list of one; its zone is not read, so it stays null.
      'nat-gateway-ids': NAT,
      'nat-gateways-json': JSON.stringify([
        {
          zone: null,
          zoneId: null,
          natGatewayId: NAT,
          subnetId: null,
          publicIps: ['203.0.113.10', '203.0.113.11'],
          privateIps: [],
          allocationIds: [EIP_1, EIP_2],
          routeTableIds: [RTB_A, RTB_B]
        }
      ]),
      'public-ips': '203.0.113.10,203.0.113.11',
      'public-ips-json': '["203.0.113.10","203.0.113.11"]',
      'public-cidrs': '203.0.113.10/32,203.0.113.11/32',
      'private-ips': '',
      'addresses-json': JSON.stringify([
        {
          zone: 'eu-west-1a',
          zoneId: null,
          allocationId: EIP_1,
          associationId: null,
          publicIp: '203.0.113.10',
          privateIp: null,
          primary: true,
          status: 'succeeded'
        },
        {
          zone: 'eu-west-1b',
          zoneId: null,
          allocationId: EIP_2,
          associationId: null,
          publicIp: '203.0.113.11',
          privateIp: null,
          primary: false,
          status: 'succeeded'
        },
        {
          zone: null,
          zoneId: null,
          allocationId: 'eipalloc-0333',
          associationId: null,
          publicIp: '203.0.113.12',
          privateIp: null,
          primary: false,
          status: 'disassociating'
        }
      ]),
      'gateway-route-table-id': '',
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
    expect(markdown).toContain('Not in use:\n\n- eipalloc-0333 (203.0.113.12): disassociating\n')
    expect(markdown).toContain(`| ${RTB_A} | already routed 0.0.0.0/0 here |`)
    expect(markdown).toContain(
      `| ${RTB_B} | route 0.0.0.0/0 replaced (was the NAT gateway nat-0dead) |`
    )
  })

  it('says that no table is routed yet, rather than drawing a table with no rows', () => {
    const markdown = summaryMarkdown(config(), outcome({ routes: [] }))
    expect(markdown).toContain('### Route tables\n\nNo route table routes 0.0.0.0/0 to it yet.\n')
    expect(markdown).not.toContain('| Route table | Result |')
  })

  it('shows zone coverage, whether AWS adds addresses by itself, and the gateway route table', () => {
    const markdown = summaryMarkdown(
      config({ 'eip-allocation-ids': `eu-west-1a: ${EIP_1}\neu-west-1b: ${EIP_2}` }),
      outcome({
        natGateway: {
          ...outcome().natGateway,
          AutoProvisionZones: 'disabled',
          AutoScalingIps: 'disabled',
          RouteTableId: 'rtb-0999999999999999a'
        }
      })
    )
    expect(markdown).toContain('Zones with a public IP in use: eu-west-1a, eu-west-1b.')
    expect(markdown).toContain('Zones in the inputs: eu-west-1a, eu-west-1b.')
    expect(markdown).toContain(
      'AWS adds and removes zones by itself (AutoProvisionZones): no; addresses (AutoScalingIps): no.'
    )
    expect(markdown).toContain("The gateway's own route table: rtb-0999999999999999a.")
  })

  it('shows a failed address with its failure message', () => {
    const natGateway = {
      NatGatewayId: NAT,
      AvailabilityMode: 'zonal' as const,
      NatGatewayAddresses: [
        {
          AllocationId: EIP_1,
          PublicIp: '203.0.113.10',
          IsPrimary: true,
          Status: 'succeeded' as const
        },
        { AllocationId: EIP_2, Status: 'failed' as const, FailureMessage: 'border group mismatch' }
      ]
    }
    const markdown = summaryMarkdown(config(), outcome({ natGateway }))
    expect(markdown).toContain(`- ${EIP_2}: failed, border group mismatch`)
    expect(markdown).not.toContain('### Zones')
  })

  it('says so when no address is in use yet', () => {
    const markdown = summaryMarkdown(
      config(),
      outcome({ natGateway: { NatGatewayId: NAT, State: 'available' } })
    )
    expect(markdown).toContain('No address is in use yet.')
  })
})

describe('approvedStepsDoneMarkdown', () => {
  it('lists the approved steps found done, each escaped', () => {
    const markdown = approvedStepsDoneMarkdown([
      `routes[${RTB_A}]: create, done already.`,
      '<b>x</b>'
    ])
    expect(markdown).toContain('## Approved plan: steps found done')
    expect(markdown).toContain(`- routes&#91;${RTB_A}&#93;: create, done already.`)
    expect(markdown).toContain('- &#60;b&#62;x&#60;/b&#62;')
  })
})
