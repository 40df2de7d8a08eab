/** The S3 gateway endpoint's writes: create it, add tables to ours, or delete ours. */
import type { RunContext } from '../context.js'
import {
  addRouteTablesToEndpoint,
  createS3GatewayEndpoint,
  deleteVpcEndpoint
} from '../ec2/vpc-endpoints.js'
import { clientToken, companionTags } from '../model/identity.js'
import type { S3EndpointOutcome } from '../model/outcome.js'
import type { S3EndpointPlan } from '../model/plan.js'

export async function applyS3Endpoint(
  { ec2, config, log }: RunContext,
  plan: S3EndpointPlan
): Promise<S3EndpointOutcome> {
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
  return { vpcEndpointIds: [endpoint.VpcEndpointId], addedRouteTableIds: plan.routeTableIds }
}

export async function deleteOwnS3Endpoint(
  { ec2, log }: RunContext,
  vpcEndpointId: string
): Promise<void> {
  await deleteVpcEndpoint(ec2, vpcEndpointId)
  log.info(`Deleted the S3 gateway endpoint ${vpcEndpointId}, which this action had created.`)
}
