/**
 * Retries for EC2's eventual consistency: codes that mean "not yet", not "no". Throttling and
 * transient network errors are the SDK's job (see client.ts); this helper is for the codes the
 * SDK cannot know are temporary, such as InvalidNatGatewayID.NotFound right after a create.
 */
import type { Clock } from '../clock.js'
import { hasErrorCode } from './errors.js'

/** How long to ride out EC2's eventual consistency after a create or delete (AWS-NOTES.md). */
export const CONSISTENCY_WINDOW_MS = 120_000

export interface RetryOptions {
  /** Error codes that mean "try again". */
  codes: string[]
  /** Give up once this much time has passed since the first attempt. */
  withinMs: number
  clock: Clock
  baseDelayMs?: number
  maxDelayMs?: number
  /** Called before each wait, e.g. to log. */
  onRetry?: (error: unknown, attempt: number) => void
}

/** Exponential backoff with full jitter: a random delay up to min(max, base × 2^attempt). */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number): number {
  return Math.random() * Math.min(maxMs, baseMs * 2 ** attempt)
}

export async function retryWhile<T>(
  operation: () => Promise<T>,
  options: RetryOptions
): Promise<T> {
  const { codes, withinMs, clock, baseDelayMs = 500, maxDelayMs = 5_000 } = options
  const deadline = clock.now() + withinMs
  for (let attempt = 0; ; attempt++) {
    try {
      return await operation()
    } catch (error) {
      const delay = backoffDelay(attempt, baseDelayMs, maxDelayMs)
      if (!hasErrorCode(error, ...codes) || clock.now() + delay > deadline) throw error
      options.onRetry?.(error, attempt + 1)
      await clock.sleep(delay)
    }
  }
}
