/**
 * What NAT gateways cost by the hour, as AWS bills it (docs/pricing.md): NAT gateway-hours (a
 * zonal gateway one, a regional gateway one per zone it is in) and public IPv4 address-hours (one
 * per public address a gateway holds; a private gateway holds none). Data processing is billed
 * per GB and depends on traffic: it is named, not estimated. Pure; a run with several gateways
 * passes one entry each.
 */
import { servedZones, usableAddresses } from './addresses.js'
import { HOURS_PER_MONTH, pricesFor, type RegionPrices } from './prices.js'
import type { NatGateway } from './resources.js'

/** One gateway, as the bill sees it. */
export interface BilledGateway {
  /** None before it is created. */
  natGatewayId?: string
  availabilityMode: 'regional' | 'zonal'
  connectivity: 'public' | 'private'
  /** Regional: the zones it is in, a gateway-hour each. Zonal: its zone when known (billed once). */
  zones: string[]
  /** Public IPv4 addresses it holds, or (before creation) will hold, as far as is known. */
  publicAddresses: number
  /**
   * Regional automatic: AWS adds zones and addresses by itself, so the counts are a floor (and
   * before creation its addresses are not known at all).
   */
  mayGrow: boolean
}

/** Per hour, summed over the gateways. */
export interface CostUnits {
  natGatewayHours: number
  publicIpv4AddressHours: number
  /** Some gateway may grow: the figures are a floor. */
  atLeast: boolean
}

export interface CostEstimate {
  region: string
  gateways: BilledGateway[]
  units: CostUnits
  /** Undefined when the Region is not in the price table. */
  prices?: RegionPrices
  /** USD for HOURS_PER_MONTH hours, two decimals; undefined when the Region has no price. */
  monthlyUsd?: string
}

/**
 * A regional gateway is billed a gateway-hour per zone it is in; one that is in no zone yet (an
 * automatic gateway before its first address, with no routed subnet known) counts as one.
 */
export function natGatewayHours(gateway: BilledGateway): number {
  return gateway.availabilityMode === 'regional' ? Math.max(1, gateway.zones.length) : 1
}

export function publicIpv4AddressHours(gateway: BilledGateway): number {
  return gateway.connectivity === 'private' ? 0 : gateway.publicAddresses
}

export function costUnits(gateways: BilledGateway[]): CostUnits {
  return {
    natGatewayHours: gateways.reduce((sum, g) => sum + natGatewayHours(g), 0),
    publicIpv4AddressHours: gateways.reduce((sum, g) => sum + publicIpv4AddressHours(g), 0),
    atLeast: gateways.some(g => g.mayGrow)
  }
}

/** USD a month for these units at these prices, rounded to cents. */
export function monthlyUsd(units: CostUnits, prices: RegionPrices): string {
  const hourly =
    units.natGatewayHours * prices.natGatewayHour +
    units.publicIpv4AddressHours * prices.publicIpv4AddressHour
  // Rounded in cents: 0.045 + 0.005 is not exactly 0.05 in binary.
  return (Math.round(hourly * HOURS_PER_MONTH * 100) / 100).toFixed(2)
}

export function estimateCost(region: string, gateways: BilledGateway[]): CostEstimate {
  const units = costUnits(gateways)
  const prices = pricesFor(region)
  return {
    region,
    gateways,
    units,
    ...(prices && { prices, monthlyUsd: monthlyUsd(units, prices) })
  }
}

/**
 * A gateway as observed: its mode, connectivity and the public addresses in use. A regional
 * gateway's zones are those it serves now, or `plannedZones` while it serves none yet; `mayGrow`
 * says whether AWS manages its zones (regional automatic, as the inputs say).
 */
export function billedGateway(
  gateway: NatGateway,
  { mayGrow, plannedZones = [] }: { mayGrow: boolean; plannedZones?: string[] }
): BilledGateway {
  const mode = gateway.AvailabilityMode === 'regional' ? 'regional' : 'zonal'
  const served = servedZones(gateway)
  return {
    natGatewayId: gateway.NatGatewayId,
    availabilityMode: mode,
    connectivity: gateway.ConnectivityType === 'private' ? 'private' : 'public',
    zones: mode === 'regional' && served.length === 0 ? plannedZones : served,
    publicAddresses: usableAddresses(gateway).filter(a => a.PublicIp).length,
    mayGrow: mode === 'regional' && mayGrow
  }
}
