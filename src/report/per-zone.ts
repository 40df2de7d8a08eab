/** A run with a gateway per zone, as the log and the job summary show it. Pure. */
import type { Config } from '../model/config.js'
import { usableAddresses } from '../model/addresses.js'
import { endpointLabel } from '../model/gateway-endpoints.js'
import type { PerZoneOutcome } from '../model/outcome.js'
import { type PerZonePlan, type PlanStep, stepKey } from '../model/plan.js'
import { escapeMarkdown } from './markdown.js'
import { describeEndpointPlan, planSteps, teardownSteps } from './plan.js'

/** The plan's steps in the order apply takes them: the zones (at once), endpoints, retirement. */
export function perZoneSteps(config: Config, plan: PerZonePlan): PlanStep[] {
  return [
    ...plan.zones.flatMap(zone =>
      planSteps(zone.config, zone.plan).map(step => ({
        key: stepKey.inZone(zone.subnetId, step.key),
        line: `${zone.zone}: ${step.line}`
      }))
    ),
    ...plan.gatewayEndpoints.map(endpoint => ({
      key: stepKey.gatewayEndpoint(endpoint.service),
      line: describeEndpointPlan(endpoint)
    })),
    ...teardownSteps(config, plan.retire).map(step => ({
      ...step,
      line: `Retire (subnet no longer in subnet-ids): ${step.line}`
    }))
  ]
}

export function describePerZonePlan(config: Config, plan: PerZonePlan): string[] {
  const skipped = plan.skippedRouteTables.map(
    ({ routeTableId, reason }) => `${routeTableId}: left out by route-table-ids: auto, ${reason}`
  )
  return [...perZoneSteps(config, plan).map(step => step.line), ...skipped]
}

export function perZoneSummaryMarkdown(config: Config, outcome: PerZoneOutcome): string {
  const lines = [
    `## NAT gateways "${escapeMarkdown(config.name)}": one per zone`,
    '',
    '| Zone | NAT gateway | Subnet | Public IPs | Route tables | This run |',
    '| --- | --- | --- | --- | --- | --- |'
  ]
  for (const { zone, zoneId, subnetId, outcome: o } of outcome.zones) {
    const ips = usableAddresses(o.natGateway).flatMap(a => (a.PublicIp ? [a.PublicIp] : []))
    const routes = o.routes.map(
      r => `${r.routeTableId}${r.result === 'kept' ? '' : ` (${r.result})`}`
    )
    const cells = [
      `${zone} (${zoneId})`,
      o.natGateway.NatGatewayId,
      subnetId,
      ips.join(', ') || '—',
      routes.join(', ') || '—',
      o.created ? 'created' : 'found'
    ]
    lines.push(`| ${cells.map(escapeMarkdown).join(' | ')} |`)
  }
  for (const endpoint of outcome.gatewayEndpoints) {
    const ids = escapeMarkdown(endpoint.vpcEndpointIds.join(', '))
    lines.push('', `${endpointLabel(endpoint.service)}: ${ids}.`)
  }
  const retired = outcome.retired
  if (retired && retired.deletedNatGatewayIds.length > 0) {
    const released = retired.releasedAllocationIds
    lines.push(
      '',
      escapeMarkdown(
        `Retired (their subnet is no longer in subnet-ids): ${retired.deletedNatGatewayIds.join(', ')}` +
          `${released.length > 0 ? `; released ${released.join(', ')}` : ''}.`
      )
    )
  }
  return `${lines.join('\n')}\n`
}
