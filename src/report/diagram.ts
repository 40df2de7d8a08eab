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
  lines.push('  classDef changed stroke:#d97706,stroke-width:3px', '```')
  return lines.join('\n')
}
