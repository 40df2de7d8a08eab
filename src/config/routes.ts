/** `route-table-ids`, `destination-cidr`: which tables are routed, and to what destination. */
import type { Config, Destination } from '../model/config.js'
import { canonicalCidr } from '../model/cidr.js'
import { exampleId } from '../model/ids.js'
import { ipv6Intents } from '../model/ipv6.js'
import { splitList } from './lists.js'
import { checkIds, type Problems } from './problems.js'

export function parseRouteTableIds(raw: string, problems: Problems): Config['routeTableIds'] {
  const input = 'route-table-ids'
  if (raw.toLowerCase() === 'auto') return 'auto'
  const ids = splitList(raw)
  if (ids.length === 0) {
    problems.add(
      input,
      'is required: name the private route tables to route through the NAT gateway, or say auto.',
      `Example: route-table-ids: ${exampleId('rtb')}, rtb-0123456789abcdef0`
    )
  }
  checkIds(input, ids, 'rtb', 'a route table ID', problems)
  return ids
}

/**
 * The destination in EC2's canonical form (model/cidr.ts), so that a route written another way
 * (`0.0.0.0/00`, `64:FF9B::/96`) is still found; anything else is refused with examples.
 */
export function parseDestination(raw: string, problems: Problems): Destination {
  const input = 'destination-cidr'
  const parsed = canonicalCidr(raw)
  if ('cidr' in parsed) return parsed
  problems.add(
    input,
    parsed.problem,
    parsed.meant
      ? `Did you mean ${parsed.meant}?`
      : 'Example: destination-cidr: 0.0.0.0/0 (IPv6: ::/0, or 64:ff9b::/96 for NAT64)'
  )
  return { cidr: raw, family: parsed.family ?? 'ipv4' }
}

/**
 * destination-cidr must not be one of the IPv6 routes nat64 or ipv6-egress write: one route per
 * destination, and those go to their own targets.
 */
export function checkIpv6Destinations(config: Config, problems: Problems): void {
  const same = ipv6Intents(config).find(
    intent => intent.destination.cidr === config.destination.cidr.toLowerCase()
  )
  if (!same) return
  const input = same.target === 'nat-gateway' ? 'nat64' : 'ipv6-egress'
  problems.add(
    'destination-cidr',
    `is ${config.destination.cidr}, the route ${input} writes already.`,
    `Leave destination-cidr at 0.0.0.0/0 and let ${input} route ${same.destination.cidr}.`
  )
}
