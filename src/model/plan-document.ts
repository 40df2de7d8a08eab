/**
 * `plan-json`: a plan as a versioned document (docs/plan-json.md, docs/plan.schema.json), its
 * format and its parse (`expected-plan` takes one back). plan/plan-document.ts writes one.
 */
import type { CostEstimate } from './cost.js'
import type { GatewaySpec } from './gateway-spec.js'
import type { GatewayEndpointService } from './gateway-endpoints.js'
import type { AddressAddition, AddressRemoval } from './address-changes.js'
import type {
  EgressOnlyGatewayPlan,
  GatewayEndpointPlan,
  Ipv6RoutePlan,
  RoutePlan
} from './plan.js'

export const PLAN_FORMAT = 'ensure-nat-gateway/plan'
export const PLAN_VERSION = 1

/** What every plan document names: the format, and the inputs that decide what is written. */
export interface DocumentHead {
  format: typeof PLAN_FORMAT
  version: typeof PLAN_VERSION
  region: string
  vpcId: string
  name: string
  destinationCidr: string
}

/** Elastic IPs changed in place on an existing gateway: associated first, then disassociated. */
export interface ElasticIpChanges {
  associate: AddressAddition[]
  disassociate: AddressRemoval[]
  maxDrainDurationSeconds: number
  /** Of the disassociated: those this action allocated, released once gone. */
  release: string[]
}

/** A private gateway's secondary private IPs changed in place: assigned, or unassigned (drained). */
export interface SecondaryPrivateIpChanges {
  from: number
  to: number
  /** How many to assign; 0 on a decrease. */
  assign: number
  /** The addresses to unassign, highest first; none on an increase. */
  unassign: string[]
  /** With `unassign` only. */
  maxDrainDurationSeconds?: number
}

export type NatGatewayStep =
  | { action: 'keep'; natGatewayId: string; state: string }
  | {
      action: 'update'
      natGatewayId: string
      state: string
      /** At least one of the two. */
      elasticIps?: ElasticIpChanges
      secondaryPrivateIps?: SecondaryPrivateIpChanges
    }
  | {
      action: 'create'
      availabilityMode: 'regional' | 'zonal'
      connectivityType: 'public' | 'private'
      subnetId?: string
      elasticIps: GatewaySpec['elasticIps']
      /** Zonal automatic: allocate an address, or reuse one an earlier run allocated. */
      elasticIp?: { action: 'allocate' } | { action: 'reuse'; allocationId: string }
      /** A private gateway's secondary private IPs; absent when none. */
      secondaryPrivateIpCount?: number
      /** The tags given in `tags`, keys sorted; the action's own tags are implied. */
      tags: Record<string, string>
    }

export interface PresentPlanDocument extends DocumentHead {
  state: 'present'
  natGateway: NatGatewayStep
  routes: RoutePlan[]
  skippedRouteTables: { routeTableId: string; reason: string }[]
  gatewayEndpoints: GatewayEndpointPlan[]
  /** With nat64 or ipv6-egress: the IPv6 routes and the egress-only internet gateway. */
  ipv6?: {
    egressOnlyInternetGateway?: EgressOnlyGatewayPlan
    /** Sorted by route table, then destination. */
    routes: Ipv6RoutePlan[]
  }
  /** Whether applying the plan writes anything. */
  changes: boolean
  cost?: CostDocument
}

export interface AbsentPlanDocument extends DocumentHead {
  state: 'absent'
  natGateways: { action: 'delete'; natGatewayId: string; state: string }[]
  routes: { action: 'delete'; routeTableId: string; natGatewayId: string }[]
  releaseAllocationIds: string[]
  gatewayEndpoints: { action: 'delete'; service: GatewayEndpointService; vpcEndpointId: string }[]
  /** When there is any: NAT64 routes to our gateway, ::/0 routes to our egress-only gateway. */
  ipv6Routes?: {
    action: 'delete'
    routeTableId: string
    destinationCidr: string
    targetId: string
  }[]
  /** The egress-only internet gateway this action made, deleted. */
  egressOnlyInternetGateway?: { action: 'delete'; egressOnlyInternetGatewayId: string }
  changes: boolean
  cost?: CostDocument
}

/** One zone's gateway and tables in a plan with a gateway per zone. */
export interface ZoneStep {
  zone: string
  zoneId: string
  subnetId: string
  natGateway: NatGatewayStep
  routes: RoutePlan[]
}

/** `subnet-ids` with several subnets: a gateway per zone, and those of unlisted subnets retired. */
export interface PerZonePlanDocument extends DocumentHead {
  state: 'present'
  zones: ZoneStep[]
  retire: Omit<AbsentPlanDocument, keyof DocumentHead | 'state' | 'gatewayEndpoints' | 'changes'>
  skippedRouteTables: { routeTableId: string; reason: string }[]
  gatewayEndpoints: GatewayEndpointPlan[]
  changes: boolean
}

export type PlanDocument = PresentPlanDocument | PerZonePlanDocument | AbsentPlanDocument

/**
 * What the gateways cost by the hour once the plan is applied (docs/pricing.md). Derived from the
 * rest and the price table, so expected-plan does not compare it.
 */
export interface CostDocument {
  natGatewayHoursPerHour: number
  publicIpv4AddressHoursPerHour: number
  /** Regional automatic: AWS may add zones and addresses, so the figures are a floor. */
  atLeast: boolean
  /** 730 hours, two decimals; null where the Region is not in the price table. */
  estimatedMonthlyCostUsd: string | null
}

/** The document with its cost, last, so the other keys keep their order. */
export function withCost<D extends PlanDocument>(document: D, estimate: CostEstimate): D {
  const { units } = estimate
  return {
    ...document,
    cost: {
      natGatewayHoursPerHour: units.natGatewayHours,
      publicIpv4AddressHoursPerHour: units.publicIpv4AddressHours,
      atLeast: units.atLeast,
      estimatedMonthlyCostUsd: estimate.monthlyUsd ?? null
    }
  }
}

/** The document as `plan-json` gives it: one line, keys in the order above. */
export function serializePlan(document: PlanDocument): string {
  return JSON.stringify(document)
}

/** A JSON object (not an array, not null). */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * Bounds of an `expected-plan`: far above any real plan (a plan of 200 route tables is about 30 KB
 * and 5 levels deep), low enough that reading and comparing one stays small and never recurses
 * out of the stack.
 */
export const PLAN_DOCUMENT_LIMITS = { characters: 256 * 1024, depth: 16 } as const

/** How deep arrays and objects nest in JSON text, counted without parsing (no recursion). */
function nestingDepth(text: string): number {
  let depth = 0
  let deepest = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (inString) {
      if (c === '\\') i++
      else if (c === '"') inString = false
    } else if (c === '"') inString = true
    else if (c === '[' || c === '{') deepest = Math.max(deepest, ++depth)
    else if (c === ']' || c === '}') depth--
  }
  return deepest
}

/**
 * A plan document from `expected-plan`. Bounded in size and depth first; then checked for its
 * format, version and the fields a comparison walks; the comparison itself then shows any other
 * difference.
 */
export function parsePlanDocument(text: string): { plan: PlanDocument } | { problem: string } {
  const { characters, depth } = PLAN_DOCUMENT_LIMITS
  if (text.length > characters) {
    return {
      problem: `has ${text.length} characters; a plan document has at most ${characters}: it should be the plan-json output of a dry run.`
    }
  }
  if (nestingDepth(text) > depth) {
    return {
      problem: `nests arrays and objects more than ${depth} levels deep; a plan document does not: it should be the plan-json output of a dry run.`
    }
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return { problem: 'is not JSON: it should be the plan-json output of a dry run.' }
  }
  if (!isRecord(value) || value.format !== PLAN_FORMAT) {
    return { problem: `is not a plan of this action (no "format": "${PLAN_FORMAT}").` }
  }
  if (value.version !== PLAN_VERSION) {
    return {
      problem: `is a plan of format version ${JSON.stringify(value.version)}; this version of the action reads version ${PLAN_VERSION}.`
    }
  }
  // A plan with a gateway per zone has its routes in each zone.
  const perZone = Array.isArray(value.zones)
  const lists =
    value.state === 'present'
      ? [perZone ? 'zones' : 'routes', 'skippedRouteTables', 'gatewayEndpoints']
      : value.state === 'absent'
        ? ['natGateways', 'routes', 'releaseAllocationIds', 'gatewayEndpoints']
        : undefined
  if (!lists) return { problem: 'has no "state" of "present" or "absent".' }
  const missing = lists.filter(key => !Array.isArray(value[key]))
  if (value.state === 'present' && !isRecord(perZone ? value.retire : value.natGateway)) {
    missing.unshift(perZone ? 'retire' : 'natGateway')
  }
  if (missing.length > 0) {
    return { problem: `lacks ${missing.map(key => `"${key}"`).join(', ')}.` }
  }
  return { plan: value as unknown as PlanDocument }
}
