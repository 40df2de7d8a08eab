/**
 * `s3-gateway-endpoint: true`: the free S3 gateway endpoint on the routed tables, so S3 traffic
 * does not pay NAT data processing. Tables already served by any S3 gateway endpoint are left as
 * they are; the others are added to the endpoint this action made, or to a new one. An endpoint
 * without our tag is never modified; none is ever shrunk.
 */
import type { Config } from '../config/config.js'
import { GATEWAY_TAG_KEY, isManaged, tagValue } from '../model/identity.js'
import type { S3EndpointPlan } from '../model/plan.js'
import type { VpcEndpoint } from '../model/resources.js'

/** The S3 gateway endpoint this action made for the gateway named in the Config. */
export function ownS3Endpoint(config: Config, endpoints: VpcEndpoint[]): VpcEndpoint | undefined {
  return endpoints.find(e => isManaged(e.Tags) && tagValue(e.Tags, GATEWAY_TAG_KEY) === config.name)
}

export function planS3Endpoint(
  config: Config,
  endpoints: VpcEndpoint[],
  routeTableIds: string[]
): S3EndpointPlan {
  const covered = new Set(endpoints.flatMap(e => e.RouteTableIds ?? []))
  const missing = routeTableIds.filter(id => !covered.has(id))
  if (missing.length === 0) {
    return { action: 'keep', vpcEndpointIds: endpoints.map(e => e.VpcEndpointId) }
  }
  const ours = ownS3Endpoint(config, endpoints)
  return ours
    ? { action: 'add', vpcEndpointId: ours.VpcEndpointId, routeTableIds: missing }
    : { action: 'create', routeTableIds: missing }
}
