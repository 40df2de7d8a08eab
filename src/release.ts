/**
 * Releasing Elastic IPs the action took: after a gateway failed or was torn down, or when another
 * run's gateway made ours unnecessary. What cannot be released is reported with the command that
 * releases it, never dropped silently.
 */
import type { EC2Client } from '@aws-sdk/client-ec2'
import type { Clock } from './clock.js'
import { releaseAddress } from './ec2/addresses.js'
import { errorMessage, hasErrorCode } from './ec2/errors.js'
import { CONSISTENCY_WINDOW_MS, retryWhile } from './ec2/retry.js'
import type { Logger } from './log.js'

export interface ReleaseContext {
  ec2: EC2Client
  clock: Clock
  log: Logger
}

export interface ReleaseResult {
  released: string[]
  /** One line per address left allocated, with the command to release it. */
  leftovers: string[]
}

export async function releaseAddresses(
  { ec2, clock, log }: ReleaseContext,
  allocationIds: string[],
  why: string
): Promise<ReleaseResult> {
  const result: ReleaseResult = { released: [], leftovers: [] }
  for (const allocationId of allocationIds) {
    try {
      // For a minute or two after its gateway failed or was deleted, EC2 may still see the
      // address as in use.
      await retryWhile(() => releaseAddress(ec2, allocationId), {
        codes: ['InvalidIPAddress.InUse', 'AuthFailure', 'InvalidNetworkInterfaceID.NotFound'],
        withinMs: CONSISTENCY_WINDOW_MS,
        clock,
        baseDelayMs: 1_000
      })
      log.info(`Released Elastic IP ${allocationId}, ${why}.`)
      result.released.push(allocationId)
    } catch (error) {
      // Already gone: nothing is left allocated.
      if (hasErrorCode(error, 'InvalidAllocationID.NotFound')) continue
      result.leftovers.push(
        `Elastic IP ${allocationId} could not be released (${errorMessage(error)}); ` +
          `release it with: aws ec2 release-address --allocation-id ${allocationId}`
      )
    }
  }
  return result
}
