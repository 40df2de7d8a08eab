/**
 * Outputs and the job summary. The values are derived here, purely, from the outcome; main.ts
 * hands them to @actions/core.
 */
import type { NatGatewayAddress } from '@aws-sdk/client-ec2'
import type { Outcome, RouteOutcome } from './apply.js'
import type { Config } from './config.js'

/**
 * The addresses that carry traffic, primary first. AWS marks each with `Status`; an address without
 * one (moto sends none) is taken as usable, and without `IsPrimary` the first one is the primary.
 */
export function usableAddresses(outcome: Outcome): NatGatewayAddress[] {
  const addresses = (outcome.natGateway.NatGatewayAddresses ?? []).filter(
    address => address.Status === undefined || address.Status === 'succeeded'
  )
  return [...addresses].sort((a, b) => Number(b.IsPrimary === true) - Number(a.IsPrimary === true))
}

export function changed(outcome: Outcome): boolean {
  return outcome.created || outcome.routes.some(route => route.result !== 'kept')
}

export function outputs(outcome: Outcome): Record<string, string> {
  const addresses = usableAddresses(outcome)
  const publicIps = addresses.flatMap(a => (a.PublicIp ? [a.PublicIp] : []))
  return {
    'nat-gateway-id': outcome.natGateway.NatGatewayId ?? '',
    'public-ips': publicIps.join(','),
    'public-ips-json': JSON.stringify(publicIps),
    'allocation-ids': addresses.flatMap(a => (a.AllocationId ? [a.AllocationId] : [])).join(','),
    'route-table-ids': outcome.routes.map(route => route.routeTableId).join(','),
    created: String(outcome.created),
    changed: String(changed(outcome))
  }
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
  return `${lines.join('\n')}\n`
}
