/**
 * Executes the post step's plan: the job's routes deleted or put back, the tables it added taken
 * off endpoints it found, the endpoints it created deleted, its gateways deleted and waited for,
 * then the Elastic IPs it allocated released. A write that fails does not stop the others: it is
 * listed with what remains, and the post step fails.
 */
import type { RunContext } from '../context.js'
import { errorCode, errorMessage } from '../ec2/errors.js'
import { deleteNatGateway } from '../ec2/nat-gateways.js'
import { deleteRoute, restoreRoute } from '../ec2/route-tables.js'
import { removeRouteTablesFromEndpoint } from '../ec2/vpc-endpoints.js'
import { endpointLabel } from '../model/gateway-endpoints.js'
import {
  type JobEndOutcome,
  type JobEndPlan,
  type JobEndRoute,
  routeLabel
} from '../model/job-end.js'
import { describeRouteTarget, routeTargetParameter } from '../model/routes.js'
import { deleteOwnGatewayEndpoint } from './gateway-endpoints.js'
import { releaseAddresses } from './release.js'
import { waitUntilDeleted } from './wait.js'

/** The earlier target of a replaced route no longer exists: EC2 says `…ID.NotFound` of it. */
const isTargetGone = (error: unknown): boolean => /\.NotFound$/i.test(errorCode(error) ?? '')

/** Deletes the route, or puts it back to its earlier target (deleted if that is gone); says which. */
async function undoRoute({ ec2 }: RunContext, route: JobEndRoute): Promise<string> {
  const { routeTableId, destination, previous } = route.record
  const parameter = previous && routeTargetParameter(previous.target)
  if (route.action === 'restore' && previous && parameter) {
    try {
      await restoreRoute(ec2, routeTableId, destination, { parameter, id: previous.target })
      return `put back to ${describeRouteTarget(previous.target)}, as before this job`
    } catch (error) {
      if (!isTargetGone(error)) throw error
      await deleteRoute(ec2, routeTableId, destination)
      return `deleted: its earlier target ${previous.target} no longer exists (${errorMessage(error)})`
    }
  }
  await deleteRoute(ec2, routeTableId, destination)
  return route.action === 'delete' && route.note ? `deleted: ${route.note}` : 'deleted'
}

export async function applyJobEnd(ctx: RunContext, plan: JobEndPlan): Promise<JobEndOutcome> {
  const { ec2, log } = ctx
  const outcome: JobEndOutcome = {
    removed: [],
    left: [...plan.left],
    remaining: [...plan.remaining],
    foundByRunTag: plan.foundByRunTag
  }
  /** Runs one write; a failure is listed with what remains, and the others go on. */
  const attempt = async (resource: string, write: () => Promise<string | undefined>) => {
    try {
      const note = await write()
      outcome.removed.push({ resource, ...(note && { note }) })
      log.info(`${resource}: ${note ?? 'removed'}.`)
      return true
    } catch (error) {
      outcome.remaining.push({ resource, reason: `could not be removed: ${errorMessage(error)}` })
      log.warning(`${resource} could not be removed: ${errorMessage(error)}`)
      return false
    }
  }
  for (const route of plan.routes) {
    await attempt(routeLabel(route.record), () => undoRoute(ctx, route))
  }
  for (const { service, vpcEndpointId, routeTableIds } of plan.detachRouteTables) {
    await attempt(
      `${routeTableIds.join(', ')} on the ${endpointLabel(service)} ${vpcEndpointId}`,
      async () => {
        await removeRouteTablesFromEndpoint(ec2, vpcEndpointId, routeTableIds)
        return 'taken off (this job had added them)'
      }
    )
  }
  for (const endpoint of plan.deleteGatewayEndpoints) {
    await attempt(`${endpointLabel(endpoint.service)} ${endpoint.vpcEndpointId}`, async () => {
      await deleteOwnGatewayEndpoint(ctx, endpoint)
      return 'deleted'
    })
  }
  const stuck = new Set<string | undefined>()
  for (const gateway of plan.natGateways) {
    const id = gateway.NatGatewayId
    const deleted = await attempt(`NAT gateway ${id}`, async () => {
      if (gateway.State !== 'deleting') await deleteNatGateway(ec2, id)
      await waitUntilDeleted(ctx, id)
      return 'deleted'
    })
    // Its addresses stay in use while it exists: releasing them could only fail.
    if (!deleted) (gateway.NatGatewayAddresses ?? []).forEach(a => stuck.add(a.AllocationId))
  }
  const release = plan.releaseAllocationIds.filter(id => !stuck.has(id))
  for (const id of plan.releaseAllocationIds.filter(id => stuck.has(id))) {
    outcome.remaining.push({
      resource: `Elastic IP ${id}`,
      reason: 'its NAT gateway could not be deleted, so it is still in use'
    })
  }
  const { released, leftovers } = await releaseAddresses(
    ctx,
    release,
    'which this job had allocated'
  )
  for (const id of release) {
    const resource = `Elastic IP ${id}`
    const leftover = leftovers.find(line => line.startsWith(`${resource} `))
    if (released.includes(id)) outcome.removed.push({ resource, note: 'released' })
    else if (leftover) outcome.remaining.push({ resource, reason: leftover })
  }
  return outcome
}
