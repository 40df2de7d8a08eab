/**
 * (Config, World) → Plan, or the problems that stop the run. Pure: everything that can be known
 * before a write is decided here, and every problem is reported at once.
 */
import type { Config } from '../model/config.js'
import type { Plan, PlanResult } from '../model/plan.js'
import type { Problem } from '../model/problems.js'
import type { World } from '../model/world.js'
import { checkZoneCoverage } from './addresses.js'
import { planGatewayEndpoints } from './gateway-endpoints.js'
import { planGateway } from './gateway.js'
import { planRoute } from './route-tables.js'
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
  const routes = selection.routeTableIds.flatMap(id => {
    const route = planRoute(config, world, id, natGatewayId, problems)
    return route ? [route] : []
  })
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
  if (config.waitForZoneAddresses) {
    plan.routedTables = world.core.routeTables.filter(table =>
      selection.routeTableIds.includes(table.RouteTableId)
    )
  }
  return { plan, problems: [] }
}
