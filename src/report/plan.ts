/** The plans as the log shows them, and how this run's plan differs from the approved one. Pure. */
import type { Config } from '../model/config.js'
import { endpointLabel } from '../model/gateway-endpoints.js'
import {
  type AddressPlan,
  type EgressOnlyGatewayPlan,
  type GatewayEndpointPlan,
  type Plan,
  type PlanStep,
  type RoutePlan,
  stepKey,
  type TeardownPlan,
  teardownRemoves
} from '../model/plan.js'
import { enableDns64Command } from '../model/ipv6.js'
import type { PrivateIpChange } from '../model/private-ips.js'
import { describeRouteTarget } from '../model/routes.js'
import type { DoneStep, PlanDifference } from '../plan/expected-plan.js'
import { newTargetLabel } from '../plan/route-tables.js'

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

/** The in-place Elastic IP changes as log lines, in the order they are made. */
export function describeAddressPlan(config: Config, plan: AddressPlan): string[] {
  const lines = plan.add.map(
    a => `Elastic IPs: associate ${a.allocationIds.join(', ')}${a.zone ? ` in ${a.zone}` : ''}.`
  )
  if (plan.remove.length > 0) {
    const then = plan.add.length > 0 ? 'once they are in use, ' : ''
    const which = plan.remove
      .map(
        r =>
          `${r.allocationId}${r.publicIp ? ` (${r.publicIp})` : ''}${r.zone ? ` in ${r.zone}` : ''}`
      )
      .join(', ')
    lines.push(
      `Elastic IPs: ${then}disassociate ${which}, draining connections for up to ${config.maxDrainDurationSeconds} s.`
    )
  }
  for (const id of plan.release) lines.push(`Elastic IP: release ${id}, allocated by this action.`)
  return lines
}

/** The in-place change of a private gateway's secondary private IPs, as a log line. */
export function describePrivateIpChange(config: Config, change: PrivateIpChange): string {
  const counts = `${change.from} → ${change.to}`
  return change.assign > 0
    ? `Secondary private IPs (${counts}): assign ${change.assign}.`
    : `Secondary private IPs (${counts}): unassign ${change.unassign.join(', ')}, draining connections for up to ${config.maxDrainDurationSeconds} s.`
}

/** AssociateNatGatewayAddress: "By default, you can associate up to 2 Elastic IP addresses". */
const DEFAULT_ADDRESS_QUOTA = 2

/**
 * A zonal gateway asked for more Elastic IPs than the default quota: said before the write, as the
 * account's quota cannot be read. (How a regional gateway counts it is not documented.)
 */
function quotaNote(config: Config, plan: Plan): string[] {
  const { gateway } = config
  const writes = plan.gateway.action === 'create' || plan.gateway.addresses !== undefined
  if (gateway.mode !== 'zonal' || gateway.elasticIps.allocation !== 'manual' || !writes) return []
  const count = gateway.elasticIps.allocationIds.length
  if (count <= DEFAULT_ADDRESS_QUOTA) return []
  return [
    `Note: ${count} Elastic IPs on one gateway; the default quota "Elastic IP addresses per public NAT gateway" is ${DEFAULT_ADDRESS_QUOTA} (raise it in Service Quotas, or EC2 refuses the rest).`
  ]
}

function describeGatewayPlan(config: Config, plan: Plan): string {
  const { gateway } = plan
  if (gateway.action === 'adopt') {
    return `NAT gateway: use ${gateway.natGateway.NatGatewayId} (${gateway.natGateway.State}).`
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
    const secondary =
      spec.mode === 'zonal' && spec.secondaryPrivateIpCount > 0
        ? `, with ${spec.secondaryPrivateIpCount} secondary private IPs`
        : ''
    return `NAT gateway: create "${config.name}", ${spec.connectivity} ${where}${address}${secondary}.`
  }
}

/** One route's step; `to` names the target when it is not the NAT gateway of the destination route. */
function routeLine(route: RoutePlan, destination: string, to?: string): string {
  const what = {
    keep: `${destination} already routed to ${to ?? 'the gateway'}`,
    create: `create route ${destination}${to ? ` to ${to}` : ''}`,
    replace: `replace route ${destination}${to ? ` to ${to}` : ''} (now to ${describeRouteTarget(route.currentTarget ?? 'an unknown target')}, ${route.reason === 'zone' ? "this action's gateway of another zone" : route.reason})`
  }[route.action]
  return `${route.routeTableId}: ${what}.`
}

function describeEgressOnlyGatewayPlan(plan: EgressOnlyGatewayPlan): string {
  return plan.action === 'use'
    ? `Egress-only internet gateway: use ${plan.egressOnlyInternetGatewayId}, the VPC's.`
    : "Egress-only internet gateway: create one for the VPC, tagged as this action's."
}

/**
 * What nat64 asks of the subnets, said before the write: DNS64 is off on some routed subnets, or
 * (regional gateway) AWS does not say whether NAT64 works there. The action never changes subnets.
 */
export function ipv6Warnings(config: Config, plan: Plan): string[] {
  const off = plan.ipv6?.dns64OffSubnetIds ?? []
  const warnings =
    off.length === 0
      ? []
      : [
          `nat64: DNS64 is off on ${off.join(', ')}, routed through the NAT gateway: IPv6-only hosts there ` +
            'resolve IPv4-only names to no address they can reach, so the 64:ff9b::/96 route carries nothing. ' +
            `Turn it on with ${off.map(enableDns64Command).join('; ')} (this action does not change subnets).`
        ]
  const writesNat64 = (plan.ipv6?.routes ?? []).some(
    r => r.target === 'nat-gateway' && r.action !== 'keep'
  )
  if (writesNat64 && config.gateway.mode === 'regional') {
    warnings.push(
      'nat64 with a regional NAT gateway: the VPC User Guide describes NAT64 for NAT gateways without ' +
        'saying whether regional ones support it (docs/ipv6.md). Test IPv6-only traffic through it.'
    )
  }
  return warnings
}

/** The plan's steps, in the order apply takes them. */
export function planSteps(config: Config, plan: Plan): PlanStep[] {
  const destination = config.destination.cidr
  const steps: PlanStep[] = [{ key: stepKey.gateway, line: describeGatewayPlan(config, plan) }]
  if (plan.gateway.action === 'adopt' && plan.gateway.addresses) {
    for (const line of describeAddressPlan(config, plan.gateway.addresses)) {
      steps.push({ key: stepKey.addresses, line })
    }
  }
  if (plan.gateway.action === 'adopt' && plan.gateway.privateIps) {
    const line = describePrivateIpChange(config, plan.gateway.privateIps)
    steps.push({ key: stepKey.privateIps, line })
  }
  const egress = plan.ipv6?.egressOnlyGateway
  if (egress) {
    steps.push({ key: stepKey.egressOnlyGateway, line: describeEgressOnlyGatewayPlan(egress) })
  }
  for (const route of plan.routes) {
    steps.push({ key: stepKey.route(route.routeTableId), line: routeLine(route, destination) })
  }
  for (const route of plan.ipv6?.routes ?? []) {
    steps.push({
      key: stepKey.ipv6Route(route.routeTableId, route.destinationCidr),
      line: routeLine(route, route.destinationCidr, newTargetLabel(route.target))
    })
  }
  for (const endpoint of plan.gatewayEndpoints) {
    steps.push({
      key: stepKey.gatewayEndpoint(endpoint.service),
      line: describeEndpointPlan(endpoint)
    })
  }
  return steps
}

/** The plan as log lines: its steps, with the tables `auto` left out after the gateway's lines. */
export function describePlan(config: Config, plan: Plan): string[] {
  const steps = planSteps(config, plan)
  const ofGateway = (step: PlanStep) =>
    step.key === stepKey.gateway ||
    step.key === stepKey.addresses ||
    step.key === stepKey.privateIps
  const skipped = plan.skippedRouteTables.map(
    ({ routeTableId, reason }) => `${routeTableId}: left out by route-table-ids: auto, ${reason}.`
  )
  return [
    ...steps.filter(ofGateway).map(step => step.line),
    ...skipped,
    ...steps.filter(step => !ofGateway(step)).map(step => step.line),
    ...quotaNote(config, plan)
  ]
}

/** The teardown's steps, in the order apply takes them. */
export function teardownSteps(config: Config, plan: TeardownPlan): PlanStep[] {
  return [
    ...plan.routes.map(r => ({
      key: stepKey.deleteRoute(r.routeTableId),
      line: `${r.routeTableId}: delete route ${config.destination.cidr} (to ${r.natGatewayId}).`
    })),
    ...plan.ipv6Routes.map(r => ({
      key: stepKey.deleteIpv6Route(r.routeTableId, r.destinationCidr),
      line: `${r.routeTableId}: delete route ${r.destinationCidr} (to ${r.targetId}).`
    })),
    ...plan.natGateways.map(g => ({
      key: stepKey.deleteGateway(g.NatGatewayId),
      line: `NAT gateway: delete ${g.NatGatewayId} (${g.State}).`
    })),
    ...plan.releaseAllocationIds.map(id => ({
      key: stepKey.release(id),
      line: `Elastic IP: release ${id}, allocated by this action.`
    })),
    ...plan.gatewayEndpoints.map(e => ({
      key: stepKey.deleteGatewayEndpoint(e.service),
      line: `${endpointLabel(e.service)}: delete ${e.vpcEndpointId}, created by this action.`
    })),
    ...(plan.deleteEgressOnlyGatewayId
      ? [
          {
            key: stepKey.deleteEgressOnlyGateway(plan.deleteEgressOnlyGatewayId),
            line: `Egress-only internet gateway: delete ${plan.deleteEgressOnlyGatewayId}, created by this action.`
          }
        ]
      : [])
  ]
}

export function describeTeardown(config: Config, plan: TeardownPlan): string[] {
  if (!teardownRemoves(plan)) {
    return [
      `Nothing to tear down: no NAT gateway named "${config.name}" managed by this action in ${config.vpcId}.`
    ]
  }
  return teardownSteps(config, plan).map(step => step.line)
}

/** A value or path of a difference is cut at this length: an approved plan may hold anything. */
const MAX_SHOWN_LENGTH = 200
/** Differences beyond this many are counted, not listed. */
const MAX_DIFFERENCES_SHOWN = 50

const cut = (text: string): string =>
  text.length > MAX_SHOWN_LENGTH ? `${text.slice(0, MAX_SHOWN_LENGTH)}… (cut)` : text

const shown = (value: unknown): string =>
  value === undefined ? 'nothing' : cut(JSON.stringify(value))

/**
 * One line per difference from the approved plan: where, what was approved, what is planned now;
 * long values cut, and past the first differences only how many more there are.
 */
export function describeDifferences(differences: PlanDifference[]): string[] {
  const lines = differences
    .slice(0, MAX_DIFFERENCES_SHOWN)
    .map(
      d =>
        `${cut(d.path)}: the approved plan has ${shown(d.expected)}, this run plans ${shown(d.actual)}.`
    )
  const rest = differences.length - lines.length
  return rest > 0 ? [...lines, `… and ${rest} more differences.`] : lines
}

/** One line per approved step this run found done, for the log and the job summary. */
export function describeDone(done: DoneStep[]): string[] {
  return done.map(d => `${d.path}: ${d.action}, done already.`)
}
