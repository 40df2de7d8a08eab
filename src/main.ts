/**
 * The step: run() (parse → observe → plan → apply → report, for `state: present` and
 * `state: absent` alike) and, at job end, runPost() (teardown-at-job-end). The only place that
 * talks to @actions/core and fails the step.
 */
import * as core from '@actions/core'
import type { EC2Client } from '@aws-sdk/client-ec2'
import { apply } from './apply/ensure.js'
import { applyTeardown } from './apply/teardown.js'
import { type Config, parseConfig } from './config/config.js'
import type { InputReader } from './config/inputs.js'
import { type Clock, type Logger, type RunContext, systemClock } from './context.js'
import { createEc2Client } from './ec2/client.js'
import { errorMessage } from './ec2/errors.js'
import { pullRequestNumber, workflowRun } from './github/run.js'
import { usableAddresses } from './model/addresses.js'
import { provenanceTags } from './model/identity.js'
import { IncompleteRunError, type Outcome } from './model/outcome.js'
import type { PlanResult } from './model/plan.js'
import {
  type PlanDocument,
  planDocument,
  serializePlan,
  teardownDocument
} from './model/plan-document.js'
import { ProblemsError } from './model/problems.js'
import { observe } from './observe/ensure.js'
import { observeTeardown } from './observe/teardown.js'
import { makePlan } from './plan/ensure.js'
import { differencesFromExpected } from './plan/expected-plan.js'
import { planTeardown } from './plan/teardown.js'
import {
  failureSummaryMarkdown,
  gatewayIdentity,
  pullRequestCommentMarkdown
} from './report/comment.js'
import { type Outputs, outputs, teardownOutputs } from './report/outputs.js'
import { describeDifferences, describePlan, describeTeardown } from './report/plan.js'
import {
  dryRunSummaryMarkdown,
  planMismatchSummaryMarkdown,
  runLinkMarkdown,
  summaryMarkdown,
  teardownSummaryMarkdown
} from './report/summary.js'

export interface RunOptions {
  clock?: Clock
  /** Made from the Config's Region when not given. */
  ec2?: EC2Client
}

const log: Logger = { info: core.info, warning: core.warning }

/** What the main step leaves for the post step (core.saveState; STATE_<name> there). */
const STATE = {
  /** Set by the main step: the runner runs the same file again at job end. */
  isPost: 'isPost',
  /** Set before the first write: from here on, teardown-at-job-end has something to do. */
  ensured: 'ensured'
} as const

/** The plan, or the run stops here with every problem and nothing changed. */
function planOrRefuse<P>(config: Config, result: PlanResult<P>): P {
  if (result.plan) return result.plan
  const what = config.state === 'absent' ? 'torn down' : 'ensured'
  throw new ProblemsError(
    `The NAT gateway cannot be ${what}; nothing was changed.`,
    result.problems
  )
}

/** One run's reporting: the job summary it wrote, kept for the pull-request comment too. */
class Report {
  summary = ''

  async write(values: Outputs, summary: string): Promise<void> {
    for (const [name, value] of Object.entries(values)) core.setOutput(name, value)
    await this.writeSummary(summary)
  }

  /** Appends: an incomplete run reports what exists, then what stopped it. */
  async writeSummary(summary: string): Promise<void> {
    const link = this.summary ? '' : runLinkMarkdown(workflowRun())
    const text = `${summary}${link}`
    this.summary += text
    if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(text).write()
  }
}

/** Thrown when this run's plan is not the approved one; the summary is written already. */
class PlanMismatchError extends Error {}

/**
 * Logs the plan and holds it against expected-plan; in a dry run, also reports it. Returns
 * whether the run goes on to apply it.
 */
async function showPlan(
  config: Config,
  report: Report,
  lines: string[],
  document: PlanDocument
): Promise<boolean> {
  await core.group('Plan', async () => lines.forEach(line => core.info(line)))
  const planJson = serializePlan(document)
  if (config.expectedPlan) {
    const differences = describeDifferences(differencesFromExpected(config.expectedPlan, document))
    if (differences.length > 0) {
      await core.group('Difference from expected-plan', async () =>
        differences.forEach(line => core.info(line))
      )
      await report.write(
        { 'plan-json': planJson },
        planMismatchSummaryMarkdown(differences, planJson)
      )
      throw new PlanMismatchError(
        `This run's plan differs from expected-plan in ${differences.length} place(s); nothing was changed:\n` +
          differences.map(line => `  - ${line}`).join('\n')
      )
    }
    core.info('The plan is the approved one (expected-plan).')
  }
  if (!config.dryRun) return true
  core.info('Dry run: nothing was changed.')
  await report.write(
    { 'plan-json': planJson, created: 'false', changed: 'false' },
    dryRunSummaryMarkdown(lines, planJson)
  )
  return false
}

async function reportOutcome(report: Report, config: Config, outcome: Outcome): Promise<void> {
  const { gateway } = config
  if (gateway.mode === 'regional' && gateway.elasticIps.allocation === 'automatic') {
    const id = outcome.natGateway.NatGatewayId
    core.warning(
      (usableAddresses(outcome.natGateway).length === 0
        ? `The regional NAT gateway ${id} has no public IP yet. `
        : `The public IPs of the regional NAT gateway ${id} may still change. `) +
        'In automatic mode AWS adds addresses per zone as workloads appear there and removes them ' +
        'when none is left. For a stable allowlist, give eip-allocation-ids (manual mode).'
    )
  }
  await report.write(outputs(outcome), summaryMarkdown(config, outcome))
}

async function ensure(ctx: RunContext, report: Report): Promise<void> {
  const { config } = ctx
  const world = await core.group('Observe', () => observe(ctx))
  const plan = planOrRefuse(config, makePlan(config, world))
  if (!(await showPlan(config, report, describePlan(config, plan), planDocument(config, plan)))) {
    return
  }
  // From here on something may be written: the post step has something to tear down.
  if (config.teardownAtJobEnd) core.saveState(STATE.ensured, 'true')
  try {
    const outcome = await core.group('Apply', () => apply(ctx, plan))
    await reportOutcome(report, config, outcome)
  } catch (error) {
    // The gateway is up even when the run is incomplete: give later steps what exists.
    if (error instanceof IncompleteRunError) await reportOutcome(report, config, error.outcome)
    throw error
  }
}

async function tearDown(ctx: RunContext, report: Report): Promise<void> {
  const { config } = ctx
  const world = await core.group('Observe', () => observeTeardown(ctx))
  const plan = planOrRefuse(config, planTeardown(config, world))
  const lines = describeTeardown(config, plan)
  if (!(await showPlan(config, report, lines, teardownDocument(config, plan)))) return
  const outcome = await core.group('Apply', () => applyTeardown(ctx, plan))
  await report.write(teardownOutputs(outcome), teardownSummaryMarkdown(config, outcome))
}

function runContext(config: Config, options: RunOptions): RunContext {
  return {
    ec2: options.ec2 ?? createEc2Client(config.region),
    config,
    clock: options.clock ?? systemClock,
    log,
    provenance: provenanceTags(workflowRun())
  }
}

/** A comment that cannot be written is a warning: the provisioning stands as it is. */
async function commentOnPullRequest(config: Config, summary: string): Promise<void> {
  const pullRequest = pullRequestNumber()
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

export async function run(options: RunOptions = {}): Promise<void> {
  const report = new Report()
  let config: Config | undefined
  try {
    config = parseConfig(name => core.getInput(name))
    const ctx = runContext(config, options)
    await (config.state === 'absent' ? tearDown(ctx, report) : ensure(ctx, report))
  } catch (error) {
    const message = errorMessage(error)
    // A refused plan's summary says why already.
    if (config && !(error instanceof PlanMismatchError)) {
      await report.writeSummary(failureSummaryMarkdown(config, message))
    }
    core.setFailed(message)
  }
  if (config?.commentOnPullRequest) await commentOnPullRequest(config, report.summary)
}

/** The inputs of the main step, read as a teardown: same identity, same ownership rules. */
const asTeardown =
  (read: InputReader): InputReader =>
  name =>
    name === 'state'
      ? 'absent'
      : name === 'teardown-at-job-end' || name === 'dry-run'
        ? 'false'
        : name === 'expected-plan'
          ? ''
          : read(name)

/**
 * teardown-at-job-end: the post step, run by the runner at job end after success, failure or
 * cancellation. Tears down what the main step ensured, as `state: absent` would; sets no outputs.
 */
export async function runPost(options: RunOptions = {}): Promise<void> {
  // Read as config.ts reads it; anything else was refused by the main step, which then wrote nothing.
  if (!['true', 'True', 'TRUE'].includes(core.getInput('teardown-at-job-end'))) return
  if (core.getState(STATE.ensured) !== 'true') {
    core.info(
      'teardown-at-job-end: the main step wrote nothing (it stopped before any write, or was a dry run); nothing to tear down.'
    )
    return
  }
  const report = new Report()
  let config: Config | undefined
  await core.group('Teardown at job end', async () => {
    try {
      config = parseConfig(asTeardown(name => core.getInput(name)))
      const ctx = runContext(config, options)
      const world = await observeTeardown(ctx)
      const plan = planOrRefuse(config, planTeardown(config, world))
      describeTeardown(config, plan).forEach(line => core.info(line))
      const outcome = await applyTeardown(ctx, plan)
      await report.writeSummary(teardownSummaryMarkdown(config, outcome, ' at job end'))
    } catch (error) {
      const message = `teardown-at-job-end: ${errorMessage(error)}`
      if (config) await report.writeSummary(failureSummaryMarkdown(config, message))
      core.setFailed(message)
    }
  })
  // The gateway's comment ends with what happened to it at job end.
  if (config?.commentOnPullRequest) await commentOnPullRequest(config, report.summary)
}

/** The entry: the runner runs dist/index.js as the main step, then again as the post step. */
export async function runStep(): Promise<void> {
  if (core.getState(STATE.isPost) === 'true') return runPost()
  core.saveState(STATE.isPost, 'true')
  return run()
}
