/**
 * Executes a Plan: creates (or adopts) the gateway, waits until it is available, changes its
 * Elastic IPs and secondary private IPs in place if planned, writes the routes, then the gateway
 * endpoints and, if asked, waits for the zones' addresses; addresses still associating are waited
 * for, and a failed one makes the run incomplete after the routes are written. Cleans up after
 * itself: an Elastic IP this run took for a gateway that could not be made is released.
 */
import type { RunContext } from '../context.js'
import { errorMessage } from '../ec2/errors.js'
import { describeVpcSubnets } from '../ec2/network.js'
import { describeVpcRouteTables } from '../ec2/route-tables.js'
import { IncompleteRunError, type Outcome } from '../model/outcome.js'
import { type Plan, stepKey } from '../model/plan.js'
import type { NatGateway, RouteTable } from '../model/resources.js'
import { describeRouteTarget, isMainTable, routedSubnetIds } from '../model/routes.js'
import { manualAllocationIds } from '../model/addresses.js'
import { applyAddressChanges, failedAssociations } from './addresses.js'
import { settleWithConcurrency } from './concurrency.js'
import { applyGatewayEndpoint } from './gateway-endpoints.js'
import { ensureGateway, type GatewayResult } from './gateway.js'
import { applyPrivateIpChange } from './private-ips.js'
import { releaseAfterFailure } from './release.js'
import { writeRoute } from './routes.js'
import {
  GatewayFailedError,
  type UntilAvailable,
  waitForZoneAddresses,
  waitUntilAvailable,
  waitForAddresses,
  ZoneAddressesTimeoutError
} from './wait.js'

/** Route writes in flight at once: EC2 refills route writes at 5 per second after a burst of 50. */
const ROUTE_CONCURRENCY = 10

async function waitForGateway(
  ctx: RunContext,
  gateway: GatewayResult,
  untilAvailable: UntilAvailable
): Promise<NatGateway> {
  const { natGateway, runAddresses } = gateway
  if (natGateway.State === 'available') return natGateway
  const id = natGateway.NatGatewayId
  ctx.log.info(`Waiting for ${id} to become available (up to ${ctx.config.waitTimeoutSeconds} s).`)
  const started = ctx.clock.now()
  try {
    const ready = await untilAvailable(ctx, id)
    ctx.log.info(`${id} is available after ${Math.round((ctx.clock.now() - started) / 1000)} s.`)
    return ready
  } catch (error) {
    // A failed gateway gives its address back; one still pending keeps it for a rerun to adopt.
    if (error instanceof GatewayFailedError) await releaseAfterFailure(ctx, runAddresses, error)
    throw error
  }
}

/**
 * The zones of the subnets the tables route, the main table's implicit ones included: those need
 * the VPC's subnets, and its tables to know which subnets another table routes explicitly.
 */
async function routedZones(ctx: RunContext, tables: RouteTable[]): Promise<string[]> {
  const { ec2, config } = ctx
  const [subnets, vpcTables] = await Promise.all([
    describeVpcSubnets(ec2, config.vpcId),
    tables.some(isMainTable) ? describeVpcRouteTables(ec2, config.vpcId) : tables
  ])
  const routed = new Set(tables.flatMap(table => routedSubnetIds(table, subnets, vpcTables)))
  const zones = subnets.flatMap(s =>
    routed.has(s.SubnetId) && s.AvailabilityZone ? [s.AvailabilityZone] : []
  )
  return [...new Set(zones)]
}

async function waitForRoutedZones(
  ctx: RunContext,
  outcome: Outcome,
  tables: RouteTable[]
): Promise<NatGateway> {
  const zones = await routedZones(ctx, tables)
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

/** Elastic IPs the gateway should hold: those of the inputs (manual), or any (automatic). */
function wantedAllocationIds(ctx: RunContext, gateway: NatGateway): string[] {
  const manual = manualAllocationIds(ctx.config.gateway)
  if (manual.length > 0) return manual
  return (gateway.NatGatewayAddresses ?? []).flatMap(a => (a.AllocationId ? [a.AllocationId] : []))
}

/**
 * The addresses as they end up: a bounded wait for any still associating, then every wanted one
 * that failed, with EC2's message.
 */
async function settleAddresses(
  ctx: RunContext,
  natGateway: NatGateway
): Promise<{ natGateway: NatGateway; failures: string[] }> {
  const busy = (gateway: NatGateway) =>
    (gateway.NatGatewayAddresses ?? []).some(
      a => a.Status === 'associating' || a.Status === 'assigning'
    )
  let settled = natGateway
  if (busy(natGateway)) {
    ctx.log.info(`${natGateway.NatGatewayId}: waiting for addresses still associating.`)
    settled = (
      await waitForAddresses(ctx, natGateway, g => !busy(g), 'addresses still associating')
    ).natGateway
  }
  return {
    natGateway: settled,
    failures: failedAssociations(settled, wantedAllocationIds(ctx, settled))
  }
}

function incomplete(outcome: Outcome, headline: string, lines: string[]): IncompleteRunError {
  return new IncompleteRunError(outcome, `${headline}\n${lines.map(f => `  - ${f}`).join('\n')}`)
}

/**
 * `untilAvailable`: how the gateway is waited for; with a gateway per zone, together with the
 * other zones' (one DescribeNatGateways per poll for all of them).
 */
export async function apply(
  ctx: RunContext,
  plan: Plan,
  untilAvailable: UntilAvailable = waitUntilAvailable
): Promise<Outcome> {
  const gateway = await ensureGateway(ctx, plan.gateway)
  ctx.progress?.add(stepKey.gateway)
  let ready = await waitForGateway(ctx, gateway, untilAvailable)
  const addressFailures: string[] = []
  if (plan.gateway.action === 'adopt' && plan.gateway.addresses) {
    const changed = await applyAddressChanges(ctx, ready, plan.gateway.addresses)
    ready = changed.natGateway
    addressFailures.push(...changed.failures)
    ctx.progress?.add(stepKey.addresses)
  }
  if (plan.gateway.action === 'adopt' && plan.gateway.privateIps) {
    const changed = await applyPrivateIpChange(ctx, ready, plan.gateway.privateIps)
    ready = changed.natGateway
    addressFailures.push(...changed.failures)
    ctx.progress?.add(stepKey.privateIps)
  }
  const natGatewayId = ready.NatGatewayId
  const settled = await settleWithConcurrency(plan.routes, ROUTE_CONCURRENCY, route =>
    writeRoute(ctx, route, natGatewayId)
  )
  const routes = settled.flatMap(r => (r.status === 'fulfilled' ? [r.value] : []))
  for (const { routeTableId, result, previousTarget } of routes) {
    ctx.progress?.add(stepKey.route(routeTableId))
    if (result === 'kept') continue
    const was = previousTarget ? ` (was ${describeRouteTarget(previousTarget)})` : ''
    ctx.log.info(`${routeTableId}: route ${ctx.config.destination.cidr} ${result}${was}.`)
  }
  const outcome: Outcome = {
    natGateway: ready,
    created: gateway.created,
    routes,
    gatewayEndpoints: [],
    ...(plan.gateway.action === 'adopt' &&
      plan.gateway.addresses && { addressChanges: plan.gateway.addresses }),
    ...(plan.gateway.action === 'adopt' &&
      plan.gateway.privateIps && { privateIpChange: plan.gateway.privateIps })
  }
  const failures = settled.flatMap((r, i) =>
    r.status === 'rejected' ? [`${plan.routes[i]?.routeTableId}: ${errorMessage(r.reason)}`] : []
  )
  if (failures.length > 0) {
    throw incomplete(outcome, 'Some routes could not be written:', [
      ...failures,
      ...addressFailures
    ])
  }
  for (const endpoint of plan.gatewayEndpoints) {
    outcome.gatewayEndpoints.push(await applyGatewayEndpoint(ctx, endpoint))
    ctx.progress?.add(stepKey.gatewayEndpoint(endpoint.service))
  }
  if (plan.routedTables) {
    // AWS expands an automatic regional gateway into a zone when the VPC has a workload there
    // (subnets and network interfaces in the zone), so this waits after the routes are in place.
    outcome.natGateway = await waitForRoutedZones(ctx, outcome, plan.routedTables)
  }
  const final = await settleAddresses(ctx, outcome.natGateway)
  outcome.natGateway = final.natGateway
  const addressProblems = [...new Set([...addressFailures, ...final.failures])]
  if (addressProblems.length > 0) {
    throw incomplete(
      outcome,
      'The gateway and its routes are in place, but its addresses are not all usable:',
      addressProblems
    )
  }
  return outcome
}
