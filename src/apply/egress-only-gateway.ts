/** ipv6-egress: the VPC's egress-only internet gateway, used as it is or created as ours. */
import type { RunContext } from '../context.js'
import { createEgressOnlyGateway } from '../ec2/egress-only-gateways.js'
import { clientToken, companionTags, withProvenance } from '../model/identity.js'
import type { EgressOnlyGatewayPlan } from '../model/plan.js'

export async function ensureEgressOnlyGateway(
  { ec2, config, log, provenance }: RunContext,
  plan: EgressOnlyGatewayPlan
): Promise<{ id: string; created: boolean }> {
  if (plan.action === 'use') return { id: plan.egressOnlyInternetGatewayId, created: false }
  const gateway = await createEgressOnlyGateway(ec2, {
    vpcId: config.vpcId,
    tags: withProvenance(companionTags(config.name, config.tags), provenance),
    // The token leaves out the provenance: two runs of one plan converge on one gateway.
    clientToken: clientToken({ egressOnlyInternetGateway: config.vpcId, name: config.name })
  })
  log.info(`Created the egress-only internet gateway ${gateway.EgressOnlyInternetGatewayId}.`)
  return { id: gateway.EgressOnlyInternetGatewayId, created: true }
}
