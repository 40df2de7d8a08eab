/**
 * The result as a Mermaid flowchart for the job summary, which GitHub renders: the route tables →
 * the gateway (mode, and per zone its public IPs) → the internet. What this run changed is marked.
 */
import type { Config } from '../model/config.js'
import { usableAddresses } from '../model/addresses.js'
import type { Outcome, RouteOutcome } from '../model/outcome.js'
import { mermaidText } from './markdown.js'

/** More tables than this are summed up in one node: a diagram of 200 boxes helps nobody. */
const MAX_TABLES_DRAWN = 12

/** A quoted label of lines, each escaped. */
const label = (lines: string[]): string => `"${lines.map(mermaidText).join('<br/>')}"`

function tableNote(route: RouteOutcome): string {
  return route.result === 'kept' ? 'already routed' : `route ${route.result}`
}

/**
 * nat64 and ipv6-egress, for the tables drawn: a dotted NAT64 edge to the gateway, and a `::/0`
 * edge to the egress-only internet gateway.
 */
function ipv6Edges(outcome: Outcome, drawn: RouteOutcome[]): string[] {
  const { ipv6 } = outcome
  if (!ipv6) return []
  const lines: string[] = []
  const egress = ipv6.egressOnlyInternetGatewayId
  if (egress) {
    const node = label([`egress-only internet gateway ${egress}`])
    lines.push(`  eigw[${node}]${ipv6.egressOnlyGatewayCreated ? ':::changed' : ''}`)
    lines.push('  eigw --> internet6(["internet, IPv6 outbound only"])')
  }
  drawn.forEach((table, index) => {
    for (const route of ipv6.routes.filter(r => r.routeTableId === table.routeTableId)) {
      const to = route.targetId === egress ? 'eigw' : 'nat'
      lines.push(`  rt${index} -.->|${label([route.destinationCidr])}| ${to}`)
    }
  })
  return lines
}

export function mermaidDiagram(config: Config, outcome: Outcome): string {
  const gateway = outcome.natGateway
  const mode = gateway.AvailabilityMode ?? config.gateway.mode
  const connectivity = gateway.ConnectivityType ?? config.gateway.connectivity
  const byZone = new Map<string, string[]>()
  for (const address of usableAddresses(gateway)) {
    const zone = address.AvailabilityZone ?? (mode === 'zonal' ? 'addresses' : 'zone unknown')
    byZone.set(zone, [...(byZone.get(zone) ?? []), address.PublicIp ?? address.PrivateIp ?? '?'])
  }
  const zoneLines = [...byZone].map(([zone, ips]) => `${zone}: ${ips.join(', ')}`)
  const lines = ['```mermaid', 'flowchart LR']
  const changed = (yes: boolean) => (yes ? ':::changed' : '')
  const nat = label([
    `NAT gateway ${gateway.NatGatewayId}`,
    `${mode}, ${connectivity}`,
    ...(zoneLines.length > 0 ? zoneLines : ['no public IP yet'])
  ])
  lines.push(`  nat[${nat}]${changed(outcome.created)}`)
  const drawn = outcome.routes.slice(0, MAX_TABLES_DRAWN)
  drawn.forEach((route, index) => {
    const node = label([route.routeTableId, tableNote(route)])
    lines.push(`  rt${index}[${node}]${changed(route.result !== 'kept')} --> nat`)
  })
  const rest = outcome.routes.length - drawn.length
  if (rest > 0) {
    const more = outcome.routes.slice(MAX_TABLES_DRAWN)
    const changedCount = more.filter(r => r.result !== 'kept').length
    lines.push(
      `  rtMore[${label([`${rest} more route tables`, `${changedCount} changed by this run`])}]${changed(changedCount > 0)} --> nat`
    )
  }
  if (connectivity === 'public') lines.push(`  nat --> internet(["internet gateway"])`)
  lines.push(...ipv6Edges(outcome, drawn))
  lines.push('  classDef changed stroke:#d97706,stroke-width:3px', '```')
  return lines.join('\n')
}
