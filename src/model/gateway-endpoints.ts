/**
 * Gateway VPC endpoints: the free way for S3 and DynamoDB traffic from private subnets, which
 * would otherwise pay NAT data processing. The two services behave alike; only their names differ.
 */
import { GATEWAY_TAG_KEY, isManaged, tagValue } from './identity.js'
import type { VpcEndpoint } from './resources.js'

/** The services that offer gateway endpoints, in the order plans and outputs list them. */
export const GATEWAY_ENDPOINT_SERVICES = ['dynamodb', 's3'] as const
export type GatewayEndpointService = (typeof GATEWAY_ENDPOINT_SERVICES)[number]

/** The service's name in a Region; the China Regions use a `cn.` prefix. */
export function gatewayServiceName(region: string, service: GatewayEndpointService): string {
  return `${region.startsWith('cn-') ? 'cn.' : ''}com.amazonaws.${region}.${service}`
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
