/**
 * `s3-gateway-endpoint: true`: the free S3 gateway endpoint on the routed tables, so S3 traffic
 * does not pay NAT data processing. Tables already served by any S3 gateway endpoint are left as
 * they are; the others are added to the endpoint this action made, or to a new one. An endpoint
 * without our tag is never modified; none is ever shrunk.
 */
import type { EC2Client, VpcEndpoint } from '@aws-sdk/client-ec2'
import type { Config } from './config.js'
import {
  addRouteTablesToEndpoint,
  createS3GatewayEndpoint,
  deleteVpcEndpoint
} from './ec2/vpc-endpoints.js'
import { clientToken, companionTags, GATEWAY_TAG_KEY, isManaged, tagValue } from './identity.js'
import type { Logger } from './log.js'

export type S3EndpointPlan =
  | { action: 'keep'; vpcEndpointIds: string[] }
  | { action: 'create'; routeTableIds: string[] }
  | { action: 'add'; vpcEndpointId: string; routeTableIds: string[] }

export interface S3EndpointOutcome {
  vpcEndpointIds: string[]
  /** The tables this run added to an endpoint, new or existing. */
  addedRouteTableIds: string[]
}

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
  const ours = ownS3Endpoint(config, endpoints)
  if (missing.length === 0) {
    return { action: 'keep', vpcEndpointIds: endpoints.flatMap(e => e.VpcEndpointId ?? []) }
  }
  return ours?.VpcEndpointId
    ? { action: 'add', vpcEndpointId: ours.VpcEndpointId, routeTableIds: missing }
    : { action: 'create', routeTableIds: missing }
}

export function describeS3Plan(plan: S3EndpointPlan): string {
  switch (plan.action) {
    case 'keep':
      return `S3 gateway endpoint: every routed table is already served (${plan.vpcEndpointIds.join(', ')}).`
    case 'create':
      return `S3 gateway endpoint: create one for ${plan.routeTableIds.join(', ')}.`
    case 'add':
      return `S3 gateway endpoint: add ${plan.routeTableIds.join(', ')} to ${plan.vpcEndpointId}.`
  }
}

export async function applyS3Endpoint(
  ctx: { ec2: EC2Client; config: Config; log: Logger },
  plan: S3EndpointPlan
): Promise<S3EndpointOutcome> {
  const { ec2, config, log } = ctx
  if (plan.action === 'keep') return { vpcEndpointIds: plan.vpcEndpointIds, addedRouteTableIds: [] }
  if (plan.action === 'add') {
    await addRouteTablesToEndpoint(ec2, plan.vpcEndpointId, plan.routeTableIds)
    log.info(
      `Added ${plan.routeTableIds.join(', ')} to the S3 gateway endpoint ${plan.vpcEndpointId}.`
    )
    return { vpcEndpointIds: [plan.vpcEndpointId], addedRouteTableIds: plan.routeTableIds }
  }
  const endpoint = await createS3GatewayEndpoint(ec2, {
    vpcId: config.vpcId,
    region: config.region,
    routeTableIds: plan.routeTableIds,
    tags: companionTags(config.name, config.tags),
    clientToken: clientToken({
      s3GatewayEndpoint: config.vpcId,
      name: config.name,
      tables: plan.routeTableIds
    })
  })
  log.info(`Created the S3 gateway endpoint ${endpoint.VpcEndpointId}.`)
  return {
    vpcEndpointIds: [endpoint.VpcEndpointId as string],
    addedRouteTableIds: plan.routeTableIds
  }
}

export async function deleteOwnS3Endpoint(
  ctx: { ec2: EC2Client; log: Logger },
  vpcEndpointId: string
): Promise<void> {
  await deleteVpcEndpoint(ctx.ec2, vpcEndpointId)
  ctx.log.info(`Deleted the S3 gateway endpoint ${vpcEndpointId}, which this action had created.`)
}
