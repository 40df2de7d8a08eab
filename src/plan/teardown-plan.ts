/**
 * `state: absent`, planned: the destination route (and NAT64) is deleted only where it points to
 * our gateway, `::/0` only where it points to the egress-only gateway this action made, which is
 * deleted unless another route still uses it;
 * the gateway is deleted, and only the Elastic IPs the action itself allocated for it are
 * released; addresses the user supplied are never touched.
 */
import type { Config } from '../model/config.js'
import { ownEndpoint } from '../model/gateway-endpoints.js'
import { addressOwnership, gatewaysNamed } from '../model/identity.js'
import { IPV6_DEFAULT_DESTINATION, NAT64_DESTINATION } from '../model/ipv6.js'
import type { PlanResult, TeardownPlan } from '../model/plan.js'
import type { Problem } from '../model/problems.js'
import type { Address } from '../model/resources.js'
import { findRoute, targetOfKind } from '../model/routes.js'
import type { TeardownWorld } from '../model/world.js'
import { routeTableProblem } from './route-tables.js'

export function planTeardown(config: Config, world: TeardownWorld): PlanResult<TeardownPlan> {
  const natGateways = gatewaysNamed(world.managedGateways, config.name)
  const ids = new Set(natGateways.map(gateway => gateway.NatGatewayId))
  const listed = config.routeTableIds === 'auto' ? [] : config.routeTableIds
  if (world.vpcMissing) {
    return {
      problems: [
        {
          subject: 'vpc-id',
          message: `${config.vpcId} was not found in ${config.region}, so there is nothing there to tear down, and nothing was checked.`,
          fix: 'Check vpc-id and the Region (the region input, or AWS_REGION): a teardown names the VPC the gateway was made in.'
        }
      ]
    }
  }
  const problems = listed.flatMap((routeTableId): Problem[] => {
    const table = world.routeTables.find(t => t.RouteTableId === routeTableId)
    const problem = routeTableProblem(config, routeTableId, table, ', or say auto')
    return problem ? [problem] : []
  })
  if (problems.length > 0) return { problems }
  const ours = world.routeTables.filter(table => table.VpcId === config.vpcId)
  const routes = ours.flatMap(table => {
    const natGatewayId = findRoute(table, config.destination)?.NatGatewayId
    return natGatewayId && ids.has(natGatewayId)
      ? [{ routeTableId: table.RouteTableId, natGatewayId }]
      : []
  })
  const egressId = world.ownEgressOnlyGateway?.EgressOnlyInternetGatewayId
  // NAT64 to our gateway goes whatever nat64 says now: without the gateway it is a blackhole.
  const owned = [
    { destination: NAT64_DESTINATION, kind: 'nat-gateway', ids },
    {
      destination: IPV6_DEFAULT_DESTINATION,
      kind: 'egress-only-internet-gateway',
      ids: new Set(egressId ? [egressId] : [])
    }
  ] as const
  const ipv6Routes = ours.flatMap(table =>
    owned.flatMap(({ destination, kind, ids: targets }) => {
      const route = findRoute(table, destination)
      const targetId = route && targetOfKind(route, kind)
      return targetId && targets.has(targetId)
        ? [{ routeTableId: table.RouteTableId, destinationCidr: destination.cidr, targetId }]
        : []
    })
  )
  // Ours is deleted only when no route but those this teardown deletes goes to it.
  const usedElsewhere = (world.vpcRouteTables ?? []).some(table =>
    (table.Routes ?? []).some(
      route =>
        route.EgressOnlyInternetGatewayId === egressId &&
        !ipv6Routes.some(
          r =>
            r.routeTableId === table.RouteTableId &&
            r.destinationCidr === route.DestinationIpv6CidrBlock
        )
    )
  )
  // An address the user moved to something else since is left alone. Addresses belong to the
  // Region: only those of this VPC count, and one of an earlier version (no VPC tag) only when
  // it is on the gateway torn down.
  const ourInterfaces = new Set(
    natGateways.flatMap(g => (g.NatGatewayAddresses ?? []).map(a => a.NetworkInterfaceId))
  )
  const onOurGateway = (a: Address) =>
    a.NetworkInterfaceId !== undefined && ourInterfaces.has(a.NetworkInterfaceId)
  const releaseAllocationIds = world.addresses
    .filter(a => {
      const ownership = addressOwnership(a.Tags, config.name, config.vpcId)
      if (ownership === 'legacy') return onOurGateway(a)
      return ownership === 'this-vpc' && (!a.NetworkInterfaceId || onOurGateway(a))
    })
    .map(a => a.AllocationId)
  const gatewayEndpoints = config.gatewayEndpoints.flatMap(service => {
    const own = ownEndpoint(world.gatewayEndpoints, config.region, service, config.name)
    return own ? [{ service, vpcEndpointId: own.VpcEndpointId }] : []
  })
  return {
    plan: {
      natGateways,
      routes,
      ipv6Routes,
      releaseAllocationIds,
      gatewayEndpoints,
      ...(egressId && !usedElsewhere && { deleteEgressOnlyGatewayId: egressId })
    },
    problems: []
  }
}
