/**
 * Writing a planned route of a table to its target: the destination route and NAT64 to the NAT
 * gateway, `::/0` to the egress-only internet gateway.
 */
import type { RunContext } from '../context.js'
import { ErrorCode, errorMessage, hasErrorCode } from '../ec2/errors.js'
import {
  CONSISTENCY_WINDOW_MS,
  pollUntil,
  retryWhile,
  ROUTE_REREAD_INTERVAL_MS
} from '../ec2/retry.js'
import { createRoute, describeRouteTables, replaceRoute } from '../ec2/route-tables.js'
import type { Destination } from '../model/config.js'
import type { RouteOutcome } from '../model/outcome.js'
import type { RoutePlan } from '../model/plan.js'
import { findRoute, type RouteTarget, routeTarget, targetOfKind } from '../model/routes.js'

/** A route EC2 said exists (RouteAlreadyExists) but that did not read back in time. */
function routeNotReadable(routeTableId: string): Error {
  return new Error(
    `EC2 said the route exists, but it did not show in ${routeTableId} within ${CONSISTENCY_WINDOW_MS / 1000} s; a rerun reads it again.`
  )
}

async function reconcileExistingRoute(
  ctx: RunContext,
  routeTableId: string,
  destination: Destination,
  target: RouteTarget
): Promise<RouteOutcome> {
  const { ec2, config, clock } = ctx
  // A route just created may not read back yet: EC2 said it exists, so read until it shows.
  const read = await pollUntil(
    async () => {
      const [table] = await describeRouteTables(ec2, [routeTableId])
      return table && findRoute(table, destination)
    },
    found => found !== undefined,
    { clock, withinMs: CONSISTENCY_WINDOW_MS, intervalMs: ROUTE_REREAD_INTERVAL_MS }
  )
  const route = read.done ? read.value : undefined
  if (!route) throw routeNotReadable(routeTableId)
  if (targetOfKind(route, target.kind) === target.id) return { routeTableId, result: 'created' }
  const previousTarget = routeTarget(route)
  if (route.GatewayId?.startsWith('igw-')) {
    throw new Error(
      `while this run was working, ${destination.cidr} was routed to the internet gateway ` +
        `${previousTarget}, which makes the table public; it was left as it is.`
    )
  }
  if (route.State !== 'blackhole' && config.routeConflict === 'fail') {
    throw new Error(
      `while this run was working, ${destination.cidr} was routed to ${previousTarget}; ` +
        'it was left as it is (route-conflict: fail).'
    )
  }
  await replaceRoute(ec2, routeTableId, destination, target)
  return { routeTableId, result: 'replaced', previousTarget }
}

/** The route was deleted since it was read; EC2 says so in one of two ways. */
function isRouteGone(error: unknown): boolean {
  return (
    hasErrorCode(error, ErrorCode.routeNotFound) ||
    (hasErrorCode(error, ErrorCode.invalidParameterValue) && /no route/i.test(errorMessage(error)))
  )
}

/**
 * Writes the planned route, noted in the job record before the write (a route that then does not
 * point to the gateway was not written) and again with what the write did.
 */
export async function writeRoute(
  ctx: RunContext,
  route: RoutePlan,
  destination: Destination,
  target: RouteTarget
): Promise<RouteOutcome> {
  const record = (outcome: Pick<RouteOutcome, 'result' | 'previousTarget'>, written: boolean) =>
    ctx.journal?.route({
      routeTableId: route.routeTableId,
      destination,
      targetId: target.id,
      change: outcome.result,
      ...(outcome.previousTarget !== undefined && {
        previous: { target: outcome.previousTarget, blackhole: route.reason === 'blackhole' }
      }),
      written
    })
  const intent = { keep: 'kept', create: 'created', replace: 'replaced' } as const
  if (route.action !== 'keep') {
    record({ result: intent[route.action], previousTarget: route.currentTarget }, false)
  }
  const outcome = await writePlannedRoute(ctx, route, destination, target)
  record(outcome, true)
  return outcome
}

async function writePlannedRoute(
  ctx: RunContext,
  route: RoutePlan,
  destination: Destination,
  target: RouteTarget
): Promise<RouteOutcome> {
  const { ec2, clock } = ctx
  const { routeTableId } = route
  // A gateway just created may be unknown to CreateRoute for a little while.
  const untilGatewayVisible = {
    codes: ErrorCode.routeTargetNotVisibleYet,
    withinMs: CONSISTENCY_WINDOW_MS,
    clock
  }
  if (route.action === 'keep') return { routeTableId, result: 'kept' }
  if (route.action === 'replace') {
    try {
      await retryWhile(
        () => replaceRoute(ec2, routeTableId, destination, target),
        untilGatewayVisible
      )
      return { routeTableId, result: 'replaced', previousTarget: route.currentTarget ?? 'unknown' }
    } catch (error) {
      // Deleted since it was read: create it instead.
      if (!isRouteGone(error)) throw error
    }
  }
  try {
    await retryWhile(() => createRoute(ec2, routeTableId, destination, target), untilGatewayVisible)
    return { routeTableId, result: 'created' }
  } catch (error) {
    // Someone (or a retried request of ours) wrote the route since it was read: look again.
    if (!hasErrorCode(error, ErrorCode.routeAlreadyExists)) throw error
    return reconcileExistingRoute(ctx, routeTableId, destination, target)
  }
}
