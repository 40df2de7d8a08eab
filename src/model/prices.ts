/**
 * The published hourly prices the cost estimate uses, per Region, in USD. docs/pricing.md cites
 * the source of each and the day it was read; a Region is listed only when its price was found
 * there. Nothing is fetched at run time: a Region not listed gets the units and no dollar figure.
 */
export interface RegionPrices {
  /** One NAT gateway-hour (a regional gateway is billed one per zone it is in). */
  natGatewayHour: number
  /** One public IPv4 address held for an hour (since February 2024, NAT gateways' included). */
  publicIpv4AddressHour: number
  /** Per GB the gateway processes: depends on traffic, so it is named, never estimated. */
  natGatewayPerGbProcessed: number
}

/** The hours AWS's own monthly examples use (365 × 24 / 12). */
export const HOURS_PER_MONTH = 730

/** AWS's public IPv4 charge, the same in every commercial Region (docs/pricing.md). */
const PUBLIC_IPV4_ADDRESS_HOUR = 0.005

export const PRICES: Readonly<Record<string, RegionPrices>> = {
  'us-east-1': {
    natGatewayHour: 0.045,
    publicIpv4AddressHour: PUBLIC_IPV4_ADDRESS_HOUR,
    natGatewayPerGbProcessed: 0.045
  },
  'us-east-2': {
    natGatewayHour: 0.045,
    publicIpv4AddressHour: PUBLIC_IPV4_ADDRESS_HOUR,
    natGatewayPerGbProcessed: 0.045
  }
}

export function pricesFor(region: string): RegionPrices | undefined {
  return Object.hasOwn(PRICES, region) ? PRICES[region] : undefined
}
