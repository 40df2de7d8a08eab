/**
 * CIDR blocks in EC2's own form. EC2 answers a route's destination in one canonical form (IPv4
 * without leading zeros; IPv6 in lower case, compressed as RFC 5952 says: `64:ff9b::/96`, `::/0`),
 * and routes are found by comparing that text: a destination written another way (`0.0.0.0/00`,
 * `64:FF9B::/96`, an uncompressed IPv6 block) would never match, and plan a create on every run.
 * Pure, for any input that names a destination.
 */

export type CidrFamily = 'ipv4' | 'ipv6'

/** The block as EC2 writes it; or what is wrong, with the block most likely meant if any. */
export type CanonicalCidr =
  { cidr: string; family: CidrFamily } | { problem: string; meant?: string; family?: CidrFamily }

/** The four octets of a dotted IPv4 address; undefined if it is not one. */
function ipv4Octets(text: string): number[] | undefined {
  const parts = text.split('.')
  if (parts.length !== 4) return undefined
  // A leading zero is read as octal by some tools and as decimal by others: refused, not guessed.
  if (!parts.every(p => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255)) return undefined
  return parts.map(Number)
}

/** The eight 16-bit groups of an IPv6 address (an IPv4 tail becomes two); undefined if not one. */
function ipv6Groups(text: string): number[] | undefined {
  const halves = text.split('::')
  if (halves.length > 2) return undefined
  const parse = (half: string): number[] | undefined => {
    if (half === '') return []
    const groups: number[] = []
    const parts = half.split(':')
    for (const [index, part] of parts.entries()) {
      const octets = index === parts.length - 1 && part.includes('.') ? ipv4Octets(part) : undefined
      if (octets) {
        groups.push(octets[0]! * 256 + octets[1]!, octets[2]! * 256 + octets[3]!)
      } else if (/^[0-9a-f]{1,4}$/i.test(part)) {
        groups.push(parseInt(part, 16))
      } else {
        return undefined
      }
    }
    return groups
  }
  const head = parse(halves[0] ?? '')
  const tail = halves.length === 2 ? parse(halves[1] ?? '') : []
  if (!head || !tail) return undefined
  const missing = 8 - head.length - tail.length
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined
  return [...head, ...Array<number>(missing).fill(0), ...tail]
}

/** RFC 5952: lower case, no leading zeros, the longest run of two or more zero groups as `::`. */
function formatIpv6(groups: number[]): string {
  let best = { start: -1, length: 0 }
  for (let i = 0; i < groups.length;) {
    if (groups[i] !== 0) {
      i++
      continue
    }
    let j = i
    while (j < groups.length && groups[j] === 0) j++
    if (j - i > best.length) best = { start: i, length: j - i }
    i = j
  }
  const hex = groups.map(g => g.toString(16))
  if (best.length < 2) return hex.join(':')
  const left = hex.slice(0, best.start).join(':')
  const right = hex.slice(best.start + best.length).join(':')
  return `${left}::${right}`
}

/** The units (octets or groups) with the bits after the prefix cleared. */
function network(units: number[], bitsPerUnit: number, prefix: number): number[] {
  return units.map((unit, i) => {
    const kept = Math.min(Math.max(prefix - i * bitsPerUnit, 0), bitsPerUnit)
    const mask = kept === 0 ? 0 : ((2 ** kept - 1) * 2 ** (bitsPerUnit - kept)) % 2 ** bitsPerUnit
    return kept === bitsPerUnit ? unit : unit & mask
  })
}

/** A CIDR block as EC2 writes it, or what is wrong with it: not a block, or host bits set. */
export function canonicalCidr(text: string): CanonicalCidr {
  const notCidr = { problem: `"${text}" is not a CIDR block.` }
  const [address = '', prefixText = '', ...rest] = text.trim().split('/')
  if (rest.length > 0 || !/^\d{1,3}$/.test(prefixText)) return notCidr
  const prefix = Number(prefixText)
  const octets = ipv4Octets(address)
  if (octets) {
    if (prefix > 32) return notCidr
    const cidr = `${octets.join('.')}/${prefix}`
    const meant = `${network(octets, 8, prefix).join('.')}/${prefix}`
    return meant === cidr
      ? { cidr, family: 'ipv4' }
      : { problem: `"${text}" has host bits set.`, meant, family: 'ipv4' }
  }
  const groups = ipv6Groups(address)
  if (!groups || prefix > 128) return notCidr
  const cidr = `${formatIpv6(groups)}/${prefix}`
  const meant = `${formatIpv6(network(groups, 16, prefix))}/${prefix}`
  return meant === cidr
    ? { cidr, family: 'ipv6' }
    : { problem: `"${text}" has host bits set.`, meant, family: 'ipv6' }
}
