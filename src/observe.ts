/**
 * The read-only EC2 calls, in two rings (DESIGN.md §1). The core ring (our gateways, the named
 * route tables) is two calls and is enough to show that nothing needs to change. The surroundings
 * ring validates the writes of a create, and is read only then.
 */
import type {
  Address,
  AvailabilityZone,
  EC2Client,
  InternetGateway,
  NatGateway,
  RouteTable,
  Subnet,
  Vpc,
  VpcEndpoint
} from '@aws-sdk/client-ec2'
import type { Config } from './config.js'
import { describeAddresses, findReusableAddresses } from './ec2/addresses.js'
import { findManagedNatGateways, LIVE_STATES, RETIRED_STATES } from './ec2/nat-gateways.js'
import { describeS3GatewayEndpoints } from './ec2/vpc-endpoints.js'
import {
  describeAttachedInternetGateways,
  describeAvailabilityZones,
  describeSubnets,
  describeVpc
} from './ec2/network.js'
import {
  describeRouteTables,
  describeVpcRouteTables,
  findSubnetRouteTable
} from './ec2/route-tables.js'

export interface CoreWorld {
  /** Our gateways in the VPC, `pending` or `available`, whatever their name. */
  managedGateways: NatGateway[]
  /** Our gateways in the VPC that failed or were deleted (EC2 lists them for about an hour). */
  retiredGateways: NatGateway[]
  /** Those of the named route tables that exist; with `auto`, all the VPC's. */
  routeTables: RouteTable[]
  /** With s3-gateway-endpoint: the VPC's S3 gateway endpoints. */
  s3Endpoints: VpcEndpoint[]
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

/** The route tables a run looks at: the listed ones, or with `auto` all of the VPC's. */
export function observeRouteTables(ec2: EC2Client, config: Config): Promise<RouteTable[]> {
  return config.routeTableIds === 'auto'
    ? describeVpcRouteTables(ec2, config.vpcId)
    : describeRouteTables(ec2, config.routeTableIds)
}

export function observeS3Endpoints(ec2: EC2Client, config: Config): Promise<VpcEndpoint[]> {
  return config.s3GatewayEndpoint
    ? describeS3GatewayEndpoints(ec2, config.vpcId, config.region)
    : Promise.resolve([])
}

export async function observeCore(ec2: EC2Client, config: Config): Promise<CoreWorld> {
  const [gateways, routeTables, s3Endpoints] = await Promise.all([
    // One call for both: the retired ones tell a create which ClientToken is spent.
    findManagedNatGateways(ec2, config.vpcId, [...LIVE_STATES, ...RETIRED_STATES]),
    observeRouteTables(ec2, config),
    observeS3Endpoints(ec2, config)
  ])
  const live = (gateway: NatGateway) => LIVE_STATES.includes(gateway.State ?? '')
  return {
    managedGateways: gateways.filter(live),
    retiredGateways: gateways.filter(gateway => !live(gateway)),
    routeTables,
    s3Endpoints
  }
}

function manualAllocationIds(config: Config): string[] {
  const { elasticIps } = config.gateway
  if (elasticIps.allocation !== 'manual') return []
  return 'zones' in elasticIps
    ? elasticIps.zones.flatMap(zone => zone.allocationIds)
    : elasticIps.allocationIds
}

const none = async <T>(): Promise<T[]> => []

export async function observeSurroundings(ec2: EC2Client, config: Config): Promise<Surroundings> {
  const { gateway } = config
  const subnetId = gateway.mode === 'zonal' ? gateway.subnetId : undefined
  const manualIds = manualAllocationIds(config)
  const [vpc, internetGateways, subnet, subnetRouteTable, addresses, zones, reusableAddresses] =
    await Promise.all([
      describeVpc(ec2, config.vpcId),
      gateway.connectivity === 'public'
        ? describeAttachedInternetGateways(ec2, config.vpcId)
        : none<InternetGateway>(),
      subnetId ? describeSubnets(ec2, [subnetId]).then(([subnet]) => subnet) : undefined,
      subnetId ? findSubnetRouteTable(ec2, config.vpcId, subnetId) : undefined,
      describeAddresses(ec2, manualIds),
      gateway.mode === 'regional' && gateway.elasticIps.allocation === 'manual'
        ? describeAvailabilityZones(ec2)
        : none<AvailabilityZone>(),
      gateway.mode === 'zonal' && gateway.elasticIps.allocation === 'automatic'
        ? findReusableAddresses(ec2, config.name)
        : none<Address>()
    ])
  return { vpc, internetGateways, subnet, subnetRouteTable, addresses, zones, reusableAddresses }
}
