/**
 * The job record: what the main step of a `teardown-at-job-end` job created and wrote, by ID,
 * saved as it goes (after each write) so that the post step undoes exactly that and nothing it
 * merely found. Versioned: the post step refuses a record it cannot read rather than guess.
 */
import type { Destination } from './config.js'
import { GATEWAY_ENDPOINT_SERVICES, type GatewayEndpointService } from './gateway-endpoints.js'

export const JOB_RECORD_VERSION = 1

/** Creates whose answer had not come back when the record was last saved. */
export const CREATE_KINDS = ['nat-gateway', 'address', 'gateway-endpoint'] as const
export type CreateKind = (typeof CREATE_KINDS)[number]

export interface NatGatewayRecord {
  natGatewayId: string
  /** False when the job found it (adopted): the post step leaves it, with its addresses. */
  created: boolean
}

export interface RouteRecord {
  routeTableId: string
  destination: Destination
  /** Where this job pointed the destination: a NAT gateway, or (`::/0`) an egress-only gateway. */
  targetId: string
  /** `kept`: the route pointed there already; `created`: there was none; `replaced`: see previous. */
  change: 'kept' | 'created' | 'replaced'
  /** For `replaced`: the target the destination routed to before, and whether it was gone then. */
  previous?: { target: string; blackhole: boolean }
  /** False while the write is under way: a route that does not point to the gateway was not written. */
  written: boolean
}

export interface GatewayEndpointRecord {
  service: GatewayEndpointService
  vpcEndpointId: string
  /** False for an endpoint the job found: only the tables it added are taken off it. */
  created: boolean
  /** The route tables this job added to the endpoint (all of them when it created it). */
  addedRouteTableIds: string[]
}

export interface JobRecord {
  version: typeof JOB_RECORD_VERSION
  /** Where the main step worked: the post step works there, whatever the environment says later. */
  region: string
  vpcId: string
  /** The gateway's `Name`. */
  name: string
  /** The provenance run tag's value: finds what a create in flight made before it was recorded. */
  run?: string
  /** A list: a run may make several gateways. */
  natGateways: NatGatewayRecord[]
  /** Elastic IPs this job allocated. */
  allocatedAddresses: string[]
  routes: RouteRecord[]
  gatewayEndpoints: GatewayEndpointRecord[]
  /** One entry per create sent and not yet answered. */
  inFlight: CreateKind[]
}

export function newJobRecord(where: {
  region: string
  vpcId: string
  name: string
  run?: string
}): JobRecord {
  return {
    version: JOB_RECORD_VERSION,
    ...where,
    natGateways: [],
    allocatedAddresses: [],
    routes: [],
    gatewayEndpoints: [],
    inFlight: []
  }
}

export function serializeJobRecord(record: JobRecord): string {
  return JSON.stringify(record)
}

/** Thrown when the saved record cannot be read: the post step fails and says so. */
export class JobRecordError extends Error {
  constructor(message: string) {
    super(`The record of what the main step did cannot be read: ${message}`)
    this.name = 'JobRecordError'
  }
}

type Json = Record<string, unknown>
const isJson = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
const isString = (value: unknown): value is string => typeof value === 'string' && value !== ''
const isStringList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every(isString)

function listOf<T>(value: unknown, field: string, valid: (item: Json) => boolean): T[] {
  if (!Array.isArray(value) || !value.every(item => isJson(item) && valid(item))) {
    throw new JobRecordError(`"${field}" is not a list of valid entries.`)
  }
  return value as T[]
}

const isDestination = (value: unknown): boolean =>
  isJson(value) && isString(value.cidr) && (value.family === 'ipv4' || value.family === 'ipv6')

const validRoute = (r: Json): boolean =>
  isString(r.routeTableId) &&
  isDestination(r.destination) &&
  isString(r.targetId) &&
  ['kept', 'created', 'replaced'].includes(r.change as string) &&
  typeof r.written === 'boolean' &&
  (r.previous === undefined ||
    (isJson(r.previous) &&
      isString(r.previous.target) &&
      typeof r.previous.blackhole === 'boolean'))

const validEndpoint = (e: Json): boolean =>
  (GATEWAY_ENDPOINT_SERVICES as readonly unknown[]).includes(e.service) &&
  isString(e.vpcEndpointId) &&
  typeof e.created === 'boolean' &&
  isStringList(e.addedRouteTableIds)

/** The record as the main step saved it, validated; a JobRecordError says what is wrong. */
export function parseJobRecord(text: string): JobRecord {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new JobRecordError('it is not JSON.')
  }
  if (!isJson(value)) throw new JobRecordError('it is not a JSON object.')
  if (value.version !== JOB_RECORD_VERSION) {
    throw new JobRecordError(
      `its version is ${JSON.stringify(value.version)}; this action reads version ${JOB_RECORD_VERSION}.`
    )
  }
  for (const field of ['region', 'vpcId', 'name']) {
    if (!isString(value[field])) throw new JobRecordError(`"${field}" is missing.`)
  }
  if (value.run !== undefined && !isString(value.run)) {
    throw new JobRecordError('"run" is not a string.')
  }
  if (!isStringList(value.allocatedAddresses)) {
    throw new JobRecordError('"allocatedAddresses" is not a list of allocation IDs.')
  }
  if (
    !Array.isArray(value.inFlight) ||
    !value.inFlight.every(kind => (CREATE_KINDS as readonly unknown[]).includes(kind))
  ) {
    throw new JobRecordError('"inFlight" is not a list of create kinds.')
  }
  return {
    version: JOB_RECORD_VERSION,
    region: value.region as string,
    vpcId: value.vpcId as string,
    name: value.name as string,
    ...(value.run !== undefined && { run: value.run }),
    natGateways: listOf<NatGatewayRecord>(
      value.natGateways,
      'natGateways',
      g => isString(g.natGatewayId) && typeof g.created === 'boolean'
    ),
    allocatedAddresses: value.allocatedAddresses,
    routes: listOf<RouteRecord>(value.routes, 'routes', validRoute),
    gatewayEndpoints: listOf<GatewayEndpointRecord>(
      value.gatewayEndpoints,
      'gatewayEndpoints',
      validEndpoint
    ),
    inFlight: value.inFlight as CreateKind[]
  }
}
