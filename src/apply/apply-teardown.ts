/**
 * Executes a teardown plan: routes to our gateway (and to our egress-only internet gateway)
 * deleted, the gateway deleted and waited for, then the Elastic IPs the action allocated
 * released, our gateway endpoints deleted, and our egress-only internet gateway deleted.
 */
import type { RunContext } from '../context.js'
import { deleteEgressOnlyGateway } from '../ec2/egress-only-gateways.js'
import { deleteNatGateway } from '../ec2/nat-gateways.js'
import { deleteRoute } from '../ec2/route-tables.js'
import type { TeardownOutcome } from '../model/outcome.js'
import { stepKey, type TeardownPlan } from '../model/plan.js'
import { deleteOwnGatewayEndpoint } from './gateway-endpoints.js'
import { releaseAddresses } from './release.js'
import { waitUntilDeleted } from './wait.js'

export async function applyTeardown(ctx: RunContext, plan: TeardownPlan): Promise<TeardownOutcome> {
  const { ec2, config, log, progress } = ctx
  for (const { routeTableId, natGatewayId } of plan.routes) {
    await deleteRoute(ec2, routeTableId, config.destination)
    progress?.add(stepKey.deleteRoute(routeTableId))
    log.info(`${routeTableId}: deleted the route ${config.destination.cidr} to ${natGatewayId}.`)
  }
  for (const { routeTableId, destinationCidr, targetId } of plan.ipv6Routes) {
    await deleteRoute(ec2, routeTableId, { cidr: destinationCidr, family: 'ipv6' })
    progress?.add(stepKey.deleteIpv6Route(routeTableId, destinationCidr))
    log.info(`${routeTableId}: deleted the route ${destinationCidr} to ${targetId}.`)
  }
  for (const { NatGatewayId: natGatewayId, State } of plan.natGateways) {
    if (State !== 'deleting') await deleteNatGateway(ec2, natGatewayId)
  }
  // Several gateways (a gateway per zone) are deleted at once and waited for side by side.
  await Promise.all(
    plan.natGateways.map(async ({ NatGatewayId: natGatewayId }) => {
      await waitUntilDeleted(ctx, natGatewayId)
      progress?.add(stepKey.deleteGateway(natGatewayId))
      log.info(`Deleted NAT gateway ${natGatewayId}.`)
    })
  )
  const { released, leftovers } = await releaseAddresses(
    ctx,
    plan.releaseAllocationIds,
    'which this action had allocated for the gateway'
  )
  released.forEach(id => progress?.add(stepKey.release(id)))
  if (leftovers.length > 0) throw new Error(leftovers.join('\n'))
  for (const endpoint of plan.gatewayEndpoints) {
    await deleteOwnGatewayEndpoint(ctx, endpoint)
    progress?.add(stepKey.deleteGatewayEndpoint(endpoint.service))
  }
  const egressId = plan.deleteEgressOnlyGatewayId
  if (egressId) {
    await deleteEgressOnlyGateway(ec2, egressId)
    progress?.add(stepKey.deleteEgressOnlyGateway(egressId))
    log.info(`Deleted the egress-only internet gateway ${egressId}, which this action had created.`)
  }
  return {
    ...(plan.ipv6Routes.length > 0 && { deletedIpv6Routes: plan.ipv6Routes }),
    ...(egressId && { deletedEgressOnlyGatewayId: egressId }),
    deletedNatGatewayIds: plan.natGateways.map(g => g.NatGatewayId),
    routeTableIds: plan.routes.map(r => r.routeTableId),
    releasedAllocationIds: released,
    deletedGatewayEndpoints: plan.gatewayEndpoints
  }
}
