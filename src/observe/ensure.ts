/**
 * The read-only EC2 calls of `state: present`, in two rings (docs/design.md). The core ring (our
 * gateways, the named route tables) is two calls and is enough to show that nothing needs to
 * change. The surroundings ring validates the writes of a create, and is read only then.
 */
import type { EC2Client } from '@aws-sdk/client-ec2'
import type { Config } from '../config/config.js'
import type { RunContext } from '../context.js'
import { describeAddresses, findReusableAddresses } from '../ec2/addresses.js'
import { findManagedNatGateways } from '../ec2/nat-gateways.js'
import {
  describeAttachedInternetGateways,
  describeAvailabilityZones,
  describeSubnets,
  describeVpc
} from '../ec2/network.js'
import {
  describeRouteTables,
  describeVpcRouteTables,
  findSubnetRouteTable
} from '../ec2/route-tables.js'
import { describeGatewayEndpoints } from '../ec2/vpc-endpoints.js'
import { manualAllocationIds } from '../model/addresses.js'
import { isLive, LIVE_STATES, RETIRED_STATES } from '../model/gateway-states.js'
import { gatewaysNamed } from '../model/identity.js'
import type { RouteTable, VpcEndpoint } from '../model/resources.js'
import type { CoreWorld, Surroundings, World } from '../model/world.js'

/** The route tables a run looks at: the listed ones, or with `auto` all of the VPC's. */
export function observeRouteTables(ec2: EC2Client, config: Config): Promise<RouteTable[]> {
  return config.routeTableIds === 'auto'
    ? describeVpcRouteTables(ec2, config.vpcId)
    : describeRouteTables(ec2, config.routeTableIds)
}

/** With gateway-endpoints: the VPC's endpoints of those services, in one call. */
export function observeGatewayEndpoints(ec2: EC2Client, config: Config): Promise<VpcEndpoint[]> {
  return config.gatewayEndpoints.length > 0
    ? describeGatewayEndpoints(ec2, config.vpcId, config.region, config.gatewayEndpoints)
    : Promise.resolve([])
}

export async function observeCore(ec2: EC2Client, config: Config): Promise<CoreWorld> {
  const [gateways, routeTables, gatewayEndpoints] = await Promise.all([
    // One call for both: the retired ones tell a create which ClientToken is spent.
    findManagedNatGateways(ec2, config.vpcId, [...LIVE_STATES, ...RETIRED_STATES]),
    observeRouteTables(ec2, config),
    observeGatewayEndpoints(ec2, config)
  ])
  return {
    managedGateways: gateways.filter(gateway => isLive(gateway.State)),
    retiredGateways: gateways.filter(gateway => !isLive(gateway.State)),
    routeTables,
    gatewayEndpoints
  }
}

const none = async <T>(): Promise<T[]> => []

export async function observeSurroundings(ec2: EC2Client, config: Config): Promise<Surroundings> {
  const { gateway } = config
  const subnetId = gateway.mode === 'zonal' ? gateway.subnetId : undefined
  const [vpc, internetGateways, subnet, subnetRouteTable, addresses, zones, reusableAddresses] =
    await Promise.all([
      describeVpc(ec2, config.vpcId),
      gateway.connectivity === 'public'
        ? describeAttachedInternetGateways(ec2, config.vpcId)
        : none<never>(),
      subnetId ? describeSubnets(ec2, [subnetId]).then(([subnet]) => subnet) : undefined,
      subnetId ? findSubnetRouteTable(ec2, config.vpcId, subnetId) : undefined,
      describeAddresses(ec2, manualAllocationIds(gateway)),
      gateway.mode === 'regional' && gateway.elasticIps.allocation === 'manual'
        ? describeAvailabilityZones(ec2)
        : none<never>(),
      gateway.mode === 'zonal' && gateway.elasticIps.allocation === 'automatic'
        ? findReusableAddresses(ec2, config.name)
        : none<never>()
    ])
  return { vpc, internetGateways, subnet, subnetRouteTable, addresses, zones, reusableAddresses }
}

/** Everything `state: present` plans from: the surroundings only when a gateway must be made. */
export async function observe({ ec2, config }: RunContext): Promise<World> {
  const core = await observeCore(ec2, config)
  if (gatewaysNamed(core.managedGateways, config.name).length > 0) return { core }
  return { core, surroundings: await observeSurroundings(ec2, config) }
}
