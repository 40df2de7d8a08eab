/** Reading routes out of a route table: pure helpers that plan, apply and report share. */
import type { Destination } from './config.js'
import type { Route, RouteTable, Subnet } from './resources.js'

/** What a route the action writes goes to: a NAT gateway or an egress-only internet gateway. */
export type RouteTargetKind = 'nat-gateway' | 'egress-only-internet-gateway'

export interface RouteTarget {
  kind: RouteTargetKind
  id: string
}

/** The route's target of that kind, if it goes to one. */
export function targetOfKind(route: Route, kind: RouteTargetKind): string | undefined {
  return kind === 'nat-gateway' ? route.NatGatewayId : route.EgressOnlyInternetGatewayId
}

export function findRoute(table: RouteTable, destination: Destination): Route | undefined {
  return table.Routes?.find(route =>
    destination.family === 'ipv6'
      ? route.DestinationIpv6CidrBlock === destination.cidr
      : route.DestinationCidrBlock === destination.cidr
  )
}

/** What a route sends traffic to, for messages: the first target ID it has. */
export function routeTarget(route: Route): string {
  return (
    route.NatGatewayId ??
    route.GatewayId ??
    route.TransitGatewayId ??
    route.VpcPeeringConnectionId ??
    route.NetworkInterfaceId ??
    route.InstanceId ??
    route.EgressOnlyInternetGatewayId ??
    route.CarrierGatewayId ??
    route.LocalGatewayId ??
    route.CoreNetworkArn ??
    'an unknown target'
  )
}

/**
 * The internet gateway the destination's route goes to, if it does: the table serves public
 * subnets, whose hosts would lose their internet route if it went to a NAT gateway instead.
 */
export function internetGatewayRoute(
  table: RouteTable,
  destination: Destination
): string | undefined {
  const target = findRoute(table, destination)?.GatewayId
  return target?.startsWith('igw-') ? target : undefined
}

/** The field of CreateRoute and ReplaceRoute that names a target. */
export type RouteTargetParameter =
  | 'NatGatewayId'
  | 'GatewayId'
  | 'EgressOnlyInternetGatewayId'
  | 'TransitGatewayId'
  | 'VpcPeeringConnectionId'
  | 'NetworkInterfaceId'
  | 'InstanceId'
  | 'CarrierGatewayId'
  | 'LocalGatewayId'
  | 'VpcEndpointId'
  | 'CoreNetworkArn'

/** What kind of target an ID names, by its prefix: for messages, and to put a route back. */
const TARGET_KINDS: [prefix: string, kind: string, parameter: RouteTargetParameter][] = [
  ['nat-', 'the NAT gateway', 'NatGatewayId'],
  ['igw-', 'the internet gateway', 'GatewayId'],
  ['eigw-', 'the egress-only internet gateway', 'EgressOnlyInternetGatewayId'],
  ['vgw-', 'the virtual private gateway', 'GatewayId'],
  ['tgw-', 'the transit gateway', 'TransitGatewayId'],
  ['pcx-', 'the VPC peering connection', 'VpcPeeringConnectionId'],
  ['eni-', 'the network interface', 'NetworkInterfaceId'],
  ['i-', 'the instance', 'InstanceId'],
  ['cagw-', 'the carrier gateway', 'CarrierGatewayId'],
  ['lgw-', 'the local gateway', 'LocalGatewayId'],
  ['vpce-', 'the VPC endpoint', 'VpcEndpointId'],
  ['arn:', 'the core network', 'CoreNetworkArn']
]

const targetKind = (target: string) => TARGET_KINDS.find(([prefix]) => target.startsWith(prefix))

/** A route target for people: `the transit gateway tgw-0abc…`; an unknown kind as it is. */
export function describeRouteTarget(target: string): string {
  const kind = targetKind(target)?.[1]
  return kind ? `${kind} ${target}` : target
}

/** The ReplaceRoute field for a target ID; undefined for a kind the action does not know. */
export function routeTargetParameter(target: string): RouteTargetParameter | undefined {
  return targetKind(target)?.[2]
}

/** The internet gateway a table routes to, if any: such a table serves public subnets. */
export function internetGatewayOf(table: RouteTable | undefined): string | undefined {
  return table?.Routes?.find(route => route.GatewayId?.startsWith('igw-'))?.GatewayId
}

/** Whether the table's 0.0.0.0/0 reaches an internet gateway: its subnets are public. */
export function hasInternetRoute(table: RouteTable | undefined): boolean {
  return (table?.Routes ?? []).some(
    route =>
      route.DestinationCidrBlock === '0.0.0.0/0' &&
      route.GatewayId?.startsWith('igw-') === true &&
      route.State !== 'blackhole'
  )
}

/** The subnets explicitly associated with the table. */
export function associatedSubnetIds(table: RouteTable): string[] {
  return (table.Associations ?? []).flatMap(a => (a.SubnetId ? [a.SubnetId] : []))
}

/** Whether the table is its VPC's main table. */
export function isMainTable(table: RouteTable): boolean {
  return (table.Associations ?? []).some(a => a.Main === true)
}

/**
 * The subnets a table routes: its explicit associations and, for the main table, every subnet of
 * its VPC that no table is explicitly associated with (EC2 routes those through the main table).
 * `vpcTables` must hold all the VPC's tables when `table` is the main one.
 */
export function routedSubnetIds(
  table: RouteTable,
  vpcSubnets: Subnet[],
  vpcTables: RouteTable[]
): string[] {
  const own = associatedSubnetIds(table)
  if (!isMainTable(table)) return own
  const explicit = new Set(vpcTables.flatMap(associatedSubnetIds))
  const implicit = vpcSubnets
    .filter(s => s.VpcId === table.VpcId && !explicit.has(s.SubnetId))
    .map(s => s.SubnetId)
  return [...own, ...implicit]
}
