/** The routes' part of the plan: for each table, keep, create or replace the destination route. */
import type { Config, Destination } from '../model/config.js'
import { tagValue } from '../model/identity.js'
import type { RoutePlan } from '../model/plan.js'
import type { Problem } from '../model/problems.js'
import type { RouteTable } from '../model/resources.js'
import {
  describeRouteTarget,
  findRoute,
  internetGatewayRoute,
  routeTarget
} from '../model/routes.js'
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

/** The AWS CLI command that deletes the destination's route from a table. */
function deleteRouteCommand(routeTableId: string, destination: Destination): string {
  const flag =
    destination.family === 'ipv6' ? '--destination-ipv6-cidr-block' : '--destination-cidr-block'
  return `aws ec2 delete-route --route-table-id ${routeTableId} ${flag} ${destination.cidr}`
}

/**
 * A table that routing through the NAT gateway would break, whatever route-conflict says: the
 * zonal gateway's own subnet's table, or a public table (its destination goes to an internet
 * gateway). Neither is ever written, so no hint may suggest `route-conflict: replace` for them.
 */
export function refuseToBreak(
  config: Config,
  world: World,
  table: RouteTable
): Problem | undefined {
  const { gateway, destination } = config
  const routeTableId = table.RouteTableId
  if (
    gateway.mode === 'zonal' &&
    (table.Associations?.some(a => a.SubnetId === gateway.subnetId) ||
      world.surroundings?.subnetRouteTable?.RouteTableId === routeTableId ||
      world.core.hostSubnetRouteTableId === routeTableId)
  ) {
    const why =
      gateway.connectivity === 'public'
        ? 'cut the gateway off from the internet'
        : "send the gateway's own traffic back to itself, in a loop, instead of on to its transit or virtual private gateway"
    return {
      subject: routeTableId,
      message: `routes ${gateway.subnetId}, the subnet that hosts the NAT gateway; sending its ${destination.cidr} traffic to the gateway would ${why}.`,
      fix: 'Name the route tables of the private subnets only.'
    }
  }
  const igw = internetGatewayRoute(table, destination)
  if (igw) {
    return {
      subject: routeTableId,
      message:
        `is a public route table: its ${destination.cidr} route goes to the internet gateway ${igw}. ` +
        'Sending that traffic to the NAT gateway would cut its subnets off from the internet: ' +
        'load balancers and hosts with public IPs there could no longer be reached, and this ' +
        'action never does that, whatever route-conflict says.',
      fix:
        'Name the route tables of the private subnets only (route-table-ids: auto leaves public ones out). ' +
        `If ${routeTableId} is really meant to become private, move what must stay reachable out of its subnets, ` +
        `delete its route to ${igw} first (${deleteRouteCommand(routeTableId, destination)}), then run again.`
    }
  }
  return undefined
}

export function planRoute(
  config: Config,
  world: World,
  routeTableId: string,
  natGatewayId: string | undefined,
  problems: Problem[]
): RoutePlan | undefined {
  const { core } = world
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
  const refusal = refuseToBreak(config, world, table)
  if (refusal) {
    problems.push(refusal)
    return undefined
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
  if (route.NatGatewayId && core.siblingGatewayIds?.includes(route.NatGatewayId)) {
    return { routeTableId, action: 'replace', currentTarget, reason: 'zone' }
  }
  if (config.routeConflict === 'fail') {
    return problem(
      `already routes ${config.destination.cidr} to ${describeTarget(currentTarget, core)}.`,
      `Set route-conflict: replace if its ${config.destination.cidr} traffic should go to this NAT gateway instead of ${describeRouteTarget(currentTarget)}, or remove the table from route-table-ids.`
    )
  }
  return { routeTableId, action: 'replace', currentTarget, reason: 'route-conflict: replace' }
}
