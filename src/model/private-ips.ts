/**
 * The secondary private IPv4 addresses of a private zonal gateway (`secondary-private-ip-count`),
 * changed in place: how many to assign, or which to unassign. Pure; what cannot be done now
 * becomes a sentence the plan turns into a problem. docs/ec2-behaviour.md says what EC2 allows.
 */
import { isHeld, isLeaving, primaryAddress } from './address-changes.js'
import type { GatewaySpec } from './gateway-spec.js'
import type { NatGateway, NatGatewayAddress } from './resources.js'

/** One in-place change of the count: an increase assigns, a decrease unassigns (draining). */
export interface PrivateIpChange {
  /** Secondary private IPs the gateway holds now. */
  from: number
  /** Secondary private IPs the inputs ask for. */
  to: number
  /** Increase: how many AssignPrivateNatGatewayAddress adds (PrivateIpAddressCount); else 0. */
  assign: number
  /** Decrease: the addresses UnassignPrivateNatGatewayAddress removes; else none. */
  unassign: string[]
}

export interface PrivateIpDiff {
  change?: PrivateIpChange
  /** What cannot be done now, one sentence each. */
  blocked: string[]
}

/** The gateway's secondary private addresses: not its primary, and with no Elastic IP. */
export function secondaryPrivateAddresses(gateway: NatGateway): NatGatewayAddress[] {
  const primary = primaryAddress(gateway)
  return (gateway.NatGatewayAddresses ?? []).filter(a => a !== primary && !a.AllocationId)
}

const ipv4Value = (ip: string): number =>
  ip.split('.').reduce((value, octet) => value * 256 + Number(octet), 0)

/**
 * The addresses a decrease unassigns: the highest ones. EC2 says nothing of the order in which
 * it lists a gateway's addresses, nor when each was assigned, so "the most recently added" cannot
 * be known; by value, the same world always gives the same choice (a dry run's plan-json and the
 * run that applies it agree), and users can tell in advance which addresses stay: the lowest.
 */
function highest(addresses: NatGatewayAddress[], count: number): string[] {
  return addresses
    .flatMap(a => (a.PrivateIp ? [a.PrivateIp] : []))
    .sort((a, b) => ipv4Value(b) - ipv4Value(a))
    .slice(0, count)
}

/** How the gateway's secondary private IPs change for the inputs; nothing for a public gateway. */
export function diffPrivateIps(spec: GatewaySpec, gateway: NatGateway): PrivateIpDiff {
  if (spec.mode !== 'zonal' || spec.connectivity !== 'private') return { blocked: [] }
  const secondary = secondaryPrivateAddresses(gateway)
  const held = secondary.filter(isHeld)
  const to = spec.secondaryPrivateIpCount
  const from = held.length
  if (from === to) return { blocked: [] }
  // UnassignPrivateNatGatewayAddress: "While unassigning is in progress, you cannot
  // assign/unassign additional IP addresses while the connections are being drained."
  const leaving = secondary.filter(isLeaving).length
  if (leaving > 0) {
    return {
      blocked: [
        `${leaving} of its secondary private IPs are still being unassigned (connections draining), and EC2 takes no other change until that ends; rerun once it has finished`
      ]
    }
  }
  if (to > from) return { change: { from, to, assign: to - from, unassign: [] }, blocked: [] }
  const assigning = held.filter(a => a.Status === 'assigning').length
  if (assigning > 0) {
    return {
      blocked: [
        `${assigning} of its secondary private IPs are still being assigned and cannot be chosen for removal yet; rerun once they have settled`
      ]
    }
  }
  return { change: { from, to, assign: 0, unassign: highest(held, from - to) }, blocked: [] }
}
