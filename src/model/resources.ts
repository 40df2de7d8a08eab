/**
 * The EC2 resources the action works with, as the SDK describes them but with their ID known to
 * be there. The SDK types every field as optional; the wrappers in src/ec2/ drop an answer without
 * its ID once, at the boundary, so that no caller has to cast.
 */
import type * as sdk from '@aws-sdk/client-ec2'

type WithId<T, K extends keyof T> = T & { [P in K]-?: NonNullable<T[P]> }

export type NatGateway = WithId<sdk.NatGateway, 'NatGatewayId'>
export type RouteTable = WithId<sdk.RouteTable, 'RouteTableId'>
export type Address = WithId<sdk.Address, 'AllocationId'>
export type VpcEndpoint = WithId<sdk.VpcEndpoint, 'VpcEndpointId'>
export type Subnet = WithId<sdk.Subnet, 'SubnetId'>
export type EgressOnlyInternetGateway = WithId<
  sdk.EgressOnlyInternetGateway,
  'EgressOnlyInternetGatewayId'
>
export type {
  AvailabilityZone,
  InternetGateway,
  NatGatewayAddress,
  Route,
  Tag,
  Vpc
} from '@aws-sdk/client-ec2'

/** The items of an EC2 answer that carry `key`, typed so. */
export function withId<T, K extends keyof T>(items: T[] | undefined, key: K): WithId<T, K>[] {
  return (items ?? []).filter((item): item is WithId<T, K> => item[key] != null)
}
