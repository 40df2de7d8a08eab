/**
 * What a reviewer approves besides the writes: what the gateways cost by the hour before and
 * after the run, and which public IPs the allowlists gain and lose. Derived from the plan (and,
 * once the run is done, from what it made); never part of what expected-plan compares.
 */
import { usableAddresses } from './addresses.js'
import type { IpsAfter } from './allowlist.js'
import { type BilledGateway, billedGateway } from './cost.js'
import type { NatGateway } from './resources.js'

export interface Review {
  before: BilledGateway[]
  after: BilledGateway[]
  ipsBefore: string[]
  ipsAfter: IpsAfter
  /** Regional automatic: AWS may add addresses after the run. */
  mayGrow: boolean
  /**
   * Teardown: the Elastic IPs of the deleted gateways that stay allocated (the user's), which
   * AWS keeps billing by the hour until they are released.
   */
  retainedAllocationIds?: string[]
}

export function publicIps(gateway: NatGateway): string[] {
  return usableAddresses(gateway).flatMap(a => (a.PublicIp ? [a.PublicIp] : []))
}

/**
 * After a run: the gateway as it now is. A regional gateway that serves no zone yet keeps the
 * zones the plan counted, where AWS is expanding it.
 */
export function reviewOutcome(planned: Review, natGateway: NatGateway): Review {
  const plannedZones = planned.after.find(g => g.availabilityMode === 'regional')?.zones
  return {
    ...planned,
    after: [billedGateway(natGateway, { mayGrow: planned.mayGrow, plannedZones })],
    ipsAfter: { known: publicIps(natGateway), pending: [] }
  }
}
