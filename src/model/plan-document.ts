/**
 * `plan-json`: a plan as a versioned document (docs/plan-json.md, docs/plan.schema.json), its
 * format and its parse (`expected-plan` takes one back). plan/plan-document.ts writes one.
 */
import type { GatewaySpec } from './gateway-spec.js'
import type { GatewayEndpointService } from './gateway-endpoints.js'
import type { AddressAddition, AddressRemoval } from './address-changes.js'
import type { GatewayEndpointPlan, RoutePlan } from './plan.js'

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

export type NatGatewayStep =
  | { action: 'keep'; natGatewayId: string; state: string }
  | { action: 'update'; natGatewayId: string; state: string; elasticIps: ElasticIpChanges }
  | {
      action: 'create'
      availabilityMode: 'regional' | 'zonal'
      connectivityType: 'public' | 'private'
      subnetId?: string
      elasticIps: GatewaySpec['elasticIps']
      /** Zonal automatic: allocate an address, or reuse one an earlier run allocated. */
      elasticIp?: { action: 'allocate' } | { action: 'reuse'; allocationId: string }
      /** The tags given in `tags`, keys sorted; the action's own tags are implied. */
      tags: Record<string, string>
    }

export interface PresentPlanDocument extends DocumentHead {
  state: 'present'
  natGateway: NatGatewayStep
  routes: RoutePlan[]
  skippedRouteTables: { routeTableId: string; reason: string }[]
  gatewayEndpoints: GatewayEndpointPlan[]
  /** Whether applying the plan writes anything. */
  changes: boolean
}

export interface AbsentPlanDocument extends DocumentHead {
  state: 'absent'
  natGateways: { action: 'delete'; natGatewayId: string; state: string }[]
  routes: { action: 'delete'; routeTableId: string; natGatewayId: string }[]
  releaseAllocationIds: string[]
  gatewayEndpoints: { action: 'delete'; service: GatewayEndpointService; vpcEndpointId: string }[]
  changes: boolean
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

/** The document as `plan-json` gives it: one line, keys in the order above. */
export function serializePlan(document: PlanDocument): string {
  return JSON.stringify(document)
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * A plan document from `expected-plan`. Checked for its format, version and the fields a
 * comparison walks; the comparison itself then shows any other difference.
 */
export function parsePlanDocument(text: string): { plan: PlanDocument } | { problem: string } {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return { problem: 'is not JSON: it should be the plan-json output of a dry run.' }
  }
  if (!isObject(value) || value.format !== PLAN_FORMAT) {
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
  if (value.state === 'present' && !isObject(perZone ? value.retire : value.natGateway)) {
    missing.unshift(perZone ? 'retire' : 'natGateway')
  }
  if (missing.length > 0) {
    return { problem: `lacks ${missing.map(key => `"${key}"`).join(', ')}.` }
  }
  return { plan: value as unknown as PlanDocument }
}
