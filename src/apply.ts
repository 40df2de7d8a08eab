/**
 * Executes a Plan: creates (or adopts) the gateway, waits until it is available, writes the
 * routes. Cleans up after itself: an Elastic IP this run took for a gateway that could not be
 * made is released.
 */
import type { CreateNatGatewayCommandInput, EC2Client, NatGateway } from '@aws-sdk/client-ec2'
import type { Clock } from './clock.js'
import { settleWithConcurrency } from './concurrency.js'
import type { Config } from './config.js'
import { allocateAddress } from './ec2/addresses.js'
import { errorMessage, hasErrorCode } from './ec2/errors.js'
import { describeSubnets } from './ec2/network.js'
import { createNatGateway, findManagedNatGateways, LIVE_STATES } from './ec2/nat-gateways.js'
import { CONSISTENCY_WINDOW_MS, retryWhile } from './ec2/retry.js'
import {
  createRoute,
  describeRouteTables,
  findRoute,
  replaceRoute,
  routeTarget
} from './ec2/route-tables.js'
import { clientToken, companionTags, tagValue } from './identity.js'
import type { Logger } from './log.js'
import type { GatewayPlan, Plan, RoutePlan } from './plan.js'
import { releaseAddresses } from './release.js'
import { applyS3Endpoint, type S3EndpointOutcome } from './s3-endpoint.js'
import {
  GatewayFailedError,
  waitForZoneAddresses,
  waitUntilAvailable,
  ZoneAddressesTimeoutError
} from './wait.js'

export interface ApplyContext {
  ec2: EC2Client
  config: Config
  clock: Clock
  log: Logger
}

export interface RouteOutcome {
  routeTableId: string
  result: 'kept' | 'created' | 'replaced'
  /** For `replaced`: the target the destination routed to before. */
  previousTarget?: string
}

export interface Outcome {
  natGateway: NatGateway
  created: boolean
  routes: RouteOutcome[]
  s3Endpoint?: S3EndpointOutcome
}

/**
 * The gateway is up, but the run did not finish everything: some routes could not be written,
 * or the zones' addresses did not appear in time. Carries what was done, for the outputs.
 */
export class IncompleteRunError extends Error {
  readonly outcome: Outcome

  constructor(outcome: Outcome, message: string) {
    super(message)
    this.name = 'IncompleteRunError'
    this.outcome = outcome
  }
}

/** Route writes in flight at once: EC2 refills route writes at 5 per second after a burst of 50. */
const ROUTE_CONCURRENCY = 10
/** CreateNatGateway attempts, each with a fresh ClientToken when the last one cannot be used. */
const CREATE_ATTEMPTS = 5

type CreatePlan = Extract<GatewayPlan, { action: 'create' }>

interface GatewayResult {
  natGateway: NatGateway
  created: boolean
  /** Elastic IPs this run took for the gateway: released if the gateway cannot be made. */
  runAddresses: string[]
}

/** After a failure: releases the run's addresses and adds to the error any that were left. */
async function releaseAfterFailure(
  ctx: ApplyContext,
  allocationIds: string[],
  error: unknown
): Promise<never> {
  const { leftovers } = await releaseAddresses(ctx, allocationIds, 'which this run had taken')
  if (leftovers.length > 0 && error instanceof Error) error.message += `\n${leftovers.join('\n')}`
  throw error
}

/** Our gateway with this run's name, polled for a while: a concurrent run has just created it. */
async function findOwnGatewayEventually(ctx: ApplyContext): Promise<NatGateway | undefined> {
  const deadline = ctx.clock.now() + 30_000
  for (;;) {
    const gateways = await findManagedNatGateways(ctx.ec2, ctx.config.vpcId)
    const own = gateways.find(g => tagValue(g.Tags, 'Name') === ctx.config.name)
    if (own || ctx.clock.now() >= deadline) return own
    await ctx.clock.sleep(2_000)
  }
}

async function sendCreate(
  ctx: ApplyContext,
  plan: CreatePlan,
  request: CreateNatGatewayCommandInput
): Promise<{ natGateway: NatGateway; created: boolean }> {
  let salt = plan.tokenSalt
  for (let attempt = 1; attempt <= CREATE_ATTEMPTS; attempt++) {
    // The token covers the planned request, not an automatic address: concurrent runs with the
    // same inputs send the same token whichever address each of them allocated.
    const ClientToken = clientToken(plan.request, salt)
    try {
      const natGateway = await createNatGateway(ctx.ec2, { ...request, ClientToken })
      if (LIVE_STATES.includes(natGateway.State ?? 'pending')) return { natGateway, created: true }
      // EC2 still remembers this token for a gateway that has since failed or been deleted.
      ctx.log.info(
        `EC2 answered with ${natGateway.NatGatewayId} (${natGateway.State}), an earlier gateway made with the same ClientToken; creating a new one.`
      )
      salt = natGateway.NatGatewayId ?? `attempt-${attempt}`
    } catch (error) {
      if (!hasErrorCode(error, 'IdempotentParameterMismatch')) throw error
      // Another run sent the same token with another automatic address: it is making this gateway.
      const existing = await findOwnGatewayEventually(ctx)
      if (existing) {
        ctx.log.info(`Another run is creating this gateway: adopting ${existing.NatGatewayId}.`)
        return { natGateway: existing, created: false }
      }
      salt = request.AllocationId ?? `attempt-${attempt}`
    }
  }
  throw new Error(`CreateNatGateway did not give a usable gateway in ${CREATE_ATTEMPTS} attempts.`)
}

async function createGateway(ctx: ApplyContext, plan: CreatePlan): Promise<GatewayResult> {
  const { ec2, config, log } = ctx
  let automaticId: string | undefined
  if (plan.automaticAddress?.kind === 'allocate') {
    // Tagged at allocation, so a run stopped before CreateNatGateway leaves a findable address.
    const address = await allocateAddress(ec2, companionTags(config.name, config.tags))
    automaticId = address.AllocationId
    log.info(`Allocated Elastic IP ${automaticId} (${address.PublicIp}) for the gateway.`)
  } else if (plan.automaticAddress?.kind === 'reuse') {
    automaticId = plan.automaticAddress.allocationId
    log.info(`Reusing Elastic IP ${automaticId}, allocated for this gateway by an earlier run.`)
  }
  const runAddresses = automaticId ? [automaticId] : []
  const request = automaticId ? { ...plan.request, AllocationId: automaticId } : plan.request
  const result = await sendCreate(ctx, plan, request).catch(error =>
    releaseAfterFailure(ctx, runAddresses, error)
  )
  if (!result.created) {
    // The gateway another run made has its own address; ours is not needed.
    const { leftovers } = await releaseAddresses(ctx, runAddresses, 'not needed by that gateway')
    leftovers.forEach(line => log.warning(line))
    return { ...result, runAddresses: [] }
  }
  log.info(`Created NAT gateway ${result.natGateway.NatGatewayId}.`)
  return { ...result, runAddresses }
}

async function ensureGateway(ctx: ApplyContext, plan: GatewayPlan): Promise<GatewayResult> {
  if (plan.action === 'adopt') {
    ctx.log.info(`Found NAT gateway ${plan.natGateway.NatGatewayId} (${plan.natGateway.State}).`)
    return { natGateway: plan.natGateway, created: false, runAddresses: [] }
  }
  return createGateway(ctx, plan)
}

async function reconcileExistingRoute(
  ctx: ApplyContext,
  routeTableId: string,
  natGatewayId: string
): Promise<RouteOutcome> {
  const { config } = ctx
  // A route just created may not read back yet: EC2 said it exists, so read until it shows.
  const route = await retryWhile(
    async () => {
      const [table] = await describeRouteTables(ctx.ec2, [routeTableId])
      const found = table && findRoute(table, config.destination)
      if (!found)
        throw Object.assign(new Error('The route is not readable yet.'), {
          name: 'RouteNotReadable'
        })
      return found
    },
    { codes: ['RouteNotReadable'], withinMs: CONSISTENCY_WINDOW_MS, clock: ctx.clock }
  )
  if (route.NatGatewayId === natGatewayId) return { routeTableId, result: 'created' }
  const previousTarget = routeTarget(route)
  if (route.State !== 'blackhole' && config.routeConflict === 'fail') {
    throw new Error(
      `while this run was working, ${config.destination.cidr} was routed to ${previousTarget}; ` +
        'it was left as it is (route-conflict: fail).'
    )
  }
  await replaceRoute(ctx.ec2, routeTableId, config.destination, natGatewayId)
  return { routeTableId, result: 'replaced', previousTarget }
}

async function writeRoute(
  ctx: ApplyContext,
  route: RoutePlan,
  natGatewayId: string
): Promise<RouteOutcome> {
  const { ec2, config, clock } = ctx
  const { routeTableId } = route
  // A gateway just created may be unknown to CreateRoute for a little while.
  const untilGatewayVisible = {
    codes: ['InvalidNatGatewayID.NotFound', 'InvalidNatGatewayId.NotFound'],
    withinMs: CONSISTENCY_WINDOW_MS,
    clock
  }
  if (route.action === 'keep') return { routeTableId, result: 'kept' }
  if (route.action === 'replace') {
    try {
      await retryWhile(
        () => replaceRoute(ec2, routeTableId, config.destination, natGatewayId),
        untilGatewayVisible
      )
      return { routeTableId, result: 'replaced', previousTarget: route.currentTarget ?? 'unknown' }
    } catch (error) {
      // The route was deleted since it was read: create it instead. EC2 says so with
      // InvalidParameterValue ("There is no route defined for ..."), or InvalidRoute.NotFound.
      const routeGone =
        hasErrorCode(error, 'InvalidRoute.NotFound') ||
        (hasErrorCode(error, 'InvalidParameterValue') && /no route/i.test(errorMessage(error)))
      if (!routeGone) throw error
    }
  }
  try {
    await retryWhile(
      () => createRoute(ec2, routeTableId, config.destination, natGatewayId),
      untilGatewayVisible
    )
    return { routeTableId, result: 'created' }
  } catch (error) {
    // Someone (or a retried request of ours) wrote the route since it was read: look again.
    if (!hasErrorCode(error, 'RouteAlreadyExists')) throw error
    return reconcileExistingRoute(ctx, routeTableId, natGatewayId)
  }
}

async function waitForRoutedZones(
  ctx: ApplyContext,
  outcome: Outcome,
  subnetIds: string[]
): Promise<NatGateway> {
  const subnets = await describeSubnets(ctx.ec2, subnetIds)
  const zones = [...new Set(subnets.flatMap(s => (s.AvailabilityZone ? [s.AvailabilityZone] : [])))]
  ctx.log.info(`Waiting for public IPs in ${zones.join(', ')}, the zones of the routed subnets.`)
  try {
    return await waitForZoneAddresses(ctx.ec2, outcome.natGateway.NatGatewayId as string, zones, {
      timeoutSeconds: ctx.config.waitTimeoutSeconds,
      clock: ctx.clock,
      onProgress: message => ctx.log.info(message)
    })
  } catch (error) {
    if (error instanceof ZoneAddressesTimeoutError) {
      throw new IncompleteRunError({ ...outcome, natGateway: error.natGateway }, error.message)
    }
    throw error
  }
}

async function waitForGateway(ctx: ApplyContext, gateway: GatewayResult): Promise<NatGateway> {
  const { natGateway, runAddresses } = gateway
  if (natGateway.State === 'available') return natGateway
  const id = natGateway.NatGatewayId as string
  const seconds = ctx.config.waitTimeoutSeconds
  ctx.log.info(`Waiting for ${id} to become available (up to ${seconds} s).`)
  const started = ctx.clock.now()
  try {
    const ready = await waitUntilAvailable(ctx.ec2, id, {
      timeoutSeconds: seconds,
      clock: ctx.clock,
      onProgress: message => ctx.log.info(message)
    })
    ctx.log.info(`${id} is available after ${Math.round((ctx.clock.now() - started) / 1000)} s.`)
    return ready
  } catch (error) {
    // A failed gateway gives its address back; one still pending keeps it for a rerun to adopt.
    if (error instanceof GatewayFailedError) await releaseAfterFailure(ctx, runAddresses, error)
    throw error
  }
}

export async function apply(ctx: ApplyContext, plan: Plan): Promise<Outcome> {
  const gateway = await ensureGateway(ctx, plan.gateway)
  const ready = await waitForGateway(ctx, gateway)
  const natGatewayId = ready.NatGatewayId as string
  const settled = await settleWithConcurrency(plan.routes, ROUTE_CONCURRENCY, route =>
    writeRoute(ctx, route, natGatewayId)
  )
  const routes = settled.flatMap(r => (r.status === 'fulfilled' ? [r.value] : []))
  for (const { routeTableId, result, previousTarget } of routes) {
    if (result === 'kept') continue
    const was = previousTarget ? ` (was ${previousTarget})` : ''
    ctx.log.info(`${routeTableId}: route ${ctx.config.destination.cidr} ${result}${was}.`)
  }
  const outcome: Outcome = { natGateway: ready, created: gateway.created, routes }
  const failures = settled.flatMap((r, i) =>
    r.status === 'rejected' ? [`${plan.routes[i]?.routeTableId}: ${errorMessage(r.reason)}`] : []
  )
  if (failures.length > 0) {
    const lines = failures.map(f => `  - ${f}`).join('\n')
    throw new IncompleteRunError(outcome, `Some routes could not be written:\n${lines}`)
  }
  if (plan.s3Endpoint) outcome.s3Endpoint = await applyS3Endpoint(ctx, plan.s3Endpoint)
  if (plan.routedSubnetIds) {
    // AWS expands an automatic regional gateway into a zone once it sees traffic from there, so
    // this waits after the routes are in place.
    outcome.natGateway = await waitForRoutedZones(ctx, outcome, plan.routedSubnetIds)
  }
  return outcome
}
