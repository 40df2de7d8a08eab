/**
 * nat64 and ipv6-egress, planned beside the routes: the VPC must carry IPv6, the egress-only
 * internet gateway is the VPC's own or a new one of ours, and routed subnets with DNS64 off are
 * named for a warning (the action never changes subnet attributes). Pure.
 */
import type { Config } from '../model/config.js'
import { IPV6_DEFAULT_DESTINATION, ipv6CidrBlocks, ownEgressOnlyGateway } from '../model/ipv6.js'
import type { EgressOnlyGatewayPlan, Ipv6Plan, Ipv6RoutePlan } from '../model/plan.js'
import type { Problem } from '../model/problems.js'
import { findRoute } from '../model/routes.js'
import type { World } from '../model/world.js'

/** The VPC of a run that writes IPv6 routes must have an IPv6 CIDR block. */
function checkVpcIpv6(config: Config, world: World, problems: Problem[]): void {
  const vpc = world.ipv6?.vpc
  // A VPC that was not found is reported with the gateway's checks.
  if (!vpc || ipv6CidrBlocks(vpc).length > 0) return
  const inputs = [
    config.nat64 && 'nat64: true',
    config.ipv6Egress !== 'none' && `ipv6-egress: ${config.ipv6Egress}`
  ]
    .filter(Boolean)
    .join(' and ')
  problems.push({
    subject: config.vpcId,
    message: `has no IPv6 CIDR block, so it carries no IPv6 traffic to route (${inputs}).`,
    fix:
      `Associate one (aws ec2 associate-vpc-cidr-block --vpc-id ${config.vpcId} --amazon-provided-ipv6-cidr-block) ` +
      'and give the private subnets IPv6 blocks, or set nat64: false and ipv6-egress: none.'
  })
}

/**
 * The egress-only internet gateway the `::/0` routes go to: ours, else the VPC's (used, never
 * deleted), else a new one. When the surroundings were not read, every `::/0` route is in place
 * already, and the gateway is the one they name.
 */
function planEgressOnlyGateway(
  config: Config,
  world: World,
  routeTableIds: string[]
): EgressOnlyGatewayPlan {
  const surroundings = world.ipv6
  if (surroundings) {
    const gateways = surroundings.egressOnlyGateways
    const chosen = ownEgressOnlyGateway(gateways, config.name) ?? gateways[0]
    return chosen
      ? { action: 'use', egressOnlyInternetGatewayId: chosen.EgressOnlyInternetGatewayId }
      : { action: 'create' }
  }
  const routed = world.core.routeTables
    .filter(table => routeTableIds.includes(table.RouteTableId))
    .flatMap(table => findRoute(table, IPV6_DEFAULT_DESTINATION)?.EgressOnlyInternetGatewayId ?? [])
  const [inUse] = routed
  return inUse ? { action: 'use', egressOnlyInternetGatewayId: inUse } : { action: 'create' }
}

/** nat64: the routed subnets whose DNS64 is off, when the surroundings were read. */
function dns64Off(config: Config, world: World): string[] {
  if (!config.nat64 || !world.ipv6) return []
  return world.ipv6.routedSubnets
    .filter(subnet => subnet.EnableDns64 !== true)
    .map(subnet => subnet.SubnetId)
    .sort()
}

/** The IPv6 part of the plan, given the IPv6 routes planned per table. */
export function planIpv6(
  config: Config,
  world: World,
  routeTableIds: string[],
  routes: Ipv6RoutePlan[],
  problems: Problem[]
): Ipv6Plan {
  checkVpcIpv6(config, world, problems)
  return {
    routes,
    ...(config.ipv6Egress !== 'none' && {
      egressOnlyGateway: planEgressOnlyGateway(config, world, routeTableIds)
    }),
    dns64OffSubnetIds: dns64Off(config, world)
  }
}
