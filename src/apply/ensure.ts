/**
 * Executes a Plan: creates (or adopts) the gateway, waits until it is available, writes the
 * routes, then the gateway endpoints and, if asked, waits for the zones' addresses. Cleans up after
 * itself: an Elastic IP this run took for a gateway that could not be made is released.
 */
import type { RunContext } from '../context.js'
import { errorMessage } from '../ec2/errors.js'
import { describeSubnets } from '../ec2/network.js'
import { IncompleteRunError, type Outcome } from '../model/outcome.js'
import type { Plan } from '../model/plan.js'
import type { NatGateway } from '../model/resources.js'
import { settleWithConcurrency } from './concurrency.js'
import { applyGatewayEndpoint } from './gateway-endpoints.js'
import { ensureGateway, type GatewayResult } from './gateway.js'
import { releaseAfterFailure } from './release.js'
import { writeRoute } from './routes.js'
import {
  GatewayFailedError,
  waitForZoneAddresses,
  waitUntilAvailable,
  ZoneAddressesTimeoutError
} from './wait.js'

/** Route writes in flight at once: EC2 refills route writes at 5 per second after a burst of 50. */
const ROUTE_CONCURRENCY = 10

async function waitForGateway(ctx: RunContext, gateway: GatewayResult): Promise<NatGateway> {
  const { natGateway, runAddresses } = gateway
  if (natGateway.State === 'available') return natGateway
  const id = natGateway.NatGatewayId
  ctx.log.info(`Waiting for ${id} to become available (up to ${ctx.config.waitTimeoutSeconds} s).`)
  const started = ctx.clock.now()
  try {
    const ready = await waitUntilAvailable(ctx, id)
    ctx.log.info(`${id} is available after ${Math.round((ctx.clock.now() - started) / 1000)} s.`)
    return ready
  } catch (error) {
    // A failed gateway gives its address back; one still pending keeps it for a rerun to adopt.
    if (error instanceof GatewayFailedError) await releaseAfterFailure(ctx, runAddresses, error)
    throw error
  }
}

async function waitForRoutedZones(
  ctx: RunContext,
  outcome: Outcome,
  subnetIds: string[]
): Promise<NatGateway> {
  const subnets = await describeSubnets(ctx.ec2, subnetIds)
  const zones = [...new Set(subnets.flatMap(s => (s.AvailabilityZone ? [s.AvailabilityZone] : [])))]
  ctx.log.info(`Waiting for public IPs in ${zones.join(', ')}, the zones of the routed subnets.`)
  try {
    return await waitForZoneAddresses(ctx, outcome.natGateway, zones)
  } catch (error) {
    if (!(error instanceof ZoneAddressesTimeoutError)) throw error
    throw new IncompleteRunError({ ...outcome, natGateway: error.natGateway }, error.message, {
      cause: error
    })
  }
}

export async function apply(ctx: RunContext, plan: Plan): Promise<Outcome> {
  const gateway = await ensureGateway(ctx, plan.gateway)
  const ready = await waitForGateway(ctx, gateway)
  const natGatewayId = ready.NatGatewayId
  const settled = await settleWithConcurrency(plan.routes, ROUTE_CONCURRENCY, route =>
    writeRoute(ctx, route, natGatewayId)
  )
  const routes = settled.flatMap(r => (r.status === 'fulfilled' ? [r.value] : []))
  for (const { routeTableId, result, previousTarget } of routes) {
    if (result === 'kept') continue
    const was = previousTarget ? ` (was ${previousTarget})` : ''
    ctx.log.info(`${routeTableId}: route ${ctx.config.destination.cidr} ${result}${was}.`)
  }
  const outcome: Outcome = {
    natGateway: ready,
    created: gateway.created,
    routes,
    gatewayEndpoints: []
  }
  const failures = settled.flatMap((r, i) =>
    r.status === 'rejected' ? [`${plan.routes[i]?.routeTableId}: ${errorMessage(r.reason)}`] : []
  )
  if (failures.length > 0) {
    const lines = failures.map(f => `  - ${f}`).join('\n')
    throw new IncompleteRunError(outcome, `Some routes could not be written:\n${lines}`)
  }
  for (const endpoint of plan.gatewayEndpoints) {
    outcome.gatewayEndpoints.push(await applyGatewayEndpoint(ctx, endpoint))
  }
  if (plan.routedSubnetIds) {
    // AWS expands an automatic regional gateway into a zone once it sees a workload there (a
    // network interface in one of its subnets), so this waits after the routes are in place.
    outcome.natGateway = await waitForRoutedZones(ctx, outcome, plan.routedSubnetIds)
  }
  return outcome
}
