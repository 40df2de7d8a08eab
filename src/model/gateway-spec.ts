/** The gateway a run asks for: its availability mode, placement, connectivity and addresses. */

/** Elastic IPs for one zone of a regional gateway; `zone` is a zone name or a zone ID. */
export interface ZoneAddresses {
  zone: string
  allocationIds: string[]
}

export interface RegionalGateway {
  mode: 'regional'
  connectivity: 'public'
  /** `automatic`: AWS allocates and manages the addresses and the zones. */
  elasticIps: { allocation: 'automatic' } | { allocation: 'manual'; zones: ZoneAddresses[] }
}

export interface ZonalGateway {
  mode: 'zonal'
  subnetId: string
  connectivity: 'public' | 'private'
  /** `automatic`: the action allocates one address, tagged as ours. The first manual one is primary. */
  elasticIps:
    | { allocation: 'automatic' }
    | { allocation: 'manual'; allocationIds: string[] }
    | { allocation: 'none' }
  /**
   * Private connectivity only (0 on a public gateway): how many secondary private IPv4 addresses
   * the gateway holds besides its primary one, 0 to 31. Each adds source ports for its
   * connections; set at creation, changed in place (model/private-ips.ts).
   */
  secondaryPrivateIpCount: number
}

export type GatewaySpec = RegionalGateway | ZonalGateway

/**
 * `subnet-ids` with more than one subnet: a zonal gateway in each subnet, at most one subnet per
 * zone. The subnets' zones are known only once observed, so the per-zone ZonalGateway specs are
 * made by plan/ (plan/zones.ts); manual Elastic IPs come as zone lines, `zone` a name or an ID.
 */
export interface PerZoneGateways {
  subnetIds: string[]
  connectivity: ZonalGateway['connectivity']
  elasticIps:
    | { allocation: 'automatic' }
    | { allocation: 'manual'; zones: ZoneAddresses[] }
    | { allocation: 'none' }
  /** Each zone's private gateway takes this many secondary private IPs. */
  secondaryPrivateIpCount: number
}
