/**
 * What makes a resource ours, and the gateway's identity: the ownership tag plus the `Name` tag.
 * Everything the action creates carries these tags from its creation (TagSpecifications), so a
 * later run can find it, and anything without them is never changed or deleted.
 */
import { createHash } from 'node:crypto'
import type { NatGateway, Tag } from './resources.js'

export const OWNER_TAG = { key: 'ensure-nat-gateway:managed', value: 'true' } as const
/** On what the action makes for a gateway (an Elastic IP, the S3 endpoint): the gateway's `Name`. */
export const GATEWAY_TAG_KEY = 'ensure-nat-gateway:gateway'
/**
 * On an Elastic IP the action allocates: its VPC. Addresses belong to the Region, not to a VPC,
 * and a `name` is unique per VPC only, so reuse and release match this tag too.
 */
export const VPC_TAG_KEY = 'ensure-nat-gateway:vpc'
export const RESERVED_TAG_KEYS = ['Name', OWNER_TAG.key, GATEWAY_TAG_KEY, VPC_TAG_KEY] as const

/**
 * Provenance, set at creation only: the repository and the workflow run that created a resource.
 * Never compared or rewritten later, so a rerun from another run shows no drift.
 */
export const PROVENANCE_TAG_KEYS = [
  'ensure-nat-gateway:repository',
  'ensure-nat-gateway:run'
] as const
/** The workflow run's URL: what identifies a resource this run created. */
export const RUN_TAG_KEY = PROVENANCE_TAG_KEYS[1]

/** The workflow run a step belongs to, as the runner names it; absent outside GitHub Actions. */
export interface WorkflowRun {
  /** `owner/name` */
  repository: string
  /** The run's page, `https://github.com/owner/name/actions/runs/123`. */
  url: string
}

/** EC2 takes tag values of at most 256 characters. */
const TAG_VALUE_LENGTH = 256

export function provenanceTags(run: WorkflowRun | undefined): Tag[] {
  if (!run) return []
  const [repository, url] = PROVENANCE_TAG_KEYS
  return [
    { Key: repository, Value: run.repository.slice(0, TAG_VALUE_LENGTH) },
    { Key: url, Value: run.url.slice(0, TAG_VALUE_LENGTH) }
  ]
}

/** The tags of a create with the provenance added; a tag the user gave of the same key wins. */
export function withProvenance(tags: Tag[], provenance: Tag[]): Tag[] {
  const given = new Set(tags.map(tag => tag.Key))
  return [...tags, ...provenance.filter(tag => !given.has(tag.Key))]
}

export function tagValue(tags: Tag[] | undefined, key: string): string | undefined {
  return tags?.find(tag => tag.Key === key)?.Value
}

/** Ours, whatever its name. Checked in code because some endpoints ignore tag filters. */
export function isManaged(tags: Tag[] | undefined): boolean {
  return tagValue(tags, OWNER_TAG.key) === OWNER_TAG.value
}

/**
 * The gateways among ours that carry this `Name`: the gateway's identity. There should be one at
 * most; the plan reports more as a problem.
 */
export function gatewaysNamed(gateways: NatGateway[], name: string): NatGateway[] {
  return gateways.filter(gateway => tagValue(gateway.Tags, 'Name') === name)
}

function toTags(record: Record<string, string>): Tag[] {
  return Object.entries(record).map(([Key, Value]) => ({ Key, Value }))
}

export function gatewayTags(name: string, userTags: Record<string, string>): Tag[] {
  return toTags({ ...userTags, Name: name, [OWNER_TAG.key]: OWNER_TAG.value })
}

/** Tags for what the action makes for the gateway, so it is found (and only it is touched) later. */
export function companionTags(gatewayName: string, userTags: Record<string, string>): Tag[] {
  return toTags({
    ...userTags,
    Name: gatewayName,
    [OWNER_TAG.key]: OWNER_TAG.value,
    [GATEWAY_TAG_KEY]: gatewayName
  })
}

/**
 * A deterministic ClientToken (at most 64 ASCII characters) from everything that is sent to
 * CreateNatGateway except an Elastic IP allocated by this run: two runs with the same inputs send
 * the same token, so a lost response or a concurrent run converges on one gateway. `salt` gives a
 * fresh token when EC2 still remembers this one for a gateway that is gone.
 */
export function clientToken(parameters: unknown, salt = ''): string {
  const digest = createHash('sha256').update(JSON.stringify(parameters)).update(salt).digest('hex')
  return `ensure-nat-gateway-${digest.slice(0, 40)}`
}

/** Tags for an Elastic IP the action allocates for the gateway: its companion tags and its VPC. */
export function addressTags(
  gatewayName: string,
  vpcId: string,
  userTags: Record<string, string>
): Tag[] {
  return [...companionTags(gatewayName, userTags), { Key: VPC_TAG_KEY, Value: vpcId }]
}

/**
 * Whether an Elastic IP the action allocated for the gateway `name` belongs to this VPC: tagged
 * with it, or (`legacy`) allocated by a version that did not tag the VPC.
 */
export function addressOwnership(
  tags: Tag[] | undefined,
  name: string,
  vpcId: string
): 'this-vpc' | 'legacy' | 'not-ours' {
  if (!isManaged(tags) || tagValue(tags, GATEWAY_TAG_KEY) !== name) return 'not-ours'
  const vpc = tagValue(tags, VPC_TAG_KEY)
  return vpc === undefined ? 'legacy' : vpc === vpcId ? 'this-vpc' : 'not-ours'
}
