/**
 * The review in the job summary (and so in the pull-request comment): the cost before and after
 * the run, with its units, and the allowlist change. Every value from AWS or the inputs is escaped.
 */
import { allowlistChange } from '../model/allowlist.js'
import {
  type BilledGateway,
  type CostEstimate,
  estimateCost,
  monthlyUsd,
  natGatewayHours,
  publicIpv4AddressHours
} from '../model/cost.js'
import { HOURS_PER_MONTH } from '../model/prices.js'
import type { Review } from '../model/review.js'
import { escapeMarkdown } from './markdown.js'

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`
const list = (items: string[]): string => items.map(escapeMarkdown).join(', ')

/** The output `estimated-monthly-cost-usd`: empty when the Region has no price. */
export function costOutput(estimate: CostEstimate): string {
  return estimate.monthlyUsd ?? ''
}

function usd(estimate: CostEstimate): string {
  if (estimate.monthlyUsd === undefined) return 'no price'
  return `${estimate.units.atLeast ? 'at least ' : ''}${estimate.monthlyUsd} USD`
}

function gatewayLine(gateway: BilledGateway): string {
  const what = gateway.natGatewayId
    ? `${escapeMarkdown(gateway.natGatewayId)} (${gateway.availabilityMode}, ${gateway.connectivity})`
    : `the new ${gateway.availabilityMode} ${gateway.connectivity} gateway`
  const hours = natGatewayHours(gateway)
  const perZone =
    gateway.availabilityMode === 'regional'
      ? gateway.zones.length > 0
        ? `, one per zone it is in: ${list(gateway.zones)}`
        : ', for a regional gateway in no zone yet'
      : ''
  const addresses = publicIpv4AddressHours(gateway)
  const floor = gateway.mayGrow ? 'at least ' : ''
  const unknown =
    gateway.mayGrow && !gateway.natGatewayId ? ' (AWS allocates its addresses at creation)' : ''
  return `- ${what}: ${plural(hours, 'NAT gateway-hour')}/h${perZone}; ${floor}${plural(addresses, 'public IPv4 address-hour')}/h${unknown}.`
}

/** How the monthly figure comes about: units × hours × price, summed. */
function arithmetic(label: string, estimate: CostEstimate): string[] {
  const { prices, units } = estimate
  if (!prices || units.natGatewayHours + units.publicIpv4AddressHours === 0) return []
  return [
    `${label}: ${plural(units.natGatewayHours, 'NAT gateway-hour')}/h × ${HOURS_PER_MONTH} h × ${prices.natGatewayHour} USD + ` +
      `${plural(units.publicIpv4AddressHours, 'public IPv4 address-hour')}/h × ${HOURS_PER_MONTH} h × ${prices.publicIpv4AddressHour} USD = ${estimate.monthlyUsd} USD a month.`,
    ''
  ]
}

/** The cost section; `teardown` words it as what stops being billed. */
export function costMarkdown(region: string, review: Review): string[] {
  const before = estimateCost(region, review.before)
  const after = estimateCost(region, review.after)
  const row = (label: string, e: CostEstimate) =>
    `| ${label} | ${e.units.natGatewayHours} | ${e.units.atLeast ? '≥ ' : ''}${e.units.publicIpv4AddressHours} | ${usd(e)} |`
  const teardown = review.after.length === 0 && review.before.length > 0
  const lines = [
    '### Cost by the hour',
    '',
    `| | NAT gateway-hours per hour | Public IPv4 address-hours per hour | Per month (${HOURS_PER_MONTH} h) |`,
    '| --- | --- | --- | --- |',
    row('Before this run', before),
    row('After this run', after),
    '',
    ...(teardown ? ['Stops being billed:', ...review.before.map(gatewayLine)] : []),
    ...review.after.map(gatewayLine),
    ''
  ]
  if (!after.prices) {
    lines.push(
      `This action's price table (docs/pricing.md) has no prices for ${escapeMarkdown(region)}: the units above, times the Region's hourly prices on the AWS VPC pricing page, give the cost. The output estimated-monthly-cost-usd is empty.`,
      ''
    )
    return lines
  }
  lines.push(...arithmetic(teardown ? 'Before' : 'After', teardown ? before : after))
  const retained = review.retainedAllocationIds ?? []
  if (retained.length > 0) {
    const units = { natGatewayHours: 0, publicIpv4AddressHours: retained.length, atLeast: false }
    const perMonth = monthlyUsd(units, after.prices)
    lines.push(
      `Still billed: the Elastic IPs you supplied stay allocated (${list(retained)}), ${plural(retained.length, 'public IPv4 address-hour')}/h, ${perMonth} USD a month, until you release them.`,
      ''
    )
  }
  if (after.units.atLeast) {
    lines.push(
      `A floor: in automatic mode AWS adds zones (${after.prices.natGatewayHour} USD/h each) and public IPv4 addresses (${after.prices.publicIpv4AddressHour} USD/h each) to a regional gateway as workloads appear.`,
      ''
    )
  }
  lines.push(
    `Not included: ${after.prices.natGatewayPerGbProcessed} USD per GB the gateways process, which depends on traffic, and data transfer. Prices of ${escapeMarkdown(region)} from docs/pricing.md.`,
    ''
  )
  return lines
}

/** The allowlist section: public IPs gained, lost, kept, and what is not known yet. */
export function allowlistMarkdown(review: Review): string[] {
  const change = allowlistChange(review.ipsBefore, review.ipsAfter, review.mayGrow)
  const item = (label: string, ips: string[]) =>
    ips.length > 0 ? [`- ${label}: ${list(ips)}`] : []
  const lines = [
    '### Allowlist change',
    '',
    ...item('New public IPs (add to allowlists)', change.added),
    ...item('Public IPs that go away (drop from allowlists)', change.removed),
    ...item('Unchanged', change.kept),
    ...change.pending.map(sentence => `- Not known yet: ${escapeMarkdown(sentence)}`)
  ]
  if (change.added.length + change.removed.length + change.pending.length === 0) {
    lines.push(
      change.kept.length > 0
        ? '- None: the gateway keeps the public IPs it has.'
        : '- None: no public IP before or after this run.'
    )
  }
  if (change.mayGrow) {
    lines.push(
      '',
      '**Warning:** in automatic mode AWS adds public IPs to a regional gateway by itself (and removes them) as workloads appear in zones, so allowlists may need more later. For a stable set, give eip-allocation-ids (manual mode).'
    )
  }
  lines.push('')
  return lines
}

export function reviewMarkdown(region: string, review: Review): string[] {
  return [...costMarkdown(region, review), ...allowlistMarkdown(review)]
}
