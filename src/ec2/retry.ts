/**
 * Waiting and retrying, in one place. Throttling and transient network errors are the SDK's job
 * (client.ts); this is for what the SDK cannot know is temporary: EC2's eventual consistency
 * (codes that mean "not yet", not "no"), and states that take time (a gateway becoming available).
 * docs/ec2-behaviour.md gives the windows these numbers come from.
 */
import type { Clock } from '../context.js'
import { hasErrorCode } from './errors.js'

/** How long to ride out EC2's eventual consistency after a create or delete. */
export const CONSISTENCY_WINDOW_MS = 120_000
/**
 * How often to poll a gateway's state. The SDK's waiter polls every 15 s at best; every 2 s the
 * action notices within about a second while spending one DescribeNatGateways call every 2 s of
 * the account's shared budget.
 */
export const POLL_INTERVAL_MS = 2_000
/** How often to read a route again that EC2 says exists but does not show yet. */
export const ROUTE_REREAD_INTERVAL_MS = 500
/** Log a progress line this often while polling, not once per poll. */
export const PROGRESS_INTERVAL_MS = 30_000
/** How long a gateway another run is creating may take to show up in a tag search. */
export const CONCURRENT_CREATE_WINDOW_MS = 30_000

export interface RetryOptions {
  /** Error codes that mean "try again". */
  codes: readonly string[]
  /** Give up once this much time has passed since the first attempt. */
  withinMs: number
  clock: Clock
  baseDelayMs?: number
  maxDelayMs?: number
}

/** Exponential backoff with full jitter: a random delay up to min(max, base × 2^attempt). */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number): number {
  return Math.random() * Math.min(maxMs, baseMs * 2 ** attempt)
}

/** Runs `operation` until it succeeds, retrying on the codes given within the time given. */
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
      await clock.sleep(delay)
    }
  }
}

export interface PollOptions {
  clock: Clock
  withinMs: number
  intervalMs?: number
}

/** Called every PROGRESS_INTERVAL_MS with the seconds waited so far and the last reading. */
export type OnProgress<T> = (elapsedSeconds: number, last: T) => void

export type PollResult<T> = { done: true; value: T } | { done: false; last: T }

/**
 * Reads until `isDone` says so or the time is up; the last read falls on the deadline itself.
 * Errors from `read` are not retried here (the SDK has retried them already).
 */
export async function pollUntil<T>(
  read: () => Promise<T>,
  isDone: (value: T) => boolean,
  { clock, withinMs, intervalMs = POLL_INTERVAL_MS }: PollOptions,
  onProgress?: OnProgress<T>
): Promise<PollResult<T>> {
  const started = clock.now()
  const deadline = started + withinMs
  let lastProgress = started
  for (;;) {
    const value = await read()
    if (isDone(value)) return { done: true, value }
    const now = clock.now()
    if (now >= deadline) return { done: false, last: value }
    if (onProgress && now - lastProgress >= PROGRESS_INTERVAL_MS) {
      onProgress(Math.round((now - started) / 1000), value)
      lastProgress = now
    }
    await clock.sleep(Math.min(intervalMs, deadline - now))
  }
}
