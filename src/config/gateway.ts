/**
 * `availability-mode`, `subnet-id`, `subnet-ids`, `connectivity-type`, `eip-allocation-ids`,
 * `secondary-private-ip-count` and the default `name`.
 */
import type {
  GatewaySpec,
  PerZoneGateways,
  ZonalGateway,
  ZoneAddresses
} from '../model/gateway-spec.js'
import { exampleId, ZONE_ID, ZONE_NAME } from '../model/ids.js'
import type { InputReader } from './inputs.js'
import { LIMITS } from './limits.js'
import { splitList, withoutComments } from './lists.js'
import { checkIds, oneOf, type Problems } from './problems.js'

/**
 * Zone lines, `eu-west-1a: eipalloc-1, eipalloc-2` (a zone name or ID): a regional gateway's
 * addresses, or those of the gateways of `subnet-ids`. `takes` says who takes them per zone.
 */
function parseZoneLines(
  raw: string,
  region: string,
  takes: string,
  problems: Problems
): { allocation: 'automatic' } | { allocation: 'manual'; zones: ZoneAddresses[] } {
  const input = 'eip-allocation-ids'
  const example = `Example, one line per zone: "${region || 'eu-west-1'}a: eipalloc-0abc1234def567890, eipalloc-0123456789abcdef0"`
  const zones: ZoneAddresses[] = []
  for (const line of raw.split('\n').map(l => l.trim())) {
    if (line === '') continue
    const colon = line.indexOf(':')
    if (colon < 0) {
      problems.add(input, `"${line}" names no zone: ${takes} per availability zone.`, example)
      continue
    }
    const zone = line.slice(0, colon).trim()
    const ids = splitList(line.slice(colon + 1))
    const zoneName = ZONE_NAME.exec(zone)
    if (zoneName) {
      if (region && zoneName[1] !== region) {
        problems.add(input, `zone "${zone}" is not in the Region ${region}.`, example)
      }
    } else if (!ZONE_ID.test(zone)) {
      problems.add(
        input,
        `"${zone}" is neither a zone name nor a zone ID.`,
        `Use a name like ${region || 'eu-west-1'}a or an ID like euw1-az1. ${example}`
      )
    }
    if (zones.some(z => z.zone === zone)) {
      problems.add(input, `zone "${zone}" is listed twice.`, 'Put all of its IDs on one line.')
    }
    if (ids.length === 0) {
      problems.add(input, `zone "${zone}" has no allocation IDs.`, example)
    }
    checkIds(input, ids, 'eipalloc', 'an Elastic IP allocation ID', problems)
    const earlier = new Set(zones.flatMap(z => z.allocationIds))
    for (const id of new Set(ids)) {
      if (earlier.has(id)) {
        problems.add(
          input,
          `"${id}" is listed in more than one zone.`,
          'Each address serves one zone.'
        )
      }
    }
    zones.push({ zone, allocationIds: ids })
  }
  return zones.length === 0 ? { allocation: 'automatic' } : { allocation: 'manual', zones }
}

function parseZonalElasticIps(
  raw: string,
  connectivity: ZonalGateway['connectivity'],
  problems: Problems
): ZonalGateway['elasticIps'] {
  const input = 'eip-allocation-ids'
  if (connectivity === 'private') {
    if (raw !== '') {
      problems.add(
        input,
        'a private NAT gateway has no Elastic IPs.',
        'Leave eip-allocation-ids empty, or set connectivity-type: public.'
      )
    }
    return { allocation: 'none' }
  }
  if (raw === '') return { allocation: 'automatic' }
  if (raw.includes(':')) {
    problems.add(
      input,
      'a zonal NAT gateway takes a plain list of allocation IDs, not zone lines.',
      'Example: eip-allocation-ids: eipalloc-0abc1234def567890, eipalloc-0123456789abcdef0 (the first is primary)'
    )
    return { allocation: 'automatic' }
  }
  const ids = splitList(raw)
  checkIds(input, ids, 'eipalloc', 'an Elastic IP allocation ID', problems)
  return { allocation: 'manual', allocationIds: ids }
}

/**
 * `secondary-private-ip-count`: a whole number from 0 to 31, for a private zonal gateway only
 * (EC2 takes secondary private IPs on private gateways; a public one gets its private IPs with
 * its Elastic IPs). On a problem, 0.
 */
function parseSecondaryPrivateIpCount(
  raw: string,
  mode: GatewaySpec['mode'],
  connectivity: GatewaySpec['connectivity'],
  problems: Problems
): number {
  const input = 'secondary-private-ip-count'
  const max = LIMITS.secondaryPrivateIps
  const count = /^\d+$/.test(raw) ? Number(raw) : NaN
  if (!(count >= 0 && count <= max)) {
    problems.add(
      input,
      `"${raw}" is not a whole number from 0 to ${max}.`,
      `Example: ${input}: 2 (with connectivity-type: private)`
    )
    return 0
  }
  if (count === 0) return 0
  if (mode === 'regional') {
    problems.add(
      input,
      'applies to a private NAT gateway, which is zonal; a regional NAT gateway is public only.',
      'Set availability-mode: zonal, connectivity-type: private and subnet-id, or remove secondary-private-ip-count.'
    )
    return 0
  }
  if (connectivity === 'public') {
    problems.add(
      input,
      'applies to a private NAT gateway only; a public one takes more addresses as Elastic IPs.',
      'Set connectivity-type: private, or remove secondary-private-ip-count and list more Elastic IPs in eip-allocation-ids.'
    )
    return 0
  }
  return count
}

/** `subnet-id` or `subnet-ids` (never both): the subnets that host the zonal gateways. */
function parseSubnetIds(readInput: InputReader, problems: Problems): string[] {
  const single = readInput('subnet-id')
  const list = splitList(withoutComments(readInput('subnet-ids')))
  if (single !== '' && list.length > 0) {
    problems.add(
      'subnet-ids',
      'and subnet-id are both set; they are two spellings of the same input.',
      `Keep one: subnet-id: ${exampleId('subnet')} for one gateway, or subnet-ids with one public subnet per zone for a gateway in each.`
    )
  }
  const ids = single !== '' ? [single] : list
  checkIds(single !== '' ? 'subnet-id' : 'subnet-ids', ids, 'subnet', 'a subnet ID', problems)
  if (new Set(ids).size < ids.length) {
    problems.add('subnet-ids', 'lists a subnet twice.', 'Name each subnet once, one per zone.')
  }
  return ids
}

/** The Elastic IPs of the gateways of `subnet-ids`: zone lines, automatic, or none (private). */
function parsePerZoneElasticIps(
  raw: string,
  region: string,
  connectivity: ZonalGateway['connectivity'],
  problems: Problems
): PerZoneGateways['elasticIps'] {
  if (connectivity === 'private') {
    parseZonalElasticIps(raw, connectivity, problems)
    return { allocation: 'none' }
  }
  if (raw !== '' && !raw.includes(':')) {
    problems.add(
      'eip-allocation-ids',
      'with several subnets in subnet-ids, the Elastic IPs are given per zone, so each lands on the gateway of its zone.',
      `Example, one line per zone: "${region || 'eu-west-1'}a: eipalloc-0abc1234def567890" (the first of a line is primary).`
    )
    return { allocation: 'automatic' }
  }
  return parseZoneLines(raw, region, 'the gateways of subnet-ids take their Elastic IPs', problems)
}

export interface ParsedGateway {
  gateway: GatewaySpec
  perZone?: PerZoneGateways
}

export function parseGateway(
  readInput: InputReader,
  region: string,
  problems: Problems
): ParsedGateway {
  const mode = oneOf(
    'availability-mode',
    readInput('availability-mode'),
    ['regional', 'zonal'],
    problems
  )
  const connectivity = oneOf(
    'connectivity-type',
    readInput('connectivity-type'),
    ['public', 'private'],
    problems
  )
  const subnetIds = parseSubnetIds(readInput, problems)
  const subnetInput = readInput('subnet-id') !== '' ? 'subnet-id' : 'subnet-ids'
  const eips = withoutComments(readInput('eip-allocation-ids'))
  const secondaryPrivateIpCount = parseSecondaryPrivateIpCount(
    readInput('secondary-private-ip-count'),
    mode,
    connectivity,
    problems
  )

  if (mode === 'regional') {
    if (subnetIds.length > 0) {
      problems.add(
        subnetInput,
        'a regional NAT gateway is not placed in a subnet.',
        `Remove ${subnetInput}, or set availability-mode: zonal to place a gateway in each public subnet.`
      )
    }
    if (connectivity === 'private') {
      problems.add(
        'connectivity-type',
        'a regional NAT gateway can only be public.',
        'Use availability-mode: zonal with subnet-id for a private NAT gateway.'
      )
    }
    const takes = 'a regional gateway takes its Elastic IPs'
    return {
      gateway: {
        mode,
        connectivity: 'public',
        elasticIps: parseZoneLines(eips, region, takes, problems)
      }
    }
  }

  const [subnetId = ''] = subnetIds
  if (subnetId === '') {
    problems.add(
      'subnet-id',
      'a zonal NAT gateway needs the public subnet that hosts it.',
      `Example: subnet-id: ${exampleId('subnet')}, or subnet-ids with one public subnet per zone for a gateway in each.`
    )
  }
  if (subnetIds.length > 1) {
    const perZone: PerZoneGateways = {
      subnetIds,
      connectivity,
      elasticIps: parsePerZoneElasticIps(eips, region, connectivity, problems),
      secondaryPrivateIpCount
    }
    const standIn: ZonalGateway = {
      mode,
      subnetId,
      connectivity,
      elasticIps: connectivity === 'private' ? { allocation: 'none' } : { allocation: 'automatic' },
      secondaryPrivateIpCount
    }
    return { gateway: standIn, perZone }
  }
  // One subnet, whichever input named it: the one zonal gateway of before subnet-ids.
  return {
    gateway: {
      mode,
      subnetId,
      connectivity,
      elasticIps: parseZonalElasticIps(eips, connectivity, problems),
      secondaryPrivateIpCount
    }
  }
}

/**
 * The default `Name`: from the VPC for a regional gateway and for a gateway per zone (each is
 * told apart by its subnet), from the subnet for one zonal gateway.
 */
export function defaultName(vpcId: string, parsed: ParsedGateway): string {
  if (parsed.perZone) return `nat-zonal-${vpcId}`
  const { gateway } = parsed
  return gateway.mode === 'regional' ? `nat-regional-${vpcId}` : `nat-${gateway.subnetId}`
}
