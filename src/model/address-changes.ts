/**
 * In-place address changes of an existing gateway (manual mode): which Elastic IPs to associate,
 * per zone for a regional gateway, and which to disassociate. Pure; the plan turns what cannot be
 * done in place into problems. docs/elastic-ips.md says what EC2 allows.
 */
import type { GatewaySpec } from './gateway-spec.js'
import type { NatGateway, NatGatewayAddress } from './resources.js'

/** Elastic IPs to associate in one AssociateNatGatewayAddress call. */
export interface AddressAddition {
  /** Regional: the zone as the inputs name it (zone name or zone ID); zonal: none. */
  zone?: string
  allocationIds: string[]
}

/** An address to disassociate (DisassociateNatGatewayAddress takes its association ID). */
export interface AddressRemoval {
  allocationId: string
  associationId: string
  publicIp?: string
  zone?: string
}

export interface AddressDiff {
  add: AddressAddition[]
  remove: AddressRemoval[]
  /**
   * Addresses the gateway is still disassociating that the inputs do not want: a run that
   * disassociated them may have stopped before it released those the action allocated.
   */
  draining: string[]
  /** What cannot be done in place, one sentence each. */
  blocked: string[]
}

/** Statuses of an address that is, or is becoming, part of the gateway. */
const HELD = ['associating', 'assigning', 'succeeded']
/** Statuses of an address on its way out. */
const LEAVING = ['disassociating', 'unassigning']

/** Held by the gateway; an address without a Status (moto sends none) counts as held. */
export function isHeld(address: NatGatewayAddress): boolean {
  return address.Status === undefined || HELD.includes(address.Status)
}

export function isLeaving(address: NatGatewayAddress): boolean {
  return LEAVING.includes(address.Status ?? '')
}

/** The zonal gateway's primary address: marked so, or the first one (moto marks none). */
export function primaryAddress(gateway: NatGateway): NatGatewayAddress | undefined {
  const addresses = gateway.NatGatewayAddresses ?? []
  return addresses.find(a => a.IsPrimary === true) ?? addresses[0]
}

export function inZone(address: NatGatewayAddress, zone: string): boolean {
  return address.AvailabilityZone === zone || address.AvailabilityZoneId === zone
}

function removal(address: NatGatewayAddress, blocked: string[]): AddressRemoval[] {
  const allocationId = address.AllocationId ?? ''
  if (!address.AssociationId) {
    blocked.push(
      `${allocationId} is still ${address.Status ?? 'associating'} and cannot be removed yet; rerun once it has settled`
    )
    return []
  }
  return [
    {
      allocationId,
      associationId: address.AssociationId,
      ...(address.PublicIp && { publicIp: address.PublicIp }),
      ...(address.AvailabilityZone && { zone: address.AvailabilityZone })
    }
  ]
}

function checkNotLeaving(gateway: NatGateway, ids: string[], blocked: string[]): void {
  for (const address of gateway.NatGatewayAddresses ?? []) {
    if (address.AllocationId && ids.includes(address.AllocationId) && isLeaving(address)) {
      blocked.push(
        `${address.AllocationId} is still being disassociated from it (connections draining); rerun once that has finished`
      )
    }
  }
}

/** The allocation IDs of the gateway's addresses on their way out that `unwanted` picks. */
function leavingIds(gateway: NatGateway, unwanted: (a: NatGatewayAddress) => boolean): string[] {
  return (gateway.NatGatewayAddresses ?? [])
    .filter(a => a.AllocationId && isLeaving(a) && unwanted(a))
    .map(a => a.AllocationId ?? '')
}

function zonalDiff(gateway: NatGateway, wanted: string[]): AddressDiff {
  const blocked: string[] = []
  const [primary, ...secondary] = wanted
  const current = primaryAddress(gateway)
  if (current?.AllocationId && primary !== current.AllocationId) {
    blocked.push(
      `its primary Elastic IP is ${current.AllocationId}, the inputs ask for ${primary}; EC2 cannot change a zonal gateway's primary address in place`
    )
  }
  const held = (gateway.NatGatewayAddresses ?? []).filter(a => a !== current && isHeld(a))
  const heldIds = new Set(held.map(a => a.AllocationId))
  const missing = secondary.filter(id => !heldIds.has(id))
  checkNotLeaving(gateway, missing, blocked)
  const remove = held
    .filter(a => a.AllocationId && !wanted.includes(a.AllocationId))
    .flatMap(a => removal(a, blocked))
  const draining = leavingIds(gateway, a => !wanted.includes(a.AllocationId ?? ''))
  const add = missing.length > 0 ? [{ allocationIds: missing }] : []
  return { add, remove, draining, blocked }
}

function regionalDiff(
  gateway: NatGateway,
  zones: { zone: string; allocationIds: string[] }[]
): AddressDiff {
  const blocked: string[] = []
  const held = (gateway.NatGatewayAddresses ?? []).filter(isHeld)
  const add: AddressAddition[] = []
  for (const { zone, allocationIds } of zones) {
    const missing = allocationIds.filter(
      id => !held.some(a => a.AllocationId === id && inZone(a, zone))
    )
    for (const id of missing) {
      const elsewhere = held.find(a => a.AllocationId === id)
      if (elsewhere) {
        blocked.push(
          `${id} serves ${elsewhere.AvailabilityZone ?? elsewhere.AvailabilityZoneId}, the inputs give it to ${zone}; an address moves between zones in two runs: remove it, then add it to the other zone`
        )
      }
    }
    checkNotLeaving(gateway, missing, blocked)
    if (missing.length > 0) add.push({ zone, allocationIds: missing })
  }
  const wantedIn = (a: NatGatewayAddress) =>
    zones.some(z => inZone(a, z.zone) && z.allocationIds.includes(a.AllocationId ?? ''))
  const remove = held.filter(a => a.AllocationId && !wantedIn(a)).flatMap(a => removal(a, blocked))
  return { add, remove, draining: leavingIds(gateway, a => !wantedIn(a)), blocked }
}

/** What changes in place for the inputs' manual Elastic IPs; nothing in automatic mode. */
export function diffAddresses(spec: GatewaySpec, gateway: NatGateway): AddressDiff {
  const { elasticIps } = spec
  if (elasticIps.allocation !== 'manual') return { add: [], remove: [], draining: [], blocked: [] }
  return 'zones' in elasticIps
    ? regionalDiff(gateway, elasticIps.zones)
    : zonalDiff(gateway, elasticIps.allocationIds)
}

export function hasAddressChanges(diff: AddressDiff): boolean {
  return diff.add.length > 0 || diff.remove.length > 0
}
