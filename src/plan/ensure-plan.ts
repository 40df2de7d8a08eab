/**
 * (Config, World) → Plan, or the problems that stop the run. Pure: everything that can be known
 * before a write is decided here, and every problem is reported at once.
 */
import type { Config } from '../model/config.js'
import { ipv6Intents } from '../model/ipv6.js'
import type { Ipv6RoutePlan, Plan, PlanResult, RoutePlan } from '../model/plan.js'
import type { Problem } from '../model/problems.js'
import type { World } from '../model/world.js'
import { checkZoneCoverage } from './addresses.js'
import { planGatewayEndpoints } from './gateway-endpoints.js'
import { planGateway } from './gateway.js'
import { planIpv6 } from './ipv6.js'
import { destinationIntent, planTableRoutes } from './route-tables.js'
import { selectRouteTables } from './route-selection.js'

export function makePlan(config: Config, world: World): PlanResult<Plan> {
  const problems: Problem[] = []
  const gateway = planGateway(config, world, problems)
  const natGatewayId = gateway.action === 'adopt' ? gateway.natGateway.NatGatewayId : undefined
  const selection = selectRouteTables(config, world.core)
  // A zone of a gateway per zone may have no table of its own; its tables are listed for it.
  if (config.routeTableIds === 'auto' && selection.routeTableIds.length === 0) {
    problems.push({
      subject: 'route-table-ids',
      message: `auto found no private route table in ${config.vpcId}: ${selection.skipped.map(s => `${s.routeTableId} is ${s.reason}`).join('; ') || 'it has none'}.`,
      fix: 'List the route tables to route.'
    })
  }
  const extra = ipv6Intents(config)
  const routes: RoutePlan[] = []
  const ipv6Routes: Ipv6RoutePlan[] = []
  for (const id of selection.routeTableIds) {
    // Per table, one NAT gateway decides both its destination route and its NAT64 route.
    const planned = planTableRoutes(
      config,
      world,
      id,
      [destinationIntent(config), ...extra],
      natGatewayId,
      problems
    )
    if (!planned) continue
    const [route, ...others] = planned
    if (route) routes.push(route)
    others.forEach((plan, i) => {
      const intent = extra[i]
      if (intent) {
        ipv6Routes.push({
          ...plan,
          destinationCidr: intent.destination.cidr,
          target: intent.target
        })
      }
    })
  }
  const ipv6 =
    extra.length > 0
      ? planIpv6(config, world, selection.routeTableIds, ipv6Routes, problems)
      : undefined
  // Regional manual: read whenever the run writes, so no write happens with a routed zone unserved.
  if (world.surroundings) checkZoneCoverage(config, world.core, world.surroundings, problems)
  if (problems.length > 0) return { problems }
  const plan: Plan = {
    gateway,
    routes,
    skippedRouteTables: selection.skipped,
    gatewayEndpoints: planGatewayEndpoints(
      config,
      world.core.gatewayEndpoints,
      selection.routeTableIds
    )
  }
  if (ipv6) plan.ipv6 = ipv6
  if (config.waitForZoneAddresses) {
    plan.routedTables = world.core.routeTables.filter(table =>
      selection.routeTableIds.includes(table.RouteTableId)
    )
  }
  return { plan, problems: [] }
}
