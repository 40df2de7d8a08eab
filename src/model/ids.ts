/**
 * Shapes of the identifiers the action accepts: EC2 resource IDs (a prefix and 8, older, or 17
 * lowercase hex digits), Regions and availability zones (by name or by zone ID).
 */
export type ResourceKind = 'vpc' | 'subnet' | 'rtb' | 'eipalloc' | 'nat'

const EXAMPLES: Record<ResourceKind, string> = {
  vpc: 'vpc-0abc1234def567890',
  subnet: 'subnet-0abc1234def567890',
  rtb: 'rtb-0abc1234def567890',
  eipalloc: 'eipalloc-0abc1234def567890',
  nat: 'nat-0abc1234def567890'
}

export function isResourceId(kind: ResourceKind, value: string): boolean {
  return new RegExp(`^${kind}-(?:[0-9a-f]{8}|[0-9a-f]{17})$`).test(value)
}

export function exampleId(kind: ResourceKind): string {
  return EXAMPLES[kind]
}

export const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d+$/
/** A zone name (`eu-west-1a`); the first group is its Region. */
export const ZONE_NAME = /^([a-z]{2}(?:-[a-z]+)+-\d+)[a-z]$/
/** A zone ID (`euw1-az1`): the same physical zone in every account, unlike a zone name. */
export const ZONE_ID = /^[a-z]{3,5}\d+-az\d+$/

/** A zone ID (`euw1-az1`), as opposed to a zone name (`eu-west-1a`). */
export function isZoneId(zone: string): boolean {
  return ZONE_ID.test(zone)
}
