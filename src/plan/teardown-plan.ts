/**
 * `state: absent`, planned: the destination route is deleted only where it points to our gateway,
 * the gateway is deleted, and only the Elastic IPs the action itself allocated for it are
 * released; addresses the user supplied are never touched.
 */
import type { Config } from '../model/config.js'
import { ownEndpoint } from '../model/gateway-endpoints.js'
import { addressOwnership, gatewaysNamed } from '../model/identity.js'
import type { PlanResult, TeardownPlan } from '../model/plan.js'
import type { Problem } from '../model/problems.js'
import type { Address } from '../model/resources.js'
import { findRoute } from '../model/routes.js'
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
  const routes = world.routeTables.flatMap(table => {
    const natGatewayId = findRoute(table, config.destination)?.NatGatewayId
    return natGatewayId && ids.has(natGatewayId) && table.VpcId === config.vpcId
      ? [{ routeTableId: table.RouteTableId, natGatewayId }]
      : []
  })
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
    plan: { natGateways, routes, releaseAllocationIds, gatewayEndpoints },
    problems: []
  }
}
