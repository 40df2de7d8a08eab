/**
 * What every live-test script shares: the EC2 client, and the two tags that mark a resource as
 * made by a live-test run. The run tag says which run (so the cleanup of a run finds everything
 * it made), the creation tag says when (EC2 gives VPCs, subnets and Elastic IPs no creation time,
 * and the sweeper needs one to tell a cancelled run's leftovers from a run still going).
 */
import { EC2Client } from '@aws-sdk/client-ec2'
import type { ResourceType, Tag, TagSpecification } from '@aws-sdk/client-ec2'

export const RUN_TAG = 'ensure-nat-gateway:live-test'
export const CREATED_TAG = 'ensure-nat-gateway:live-test-created'

/** A live-test run: its ID (the workflow's run ID) and when its world was made (ISO 8601). */
export interface Run {
  runId: string
  createdAt: string
}

/**
 * The client for the account under test: credentials from the SDK's default chain (set by
 * aws-actions/configure-aws-credentials), the endpoint from AWS_ENDPOINT_URL_EC2 when set (the
 * SDK reads it), and more attempts than the default so a throttled account does not fail a run.
 */
export function ec2Client(env: NodeJS.ProcessEnv = process.env): EC2Client {
  const region = env.AWS_REGION || env.AWS_DEFAULT_REGION
  if (!region) throw new Error('Set AWS_REGION (or AWS_DEFAULT_REGION) to the Region under test.')
  return new EC2Client({ region, maxAttempts: 10 })
}

export function runTags(run: Run): Tag[] {
  return [
    { Key: RUN_TAG, Value: run.runId },
    { Key: CREATED_TAG, Value: run.createdAt }
  ]
}

/** Tags for a resource at its creation: the run's two tags and a `Name`. */
export function tagSpecifications(type: ResourceType, run: Run, name: string): TagSpecification[] {
  return [{ ResourceType: type, Tags: [{ Key: 'Name', Value: name }, ...runTags(run)] }]
}

/** The run's tags as the action's `tags` input, so what the action creates is swept too. */
export function actionTagsInput(run: Run): string {
  return runTags(run)
    .map(tag => `${tag.Key}=${tag.Value}`)
    .join('\n')
}

export function tagValue(tags: Tag[] | undefined, key: string): string | undefined {
  return tags?.find(tag => tag.Key === key)?.Value
}

/** An EC2 error's code (the SDK puts it in `name`). */
export function errorCode(e: unknown): string {
  return e instanceof Error ? e.name : ''
}

export function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms))
}
