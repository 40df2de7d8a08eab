/**
 * `expected-plan`: this run's plan against the approved one. Only what would be written counts:
 * what a gateway's state is now, or why a table is left out, does not change a write.
 */
import type { PlanDocument } from '../model/plan-document.js'

export interface PlanDifference {
  /** Where, e.g. `routes[rtb-0abc1234def567890].action`. */
  path: string
  /** undefined: the approved plan has nothing there (or this run has nothing there). */
  expected: unknown
  actual: unknown
}

/**
 * Fields that describe the world but are not written: a gateway's state now, the tables left out
 * and why. `changes` follows from the rest. The top-level `state` (present or absent) counts.
 */
const isNotWritten = (path: string, key: string): boolean =>
  path === '' ? key === 'skippedRouteTables' || key === 'changes' : key === 'state'

/** The ID an item of a plan's list is known by, so that a difference names it. */
function itemKey(item: unknown, index: number): string {
  if (typeof item !== 'object' || item === null) return JSON.stringify(item)
  const record = item as Record<string, unknown>
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

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

function compare(path: string, expected: unknown, actual: unknown, out: PlanDifference[]): void {
  if (Array.isArray(expected) && Array.isArray(actual)) {
    const left = new Map(expected.map((item, i) => [itemKey(item, i), item]))
    const right = new Map(actual.map((item, i) => [itemKey(item, i), item]))
    for (const key of [...new Set([...left.keys(), ...right.keys()])].sort()) {
      compare(`${path}[${key}]`, left.get(key), right.get(key), out)
    }
    return
  }
  if (isRecord(expected) && isRecord(actual)) {
    for (const key of [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort()) {
      if (isNotWritten(path, key)) continue
      compare(path ? `${path}.${key}` : key, expected[key], actual[key], out)
    }
    return
  }
  if (JSON.stringify(expected) !== JSON.stringify(actual)) out.push({ path, expected, actual })
}

/** Every difference in what would be written; none means the approved plan is this run's. */
export function differencesFromExpected(
  expected: PlanDocument,
  actual: PlanDocument
): PlanDifference[] {
  const differences: PlanDifference[] = []
  compare('', expected, actual, differences)
  return differences
}
