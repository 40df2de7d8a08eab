/**
 * The sweeper: deletes what live-test runs left behind (a cancelled run skips its own cleanup).
 * Only resources that carry the run tag are ever considered, and of those only the ones whose
 * creation tag (or, for a NAT gateway without it, EC2's creation time) is older than the limit,
 * so a run still going is left alone. A tagged resource with no known age is reported, not
 * deleted.
 */
import type { EC2Client, Tag } from '@aws-sdk/client-ec2'
import { CREATED_TAG, tagValue } from './aws.ts'
import { deleteInventory } from './delete.ts'
import type { DeleteOptions } from './delete.ts'
import { describeInventory, findTagged, ofAnyRun, select } from './inventory.ts'
import type { Inventory } from './inventory.ts'

export interface SweepResult {
  swept: Inventory
  /** Tagged, but without a creation time: left alone. */
  unknownAge: string[]
  failures: string[]
}

function createdAt(tags: Tag[] | undefined, createTime?: Date): Date | undefined {
  const tagged = tagValue(tags, CREATED_TAG)
  const at = tagged === undefined ? createTime : new Date(tagged)
  return at && !Number.isNaN(at.getTime()) ? at : undefined
}

export async function sweep(
  ec2: EC2Client,
  maxAgeMs: number,
  now: Date,
  options: DeleteOptions
): Promise<SweepResult> {
  const tagged = await findTagged(ec2, ofAnyRun)
  const cutoff = now.getTime() - maxAgeMs
  const swept = select(tagged, (tags, createTime) => {
    const at = createdAt(tags, createTime)
    return at !== undefined && at.getTime() < cutoff
  })
  const unknownAge = describeInventory(
    select(tagged, (tags, createTime) => createdAt(tags, createTime) === undefined)
  )
  for (const line of unknownAge) options.log(`left alone, no creation time: ${line}`)
  const found = describeInventory(swept)
  options.log(
    found.length === 0
      ? `nothing older than ${maxAgeMs / 3_600_000} h carries the live-test tag`
      : `older than ${maxAgeMs / 3_600_000} h: ${found.join(', ')}`
  )
  const failures = await deleteInventory(ec2, swept, options)
  return { swept, unknownAge, failures }
}
