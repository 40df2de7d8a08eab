/**
 * Inputs → Config. Pure: every check that can be made without AWS is made here, and every
 * problem is collected so that one failed run lists all of them.
 */
import { isIP } from 'node:net'
import {
  GATEWAY_ENDPOINT_SERVICES,
  type GatewayEndpointService
} from '../model/gateway-endpoints.js'
import { PROVENANCE_TAG_KEYS, RESERVED_TAG_KEYS } from '../model/identity.js'
import { type PlanDocument, parsePlanDocument } from '../model/plan-document.js'
import { type Problem, ProblemsError } from '../model/problems.js'
import { exampleId, isResourceId, type ResourceKind } from './ids.js'
import { INPUTS, type InputName, type InputReader, withDefaults } from './inputs.js'

export type RouteConflictPolicy = 'fail' | 'replace'

/** Elastic IPs for one zone of a regional gateway; `zone` is a zone name or a zone ID. */
export interface ZoneAddresses {
  zone: string
  allocationIds: string[]
}

export interface RegionalGateway {
  mode: 'regional'
  connectivity: 'public'
  /** `automatic`: AWS allocates and manages the addresses and the zones. */
  elasticIps: { allocation: 'automatic' } | { allocation: 'manual'; zones: ZoneAddresses[] }
}

export interface ZonalGateway {
  mode: 'zonal'
  subnetId: string
  connectivity: 'public' | 'private'
  /** `automatic`: the action allocates one address, tagged as ours. The first manual one is primary. */
  elasticIps:
    | { allocation: 'automatic' }
    | { allocation: 'manual'; allocationIds: string[] }
    | { allocation: 'none' }
}

export type GatewaySpec = RegionalGateway | ZonalGateway

export interface Destination {
  cidr: string
  family: 'ipv4' | 'ipv6'
}

export interface Config {
  region: string
  vpcId: string
  /** `present` ensures the gateway and routes; `absent` tears down what the action made. */
  state: 'present' | 'absent'
  /** Observe and plan, print the plan, write nothing. */
  dryRun: boolean
  /** The listed tables, or `auto`: the VPC's private route tables, found while observing. */
  routeTableIds: string[] | 'auto'
  gateway: GatewaySpec
  /** The `Name` tag; with the ownership tag, the gateway's identity. */
  name: string
  tags: Record<string, string>
  destination: Destination
  routeConflict: RouteConflictPolicy
  waitTimeoutSeconds: number
  /** DisassociateNatGatewayAddress: how long a removed address keeps its open connections. */
  maxDrainDurationSeconds: number
  /** Also ensure these services' gateway endpoints on the same route tables; sorted, each once. */
  gatewayEndpoints: GatewayEndpointService[]
  /** Regional automatic: wait until the zones of the routed subnets have public IPs. */
  waitForZoneAddresses: boolean
  /** The approved plan (an earlier dry run's plan-json): write only if this run's plan equals it. */
  expectedPlan?: PlanDocument
  /** A post step tears down at job end what this step ensured. */
  teardownAtJobEnd: boolean
  /** On a pull request, one comment per gateway identity with the plan or the outcome. */
  commentOnPullRequest: boolean
  /** For the pull-request comment; empty when none is given. */
  githubToken: string
}

/**
 * How many Elastic IPs a public NAT gateway takes is an account quota (2 by default, adjustable;
 * docs/elastic-ips.md), which the action cannot read: EC2's quota error is explained when it comes.
 */
export const LIMITS = {
  /**
   * EC2 allows 50 tags per resource; the action adds up to three of its own and, at creation,
   * the provenance tags (a user tag of the same key takes a provenance tag's place).
   */
  userTags: 50 - RESERVED_TAG_KEYS.length - PROVENANCE_TAG_KEYS.length,
  tagKeyLength: 128,
  tagValueLength: 256,
  /** A job runs for six hours at most. */
  waitTimeoutSeconds: 6 * 60 * 60,
  /** DisassociateNatGatewayAddress, MaxDrainDurationSeconds: 1 to 4000. */
  maxDrainDurationSeconds: 4000
}

const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d+$/
const ZONE_NAME = /^([a-z]{2}(?:-[a-z]+)+-\d+)[a-z]$/
const ZONE_ID = /^[a-z]{3,5}\d+-az\d+$/

/** A zone ID (`euw1-az1`), as opposed to a zone name (`eu-west-1a`). */
export function isZoneId(zone: string): boolean {
  return ZONE_ID.test(zone)
}

/**
 * The text of a list input without its comments: as in a YAML block scalar, a `#` at the start
 * of a line or after a space starts a comment that runs to the end of the line
 * (`rtb-0abc… # app`). A `#` inside a word (a tag value `a#b`) is kept.
 */
export function withoutComments(raw: string): string {
  return raw
    .split('\n')
    .map(line => line.replace(/(^|\s)#.*$/, '').trimEnd())
    .join('\n')
    .trim()
}

/** Splits a list given with commas, spaces or new lines. */
export function splitList(value: string): string[] {
  return value.split(/[\s,]+/).filter(item => item !== '')
}

/** Collects problems while the inputs are read. */
class Problems {
  readonly list: Problem[] = []

  add(subject: string, message: string, fix?: string): void {
    this.list.push(fix === undefined ? { subject, message } : { subject, message, fix })
  }
}

/** One of `allowed`; on a problem, the input's default (its first allowed value). */
function oneOf<T extends string>(
  input: InputName,
  raw: string,
  allowed: readonly [T, ...T[]],
  problems: Problems
): T {
  const value = raw.toLowerCase()
  if ((allowed as readonly string[]).includes(value)) return value as T
  problems.add(
    input,
    `"${raw}" is not one of ${allowed.map(a => `"${a}"`).join(', ')}.`,
    `Example: ${input}: ${INPUTS[input].default}`
  )
  return allowed[0]
}

/** The YAML 1.2 booleans that @actions/core's getBooleanInput accepts. */
function parseBoolean(input: InputName, raw: string, problems: Problems): boolean {
  if (['true', 'True', 'TRUE'].includes(raw)) return true
  if (['false', 'False', 'FALSE'].includes(raw)) return false
  problems.add(input, `"${raw}" is not a boolean.`, `Use true or false, e.g. ${input}: true`)
  return false
}

function checkIds(
  input: string,
  ids: string[],
  kind: ResourceKind,
  what: string,
  problems: Problems
): void {
  const seen = new Set<string>()
  for (const id of ids) {
    if (!isResourceId(kind, id)) {
      problems.add(input, `"${id}" is not ${what}.`, `Example: ${exampleId(kind)}`)
    } else if (seen.has(id)) {
      problems.add(input, `"${id}" is listed twice.`, 'List each ID once.')
    }
    seen.add(id)
  }
}

function parseRegion(readInput: InputReader, env: NodeJS.ProcessEnv, problems: Problems): string {
  const region = readInput('region') || env.AWS_REGION?.trim() || env.AWS_DEFAULT_REGION?.trim()
  if (!region) {
    problems.add(
      'region',
      'no AWS Region is set: the input `region` is empty and neither AWS_REGION nor AWS_DEFAULT_REGION is in the environment.',
      'Set `aws-region` on aws-actions/configure-aws-credentials, or `region: eu-west-1` on this step.'
    )
    return ''
  }
  if (!REGION.test(region)) {
    problems.add('region', `"${region}" is not an AWS Region code.`, 'Example: region: eu-west-1')
  }
  return region
}

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

function parseGateway(readInput: InputReader, region: string, problems: Problems): GatewaySpec {
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
    elasticIps: parseZonalElasticIps(eips, connectivity, problems)
  }
}

function parseTags(raw: string, problems: Problems): Record<string, string> {
  const input = 'tags'
  const tags: Record<string, string> = {}
  const example = 'Example: tags: |\n  team=platform\n  env=staging'
  for (const line of raw.split('\n').map(l => l.trim())) {
    if (line === '') continue
    const eq = line.indexOf('=')
    if (eq <= 0) {
      problems.add(input, `"${line}" is not key=value.`, example)
      continue
    }
    const key = line.slice(0, eq).trim()
    const value = line.slice(eq + 1).trim()
    if (key.toLowerCase().startsWith('aws:')) {
      problems.add(input, `tag key "${key}" uses the prefix "aws:", which AWS reserves.`, example)
    } else if ((RESERVED_TAG_KEYS as readonly string[]).includes(key)) {
      problems.add(
        input,
        `tag key "${key}" is set by the action itself.`,
        key === 'Name' ? 'Use the input `name` instead.' : 'Choose another key.'
      )
    }
    if (key.length > LIMITS.tagKeyLength) {
      problems.add(
        input,
        `tag key "${key.slice(0, 20)}…" has ${key.length} characters; at most ${LIMITS.tagKeyLength}.`,
        example
      )
    }
    if (value.length > LIMITS.tagValueLength) {
      problems.add(
        input,
        `the value of tag "${key}" has ${value.length} characters; at most ${LIMITS.tagValueLength}.`,
        example
      )
    }
    if (key in tags) problems.add(input, `tag key "${key}" is given twice.`, 'Give each key once.')
    tags[key] = value
  }
  const count = Object.keys(tags).length
  if (count > LIMITS.userTags) {
    problems.add(
      input,
      `${count} tags given; at most ${LIMITS.userTags} (EC2 allows 50, the action sets the rest).`,
      example
    )
  }
  return tags
}

function ipv4Network(address: string, prefix: number): string {
  const value = address.split('.').reduce((acc, octet) => acc * 256 + Number(octet), 0)
  const size = 2 ** (32 - prefix)
  const network = Math.floor(value / size) * size
  return [24, 16, 8, 0].map(shift => Math.floor(network / 2 ** shift) % 256).join('.')
}

function parseDestination(raw: string, problems: Problems): Destination {
  const input = 'destination-cidr'
  const cidr = raw
  const [address = '', prefixText = '', ...rest] = cidr.split('/')
  const family = isIP(address)
  const prefix = /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN
  const maxPrefix = family === 6 ? 128 : 32
  if (family === 0 || rest.length > 0 || !(prefix >= 0 && prefix <= maxPrefix)) {
    problems.add(input, `"${cidr}" is not a CIDR block.`, 'Example: destination-cidr: 0.0.0.0/0')
  } else if (family === 4 && ipv4Network(address, prefix) !== address) {
    problems.add(
      input,
      `"${cidr}" has host bits set.`,
      `Did you mean ${ipv4Network(address, prefix)}/${prefix}?`
    )
  }
  return { cidr, family: family === 6 ? 'ipv6' : 'ipv4' }
}

/** Whole seconds from 1 to `max`; on a problem, the input's default. */
function parseSeconds(
  input: 'wait-timeout-seconds' | 'max-drain-duration-seconds',
  raw: string,
  max: number,
  problems: Problems
): number {
  const value = /^\d+$/.test(raw) ? Number(raw) : NaN
  if (!(value >= 1 && value <= max)) {
    const fallback = INPUTS[input].default
    problems.add(
      input,
      `"${raw}" is not a whole number of seconds from 1 to ${max}.`,
      `Example: ${input}: ${fallback}`
    )
    return Number(fallback)
  }
  return value
}

function parseRouteTableIds(raw: string, problems: Problems): Config['routeTableIds'] {
  const input = 'route-table-ids'
  if (raw.toLowerCase() === 'auto') return 'auto'
  const ids = splitList(raw)
  if (ids.length === 0) {
    problems.add(
      input,
      'is required: name the private route tables to route through the NAT gateway, or say auto.',
      `Example: route-table-ids: ${exampleId('rtb')}, rtb-0123456789abcdef0`
    )
  }
  checkIds(input, ids, 'rtb', 'a route table ID', problems)
  return ids
}

/**
 * `gateway-endpoints`, with `s3-gateway-endpoint: true` as an alias for its `s3`: the services,
 * in the fixed order of GATEWAY_ENDPOINT_SERVICES, each once.
 */
function parseGatewayEndpoints(raw: string, s3Alias: boolean, problems: Problems) {
  const input = 'gateway-endpoints'
  const named = new Set<string>(splitList(raw.toLowerCase()))
  for (const service of named) {
    if (!(GATEWAY_ENDPOINT_SERVICES as readonly string[]).includes(service)) {
      problems.add(
        input,
        `"${service}" is not a service with gateway endpoints (${GATEWAY_ENDPOINT_SERVICES.join(', ')}).`,
        'Example: gateway-endpoints: s3, dynamodb'
      )
    }
  }
  if (s3Alias) named.add('s3')
  return GATEWAY_ENDPOINT_SERVICES.filter(service => named.has(service))
}

function parseExpectedPlan(raw: string, problems: Problems): PlanDocument | undefined {
  if (raw === '') return undefined
  const parsed = parsePlanDocument(raw)
  if ('problem' in parsed) {
    problems.add(
      'expected-plan',
      parsed.problem,
      'Pass the plan-json output of a dry run with the same inputs, e.g. expected-plan: ${{ needs.plan.outputs.plan-json }}'
    )
    return undefined
  }
  return parsed.plan
}

/** An expression the runner did not expand means the step was run some other way. */
function parseGithubToken(raw: string, env: NodeJS.ProcessEnv): string {
  return raw.startsWith('${{') ? (env.GITHUB_TOKEN?.trim() ?? '') : raw
}

/** The default `Name`: from the VPC for a regional gateway, from the subnet for a zonal one. */
export function defaultName(vpcId: string, gateway: GatewaySpec): string {
  return gateway.mode === 'regional' ? `nat-regional-${vpcId}` : `nat-${gateway.subnetId}`
}

/** Reads and validates every input; throws a ProblemsError listing every problem found. */
export function parseConfig(
  readRawInput: InputReader,
  env: NodeJS.ProcessEnv = process.env
): Config {
  const problems = new Problems()
  const readInput = withDefaults(readRawInput)

  const vpcId = readInput('vpc-id')
  if (vpcId === '') {
    problems.add('vpc-id', 'is required.', `Example: vpc-id: ${exampleId('vpc')}`)
  } else {
    checkIds('vpc-id', [vpcId], 'vpc', 'a VPC ID', problems)
  }

  const routeTableIds = parseRouteTableIds(withoutComments(readInput('route-table-ids')), problems)

  const region = parseRegion(readInput, env, problems)
  const gateway = parseGateway(readInput, region, problems)

  const name = readInput('name') || defaultName(vpcId, gateway)
  if (name.length > LIMITS.tagValueLength) {
    problems.add(
      'name',
      `has ${name.length} characters; a tag value takes at most ${LIMITS.tagValueLength}.`,
      'Example: name: egress-production'
    )
  }

  const config: Config = {
    region,
    vpcId,
    state: oneOf('state', readInput('state'), ['present', 'absent'], problems),
    dryRun: parseBoolean('dry-run', readInput('dry-run'), problems),
    routeTableIds,
    gateway,
    name,
    tags: parseTags(withoutComments(readInput('tags')), problems),
    destination: parseDestination(readInput('destination-cidr'), problems),
    routeConflict: oneOf(
      'route-conflict',
      readInput('route-conflict'),
      ['fail', 'replace'],
      problems
    ),
    waitTimeoutSeconds: parseSeconds(
      'wait-timeout-seconds',
      readInput('wait-timeout-seconds'),
      LIMITS.waitTimeoutSeconds,
      problems
    ),
    maxDrainDurationSeconds: parseSeconds(
      'max-drain-duration-seconds',
      readInput('max-drain-duration-seconds'),
      LIMITS.maxDrainDurationSeconds,
      problems
    ),
    gatewayEndpoints: parseGatewayEndpoints(
      readInput('gateway-endpoints'),
      parseBoolean('s3-gateway-endpoint', readInput('s3-gateway-endpoint'), problems),
      problems
    ),
    waitForZoneAddresses: parseBoolean(
      'wait-for-zone-addresses',
      readInput('wait-for-zone-addresses'),
      problems
    ),
    teardownAtJobEnd: parseBoolean(
      'teardown-at-job-end',
      readInput('teardown-at-job-end'),
      problems
    ),
    commentOnPullRequest: parseBoolean(
      'comment-on-pull-request',
      readInput('comment-on-pull-request'),
      problems
    ),
    githubToken: parseGithubToken(readInput('github-token'), env)
  }
  const expectedPlan = parseExpectedPlan(readInput('expected-plan'), problems)
  if (expectedPlan) config.expectedPlan = expectedPlan
  if (config.teardownAtJobEnd && config.state === 'absent') {
    problems.add(
      'teardown-at-job-end',
      'applies to state: present only; a teardown has nothing to tear down at job end.',
      'Remove it, or set state: present.'
    )
  }
  if (
    config.waitForZoneAddresses &&
    !(gateway.mode === 'regional' && gateway.elasticIps.allocation === 'automatic')
  ) {
    problems.add(
      'wait-for-zone-addresses',
      'applies to a regional gateway with automatic Elastic IPs only; other gateways have their addresses when they are available.',
      'Remove it, or leave eip-allocation-ids empty with availability-mode: regional.'
    )
  }
  if (problems.list.length > 0) {
    throw new ProblemsError('The inputs are not valid; nothing was changed.', problems.list)
  }
  return config
}
