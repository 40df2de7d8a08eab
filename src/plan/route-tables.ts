/**
 * The routes' part of the plan: for each table, keep, create or replace each route the run writes
 * (the destination route; with nat64 and ipv6-egress, the IPv6 ones).
 */
import type { Config, Destination } from '../model/config.js'
import { tagValue } from '../model/identity.js'
import { ipv6Intents, type RouteIntent } from '../model/ipv6.js'
import type { RoutePlan } from '../model/plan.js'
import type { Problem } from '../model/problems.js'
import type { Route, RouteTable } from '../model/resources.js'
import {
  describeRouteTarget,
  findRoute,
  internetGatewayRoute,
  routeTarget,
  type RouteTargetKind
} from '../model/routes.js'
import type { CoreWorld, World } from '../model/world.js'
import { selectRouteTables } from './route-selection.js'

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
 * The zonal gateway's own subnet's table: routing it through the gateway would break the gateway
 * itself, whatever route-conflict says, so no hint may suggest `route-conflict: replace`.
 */
function refuseOwnSubnet(config: Config, world: World, table: RouteTable): Problem | undefined {
  const { gateway, destination } = config
  const routeTableId = table.RouteTableId
  if (
    gateway.mode !== 'zonal' ||
    !(
      table.Associations?.some(a => a.SubnetId === gateway.subnetId) ||
      world.surroundings?.subnetRouteTable?.RouteTableId === routeTableId ||
      world.core.hostSubnetRouteTableId === routeTableId
    )
  ) {
    return undefined
  }
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

/**
 * A public table (the destination goes to an internet gateway), for IPv4 and IPv6 alike: its
 * hosts would lose their inbound reachability, so it is never written, whatever route-conflict
 * says.
 */
function refusePublic(
  table: RouteTable,
  destination: Destination,
  newTarget: string
): Problem | undefined {
  const routeTableId = table.RouteTableId
  const igw = internetGatewayRoute(table, destination)
  if (!igw) return undefined
  return {
    subject: routeTableId,
    message:
      `is a public route table: its ${destination.cidr} route goes to the internet gateway ${igw}. ` +
      `Sending that traffic to ${newTarget} would cut its subnets off from the internet: ` +
      'load balancers and hosts with public IPs there could no longer be reached, and this ' +
      'action never does that, whatever route-conflict says.',
    fix:
      'Name the route tables of the private subnets only (route-table-ids: auto leaves public ones out). ' +
      `If ${routeTableId} is really meant to become private, move what must stay reachable out of its subnets, ` +
      `delete its route to ${igw} first (${deleteRouteCommand(routeTableId, destination)}), then run again.`
  }
}

/** How plans and messages name what a route of this kind goes to. */
export function newTargetLabel(target: RouteTargetKind): string {
  return target === 'nat-gateway' ? 'the NAT gateway' : 'the egress-only internet gateway'
}

/** The destination route every run writes, to the NAT gateway. */
export function destinationIntent(config: Config): RouteIntent {
  return { destination: config.destination, target: 'nat-gateway' }
}

/**
 * Whether the route already goes where the intent wants it: to this NAT gateway, or to an
 * egress-only internet gateway (EC2 routes a table only to its own VPC's, so any live one is the
 * VPC's).
 */
function alreadyThere(route: Route, intent: RouteIntent, natGatewayId: string | undefined) {
  if (intent.target === 'egress-only-internet-gateway') {
    return route.EgressOnlyInternetGatewayId !== undefined && route.State !== 'blackhole'
  }
  return natGatewayId !== undefined && route.NatGatewayId === natGatewayId
}

/** Whether every selected table routes every intent already: nothing to write for routes. */
export function routesInPlace(
  config: Config,
  core: CoreWorld,
  natGatewayId: string | undefined
): boolean {
  const intents = [destinationIntent(config), ...ipv6Intents(config)]
  const { routeTableIds } = selectRouteTables(config, core)
  return routeTableIds.every(id => {
    const table = core.routeTables.find(t => t.RouteTableId === id)
    return (
      table !== undefined &&
      intents.every(intent => {
        const route = findRoute(table, intent.destination)
        return route !== undefined && alreadyThere(route, intent, natGatewayId)
      })
    )
  })
}

/** One intent in one usable table: keep, create or replace, or a problem. */
function planIntent(
  config: Config,
  core: CoreWorld,
  table: RouteTable,
  intent: RouteIntent,
  natGatewayId: string | undefined,
  problems: Problem[]
): RoutePlan | undefined {
  const routeTableId = table.RouteTableId
  const { cidr } = intent.destination
  const label = newTargetLabel(intent.target)
  const refusal = refusePublic(table, intent.destination, label)
  if (refusal) {
    problems.push(refusal)
    return undefined
  }
  const route = findRoute(table, intent.destination)
  if (!route) return { routeTableId, action: 'create' }
  if (alreadyThere(route, intent, natGatewayId)) return { routeTableId, action: 'keep' }
  const currentTarget = routeTarget(route)
  if (route.State === 'blackhole') {
    return { routeTableId, action: 'replace', currentTarget, reason: 'blackhole' }
  }
  // A gateway per zone: this action's gateway of another zone is moved from without route-conflict.
  if (route.NatGatewayId && core.siblingGatewayIds?.includes(route.NatGatewayId)) {
    return { routeTableId, action: 'replace', currentTarget, reason: 'zone' }
  }
  if (config.routeConflict === 'fail') {
    problems.push({
      subject: routeTableId,
      message: `already routes ${cidr} to ${describeTarget(currentTarget, core)}.`,
      fix: `Set route-conflict: replace if its ${cidr} traffic should go to ${label.replace(/^the /, 'this ')} instead of ${describeRouteTarget(currentTarget)}, or remove the table from route-table-ids.`
    })
    return undefined
  }
  return { routeTableId, action: 'replace', currentTarget, reason: 'route-conflict: replace' }
}

/**
 * Every intent in one listed table, in the order given, or undefined with the problems pushed:
 * the table-wide checks (it exists in the VPC, is not a regional gateway's own table, does not
 * host the zonal gateway) once, then each destination under the same public-table and conflict
 * rules.
 */
export function planTableRoutes(
  config: Config,
  world: World,
  routeTableId: string,
  intents: RouteIntent[],
  natGatewayId: string | undefined,
  problems: Problem[]
): RoutePlan[] | undefined {
  const { core } = world
  const table = core.routeTables.find(t => t.RouteTableId === routeTableId)
  const unusable = routeTableProblem(config, routeTableId, table)
  if (unusable || !table) {
    if (unusable) problems.push(unusable)
    return undefined
  }
  const owner = core.managedGateways.find(gateway => gateway.RouteTableId === routeTableId)
  if (owner) {
    problems.push({
      subject: routeTableId,
      message: `is the route table of the regional NAT gateway ${owner.NatGatewayId} itself; the action never changes it.`,
      fix: 'Remove it from route-table-ids.'
    })
    return undefined
  }
  const own = refuseOwnSubnet(config, world, table)
  if (own) {
    problems.push(own)
    return undefined
  }
  const before = problems.length
  const plans = intents.flatMap(intent => {
    const plan = planIntent(config, core, table, intent, natGatewayId, problems)
    return plan ? [plan] : []
  })
  return problems.length > before ? undefined : plans
}
