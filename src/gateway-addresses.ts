/** The gateway's addresses as the outputs, summary and diagram show them. */
import type { NatGatewayAddress } from '@aws-sdk/client-ec2'
import type { Outcome } from './apply.js'

/**
 * The addresses that carry traffic, primary first. AWS marks each with `Status`; an address without
 * one (moto sends none) is taken as usable, and without `IsPrimary` the first one is the primary.
 */
export function usableAddresses(outcome: Outcome): NatGatewayAddress[] {
  const addresses = (outcome.natGateway.NatGatewayAddresses ?? []).filter(
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

export function addressRecords(outcome: Outcome): AddressRecord[] {
  return usableAddresses(outcome).map((a, index) => ({
    zone: a.AvailabilityZone ?? null,
    zoneId: a.AvailabilityZoneId ?? null,
    allocationId: a.AllocationId ?? null,
    publicIp: a.PublicIp ?? null,
    privateIp: a.PrivateIp ?? null,
    primary: a.IsPrimary ?? index === 0
  }))
}
