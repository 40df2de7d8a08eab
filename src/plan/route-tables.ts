/** The routes' part of the plan: for each table, keep, create or replace the destination route. */
import type { Config } from '../config/config.js'
import { tagValue } from '../model/identity.js'
import type { RoutePlan } from '../model/plan.js'
import type { Problem } from '../model/problems.js'
import type { RouteTable } from '../model/resources.js'
import { findRoute, routeTarget } from '../model/routes.js'
import type { CoreWorld, World } from '../model/world.js'

/**
 * A listed table that cannot be used: not found, or of another VPC. `alternative` ends the fix
 * where the run offers one (a teardown can say `auto`).
 */
export function routeTableProblem(
  config: Config,
  routeTableId: string,
  table: RouteTable | undefined,
  alternative = ''
): Problem | undefined {
  if (!table) {
    return {
      subject: routeTableId,
      message: `was not found in ${config.region}.`,
      fix: `Check route-table-ids and the Region${alternative}.`
    }
  }
  if (table.VpcId !== config.vpcId) {
    return {
      subject: routeTableId,
      message: `belongs to ${table.VpcId}, not to ${config.vpcId}.`,
      fix: `Name only route tables of ${config.vpcId}${alternative}.`
    }
  }
  return undefined
}

function describeTarget(target: string, core: CoreWorld): string {
  const managed = core.managedGateways.find(gateway => gateway.NatGatewayId === target)
  const name = managed && tagValue(managed.Tags, 'Name')
  return name ? `${target} (the NAT gateway "${name}", also managed by this action)` : target
}

export function planRoute(
  config: Config,
  world: World,
  routeTableId: string,
  natGatewayId: string | undefined,
  problems: Problem[]
): RoutePlan | undefined {
  const { core, surroundings } = world
  const table = core.routeTables.find(t => t.RouteTableId === routeTableId)
  const unusable = routeTableProblem(config, routeTableId, table)
  const problem = (message: string, fix: string): undefined => {
    problems.push({ subject: routeTableId, message, fix })
  }
  if (unusable || !table) {
    if (unusable) problems.push(unusable)
    return undefined
  }
  const owner = core.managedGateways.find(gateway => gateway.RouteTableId === routeTableId)
  if (owner) {
    return problem(
      `is the route table of the regional NAT gateway ${owner.NatGatewayId} itself; the action never changes it.`,
      'Remove it from route-table-ids.'
    )
  }
  const { gateway } = config
  if (
    gateway.mode === 'zonal' &&
    (table.Associations?.some(a => a.SubnetId === gateway.subnetId) ||
      surroundings?.subnetRouteTable?.RouteTableId === routeTableId)
  ) {
    return problem(
      `routes ${gateway.subnetId}, the subnet that hosts the NAT gateway; sending its ${config.destination.cidr} traffic to the gateway would cut the gateway off from the internet.`,
      'Name the route tables of the private subnets only.'
    )
  }
  const route = findRoute(table, config.destination)
  if (!route) return { routeTableId, action: 'create' }
  if (natGatewayId !== undefined && route.NatGatewayId === natGatewayId) {
    return { routeTableId, action: 'keep' }
  }
  const currentTarget = routeTarget(route)
  if (route.State === 'blackhole') {
    return { routeTableId, action: 'replace', currentTarget, reason: 'blackhole' }
  }
  if (config.routeConflict === 'fail') {
    return problem(
      `already routes ${config.destination.cidr} to ${describeTarget(currentTarget, core)}.`,
      'Set route-conflict: replace to point it at this NAT gateway, or remove the table from route-table-ids.'
    )
  }
  return { routeTableId, action: 'replace', currentTarget, reason: 'route-conflict: replace' }
}
