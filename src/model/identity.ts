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
export const RESERVED_TAG_KEYS = ['Name', OWNER_TAG.key, GATEWAY_TAG_KEY] as const

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
