import { describe, expect, it } from '@jest/globals'
import { config, NAT, zonalConfig } from '../../__fixtures__/ec2.js'
import type { Outcome, RouteOutcome } from '../../src/model/outcome.js'
import { mermaidDiagram } from '../../src/report/diagram.js'

const routes = (n: number, result: RouteOutcome['result'] = 'kept'): RouteOutcome[] =>
  Array.from({ length: n }, (_, i) => ({
    routeTableId: `rtb-${String(i).padStart(17, '0')}`,
    result
  }))

const outcome = (fields: Partial<Outcome> = {}): Outcome => ({
  natGateway: {
    NatGatewayId: NAT,
    AvailabilityMode: 'regional',
    ConnectivityType: 'public',
    NatGatewayAddresses: [
      { AvailabilityZone: 'eu-west-1a', PublicIp: '203.0.113.1', Status: 'succeeded' },
      { AvailabilityZone: 'eu-west-1a', PublicIp: '203.0.113.2', Status: 'succeeded' },
      { AvailabilityZone: 'eu-west-1b', PublicIp: '203.0.113.3', Status: 'succeeded' }
    ]
  },
  created: false,
  routes: routes(2),
  gatewayEndpoints: [],
  ...fields
})

describe('mermaidDiagram', () => {
  it('draws the IPv6 routes: NAT64 to the gateway, ::/0 to the egress-only gateway it created', () => {
    const eigw = 'eigw-0abc1234def567890'
    const tables = routes(1, 'created')
    const table = tables[0]?.routeTableId ?? ''
    const diagram = mermaidDiagram(
      config(),
      outcome({
        routes: tables,
        ipv6: {
          routes: [
            {
              routeTableId: table,
              result: 'created',
              destinationCidr: '64:ff9b::/96',
              targetId: NAT
            },
            { routeTableId: table, result: 'created', destinationCidr: '::/0', targetId: eigw }
          ],
          egressOnlyInternetGatewayId: eigw,
          egressOnlyGatewayCreated: true
        }
      })
    )
    expect(diagram.split('\n').slice(5, 9)).toEqual([
      `  eigw["egress-only internet gateway ${eigw}"]:::changed`,
      '  eigw --> internet6(["internet, IPv6 outbound only"])',
      '  rt0 -.->|"64:ff9b::/96"| nat',
      '  rt0 -.->|"::/0"| eigw'
    ])
  })

  it('draws tables → gateway (mode, IPs per zone) → internet, marking what this run changed', () => {
    const diagram = mermaidDiagram(
      config(),
      outcome({
        routes: [...routes(1), ...routes(1, 'created')].map((r, i) => ({
          ...r,
          routeTableId: `rtb-${i}`
        }))
      })
    )
    expect(diagram.split('\n')).toEqual([
      '```mermaid',
      'flowchart LR',
      `  nat["NAT gateway ${NAT}<br/>regional, public<br/>eu-west-1a: 203.0.113.1, 203.0.113.2<br/>eu-west-1b: 203.0.113.3"]`,
      '  rt0["rtb-0<br/>already routed"] --> nat',
      '  rt1["rtb-1<br/>route created"]:::changed --> nat',
      '  nat --> internet(["internet gateway"])',
      '  classDef changed stroke:#d97706,stroke-width:3px',
      '```'
    ])
  })

  it('marks a created gateway, and sums up tables past twelve in one node', () => {
    const diagram = mermaidDiagram(
      config(),
      outcome({ created: true, routes: [...routes(12), ...routes(188, 'created')] })
    )
    expect(diagram).toContain(':::changed\n  rt0[')
    expect(diagram).toContain(
      'rtMore["188 more route tables<br/>188 changed by this run"]:::changed --> nat'
    )
    expect(diagram).not.toContain('rt12[')
  })

  it('draws no internet for a private gateway', () => {
    const privateGateway = outcome({
      natGateway: {
        NatGatewayId: NAT,
        ConnectivityType: 'private',
        NatGatewayAddresses: [{ PrivateIp: '10.0.1.5' }]
      }
    })
    const diagram = mermaidDiagram(zonalConfig({ 'connectivity-type': 'private' }), privateGateway)
    expect(diagram).toContain('zonal, private<br/>addresses: 10.0.1.5')
    expect(diagram).not.toContain('internet')
  })
})
