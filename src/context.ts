/** What every phase of a run works with: one shape, made once in main.ts. */
import type { EC2Client } from '@aws-sdk/client-ec2'
import type { Config } from './model/config.js'
import type { Tag } from './model/resources.js'
import type { JobJournal } from './apply/journal.js'

/** Time, injectable so that tests of waiting and retrying run in milliseconds. */
export interface Clock {
  now(): number
  sleep(ms: number): Promise<void>
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: ms => new Promise(resolve => setTimeout(resolve, ms))
}

/** Where the action reports progress; @actions/core in a run, a recorder in tests. */
export interface Logger {
  info(message: string): void
  warning(message: string): void
}

export interface RunContext {
  ec2: EC2Client
  config: Config
  clock: Clock
  log: Logger
  /** The keys of the plan's steps done so far (model/plan.ts `stepKey`), for a failed run's summary. */
  progress?: Pick<Set<string>, 'add'>
  /** Tags naming the workflow run, added to what this run creates and only then. */
  provenance: Tag[]
  /** With teardown-at-job-end: the record of what this job writes, for its post step. */
  journal?: JobJournal
}
