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
import type { Destination } from '../model/config.js'
import { type Ipv6RoutePlan, type Plan, type RoutePlan, stepKey } from '../model/plan.js'
import type { NatGateway, RouteTable } from '../model/resources.js'
import {
  describeRouteTarget,
  isMainTable,
  type RouteTarget,
  routedSubnetIds
} from '../model/routes.js'
import { manualAllocationIds } from '../model/addresses.js'
import { applyAddressChanges, failedAssociations } from './addresses.js'
import { settleWithConcurrency } from './concurrency.js'
import { ensureEgressOnlyGateway } from './egress-only-gateway.js'
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

/** One route to write: the destination route and NAT64 to the table's NAT gateway, ::/0 to the egress-only one. */
interface RouteWrite {
  key: string
  route: RoutePlan
  destination: Destination
  target: RouteTarget
  /** Set for the routes of nat64 and ipv6-egress. */
  ipv6?: Ipv6RoutePlan
}

function egressTarget(id: string | undefined): RouteTarget {
  // The plan has an egress-only gateway step whenever it has a ::/0 route.
  if (!id) throw new Error('A ::/0 route was planned without an egress-only internet gateway.')
  return { kind: 'egress-only-internet-gateway', id }
}

function routeWrites(
  ctx: RunContext,
  plan: Plan,
  natGatewayId: string,
  egressOnlyGatewayId: string | undefined
): RouteWrite[] {
  const toNat: RouteTarget = { kind: 'nat-gateway', id: natGatewayId }
  const ipv4 = plan.routes.map(route => ({
    key: stepKey.route(route.routeTableId),
    route,
    destination: ctx.config.destination,
    target: toNat
  }))
  const ipv6 = (plan.ipv6?.routes ?? []).map(route => ({
    key: stepKey.ipv6Route(route.routeTableId, route.destinationCidr),
    route,
    destination: { cidr: route.destinationCidr, family: 'ipv6' as const },
    target: route.target === 'nat-gateway' ? toNat : egressTarget(egressOnlyGatewayId),
    ipv6: route
  }))
  return [...ipv4, ...ipv6]
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
  const egress = plan.ipv6?.egressOnlyGateway
    ? await ensureEgressOnlyGateway(ctx, plan.ipv6.egressOnlyGateway)
    : undefined
  if (egress) ctx.progress?.add(stepKey.egressOnlyGateway)
  const writes = routeWrites(ctx, plan, natGatewayId, egress?.id)
  const settled = await settleWithConcurrency(writes, ROUTE_CONCURRENCY, write =>
    writeRoute(ctx, write.route, write.destination, write.target)
  )
  const written = settled.flatMap((r, i) => {
    const write = writes[i]
    return r.status === 'fulfilled' && write ? [{ write, outcome: r.value }] : []
  })
  for (const { write, outcome } of written) {
    ctx.progress?.add(write.key)
    if (outcome.result === 'kept') continue
    const was = outcome.previousTarget
      ? ` (was ${describeRouteTarget(outcome.previousTarget)})`
      : ''
    ctx.log.info(
      `${outcome.routeTableId}: route ${write.destination.cidr} ${outcome.result}${was}.`
    )
  }
  const routes = written.filter(w => w.write.ipv6 === undefined).map(w => w.outcome)
  const outcome: Outcome = {
    natGateway: ready,
    created: gateway.created,
    routes,
    gatewayEndpoints: [],
    ...(plan.gateway.action === 'adopt' &&
      plan.gateway.addresses && { addressChanges: plan.gateway.addresses }),
    ...(plan.gateway.action === 'adopt' &&
      plan.gateway.privateIps && { privateIpChange: plan.gateway.privateIps }),
    ...(plan.ipv6 && {
      ipv6: {
        routes: written.flatMap(({ write, outcome: route }) =>
          write.ipv6
            ? [{ ...route, destinationCidr: write.destination.cidr, targetId: write.target.id }]
            : []
        ),
        ...(egress && { egressOnlyInternetGatewayId: egress.id }),
        egressOnlyGatewayCreated: egress?.created ?? false
      }
    })
  }
  const failures = settled.flatMap((r, i) =>
    r.status === 'rejected'
      ? [
          `${writes[i]?.route.routeTableId} ${writes[i]?.destination.cidr}: ${errorMessage(r.reason)}`
        ]
      : []
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
