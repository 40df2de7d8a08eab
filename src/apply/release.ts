/**
 * Releasing Elastic IPs the action took: after a gateway failed or was torn down, or when another
 * run's gateway made ours unnecessary. What cannot be released is reported with the command that
 * releases it, never dropped silently.
 */
import type { RunContext } from '../context.js'
import { releaseAddress } from '../ec2/addresses.js'
import { ErrorCode, errorMessage, hasErrorCode } from '../ec2/errors.js'
import { CONSISTENCY_WINDOW_MS, retryWhile } from '../ec2/retry.js'

export interface ReleaseResult {
  released: string[]
  /** One line per address left allocated, with the command to release it. */
  leftovers: string[]
}

export async function releaseAddresses(
  { ec2, clock, log }: RunContext,
  allocationIds: string[],
  why: string
): Promise<ReleaseResult> {
  const result: ReleaseResult = { released: [], leftovers: [] }
  for (const allocationId of allocationIds) {
    try {
      // For a minute or two after its gateway failed or was deleted, EC2 may still see the
      // address as in use.
      await retryWhile(() => releaseAddress(ec2, allocationId), {
        codes: ErrorCode.addressStillInUse,
        withinMs: CONSISTENCY_WINDOW_MS,
        clock,
        baseDelayMs: 1_000
      })
      log.info(`Released Elastic IP ${allocationId}, ${why}.`)
      result.released.push(allocationId)
    } catch (error) {
      // Already gone: nothing is left allocated.
      if (hasErrorCode(error, ErrorCode.allocationNotFound)) continue
      result.leftovers.push(
        `Elastic IP ${allocationId} could not be released (${errorMessage(error)}); ` +
          `release it with: aws ec2 release-address --allocation-id ${allocationId}`
      )
    }
  }
  return result
}

/**
 * After a failure: releases the run's addresses, then throws the failure; any address left
 * allocated is added to the message of a wrapping error, with the failure as its cause.
 */
export async function releaseAfterFailure(
  ctx: RunContext,
  allocationIds: string[],
  failure: unknown
): Promise<never> {
  const { leftovers } = await releaseAddresses(ctx, allocationIds, 'which this run had taken')
  if (leftovers.length === 0) throw failure
  throw new Error([errorMessage(failure), ...leftovers].join('\n'), { cause: failure })
}
