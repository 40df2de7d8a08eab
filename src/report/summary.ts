/** The job summary, as Markdown, derived purely from the plan or what the run did. */
import type { Config } from '../config/config.js'
import { usableAddresses } from '../model/addresses.js'
import { endpointLabel } from '../model/gateway-endpoints.js'
import type { WorkflowRun } from '../model/identity.js'
import type { Outcome, RouteOutcome, TeardownOutcome } from '../model/outcome.js'
import { mermaidDiagram } from './diagram.js'

export function teardownSummaryMarkdown(
  config: Config,
  outcome: TeardownOutcome,
  when = ''
): string {
  const list = (items: string[]) => (items.length > 0 ? items.join(', ') : 'none')
  return [
    `## NAT gateway "${config.name}" torn down${when}`,
    '',
    '| Removed | |',
    '| --- | --- |',
    `| NAT gateway | ${list(outcome.deletedNatGatewayIds)} |`,
    `| Route ${config.destination.cidr} in | ${list(outcome.routeTableIds)} |`,
    `| Elastic IPs released | ${list(outcome.releasedAllocationIds)} |`,
    ...outcome.deletedGatewayEndpoints.map(
      e => `| ${endpointLabel(e.service)} | ${e.vpcEndpointId} |`
    ),
    ''
  ].join('\n')
}

/** A dry run's summary: the plan as the log shows it, and as JSON. */
export function dryRunSummaryMarkdown(lines: string[], planJson: string): string {
  return [
    '## Dry run: nothing was changed',
    '',
    'This run would:',
    '',
    ...lines.map(line => `- ${line}`),
    '',
    '<details><summary>plan-json</summary>',
    '',
    '```json',
    JSON.stringify(JSON.parse(planJson), null, 2),
    '```',
    '',
    '</details>',
    ''
  ].join('\n')
}

/** The approved plan is not this run's: what differs, and that nothing was written. */
export function planMismatchSummaryMarkdown(differences: string[], planJson: string): string {
  return [
    '## Not applied: the plan differs from the approved one',
    '',
    'Nothing was changed. What would be written now differs from `expected-plan` in:',
    '',
    ...differences.map(line => `- ${line}`),
    '',
    'Review the new plan (below) and approve it, or restore what changed.',
    '',
    '<details><summary>plan-json of this run</summary>',
    '',
    '```json',
    JSON.stringify(JSON.parse(planJson), null, 2),
    '```',
    '',
    '</details>',
    ''
  ].join('\n')
}

/** The link to the workflow run, for the end of a summary or a comment. */
export function runLinkMarkdown(run: WorkflowRun | undefined): string {
  return run
    ? `Workflow run: [${run.repository} run ${run.url.split('/').pop()}](${run.url})\n`
    : ''
}

function routeResult(route: RouteOutcome, destination: string): string {
  switch (route.result) {
    case 'kept':
      return `already routed ${destination} here`
    case 'created':
      return `route ${destination} created`
    case 'replaced':
      return `route ${destination} replaced (was ${route.previousTarget})`
  }
}

const cell = (value: string | undefined): string => (value ? value.replace(/\|/g, '\\|') : '—')

export function summaryMarkdown(config: Config, outcome: Outcome): string {
  const gateway = outcome.natGateway
  const mode = gateway.AvailabilityMode ?? config.gateway.mode
  const lines = [
    `## NAT gateway ${gateway.NatGatewayId}`,
    '',
    `| Name | Mode | Connectivity | State | This run |`,
    '| --- | --- | --- | --- | --- |',
    `| ${cell(config.name)} | ${mode} | ${gateway.ConnectivityType ?? config.gateway.connectivity} | ${gateway.State} | ${outcome.created ? 'created' : 'found'} |`,
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
  lines.push('### Route tables', '', '| Route table | Result |', '| --- | --- |')
  for (const route of outcome.routes) {
    lines.push(`| ${route.routeTableId} | ${routeResult(route, config.destination.cidr)} |`)
  }
  for (const endpoint of outcome.gatewayEndpoints) {
    const added = endpoint.addedRouteTableIds
    const tables = added.length > 0 ? `, tables added: ${added.join(', ')}` : ''
    lines.push(
      '',
      `${endpointLabel(endpoint.service)}: ${endpoint.vpcEndpointIds.join(', ')}${tables}.`
    )
  }
  lines.push('', mermaidDiagram(config, outcome))
  return `${lines.join('\n')}\n`
}
