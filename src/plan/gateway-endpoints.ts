/**
 * `gateway-endpoints`: the free gateway endpoint of each service on the routed tables. Tables
 * already served by any endpoint of the service are left as they are; the others are added to
 * the endpoint this action made, or to a new one. An endpoint without our tag is never modified;
 * none is ever shrunk.
 */
import type { Config } from '../model/config.js'
import { endpointsOf, ownEndpoint } from '../model/gateway-endpoints.js'
import type { GatewayEndpointPlan } from '../model/plan.js'
import type { VpcEndpoint } from '../model/resources.js'

export function planGatewayEndpoints(
  config: Config,
  endpoints: VpcEndpoint[],
  routeTableIds: string[]
): GatewayEndpointPlan[] {
  return config.gatewayEndpoints.map((service): GatewayEndpointPlan => {
    const existing = endpointsOf(endpoints, config.region, service)
    const covered = new Set(existing.flatMap(e => e.RouteTableIds ?? []))
    const missing = routeTableIds.filter(id => !covered.has(id)).sort()
    if (missing.length === 0) {
      return { service, action: 'keep', vpcEndpointIds: existing.map(e => e.VpcEndpointId).sort() }
    }
    const ours = ownEndpoint(endpoints, config.region, service, config.name)
    return ours
      ? { service, action: 'add', vpcEndpointId: ours.VpcEndpointId, routeTableIds: missing }
      : { service, action: 'create', routeTableIds: missing }
  })
}
