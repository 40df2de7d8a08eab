/**
 * Gateway VPC endpoints: the free way for S3 and DynamoDB traffic from private subnets, which
 * would otherwise pay NAT data processing. The two services behave alike; only their names differ.
 */
import { GATEWAY_TAG_KEY, isManaged, tagValue } from './identity.js'
import type { VpcEndpoint } from './resources.js'

/** The services that offer gateway endpoints, in the order plans and outputs list them. */
export const GATEWAY_ENDPOINT_SERVICES = ['dynamodb', 's3'] as const
export type GatewayEndpointService = (typeof GATEWAY_ENDPOINT_SERVICES)[number]

/**
 * The gateway endpoint service's name in a Region: `com.amazonaws.<region>.<service>` in every
 * partition, China's included. There, `cn.com.amazonaws.<region>.s3` names the S3 *interface*
 * endpoint service, not the gateway one (docs/ec2-behaviour.md, "Gateway endpoints", gives the
 * sources).
 */
export function gatewayServiceName(region: string, service: GatewayEndpointService): string {
  return `com.amazonaws.${region}.${service}`
}

/** The endpoints of one service, among those observed for all. */
export function endpointsOf(
  endpoints: VpcEndpoint[],
  region: string,
  service: GatewayEndpointService
): VpcEndpoint[] {
  return endpoints.filter(e => e.ServiceName === gatewayServiceName(region, service))
}

/** The endpoint of the service this action made for the gateway `name`. */
export function ownEndpoint(
  endpoints: VpcEndpoint[],
  region: string,
  service: GatewayEndpointService,
  name: string
): VpcEndpoint | undefined {
  return endpointsOf(endpoints, region, service).find(
    e => isManaged(e.Tags) && tagValue(e.Tags, GATEWAY_TAG_KEY) === name
  )
}

/** How the log and the summary name the service's endpoint. */
export function endpointLabel(service: GatewayEndpointService): string {
  return `${service === 's3' ? 'S3' : 'DynamoDB'} gateway endpoint`
}
