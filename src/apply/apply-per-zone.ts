/**
 * Executes a plan with a gateway per zone: every zone's plan at once (the gateways are created
 * concurrently and waited for together, so three zones take about as long as one), then the
 * gateway endpoints over every zone's tables, then, once every zone's routes are in place, the
 * gateways of a subnet no longer listed are retired like a teardown of just them.
 */
import type { RunContext } from '../context.js'
import { errorMessage } from '../ec2/errors.js'
import { IncompleteRunError, type PerZoneOutcome, type ZoneOutcome } from '../model/outcome.js'
import { type PerZonePlan, stepKey, type ZonePlan } from '../model/plan.js'
import { apply } from './apply-ensure.js'
import { applyTeardown } from './apply-teardown.js'
import { applyGatewayEndpoint } from './gateway-endpoints.js'
import { GatewayWaitGroup } from './wait.js'

function zoneContext(ctx: RunContext, zone: ZonePlan): RunContext {
  const { progress } = ctx
  return {
    ...ctx,
    config: zone.config,
    log: {
      info: line => ctx.log.info(`${zone.zone}: ${line}`),
      warning: line => ctx.log.warning(`${zone.zone}: ${line}`)
    },
    ...(progress && { progress: { add: key => progress.add(stepKey.inZone(zone.subnetId, key)) } })
  }
}

/** Thrown when a zone could not be ensured; carries what the other zones did, for the outputs. */
export class IncompleteZonesError extends Error {
  readonly outcome: PerZoneOutcome

  constructor(outcome: PerZoneOutcome, message: string) {
    super(message)
    this.name = 'IncompleteZonesError'
    this.outcome = outcome
  }
}

export async function applyPerZone(ctx: RunContext, plan: PerZonePlan): Promise<PerZoneOutcome> {
  const waitGroup = new GatewayWaitGroup(ctx)
  const settled = await Promise.allSettled(
    plan.zones.map(zone => apply(zoneContext(ctx, zone), zone.plan, waitGroup.untilAvailable))
  )
  const outcome: PerZoneOutcome = { zones: [], gatewayEndpoints: [] }
  const failures: string[] = []
  settled.forEach((result, i) => {
    const zone = plan.zones[i] as ZonePlan
    const of = (o: ZoneOutcome['outcome']): ZoneOutcome => ({
      zone: zone.zone,
      zoneId: zone.zoneId,
      subnetId: zone.subnetId,
      outcome: o
    })
    if (result.status === 'fulfilled') {
      outcome.zones.push(of(result.value))
      return
    }
    const error: unknown = result.reason
    // A zone whose gateway is up but not finished still gives later steps what exists.
    if (error instanceof IncompleteRunError) outcome.zones.push(of(error.outcome))
    failures.push(`${zone.zone} (${zone.subnetId}): ${errorMessage(error)}`)
  })
  if (failures.length > 0) {
    const retiring = plan.retire.natGateways.map(g => g.NatGatewayId)
    const kept =
      retiring.length > 0
        ? ` ${retiring.join(', ')} not retired: its zone's routes may not have moved.`
        : ''
    throw new IncompleteZonesError(
      outcome,
      `Not every zone's gateway and routes could be ensured:\n${failures.map(f => `  - ${f}`).join('\n')}${kept}`
    )
  }
  for (const endpoint of plan.gatewayEndpoints) {
    outcome.gatewayEndpoints.push(await applyGatewayEndpoint(ctx, endpoint))
    ctx.progress?.add(stepKey.gatewayEndpoint(endpoint.service))
  }
  if (plan.retire.natGateways.length > 0) {
    outcome.retired = await applyTeardown(ctx, plan.retire)
  }
  return outcome
}
