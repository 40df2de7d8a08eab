/**
 * What a run observed, before it plans. Reads come in two rings (docs/design.md): the core ring is
 * enough to show that nothing needs to change; the surroundings validate the writes of a create
 * and are read only then.
 */
import type {
  Address,
  AvailabilityZone,
  EgressOnlyInternetGateway,
  InternetGateway,
  NatGateway,
  RouteTable,
  Subnet,
  Vpc,
  VpcEndpoint
} from './resources.js'

export interface CoreWorld {
  /** Our gateways in the VPC, `pending` or `available`, whatever their name. */
  managedGateways: NatGateway[]
  /** Our gateways in the VPC that failed or were deleted (EC2 lists them for about an hour). */
  retiredGateways: NatGateway[]
  /** Those of the named route tables that exist; with `auto`, all the VPC's. */
  routeTables: RouteTable[]
  /** With gateway-endpoints: the VPC's gateway endpoints of those services. */
  gatewayEndpoints: VpcEndpoint[]
  /**
   * Zonal: the table that routes the gateway's own subnet, when it is among `routeTables` (read
   * on every run: a route there to the gateway would cut it off, or loop through it).
   */
  hostSubnetRouteTableId?: string
  /**
   * With a gateway per zone, in one zone's view: this action's gateways of the same name in the
   * other zones (or in a subnet no longer listed). A route to one of them moves to this zone's
   * gateway without route-conflict: it is the action's own route, in the wrong zone.
   */
  siblingGatewayIds?: string[]
}

/** For a change of an existing gateway only what its checks use is read; the rest stays empty. */
export interface Surroundings {
  vpc: Vpc | undefined
  /** Internet gateways attached to the VPC; read for public gateways only. */
  internetGateways: InternetGateway[]
  /** Zonal only: the subnet and the route table that routes it. */
  subnet: Subnet | undefined
  subnetRouteTable: RouteTable | undefined
  /** The Elastic IPs named in eip-allocation-ids, and those an address change removes, that exist. */
  addresses: Address[]
  /** Manual Elastic IPs only: the Region's zones, to check zone names, IDs and border groups. */
  zones: AvailabilityZone[]
  /**
   * Regional manual, and a regional create: the VPC's subnets and route tables, to see which zones
   * are routed.
   */
  vpcSubnets: Subnet[]
  vpcRouteTables: RouteTable[]
  /** Zonal automatic only: addresses allocated for this gateway by a run that stopped early. */
  reusableAddresses: Address[]
}

/**
 * nat64, ipv6-egress: read with the surroundings, when the run writes, so that a VPC without IPv6
 * is refused before any write.
 */
export interface Ipv6Surroundings {
  vpc: Vpc | undefined
  /** Egress-only internet gateways attached to the VPC, whoever made them. */
  egressOnlyGateways: EgressOnlyInternetGateway[]
  /** nat64: the subnets explicitly associated with the routed tables, for their DNS64. */
  routedSubnets: Subnet[]
}

export interface World {
  core: CoreWorld
  /**
   * Present when the run will write: the gateway has to be created, its addresses change, or
   * (regional manual) routes are to be written, which needs the zones of the routed subnets.
   */
  surroundings?: Surroundings
  /** With nat64 or ipv6-egress, when the run writes anything. */
  ipv6?: Ipv6Surroundings
}

export interface TeardownWorld {
  /** Our gateways in the VPC that are not yet deleted (`deleting` ones included). */
  managedGateways: NatGateway[]
  /** Those of the named route tables that exist; with `auto`, all the VPC's. */
  routeTables: RouteTable[]
  /** With gateway-endpoints: the VPC's gateway endpoints of those services. */
  gatewayEndpoints: VpcEndpoint[]
  /** Addresses the action allocated for this gateway. */
  addresses: Address[]
  /** ipv6-egress: the egress-only internet gateway this action made for the gateway, if any. */
  ownEgressOnlyGateway?: EgressOnlyInternetGateway
  /** ipv6-egress with one of ours: every table of the VPC, to see whether anyone else uses it. */
  vpcRouteTables?: RouteTable[]
  /** Set when none of our gateways was found and the VPC itself does not exist. */
  vpcMissing?: boolean
}

/**
 * What the post step of teardown-at-job-end observed: the resources its job record names, and,
 * for a create that was in flight when the record was last saved, what this run made (found by
 * its run tag, in the VPC, with the gateway's name).
 */
export interface JobEndWorld {
  /** In any state EC2 still lists. */
  natGateways: NatGateway[]
  /** The tables of the recorded routes that exist. */
  routeTables: RouteTable[]
  addresses: Address[]
  /** Live ones only. */
  gatewayEndpoints: VpcEndpoint[]
}

/** One zone of `subnet-ids`, as observed: its subnet, its zone, and what its own plan reads. */
export interface ZoneWorld {
  subnetId: string
  zone: string
  zoneId: string
  /** Present when this zone's gateway will be created or its addresses change. */
  surroundings?: Surroundings
}

/**
 * What a run with a gateway per zone plans from. Beyond the core ring, the zones of the listed
 * subnets and of the subnets the tables serve are always read: nothing else tells a table's zone.
 */
export interface PerZoneWorld {
  core: CoreWorld
  /** The subnets of subnet-ids, and those the routed tables serve, that exist. */
  subnets: Subnet[]
  /** With the VPC's main table among the routed ones: every subnet and table of the VPC. */
  vpcSubnets?: Subnet[]
  vpcRouteTables?: RouteTable[]
  /** Only when the run has to plan: per subnet of subnet-ids found, its zone and surroundings. */
  zones: ZoneWorld[]
  /** Gateways of this name in a subnet no longer listed: every VPC table and our addresses. */
  retiring?: { routeTables: RouteTable[]; addresses: Address[] }
}
