/**
 * The allowlist change of a run: the public IPs the gateways will have that they do not have now,
 * and those they lose. What is not known before the run (an address AWS or the action allocates
 * at creation) is said so, never guessed. Pure.
 */

/** The public IPs after the run: those known, and why others are not known yet. */
export interface IpsAfter {
  known: string[]
  /** One sentence each: addresses allocated at creation, whose IPs only the outputs will show. */
  pending: string[]
}

export interface AllowlistChange {
  added: string[]
  removed: string[]
  kept: string[]
  pending: string[]
  /** Regional automatic: AWS may add (and remove) addresses after the run, by itself. */
  mayGrow: boolean
}

/** IPv4 addresses in numeric order, each once. */
export function sortIps(ips: Iterable<string>): string[] {
  const key = (ip: string) =>
    ip
      .split('.')
      .map(part => part.padStart(3, '0'))
      .join('.')
  return [...new Set(ips)].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
}

export function allowlistChange(
  before: string[],
  after: IpsAfter,
  mayGrow: boolean
): AllowlistChange {
  const now = new Set(before)
  const next = new Set(after.known)
  return {
    added: sortIps(after.known.filter(ip => !now.has(ip))),
    removed: sortIps(before.filter(ip => !next.has(ip))),
    kept: sortIps(before.filter(ip => next.has(ip))),
    pending: after.pending,
    mayGrow
  }
}

/** Whether the allowlists have anything to do, or to watch for. */
export function hasAllowlistChange(change: AllowlistChange): boolean {
  return (
    change.added.length > 0 ||
    change.removed.length > 0 ||
    change.pending.length > 0 ||
    change.mayGrow
  )
}
