/** Reading routes out of a route table: pure helpers that plan, apply and report share. */
import type { Destination } from './config.js'
import type { Route, RouteTable } from './resources.js'

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

/** What kind of target an ID names, by its prefix, for messages. */
const TARGET_KINDS: [prefix: string, kind: string][] = [
  ['nat-', 'the NAT gateway'],
  ['igw-', 'the internet gateway'],
  ['eigw-', 'the egress-only internet gateway'],
  ['vgw-', 'the virtual private gateway'],
  ['tgw-', 'the transit gateway'],
  ['pcx-', 'the VPC peering connection'],
  ['eni-', 'the network interface'],
  ['i-', 'the instance'],
  ['cagw-', 'the carrier gateway'],
  ['lgw-', 'the local gateway'],
  ['vpce-', 'the VPC endpoint'],
  ['arn:', 'the core network']
]

/** A route target for people: `the transit gateway tgw-0abc…`; an unknown kind as it is. */
export function describeRouteTarget(target: string): string {
  const kind = TARGET_KINDS.find(([prefix]) => target.startsWith(prefix))?.[1]
  return kind ? `${kind} ${target}` : target
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
