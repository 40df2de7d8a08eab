/**
 * What a step says to the runner, shared by the main step (main.ts) and the post step (post.ts):
 * outputs, the job summary (every run leaves one, failed or not, refused inputs included), the step's
 * saved state, the run context, and the pull-request comment.
 */
import * as core from '@actions/core'
import type { EC2Client } from '@aws-sdk/client-ec2'
import type { Config } from './model/config.js'
import { type Clock, type Logger, type RunContext, systemClock } from './context.js'
import { createEc2Client } from './ec2/client.js'
import { errorMessage } from './ec2/errors.js'
import { pullRequestNumber, workflowRun } from './github/run.js'
import { provenanceTags, RUN_TAG_KEY, tagValue } from './model/identity.js'
import { newJobRecord, serializeJobRecord } from './model/job-record.js'
import { JobJournal } from './apply/journal.js'
import type { PlanStep } from './model/plan.js'
import { ProblemsError } from './model/problems.js'
import { gatewayIdentity, pullRequestCommentMarkdown } from './report/comment.js'
import {
  errorSummaryMarkdown,
  failedWriteSummaryMarkdown,
  problemsSummaryMarkdown
} from './report/failure.js'
import type { Outputs } from './report/outputs.js'
import { runLinkMarkdown } from './report/summary.js'

export interface RunOptions {
  clock?: Clock
  /** Made from the Config's Region when not given. */
  ec2?: EC2Client
}

/** What the main step leaves for the post step (core.saveState; STATE_<name> there). */
export const STATE = {
  /** Set by the main step: the runner runs the same file again at job end. */
  isPost: 'isPost',
  /**
   * With teardown-at-job-end: the job record (model/job-record.ts), saved before the first write
   * and again after each; the last value saved is the one the post step reads.
   */
  jobRecord: 'jobRecord'
} as const

export const log: Logger = { info: core.info, warning: core.warning }

/**
 * One step's reporting: the outputs, the job summary it wrote (kept for the pull-request comment
 * too), and how far the run got, for the summary of a run that fails.
 */
export class Report {
  summary = ''
  /** The plan's steps, once the run started to write. */
  steps?: PlanStep[]
  /** The keys of the steps done (RunContext.progress). */
  readonly progress = new Set<string>()
  /** Set once the run has failed: retries of calls nobody waits for any more are not logged. */
  failed = false

  async write(values: Outputs, summary: string): Promise<void> {
    for (const [name, value] of Object.entries(values)) core.setOutput(name, value)
    await this.writeSummary(summary)
  }

  /**
   * Appends: an incomplete run reports what exists, then what stopped it. The job summary links
   * the run once; the pull-request comment adds its own link.
   */
  async writeSummary(summary: string): Promise<void> {
    const link = this.summary ? '' : runLinkMarkdown(workflowRun())
    this.summary += summary
    if (!process.env.GITHUB_STEP_SUMMARY) return
    try {
      await core.summary.addRaw(`${summary}${link}`).write()
    } catch (error) {
      // A summary file that cannot be written must not hide how the run ended.
      core.summary.emptyBuffer()
      core.warning(`The job summary could not be written: ${errorMessage(error)}`)
    }
  }

  /**
   * The summary of a failed run: its problems (without a Config, the inputs' own), the error
   * before any write, or what is left.
   */
  async writeFailure(config: Config | undefined, error: unknown): Promise<void> {
    this.failed = true
    const message = errorMessage(error)
    await this.writeSummary(
      error instanceof ProblemsError
        ? problemsSummaryMarkdown(config, error.problems)
        : this.steps && config
          ? failedWriteSummaryMarkdown(config, this.steps, this.progress, message)
          : errorSummaryMarkdown(config, message)
    )
  }
}

export function runContext(config: Config, options: RunOptions, report: Report): RunContext {
  // A call that runs beside the one that failed may still be retrying: nobody waits for it, so
  // its retries would only push the error off the end of the log.
  const retryLog: Logger = { info: line => report.failed || core.info(line), warning: core.warning }
  return {
    ec2: options.ec2 ?? createEc2Client(config.region, process.env, retryLog),
    config,
    clock: options.clock ?? systemClock,
    log,
    progress: report.progress,
    provenance: provenanceTags(workflowRun())
  }
}

/** A comment that cannot be written is a warning: the provisioning stands as it is. */
export async function commentOnPullRequest(config: Config, summary: string): Promise<void> {
  let pullRequest: number | undefined
  try {
    pullRequest = pullRequestNumber()
  } catch (error) {
    core.warning(
      `comment-on-pull-request: the event payload (GITHUB_EVENT_PATH) could not be read: ${errorMessage(error)}; no comment written.`
    )
    return
  }
  const run = workflowRun()
  if (pullRequest === undefined || !run) {
    core.info(
      `comment-on-pull-request: this run is not for a pull request (event ${process.env.GITHUB_EVENT_NAME || 'unknown'}); no comment written.`
    )
    return
  }
  if (!config.githubToken) {
    core.warning('comment-on-pull-request: github-token is empty; no comment written.')
    return
  }
  const identity = gatewayIdentity(config)
  try {
    // Loaded only here: the GitHub client would cost every other run its start-up time.
    const { upsertPullRequestComment } = await import('./github/comment.js')
    const body = pullRequestCommentMarkdown(identity, summary, run)
    const target = { token: config.githubToken, repository: run.repository, pullRequest, identity }
    const { action, url } = await upsertPullRequestComment(target, body)
    core.info(`Pull request #${pullRequest}: ${action} the comment for ${identity}: ${url}`)
  } catch (error) {
    const status = (error as { status?: unknown }).status
    const permission =
      status === 403 || status === 404
        ? ' The workflow token needs `permissions: pull-requests: write` (and a fork pull request gets a read-only token).'
        : ''
    core.warning(
      `The comment on pull request #${pullRequest} could not be written: ${errorMessage(error)}.${permission}`
    )
  }
}

/** Starts the job record of teardown-at-job-end: saved now, before the first write, then as apply writes. */
export function startJobRecord(ctx: RunContext): JobJournal {
  const { config, provenance } = ctx
  const run = tagValue(provenance, RUN_TAG_KEY)
  const record = newJobRecord({
    region: config.region,
    vpcId: config.vpcId,
    name: config.name,
    ...(run !== undefined && { run })
  })
  return new JobJournal(record, saved => core.saveState(STATE.jobRecord, serializeJobRecord(saved)))
}
