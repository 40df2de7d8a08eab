/**
 * `availability-mode`, `subnet-id`, `connectivity-type`, `eip-allocation-ids`,
 * `secondary-private-ip-count` and the default `name`.
 */
import type {
  GatewaySpec,
  RegionalGateway,
  ZonalGateway,
  ZoneAddresses
} from '../model/gateway-spec.js'
import { exampleId, ZONE_ID, ZONE_NAME } from '../model/ids.js'
import type { InputReader } from './inputs.js'
import { LIMITS } from './limits.js'
import { splitList, withoutComments } from './lists.js'
import { checkIds, oneOf, type Problems } from './problems.js'

function parseRegionalElasticIps(
  raw: string,
  region: string,
  problems: Problems
): RegionalGateway['elasticIps'] {
  const input = 'eip-allocation-ids'
  const example = `Example, one line per zone: "${region || 'eu-west-1'}a: eipalloc-0abc1234def567890, eipalloc-0123456789abcdef0"`
  const zones: ZoneAddresses[] = []
  for (const line of raw.split('\n').map(l => l.trim())) {
    if (line === '') continue
    const colon = line.indexOf(':')
    if (colon < 0) {
      problems.add(
        input,
        `"${line}" names no zone: a regional gateway takes its Elastic IPs per availability zone.`,
        example
      )
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

export function parseGateway(
  readInput: InputReader,
  region: string,
  problems: Problems
): GatewaySpec {
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
  const subnetId = readInput('subnet-id')
  const eips = withoutComments(readInput('eip-allocation-ids'))
  const secondaryPrivateIpCount = parseSecondaryPrivateIpCount(
    readInput('secondary-private-ip-count'),
    mode,
    connectivity,
    problems
  )

  if (mode === 'regional') {
    if (subnetId !== '') {
      problems.add(
        'subnet-id',
        'a regional NAT gateway is not placed in a subnet.',
        'Remove subnet-id, or set availability-mode: zonal to place the gateway in that public subnet.'
      )
    }
    if (connectivity === 'private') {
      problems.add(
        'connectivity-type',
        'a regional NAT gateway can only be public.',
        'Use availability-mode: zonal with subnet-id for a private NAT gateway.'
      )
    }
    return {
      mode,
      connectivity: 'public',
      elasticIps: parseRegionalElasticIps(eips, region, problems)
    }
  }

  if (subnetId === '') {
    problems.add(
      'subnet-id',
      'a zonal NAT gateway needs the public subnet that hosts it.',
      `Example: subnet-id: ${exampleId('subnet')}`
    )
  } else {
    checkIds('subnet-id', [subnetId], 'subnet', 'a subnet ID', problems)
  }
  return {
    mode,
    subnetId,
    connectivity,
    elasticIps: parseZonalElasticIps(eips, connectivity, problems),
    secondaryPrivateIpCount
  }
}

/** The default `Name`: from the VPC for a regional gateway, from the subnet for a zonal one. */
export function defaultName(vpcId: string, gateway: GatewaySpec): string {
  return gateway.mode === 'regional' ? `nat-regional-${vpcId}` : `nat-${gateway.subnetId}`
}
