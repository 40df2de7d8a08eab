/**
 * Outputs and the job summary. The values are derived here, purely, from the outcome; main.ts
 * hands them to @actions/core.
 */
import type { Outcome, RouteOutcome } from './apply.js'
import type { TeardownOutcome } from './teardown.js'
import type { Config } from './config.js'
import { mermaidDiagram } from './diagram.js'
import { addressRecords, usableAddresses } from './gateway-addresses.js'

export function changed(outcome: Outcome): boolean {
  return (
    outcome.created ||
    outcome.routes.some(route => route.result !== 'kept') ||
    (outcome.s3Endpoint?.addedRouteTableIds.length ?? 0) > 0
  )
}

/** Every output the action can set (action.yml declares each). */
export const OUTPUT_NAMES = [
  'nat-gateway-id',
  'public-ips',
  'public-ips-json',
  'public-cidrs',
  'addresses-json',
  'allocation-ids',
  'route-table-ids',
  'created',
  'changed',
  'deleted',
  'released-allocation-ids',
  's3-gateway-endpoint-id',
  'plan-json'
] as const

export type Outputs = Partial<Record<(typeof OUTPUT_NAMES)[number], string>>

export function outputs(outcome: Outcome): Outputs {
  const addresses = usableAddresses(outcome)
  const publicIps = addresses.flatMap(a => (a.PublicIp ? [a.PublicIp] : []))
  return {
    'nat-gateway-id': outcome.natGateway.NatGatewayId ?? '',
    'public-ips': publicIps.join(','),
    'public-ips-json': JSON.stringify(publicIps),
    'public-cidrs': publicIps.map(ip => `${ip}/32`).join(','),
    'addresses-json': JSON.stringify(addressRecords(outcome)),
    'allocation-ids': addresses.flatMap(a => (a.AllocationId ? [a.AllocationId] : [])).join(','),
    'route-table-ids': outcome.routes.map(route => route.routeTableId).join(','),
    created: String(outcome.created),
    changed: String(changed(outcome)),
    ...(outcome.s3Endpoint && {
      's3-gateway-endpoint-id': outcome.s3Endpoint.vpcEndpointIds.join(',')
    })
  }
}

export function teardownOutputs(outcome: TeardownOutcome): Outputs {
  const deleted = outcome.deletedNatGatewayIds.length > 0
  return {
    'nat-gateway-id': outcome.deletedNatGatewayIds.join(','),
    'route-table-ids': outcome.routeTableIds.join(','),
    'released-allocation-ids': outcome.releasedAllocationIds.join(','),
    ...(outcome.deletedS3EndpointId && { 's3-gateway-endpoint-id': outcome.deletedS3EndpointId }),
    deleted: String(deleted),
    created: 'false',
    changed: String(
      deleted ||
        outcome.routeTableIds.length > 0 ||
        outcome.releasedAllocationIds.length > 0 ||
        outcome.deletedS3EndpointId !== undefined
    )
  }
}

export function teardownSummaryMarkdown(config: Config, outcome: TeardownOutcome): string {
  const list = (items: string[]) => (items.length > 0 ? items.join(', ') : 'none')
  return [
    `## NAT gateway "${config.name}" torn down`,
    '',
    '| Removed | |',
    '| --- | --- |',
    `| NAT gateway | ${list(outcome.deletedNatGatewayIds)} |`,
    `| Route ${config.destination.cidr} in | ${list(outcome.routeTableIds)} |`,
    `| Elastic IPs released | ${list(outcome.releasedAllocationIds)} |`,
    `| S3 gateway endpoint | ${outcome.deletedS3EndpointId ?? 'none'} |`,
    ''
  ].join('\n')
}

/** A dry run's summary: the plan as the log shows it, and as JSON. */
export function dryRunSummaryMarkdown(lines: string[], plan: object): string {
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
    JSON.stringify(plan, null, 2),
    '```',
    '',
    '</details>',
    ''
  ].join('\n')
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
  const addresses = usableAddresses(outcome)
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
  const s3 = outcome.s3Endpoint
  if (s3) {
    const added =
      s3.addedRouteTableIds.length > 0 ? `, tables added: ${s3.addedRouteTableIds.join(', ')}` : ''
    lines.push('', `S3 gateway endpoint: ${s3.vpcEndpointIds.join(', ')}${added}.`)
  }
  lines.push('', mermaidDiagram(config, outcome))
  return `${lines.join('\n')}\n`
}
