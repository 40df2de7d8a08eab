/**
 * What a run observed, before it plans. Reads come in two rings (docs/design.md): the core ring is
 * enough to show that nothing needs to change; the surroundings validate the writes of a create
 * and are read only then.
 */
import type {
  Address,
  AvailabilityZone,
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
}

export interface Surroundings {
  vpc: Vpc | undefined
  /** Internet gateways attached to the VPC; read for public gateways only. */
  internetGateways: InternetGateway[]
  /** Zonal only: the subnet and the route table that routes it. */
  subnet: Subnet | undefined
  subnetRouteTable: RouteTable | undefined
  /** The Elastic IPs named in eip-allocation-ids that exist. */
  addresses: Address[]
  /** Regional manual only: the Region's zones, to check zone names and IDs. */
  zones: AvailabilityZone[]
  /** Zonal automatic only: addresses allocated for this gateway by a run that stopped early. */
  reusableAddresses: Address[]
}

export interface World {
  core: CoreWorld
  /** Present when the gateway has to be created. */
  surroundings?: Surroundings
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
}
