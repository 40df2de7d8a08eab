/**
 * Shapes of the EC2 resource IDs the action accepts. AWS IDs are a prefix and 8 (older) or 17
 * lowercase hex digits.
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
