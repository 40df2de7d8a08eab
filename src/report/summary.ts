/** The job summary, as Markdown, derived purely from the plan or what the run did. */
import type { Config } from '../model/config.js'
import { addressesNotInUse, servedZones, usableAddresses } from '../model/addresses.js'
import { endpointLabel } from '../model/gateway-endpoints.js'
import type { WorkflowRun } from '../model/identity.js'
import {
  type Outcome,
  removedAnything,
  type RouteOutcome,
  type TeardownOutcome
} from '../model/outcome.js'
import { describeRouteTarget } from '../model/routes.js'
import { mermaidDiagram } from './diagram.js'
import { escapedList, escapeMarkdown, markdownLink } from './markdown.js'

export function teardownSummaryMarkdown(config: Config, outcome: TeardownOutcome): string {
  const list = (items: string[]) => escapedList(items)
  const name = escapeMarkdown(config.name)
  if (!removedAnything(outcome)) {
    return [
      `## Nothing to tear down`,
      '',
      `No NAT gateway named "${name}" managed by this action in ${escapeMarkdown(config.vpcId)}, and nothing it made; nothing was changed.`,
      ''
    ].join('\n')
  }
  return [
    `## NAT gateway "${name}" torn down`,
    '',
    '| Removed | |',
    '| --- | --- |',
    `| NAT gateway | ${list(outcome.deletedNatGatewayIds)} |`,
    `| Route ${escapeMarkdown(config.destination.cidr)} in | ${list(outcome.routeTableIds)} |`,
    `| Elastic IPs released | ${list(outcome.releasedAllocationIds)} |`,
    ...(outcome.deletedIpv6Routes ?? []).map(
      r =>
        `| Route ${escapeMarkdown(r.destinationCidr)} in ${escapeMarkdown(r.routeTableId)} | to ${escapeMarkdown(r.targetId)} |`
    ),
    ...(outcome.deletedEgressOnlyGatewayId
      ? [`| Egress-only internet gateway | ${escapeMarkdown(outcome.deletedEgressOnlyGatewayId)} |`]
      : []),
    ...outcome.deletedGatewayEndpoints.map(
      e => `| ${endpointLabel(e.service)} | ${escapeMarkdown(e.vpcEndpointId)} |`
    ),
    ''
  ].join('\n')
}

/**
 * A dry run's summary: the plan as the log shows it, then `sections` (Markdown lines, escaped
 * already: the cost and allowlist review), and the plan as JSON.
 */
export function dryRunSummaryMarkdown(
  lines: string[],
  planJson: string,
  sections: string[] = []
): string {
  return [
    '## Dry run: nothing was changed',
    '',
    'This run would:',
    '',
    ...lines.map(line => `- ${escapeMarkdown(line)}`),
    '',
    ...sections,
    ...planJsonDetails('plan-json', planJson)
  ].join('\n')
}

/** The approved plan is not this run's: what differs, and that nothing was written. */
/** A rerun of an approved plan: the approved steps an earlier run did, which this run skips. */
export function approvedStepsDoneMarkdown(done: string[]): string {
  return [
    '## Approved plan: steps found done',
    '',
    'This run applies what is left of `expected-plan`. These approved steps were done already:',
    '',
    ...done.map(line => `- ${escapeMarkdown(line)}`),
    '',
    ''
  ].join('\n')
}

export function planMismatchSummaryMarkdown(differences: string[], planJson: string): string {
  return [
    '## Not applied: the plan differs from the approved one',
    '',
    'Nothing was changed. What would be written now differs from `expected-plan` in:',
    '',
    ...differences.map(line => `- ${escapeMarkdown(line)}`),
    '',
    'Review the new plan (below) and approve it, or restore what changed.',
    '',
    ...planJsonDetails('plan-json of this run', planJson)
  ].join('\n')
}

/** The plan document, folded, pretty-printed. */
function planJsonDetails(title: string, planJson: string): string[] {
  return [
    `<details><summary>${title}</summary>`,
    '',
    '```json',
    JSON.stringify(JSON.parse(planJson), null, 2),
    '```',
    '',
    '</details>',
    ''
  ]
}

/** The link to the workflow run, for the end of a summary or a comment. */
export function runLinkMarkdown(run: WorkflowRun | undefined): string {
  return run
    ? `Workflow run: ${markdownLink(`${run.repository} run ${run.url.split('/').pop()}`, run.url)}\n`
    : ''
}

function routeResult(route: RouteOutcome, cidr: string): string {
  const destination = escapeMarkdown(cidr)
  switch (route.result) {
    case 'kept':
      return `already routed ${destination} here`
    case 'created':
      return `route ${destination} created`
    case 'replaced':
      return `route ${destination} replaced (was ${escapeMarkdown(describeRouteTarget(route.previousTarget ?? 'an unknown target'))})`
  }
}

const cell = (value: string | undefined): string => (value ? escapeMarkdown(value) : '—')

/** Addresses the gateway lists that carry no traffic, with EC2's status and failure message. */
function notInUse(outcome: Outcome): string[] {
  const others = addressesNotInUse(outcome.natGateway)
  if (others.length === 0) return []
  return [
    'Not in use:',
    '',
    ...others.map(
      a =>
        `- ${cell(a.AllocationId ?? a.PrivateIp ?? 'an address')}${a.PublicIp ? ` (${cell(a.PublicIp)})` : ''}: ${cell(a.Status ?? 'no status')}${a.FailureMessage ? `, ${cell(a.FailureMessage)}` : ''}`
    ),
    ''
  ]
}

/** Regional: which zones have a public IP, which the inputs list, and whether AWS adds more. */
function zoneCoverage(config: Config, outcome: Outcome): string[] {
  const gateway = outcome.natGateway
  if ((gateway.AvailabilityMode ?? config.gateway.mode) !== 'regional') return []
  const { elasticIps } = config.gateway
  const listed =
    elasticIps.allocation === 'manual' && 'zones' in elasticIps
      ? [`Zones in the inputs: ${escapedList(elasticIps.zones.map(z => z.zone))}.`]
      : []
  const served = servedZones(gateway)
  const auto = (value: string | undefined) =>
    value === 'enabled' ? 'yes' : value ? 'no' : 'unknown'
  return [
    '### Zones',
    '',
    `Zones with a public IP in use: ${escapedList(served, 'none yet')}.`,
    ...listed,
    `AWS adds and removes zones by itself (AutoProvisionZones): ${cell(auto(gateway.AutoProvisionZones))}; ` +
      `addresses (AutoScalingIps): ${cell(auto(gateway.AutoScalingIps))}.`,
    ...(gateway.RouteTableId
      ? [`The gateway's own route table: ${escapeMarkdown(gateway.RouteTableId)}.`]
      : []),
    ''
  ]
}

function addressChanges(outcome: Outcome): string[] {
  const changes = outcome.addressChanges
  if (!changes) return []
  const added = changes.add.flatMap(a => a.allocationIds)
  const removed = changes.remove.map(r => r.allocationId)
  return [
    `Elastic IPs changed in place: ${added.length > 0 ? `associated ${escapedList(added)}` : 'none associated'}; ` +
      `${removed.length > 0 ? `disassociated ${escapedList(removed)}` : 'none disassociated'}` +
      `${changes.release.length > 0 ? `; released ${escapedList(changes.release)}` : ''}.`,
    ''
  ]
}

function privateIpChange(outcome: Outcome): string[] {
  const change = outcome.privateIpChange
  if (!change) return []
  const what =
    change.assign > 0
      ? `assigned ${change.assign}`
      : `unassigned ${change.unassign.map(escapeMarkdown).join(', ')}`
  return [`Secondary private IPs changed in place (${change.from} → ${change.to}): ${what}.`, '']
}

/** nat64, ipv6-egress: each IPv6 route and the egress-only internet gateway. */
function ipv6Section(outcome: Outcome): string[] {
  const { ipv6 } = outcome
  if (!ipv6) return []
  const egress = ipv6.egressOnlyInternetGatewayId
  return [
    '',
    '### IPv6',
    '',
    ...(egress
      ? [
          `Egress-only internet gateway: ${cell(egress)} (${ipv6.egressOnlyGatewayCreated ? 'created by this run' : 'found'}).`,
          ''
        ]
      : []),
    '| Route table | Route | Result |',
    '| --- | --- | --- |',
    ...ipv6.routes.map(
      r =>
        `| ${cell(r.routeTableId)} | ${cell(r.destinationCidr)} → ${cell(r.targetId)} | ${escapeMarkdown(routeResult(r, r.destinationCidr))} |`
    )
  ]
}

export function summaryMarkdown(config: Config, outcome: Outcome): string {
  const gateway = outcome.natGateway
  const mode = gateway.AvailabilityMode ?? config.gateway.mode
  const lines = [
    `## NAT gateway ${escapeMarkdown(gateway.NatGatewayId)}`,
    '',
    `| Name | Mode | Connectivity | State | This run |`,
    '| --- | --- | --- | --- | --- |',
    `| ${cell(config.name)} | ${cell(mode)} | ${cell(gateway.ConnectivityType ?? config.gateway.connectivity)} | ${cell(gateway.State)} | ${outcome.created ? 'created' : 'found'} |`,
    '',
    '### Addresses',
    ''
  ]
  const addresses = usableAddresses(gateway)
  if (addresses.length === 0) {
    lines.push('No address is in use yet.', '')
  } else {
    lines.push(
      '| Zone | Allocation ID | Public IP | Private IP | Primary |',
      '| --- | --- | --- | --- | --- |'
    )
    for (const a of addresses) {
      const zone = a.AvailabilityZone ?? (mode === 'zonal' ? "the subnet's zone" : undefined)
      lines.push(
        `| ${cell(zone)} | ${cell(a.AllocationId)} | ${cell(a.PublicIp)} | ${cell(a.PrivateIp)} | ${a.IsPrimary === false ? 'no' : a.IsPrimary ? 'yes' : '—'} |`
      )
    }
    lines.push('')
  }
  lines.push(
    ...notInUse(outcome),
    ...zoneCoverage(config, outcome),
    ...addressChanges(outcome),
    ...privateIpChange(outcome)
  )
  lines.push('### Route tables', '')
  if (outcome.routes.length === 0) {
    // A run that failed before its first route: a sentence, not a table with no rows.
    lines.push(`No route table routes ${cell(config.destination.cidr)} to it yet.`)
  } else {
    lines.push('| Route table | Result |', '| --- | --- |')
    for (const route of outcome.routes) {
      lines.push(`| ${cell(route.routeTableId)} | ${routeResult(route, config.destination.cidr)} |`)
    }
  }
  lines.push(...ipv6Section(outcome))
  for (const endpoint of outcome.gatewayEndpoints) {
    const added = endpoint.addedRouteTableIds
    const tables = added.length > 0 ? `, tables added: ${escapedList(added)}` : ''
    lines.push(
      '',
      `${endpointLabel(endpoint.service)}: ${escapedList(endpoint.vpcEndpointIds)}${tables}.`
    )
  }
  lines.push('', mermaidDiagram(config, outcome))
  return `${lines.join('\n')}\n`
}
