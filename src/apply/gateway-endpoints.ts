/** The gateway endpoints' writes: create one, add tables to ours, or delete ours. */
import type { RunContext } from '../context.js'
import {
  addRouteTablesToEndpoint,
  createGatewayEndpoint,
  deleteVpcEndpoint
} from '../ec2/vpc-endpoints.js'
import { endpointLabel, type GatewayEndpointService } from '../model/gateway-endpoints.js'
import { clientToken, companionTags, withProvenance } from '../model/identity.js'
import type { GatewayEndpointOutcome } from '../model/outcome.js'
import type { GatewayEndpointPlan } from '../model/plan.js'

export async function applyGatewayEndpoint(
  { ec2, config, log, provenance, journal }: RunContext,
  plan: GatewayEndpointPlan
): Promise<GatewayEndpointOutcome> {
  const { service } = plan
  const label = endpointLabel(service)
  if (plan.action === 'keep') {
    return { service, vpcEndpointIds: plan.vpcEndpointIds, addedRouteTableIds: [] }
  }
  if (plan.action === 'add') {
    // Noted first: the post step takes off only those of the tables still on the endpoint.
    journal?.gatewayEndpoint({
      service,
      vpcEndpointId: plan.vpcEndpointId,
      created: false,
      addedRouteTableIds: plan.routeTableIds
    })
    await addRouteTablesToEndpoint(ec2, plan.vpcEndpointId, plan.routeTableIds)
    log.info(`Added ${plan.routeTableIds.join(', ')} to the ${label} ${plan.vpcEndpointId}.`)
    return { service, vpcEndpointIds: [plan.vpcEndpointId], addedRouteTableIds: plan.routeTableIds }
  }
  journal?.creating('gateway-endpoint')
  const endpoint = await createGatewayEndpoint(ec2, {
    vpcId: config.vpcId,
    region: config.region,
    service,
    routeTableIds: plan.routeTableIds,
    tags: withProvenance(companionTags(config.name, config.tags), provenance),
    // The token leaves out the provenance: two runs of one plan converge on one endpoint.
    clientToken: clientToken({
      gatewayEndpoint: service,
      vpcId: config.vpcId,
      name: config.name,
      tables: plan.routeTableIds
    })
  })
  journal?.gatewayEndpoint({
    service,
    vpcEndpointId: endpoint.VpcEndpointId,
    created: true,
    addedRouteTableIds: plan.routeTableIds
  })
  log.info(`Created the ${label} ${endpoint.VpcEndpointId}.`)
  return {
    service,
    vpcEndpointIds: [endpoint.VpcEndpointId],
    addedRouteTableIds: plan.routeTableIds
  }
}

export async function deleteOwnGatewayEndpoint(
  { ec2, log }: RunContext,
  { service, vpcEndpointId }: { service: GatewayEndpointService; vpcEndpointId: string }
): Promise<void> {
  await deleteVpcEndpoint(ec2, vpcEndpointId)
  log.info(`Deleted the ${endpointLabel(service)} ${vpcEndpointId}, which this action had created.`)
}
