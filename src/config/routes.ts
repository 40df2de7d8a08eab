/** `route-table-ids`, `destination-cidr`: which tables are routed, and to what destination. */
import { isIP } from 'node:net'
import type { Config, Destination } from '../model/config.js'
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

function ipv4Network(address: string, prefix: number): string {
  const value = address.split('.').reduce((acc, octet) => acc * 256 + Number(octet), 0)
  const size = 2 ** (32 - prefix)
  const network = Math.floor(value / size) * size
  return [24, 16, 8, 0].map(shift => Math.floor(network / 2 ** shift) % 256).join('.')
}

export function parseDestination(raw: string, problems: Problems): Destination {
  const input = 'destination-cidr'
  const cidr = raw
  const [address = '', prefixText = '', ...rest] = cidr.split('/')
  const family = isIP(address)
  const prefix = /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN
  const maxPrefix = family === 6 ? 128 : 32
  if (family === 0 || rest.length > 0 || !(prefix >= 0 && prefix <= maxPrefix)) {
    problems.add(input, `"${cidr}" is not a CIDR block.`, 'Example: destination-cidr: 0.0.0.0/0')
  } else if (family === 4 && ipv4Network(address, prefix) !== address) {
    problems.add(
      input,
      `"${cidr}" has host bits set.`,
      `Did you mean ${ipv4Network(address, prefix)}/${prefix}?`
    )
  }
  return { cidr, family: family === 6 ? 'ipv6' : 'ipv4' }
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
