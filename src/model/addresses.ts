/** A gateway's Elastic IPs: those the inputs name, and those in use as the outputs show them. */
import type { GatewaySpec } from '../config/config.js'
import type { NatGateway, NatGatewayAddress } from './resources.js'

/** The allocation IDs the inputs name (manual mode), all zones together; none otherwise. */
export function manualAllocationIds(spec: GatewaySpec): string[] {
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

/** One address for allowlists and inventories. */
export interface AddressRecord {
  zone: string | null
  zoneId: string | null
  allocationId: string | null
  publicIp: string | null
  privateIp: string | null
  primary: boolean
}

export function addressRecords(gateway: NatGateway): AddressRecord[] {
  return usableAddresses(gateway).map((a, index) => ({
    zone: a.AvailabilityZone ?? null,
    zoneId: a.AvailabilityZoneId ?? null,
    allocationId: a.AllocationId ?? null,
    publicIp: a.PublicIp ?? null,
    privateIp: a.PrivateIp ?? null,
    primary: a.IsPrimary ?? index === 0
  }))
}
