/** `route-table-ids`, `destination-cidr`: which tables are routed, and to what destination. */
import type { Config, Destination } from '../model/config.js'
import { canonicalCidr } from '../model/cidr.js'
import { exampleId } from '../model/ids.js'
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
