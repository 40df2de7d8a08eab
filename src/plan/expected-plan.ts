/**
 * `expected-plan`: this run's plan held against the approved one. An approved plan is a path, not
 * a snapshot: each approved step is either still to do exactly as approved (this run plans it
 * the same), or already done (this run finds its result in the world, so plans nothing for it).
 * Anything else is a difference, and the run writes nothing. So a rerun of an approved apply that
 * failed half-way finishes it, and a rerun of one that succeeded writes nothing.
 * docs/plan-json.md states the rule.
 */
import { gatewayAllocationIds, manualAllocationIds } from '../model/addresses.js'
import {
  type ElasticIpChanges,
  isRecord,
  type NatGatewayStep,
  type PlanDocument
} from '../model/plan-document.js'
import type { NatGateway } from '../model/resources.js'

export interface PlanDifference {
  /** Where, e.g. `routes[rtb-0abc1234def567890].action`. */
  path: string
  /** undefined: the approved plan has nothing there (or this run has nothing there). */
  expected: unknown
  actual: unknown
}

/** An approved step this run found done, e.g. `routes[rtb-0abc…]: create`. */
export interface DoneStep {
  path: string
  action: string
}

export interface PlanComparison {
  differences: PlanDifference[]
  done: DoneStep[]
}

/**
 * Top-level fields never compared: they describe the world or follow from the rest (`cost`, from
 * the price table of the action's version), and nothing is written from them.
 */
export const NOT_COMPARED: readonly string[] = ['skippedRouteTables', 'changes', 'cost']

/** Nested fields never compared: a resource's state now. */
const NOT_COMPARED_NESTED = ['state']

type Item = Record<string, unknown>

/** The ID an item of a plan's list is known by, so that a difference names it. */
function itemKey(item: unknown, index: number): string {
  if (typeof item !== 'object' || item === null) return JSON.stringify(item)
  const record = item as Item
  // A table has up to three routes: its IPv6 ones are known by table and destination.
  if (typeof record.routeTableId === 'string' && typeof record.destinationCidr === 'string') {
    return `${record.routeTableId} ${record.destinationCidr}`
  }
  const id =
    record.routeTableId ??
    record.service ??
    record.natGatewayId ??
    record.allocationId ??
    record.zone
  return typeof id === 'string' ? id : String(index)
}

const byKey = (list: unknown[]): Map<string, unknown> =>
  new Map(list.map((item, i) => [itemKey(item, i), item]))

function compare(path: string, expected: unknown, actual: unknown, out: PlanDifference[]): void {
  if (Array.isArray(expected) && Array.isArray(actual)) {
    const left = byKey(expected)
    const right = byKey(actual)
    for (const key of [...new Set([...left.keys(), ...right.keys()])].sort()) {
      compare(`${path}[${key}]`, left.get(key), right.get(key), out)
    }
    return
  }
  if (isRecord(expected) && isRecord(actual)) {
    for (const key of [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort()) {
      if (path === '' ? NOT_COMPARED.includes(key) : NOT_COMPARED_NESTED.includes(key)) continue
      compare(path ? `${path}.${key}` : key, expected[key], actual[key], out)
    }
    return
  }
  if (JSON.stringify(expected) !== JSON.stringify(actual)) out.push({ path, expected, actual })
}

const same = (expected: unknown, actual: unknown): boolean => {
  const out: PlanDifference[] = []
  compare('item', expected, actual, out)
  return out.length === 0
}

/**
 * A list whose items are matched by ID: each approved item is still planned as approved, or found
 * done (`isDone` of this run's item, or no item at all when `goneIsDone`); anything else, and an
 * item this run plans that was not approved, is a difference.
 */
function compareSteps(
  path: string,
  expected: unknown[],
  actual: unknown[],
  out: PlanComparison,
  isDone: (approved: Item, now: Item | undefined) => boolean,
  /** What the log calls a step done, when its item has no `action` (an ID to release, say). */
  verb = 'write'
): void {
  const left = byKey(expected)
  const right = byKey(actual)
  for (const key of [...new Set([...left.keys(), ...right.keys()])].sort()) {
    const approved = left.get(key)
    const now = right.get(key)
    const where = `${path}[${key}]`
    if (approved !== undefined && !same(approved, now) && isDone(approved as Item, now as Item)) {
      const action =
        isRecord(approved) && typeof approved.action === 'string' ? approved.action : verb
      out.done.push({ path: where, action })
      continue
    }
    compare(where, approved, now, out.differences)
  }
}

/** A gateway's tags as a record. */
const tagRecord = (gateway: NatGateway): Record<string, string | undefined> =>
  Object.fromEntries((gateway.Tags ?? []).map(tag => [tag.Key ?? '', tag.Value]))

/**
 * Whether the gateway this run found is the one an approved create makes: same mode,
 * connectivity and subnet, the approved Elastic IPs, and the approved tags.
 */
export function madeAsApproved(
  step: Extract<NatGatewayStep, { action: 'create' }>,
  gateway: NatGateway
): boolean {
  const held = gatewayAllocationIds(gateway)
  const manual = manualAllocationIds(step)
  const reused = step.elasticIp?.action === 'reuse' ? [step.elasticIp.allocationId] : []
  const tags = tagRecord(gateway)
  return (
    (gateway.AvailabilityMode ?? 'zonal') === step.availabilityMode &&
    (gateway.ConnectivityType ?? 'public') === step.connectivityType &&
    (step.subnetId === undefined || gateway.SubnetId === step.subnetId) &&
    (manual.length === 0 || (manual.length === held.size && manual.every(id => held.has(id)))) &&
    reused.every(id => held.has(id)) &&
    Object.entries(step.tags).every(([key, value]) => tags[key] === value)
  )
}

/** The gateway step: approved as planned now, or done (created as approved, or updated). */
function compareGateway(
  expected: NatGatewayStep,
  actual: NatGatewayStep,
  adopted: NatGateway | undefined,
  out: PlanComparison
): void {
  if (same(expected, actual)) return
  if (expected.action === 'create' && actual.action === 'create') {
    // Zonal automatic: an earlier run of this plan allocated the address (tagged for this
    // gateway) and stopped before the create; reusing it is the approved allocation, done.
    const allocated =
      expected.elasticIp?.action === 'allocate' && actual.elasticIp?.action === 'reuse'
    if (allocated) {
      out.done.push({ path: 'natGateway.elasticIp', action: 'allocate' })
      compare('natGateway', { ...expected, elasticIp: actual.elasticIp }, actual, out.differences)
      return
    }
  }
  if (expected.action === 'create' && actual.action === 'keep' && adopted) {
    if (madeAsApproved(expected, adopted)) {
      out.done.push({ path: 'natGateway', action: `create (${actual.natGatewayId})` })
      return
    }
  }
  if (
    expected.action === 'update' &&
    (actual.action === 'keep' || actual.action === 'update') &&
    expected.natGatewayId === actual.natGatewayId
  ) {
    const now = actual.action === 'update' ? actual : undefined
    if (expected.elasticIps) compareElasticIpSteps(expected.elasticIps, now?.elasticIps, out)
    // Secondary private IPs are one assign or unassign: still to do exactly as approved, or done.
    const approvedIps = expected.secondaryPrivateIps
    const path = 'natGateway.secondaryPrivateIps'
    if (approvedIps && now?.secondaryPrivateIps) {
      compare(path, approvedIps, now.secondaryPrivateIps, out.differences)
    } else if (approvedIps) {
      out.done.push({ path, action: `${approvedIps.from} to ${approvedIps.to}` })
    } else if (now?.secondaryPrivateIps) {
      compare(path, undefined, now.secondaryPrivateIps, out.differences)
    }
    if (!expected.elasticIps && now?.elasticIps) {
      compare('natGateway.elasticIps', undefined, now.elasticIps, out.differences)
    }
    return
  }
  compare('natGateway', expected, actual, out.differences)
}

/**
 * An approved in-place change of Elastic IPs against what this run plans of it (nothing, on a
 * `keep`): each association, disassociation and release done is gone from the plan.
 */
function compareElasticIpSteps(
  approved: ElasticIpChanges,
  planned: ElasticIpChanges | undefined,
  out: PlanComparison
): void {
  const now = planned ?? { ...approved, associate: [], disassociate: [], release: [] }
  const gone = (_: Item, item: Item | undefined) => item === undefined
  const path = 'natGateway.elasticIps'
  compareSteps(`${path}.associate`, approved.associate, now.associate, out, gone, 'associate')
  compareSteps(
    `${path}.disassociate`,
    approved.disassociate,
    now.disassociate,
    out,
    gone,
    'disassociate'
  )
  compareSteps(`${path}.release`, approved.release, now.release, out, gone, 'release')
  compare(
    `${path}.maxDrainDurationSeconds`,
    approved.maxDrainDurationSeconds,
    now.maxDrainDurationSeconds,
    out.differences
  )
}

/** A route or an endpoint is done when this run keeps it: the world shows its result. */
const keptNow = (_: Item, now: Item | undefined): boolean => now?.action === 'keep'

/** An endpoint `add` is done when this run keeps that very endpoint. */
const endpointDone = (approved: Item, now: Item | undefined): boolean =>
  keptNow(approved, now) &&
  (approved.action !== 'add' ||
    ((now?.vpcEndpointIds ?? []) as unknown[]).includes(approved.vpcEndpointId))

/** A document without its lists of steps, which are compared step by step. */
const without = (document: PlanDocument, keys: readonly string[]): Item =>
  Object.fromEntries(Object.entries(document).filter(([key]) => !keys.includes(key)))

/** What a teardown deletes or releases is done when it is gone. */
const goneNow = (_: Item, now: Item | undefined): boolean => now === undefined

/**
 * This run's plan against the approved one. `adopted`: the gateway this run found and keeps, if
 * any, from which an approved create is judged done.
 */
export function compareWithExpected(
  expected: PlanDocument,
  actual: PlanDocument,
  adopted?: NatGateway
): PlanComparison {
  const out: PlanComparison = { differences: [], done: [] }
  // A plan with a gateway per zone is compared whole (no approved step of it is found done).
  if (
    expected.state === 'present' &&
    actual.state === 'present' &&
    'natGateway' in expected &&
    'natGateway' in actual
  ) {
    const steps = ['natGateway', 'routes', 'gatewayEndpoints']
    compare('', without(expected, steps), without(actual, steps), out.differences)
    compareGateway(expected.natGateway, actual.natGateway, adopted, out)
    compareSteps('routes', expected.routes, actual.routes, out, keptNow)
    compareSteps(
      'gatewayEndpoints',
      expected.gatewayEndpoints,
      actual.gatewayEndpoints,
      out,
      endpointDone
    )
  } else if (expected.state === 'absent' && actual.state === 'absent') {
    const steps = ['natGateways', 'routes', 'releaseAllocationIds', 'gatewayEndpoints'] as const
    compare('', without(expected, steps), without(actual, steps), out.differences)
    for (const list of steps) {
      compareSteps(list, expected[list], actual[list], out, goneNow, 'release')
    }
  } else {
    compare('', expected, actual, out.differences)
  }
  return out
}
