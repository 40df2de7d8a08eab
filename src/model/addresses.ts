/** A gateway's Elastic IPs: those the inputs name, and those in use as the outputs show them. */
import type { GatewaySpec } from './gateway-spec.js'
import type { NatGateway, NatGatewayAddress } from './resources.js'

/** The allocation IDs the inputs name (manual mode), all zones together; none otherwise. */
export function manualAllocationIds(spec: Pick<GatewaySpec, 'elasticIps'>): string[] {
  const { elasticIps } = spec
  if (elasticIps.allocation !== 'manual') return []
  return 'zones' in elasticIps
    ? elasticIps.zones.flatMap(zone => zone.allocationIds)
    : elasticIps.allocationIds
}

/** The allocation IDs a gateway uses now. */
export function gatewayAllocationIds(gateway: NatGateway): Set<string> {
  return new Set(
    (gateway.NatGatewayAddresses ?? []).flatMap(address =>
      address.AllocationId ? [address.AllocationId] : []
    )
  )
}

/**
 * The addresses that carry traffic, primary first. AWS marks each with `Status`; an address without
 * one (moto sends none) is taken as usable, and without `IsPrimary` the first one is the primary.
 */
export function usableAddresses(gateway: NatGateway): NatGatewayAddress[] {
  const addresses = (gateway.NatGatewayAddresses ?? []).filter(
    address => address.Status === undefined || address.Status === 'succeeded'
  )
  return [...addresses].sort((a, b) => Number(b.IsPrimary === true) - Number(a.IsPrimary === true))
}

/** One address for allowlists and inventories, with EC2's status. */
export interface AddressRecord {
  zone: string | null
  zoneId: string | null
  allocationId: string | null
  associationId: string | null
  publicIp: string | null
  privateIp: string | null
  primary: boolean
  /** `succeeded` when in use; `associating`, `disassociating`, `failed`, …; null when EC2 sent none. */
  status: string | null
}

/** The addresses in use (primary first), then every other one the gateway lists. */
export function addressRecords(gateway: NatGateway): AddressRecord[] {
  const usable = usableAddresses(gateway)
  const others = (gateway.NatGatewayAddresses ?? []).filter(a => !usable.includes(a))
  return [...usable, ...others].map((a, index) => ({
    zone: a.AvailabilityZone ?? null,
    zoneId: a.AvailabilityZoneId ?? null,
    allocationId: a.AllocationId ?? null,
    associationId: a.AssociationId ?? null,
    publicIp: a.PublicIp ?? null,
    privateIp: a.PrivateIp ?? null,
    primary: a.IsPrimary ?? index === 0,
    status: a.Status ?? null
  }))
}

/** The addresses the gateway lists that carry no traffic: on their way in or out, or failed. */
export function addressesNotInUse(gateway: NatGateway): NatGatewayAddress[] {
  const usable = usableAddresses(gateway)
  return (gateway.NatGatewayAddresses ?? []).filter(a => !usable.includes(a))
}

/** The zones in which the gateway has a public IP in use (regional). */
export function servedZones(gateway: NatGateway): string[] {
  const zones = usableAddresses(gateway).flatMap(a =>
    a.AvailabilityZone ? [a.AvailabilityZone] : []
  )
  return [...new Set(zones)].sort()
}
