/**
 * The IPv6 routes the action can add beside the destination route: NAT64 (`64:ff9b::/96` to the
 * table's NAT gateway) and IPv6 egress (`::/0` to the VPC's egress-only internet gateway). Pure.
 */
import type { Config, Destination } from './config.js'
import { GATEWAY_TAG_KEY, isManaged, tagValue } from './identity.js'
import type { EgressOnlyInternetGateway, Vpc } from './resources.js'
import type { RouteTargetKind } from './routes.js'

/** RFC 6052's well-known prefix, which DNS64 prepends; written as EC2 writes it back. */
export const NAT64_DESTINATION: Destination = { cidr: '64:ff9b::/96', family: 'ipv6' }
/** Every IPv6 address; written as EC2 writes it back. */
export const IPV6_DEFAULT_DESTINATION: Destination = { cidr: '::/0', family: 'ipv6' }

/** A route the run keeps in each listed table: its destination and what it goes to. */
export interface RouteIntent {
  destination: Destination
  target: RouteTargetKind
}

/** The IPv6 routes the inputs ask for, in the order plans list them. */
export function ipv6Intents(config: Config): RouteIntent[] {
  return [
    ...(config.nat64 ? [{ destination: NAT64_DESTINATION, target: 'nat-gateway' as const }] : []),
    ...(config.ipv6Egress === 'egress-only-internet-gateway'
      ? [{ destination: IPV6_DEFAULT_DESTINATION, target: 'egress-only-internet-gateway' as const }]
      : [])
  ]
}

export function wantsIpv6(config: Config): boolean {
  return ipv6Intents(config).length > 0
}

/** The VPC's IPv6 CIDR blocks that are in use (associated). */
export function ipv6CidrBlocks(vpc: Vpc | undefined): string[] {
  return (vpc?.Ipv6CidrBlockAssociationSet ?? []).flatMap(block =>
    block.Ipv6CidrBlock && block.Ipv6CidrBlockState?.State === 'associated'
      ? [block.Ipv6CidrBlock]
      : []
  )
}

/** The egress-only internet gateway this action made for the gateway `name`, among the VPC's. */
export function ownEgressOnlyGateway(
  gateways: EgressOnlyInternetGateway[],
  name: string
): EgressOnlyInternetGateway | undefined {
  return gateways.find(g => isManaged(g.Tags) && tagValue(g.Tags, GATEWAY_TAG_KEY) === name)
}

/** The AWS CLI command that turns DNS64 on for a subnet (the action never changes subnets). */
export function enableDns64Command(subnetId: string): string {
  return `aws ec2 modify-subnet-attribute --subnet-id ${subnetId} --enable-dns64`
}
