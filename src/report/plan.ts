/** The plans as the log shows them, and how this run's plan differs from the approved one. Pure. */
import type { Config } from '../config/config.js'
import { endpointLabel } from '../model/gateway-endpoints.js'
import type { GatewayEndpointPlan, Plan, TeardownPlan } from '../model/plan.js'
import type { PlanDifference } from '../plan/expected-plan.js'

export function describeEndpointPlan(plan: GatewayEndpointPlan): string {
  const label = endpointLabel(plan.service)
  switch (plan.action) {
    case 'keep':
      return `${label}: every routed table is already served (${plan.vpcEndpointIds.join(', ')}).`
    case 'create':
      return `${label}: create one for ${plan.routeTableIds.join(', ')}.`
    case 'add':
      return `${label}: add ${plan.routeTableIds.join(', ')} to ${plan.vpcEndpointId}.`
  }
}

/** The plan as log lines. */
export function describePlan(config: Config, plan: Plan): string[] {
  const { gateway } = plan
  const lines: string[] = []
  if (gateway.action === 'adopt') {
    lines.push(`NAT gateway: use ${gateway.natGateway.NatGatewayId} (${gateway.natGateway.State}).`)
  } else {
    const spec = config.gateway
    const where =
      spec.mode === 'zonal' ? `zonal in ${spec.subnetId}` : `regional in ${config.vpcId}`
    const address =
      gateway.automaticAddress?.kind === 'allocate'
        ? ', allocating an Elastic IP'
        : gateway.automaticAddress?.kind === 'reuse'
          ? `, reusing Elastic IP ${gateway.automaticAddress.allocationId}`
          : ''
    lines.push(`NAT gateway: create "${config.name}", ${spec.connectivity} ${where}${address}.`)
  }
  for (const { routeTableId, reason } of plan.skippedRouteTables) {
    lines.push(`${routeTableId}: left out by route-table-ids: auto, ${reason}.`)
  }
  const destination = config.destination.cidr
  for (const route of plan.routes) {
    const what = {
      keep: `${destination} already routed to the gateway`,
      create: `create route ${destination}`,
      replace: `replace route ${destination} (now to ${route.currentTarget}, ${route.reason})`
    }[route.action]
    lines.push(`${route.routeTableId}: ${what}.`)
  }
  lines.push(...plan.gatewayEndpoints.map(describeEndpointPlan))
  return lines
}

function teardownHasChanges(plan: TeardownPlan): boolean {
  return (
    plan.natGateways.length > 0 ||
    plan.routes.length > 0 ||
    plan.releaseAllocationIds.length > 0 ||
    plan.gatewayEndpoints.length > 0
  )
}

export function describeTeardown(config: Config, plan: TeardownPlan): string[] {
  if (!teardownHasChanges(plan)) {
    return [
      `Nothing to tear down: no NAT gateway named "${config.name}" managed by this action in ${config.vpcId}.`
    ]
  }
  return [
    ...plan.routes.map(
      r => `${r.routeTableId}: delete route ${config.destination.cidr} (to ${r.natGatewayId}).`
    ),
    ...plan.natGateways.map(g => `NAT gateway: delete ${g.NatGatewayId} (${g.State}).`),
    ...plan.releaseAllocationIds.map(id => `Elastic IP: release ${id}, allocated by this action.`),
    ...plan.gatewayEndpoints.map(
      e => `${endpointLabel(e.service)}: delete ${e.vpcEndpointId}, created by this action.`
    )
  ]
}

const shown = (value: unknown): string => (value === undefined ? 'nothing' : JSON.stringify(value))

/** One line per difference from the approved plan: where, what was approved, what is planned now. */
export function describeDifferences(differences: PlanDifference[]): string[] {
  return differences.map(
    d => `${d.path}: the approved plan has ${shown(d.expected)}, this run plans ${shown(d.actual)}.`
  )
}
