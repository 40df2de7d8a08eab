// DescribeRouteTables, CreateRoute, ReplaceRoute, DeleteRoute.
import { Ec2Error, str, strList } from '../protocol.ts'
import type { XmlValue } from '../protocol.ts'
import { applyFilters, byIds, paginate } from '../filters.ts'
import { routeState } from '../lifecycle.ts'
import { ACCOUNT_ID } from '../state.ts'
import type { Route, RouteTable, World } from '../state.ts'
import { tagSet, visible } from './context.ts'
import type { Context, HandlerMap } from './context.ts'

// User guide "Amazon VPC quotas": routes per route table (default 500 with the quota raised).
const ROUTES_PER_TABLE = 500

function visibleRoutes(world: World, t: RouteTable): Route[] {
  return t.routes.filter(r => visible(world, r))
}

export function renderRouteTable(world: World, t: RouteTable): XmlValue {
  return {
    associationSet: t.associations.map(a => ({
      main: a.main,
      routeTableAssociationId: a.id,
      routeTableId: t.id,
      subnetId: a.subnetId,
      gatewayId: a.gatewayId,
      associationState: { state: 'associated' }
    })),
    propagatingVgwSet: [],
    routeTableId: t.id,
    routeSet: visibleRoutes(world, t).map(r => ({
      destinationCidrBlock: r.destinationCidrBlock,
      destinationIpv6CidrBlock: r.destinationIpv6CidrBlock,
      gatewayId: r.gatewayId,
      natGatewayId: r.natGatewayId,
      egressOnlyInternetGatewayId: r.egressOnlyInternetGatewayId,
      origin: r.origin,
      state: routeState(world, t, r)
    })),
    tagSet: tagSet(t.tags),
    vpcId: t.vpcId,
    ownerId: ACCOUNT_ID
  }
}

function findTable(ctx: Context): RouteTable {
  const id = str(ctx.params, 'RouteTableId')
  if (!id)
    throw new Ec2Error('MissingParameter', 'The request must contain the parameter routeTableId')
  const t = ctx.world.routeTables.get(id)
  if (!t)
    throw new Ec2Error('InvalidRouteTableID.NotFound', `The routeTable ID '${id}' does not exist`)
  return t
}

const CIDR4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/

/** The destination of a route request: `{ v4 }` or `{ v6 }`. */
function destination(ctx: Context): {
  key: 'destinationCidrBlock' | 'destinationIpv6CidrBlock'
  value: string
} {
  const v4 = str(ctx.params, 'DestinationCidrBlock')
  const v6 = str(ctx.params, 'DestinationIpv6CidrBlock')
  if (v4 && v6) {
    throw new Ec2Error(
      'InvalidParameterCombination',
      'Only one of destinationCidrBlock and destinationIpv6CidrBlock can be specified'
    )
  }
  if (v4) {
    const m = CIDR4.exec(v4)
    if (!m || m.slice(1, 5).some(o => Number(o) > 255) || Number(m[5]) > 32) {
      throw new Ec2Error(
        'InvalidParameterValue',
        `Value (${v4}) for parameter destinationCidrBlock is invalid. This is not a valid CIDR block.`
      )
    }
    return { key: 'destinationCidrBlock', value: v4 }
  }
  if (v6) return { key: 'destinationIpv6CidrBlock', value: v6.toLowerCase() }
  throw new Ec2Error(
    'MissingParameter',
    'The request must contain the parameter destinationCidrBlock or destinationIpv6CidrBlock'
  )
}

const TARGETS = [
  'GatewayId',
  'NatGatewayId',
  'InstanceId',
  'NetworkInterfaceId',
  'VpcPeeringConnectionId',
  'TransitGatewayId',
  'EgressOnlyInternetGatewayId',
  'LocalGatewayId',
  'CarrierGatewayId',
  'VpcEndpointId',
  'CoreNetworkArn',
  'OdbNetworkArn'
]

/** Validates the single route target (internet or NAT gateway) against the table's VPC. */
// API reference: CreateRoute ("You must specify one of the following targets")
function target(
  ctx: Context,
  t: RouteTable,
  dest: { key: 'destinationCidrBlock' | 'destinationIpv6CidrBlock' }
): { gatewayId?: string; natGatewayId?: string; egressOnlyInternetGatewayId?: string } {
  const given = TARGETS.filter(k => str(ctx.params, k) !== undefined)
  if (given.length === 0) {
    throw new Ec2Error(
      'MissingParameter',
      'The request must contain exactly one of gatewayId, natGatewayId, instanceId, networkInterfaceId, ...'
    )
  }
  if (given.length > 1) {
    throw new Ec2Error(
      'InvalidParameterCombination',
      `Only one route target can be specified: ${given.join(', ')}`
    )
  }
  const { world } = ctx
  const natId = str(ctx.params, 'NatGatewayId')
  if (natId) {
    const gw = world.natGateways.get(natId)
    const live = gw && visible(world, gw) && gw.state !== 'deleted' ? gw : undefined
    inTableVpc(t, natId, live?.vpcId, ['InvalidNatGatewayID.NotFound', 'natGateway'])
    return { natGatewayId: natId }
  }
  const eigwId = str(ctx.params, 'EgressOnlyInternetGatewayId')
  if (eigwId) {
    inTableVpc(t, eigwId, world.egressOnlyInternetGateways.get(eigwId)?.vpcId, [
      'InvalidEgressOnlyInternetGatewayId.NotFound',
      'egressOnlyInternetGateway'
    ])
    // API reference: CreateRoute, EgressOnlyInternetGatewayId "[IPv6 traffic only]".
    if (dest.key !== 'destinationIpv6CidrBlock') {
      throw new Ec2Error(
        'InvalidParameterValue',
        'An egress-only internet gateway takes IPv6 destinations only'
      )
    }
    return { egressOnlyInternetGatewayId: eigwId }
  }
  const gwId = str(ctx.params, 'GatewayId')
  if (gwId && gwId.startsWith('igw-')) {
    // A detached internet gateway exists, in no VPC: '' is never the table's.
    const igw = world.internetGateways.get(gwId)
    inTableVpc(t, gwId, igw && (igw.vpcId ?? ''), [
      'InvalidInternetGatewayID.NotFound',
      'internetGateway'
    ])
    return { gatewayId: gwId }
  }
  throw new Ec2Error(
    'UnsupportedOperation',
    `The emulator models internet gateway, NAT gateway and egress-only internet gateway route targets only (got ${given[0] ?? ''})`
  )
}

/**
 * A route target must exist (`vpcId` undefined: it does not) and be in the table's VPC; EC2's
 * not-found code and noun for the kind are given.
 */
function inTableVpc(
  t: RouteTable,
  id: string,
  vpcId: string | undefined,
  [code, noun]: [string, string]
): void {
  if (vpcId === undefined) throw new Ec2Error(code, `The ${noun} ID '${id}' does not exist`)
  if (vpcId !== t.vpcId) {
    throw new Ec2Error(
      'InvalidParameterValue',
      `route table ${t.id} and network gateway ${id} belong to different networks`
    )
  }
}

function findRoute(
  t: RouteTable,
  key: 'destinationCidrBlock' | 'destinationIpv6CidrBlock',
  value: string
): Route | undefined {
  return t.routes.find(r => r[key] === value)
}

// API reference: CreateRoute (RouteAlreadyExists when the destination is taken)
function createRoute(ctx: Context): Record<string, XmlValue> {
  const t = findTable(ctx)
  const dest = destination(ctx)
  const tgt = target(ctx, t, dest)
  if (findRoute(t, dest.key, dest.value)) {
    throw new Ec2Error(
      'RouteAlreadyExists',
      `The route identified by ${dest.value} already exists.`
    )
  }
  if (t.routes.length >= ROUTES_PER_TABLE) {
    throw new Ec2Error(
      'RouteLimitExceeded',
      `The maximum number of routes has been reached for ${t.id}`
    )
  }
  const route: Route = { [dest.key]: dest.value, ...tgt, origin: 'CreateRoute' }
  const hide = ctx.faults.consistency().routeCalls ?? 0
  if (hide > 0) route.hiddenUntilCall = ctx.world.callSeq + hide
  t.routes.push(route)
  return { return: true }
}

// API reference: ReplaceRoute (no route for the destination → InvalidParameterValue, "Use CreateRoute")
function replaceRoute(ctx: Context): Record<string, XmlValue> {
  const t = findTable(ctx)
  const dest = destination(ctx)
  const route = findRoute(t, dest.key, dest.value)
  if (!route) {
    throw new Ec2Error(
      'InvalidParameterValue',
      `There is no route defined for '${dest.value}' in the route table. Use CreateRoute instead.`
    )
  }
  if (route.gatewayId === 'local') {
    throw new Ec2Error(
      'InvalidParameterValue',
      `Cannot replace the local route ${dest.value} in ${t.id}`
    )
  }
  const tgt = target(ctx, t, dest)
  delete route.gatewayId
  delete route.natGatewayId
  delete route.egressOnlyInternetGatewayId
  Object.assign(route, tgt, { origin: 'CreateRoute' })
  return { return: true }
}

// API reference: DeleteRoute (InvalidRoute.NotFound when no route matches)
function deleteRoute(ctx: Context): Record<string, XmlValue> {
  const t = findTable(ctx)
  const dest = destination(ctx)
  const route = findRoute(t, dest.key, dest.value)
  if (!route) {
    throw new Ec2Error(
      'InvalidRoute.NotFound',
      `no route with destination-cidr-block ${dest.value} in route table ${t.id}`
    )
  }
  if (route.gatewayId === 'local') {
    throw new Ec2Error(
      'InvalidParameterValue',
      `cannot remove local route ${dest.value} in route table ${t.id}`
    )
  }
  t.routes = t.routes.filter(r => r !== route)
  return { return: true }
}

// API reference: DescribeRouteTables (filters, MaxResults 5-100)
function describeRouteTables(ctx: Context): Record<string, XmlValue> {
  const { world, params: p } = ctx
  const ids = strList(p, 'RouteTableId')
  const all = [...world.routeTables.values()]
  const selected = ids.length
    ? byIds(
        ids,
        id => world.routeTables.get(id),
        'InvalidRouteTableID.NotFound',
        m => `The routeTable ID '${m}' does not exist`
      )
    : all
  const routes = (t: RouteTable): Route[] => visibleRoutes(world, t)
  const filtered = applyFilters(selected, p, {
    'route-table-id': t => [t.id],
    'vpc-id': t => [t.vpcId],
    'owner-id': () => [ACCOUNT_ID],
    'association.subnet-id': t => t.associations.map(a => a.subnetId),
    'association.gateway-id': t => t.associations.map(a => a.gatewayId),
    'association.route-table-association-id': t => t.associations.map(a => a.id),
    'association.route-table-id': t => t.associations.map(() => t.id),
    'association.main': t => (t.associations.some(a => a.main) ? ['true'] : ['false']),
    'route.nat-gateway-id': t => routes(t).map(r => r.natGatewayId),
    'route.gateway-id': t => routes(t).map(r => r.gatewayId),
    'route.egress-only-internet-gateway-id': t => routes(t).map(r => r.egressOnlyInternetGatewayId),
    'route.destination-cidr-block': t => routes(t).map(r => r.destinationCidrBlock),
    'route.destination-ipv6-cidr-block': t => routes(t).map(r => r.destinationIpv6CidrBlock),
    'route.origin': t => routes(t).map(r => r.origin),
    'route.state': t => routes(t).map(r => routeState(world, t, r))
  })
  const page = paginate(filtered, p, 5, 100)
  return {
    routeTableSet: page.items.map(t => renderRouteTable(world, t)),
    nextToken: page.nextToken
  }
}

export const routeTableHandlers: HandlerMap = {
  DescribeRouteTables: describeRouteTables,
  CreateRoute: createRoute,
  ReplaceRoute: replaceRoute,
  DeleteRoute: deleteRoute
}
