/**
 * run(): parse → observe → plan → apply → report, for `state: present` and `state: absent` alike.
 * The only place that talks to @actions/core and fails the step.
 */
import * as core from '@actions/core'
import type { EC2Client } from '@aws-sdk/client-ec2'
import { apply } from './apply/ensure.js'
import { applyTeardown } from './apply/teardown.js'
import { type Config, parseConfig } from './config/config.js'
import { type Clock, type Logger, type RunContext, systemClock } from './context.js'
import { createEc2Client } from './ec2/client.js'
import { errorMessage } from './ec2/errors.js'
import { usableAddresses } from './model/addresses.js'
import { IncompleteRunError, type Outcome } from './model/outcome.js'
import type { PlanResult, PlanStep } from './model/plan.js'
import { ProblemsError } from './model/problems.js'
import { observe } from './observe/ensure.js'
import { observeTeardown } from './observe/teardown.js'
import { makePlan } from './plan/ensure.js'
import { planTeardown } from './plan/teardown.js'
import { type Outputs, outputs, teardownOutputs } from './report/outputs.js'
import {
  errorSummaryMarkdown,
  failedWriteSummaryMarkdown,
  problemsSummaryMarkdown
} from './report/failure.js'
import {
  describePlan,
  describeTeardown,
  planSteps,
  planToJson,
  teardownSteps,
  teardownToJson
} from './report/plan.js'
import {
  dryRunSummaryMarkdown,
  summaryMarkdown,
  teardownSummaryMarkdown
} from './report/summary.js'

export interface RunOptions {
  clock?: Clock
  /** Made from the Config's Region when not given. */
  ec2?: EC2Client
}

const log: Logger = { info: core.info, warning: core.warning }

/** How far a run got, for the job summary of a run that fails. */
interface RunRecord {
  /** The plan's steps, once the run started to write. */
  steps?: PlanStep[]
  /** The keys of the steps done (RunContext.progress). */
  progress: Set<string>
  /** The summary of what exists, when the gateway is up but the run did not finish. */
  outcomeSummary?: string
}

async function writeSummary(markdown: string): Promise<void> {
  if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(markdown).write()
}

function failureSummary(config: Config, record: RunRecord, error: unknown): string {
  if (error instanceof ProblemsError) return problemsSummaryMarkdown(config, error.problems)
  const message = errorMessage(error)
  if (!record.steps) return errorSummaryMarkdown(config, message)
  const failed = failedWriteSummaryMarkdown(config, record.steps, record.progress, message)
  return record.outcomeSummary ? `${failed}\n${record.outcomeSummary}` : failed
}

/** The plan, or the run stops here with every problem and nothing changed. */
function planOrRefuse<P>(config: Config, result: PlanResult<P>): P {
  if (result.plan) return result.plan
  const what = config.state === 'absent' ? 'torn down' : 'ensured'
  throw new ProblemsError(
    `The NAT gateway cannot be ${what}; nothing was changed.`,
    result.problems
  )
}

function setOutputs(values: Outputs): void {
  for (const [name, value] of Object.entries(values)) core.setOutput(name, value)
}

/** Logs the plan; in a dry run, also reports it and says the run is done. */
async function showPlan(config: Config, lines: string[], json: object): Promise<boolean> {
  await core.group('Plan', async () => lines.forEach(line => core.info(line)))
  if (!config.dryRun) return false
  core.info('Dry run: nothing was changed.')
  setOutputs({ 'plan-json': JSON.stringify(json), created: 'false', changed: 'false' })
  await writeSummary(dryRunSummaryMarkdown(lines, json))
  return true
}

/** Outputs and the warning of automatic regional addresses; the summary is the caller's. */
function reportOutcome(config: Config, outcome: Outcome): void {
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
  setOutputs(outputs(outcome))
}

async function ensure(ctx: RunContext, record: RunRecord): Promise<void> {
  const { config } = ctx
  const world = await core.group('Observe', () => observe(ctx))
  const plan = planOrRefuse(config, makePlan(config, world))
  if (await showPlan(config, describePlan(config, plan), planToJson(config, plan))) return
  record.steps = planSteps(config, plan)
  try {
    const outcome = await core.group('Apply', () => apply(ctx, plan))
    reportOutcome(config, outcome)
    await writeSummary(summaryMarkdown(config, outcome))
  } catch (error) {
    // The gateway is up even when the run is incomplete: give later steps what exists.
    if (error instanceof IncompleteRunError) {
      reportOutcome(config, error.outcome)
      record.outcomeSummary = summaryMarkdown(config, error.outcome)
    }
    throw error
  }
}

async function tearDown(ctx: RunContext, record: RunRecord): Promise<void> {
  const { config } = ctx
  const world = await core.group('Observe', () => observeTeardown(ctx))
  const plan = planOrRefuse(config, planTeardown(config, world))
  if (await showPlan(config, describeTeardown(config, plan), teardownToJson(plan))) return
  record.steps = teardownSteps(config, plan)
  const outcome = await core.group('Apply', () => applyTeardown(ctx, plan))
  setOutputs(teardownOutputs(outcome))
  await writeSummary(teardownSummaryMarkdown(config, outcome))
}

export async function run(options: RunOptions = {}): Promise<void> {
  let config: Config
  try {
    config = parseConfig(name => core.getInput(name))
  } catch (error) {
    core.setFailed(errorMessage(error))
    return
  }
  // From here on every run leaves a job summary, failed or not, dry run or not.
  const record: RunRecord = { progress: new Set() }
  // A call that runs beside the one that failed may still be retrying: nobody waits for it, so
  // its retries would only push the error off the end of the log.
  let failed = false
  const retryLog: Logger = { info: line => failed || core.info(line), warning: core.warning }
  try {
    const ctx: RunContext = {
      ec2: options.ec2 ?? createEc2Client(config.region, process.env, retryLog),
      config,
      clock: options.clock ?? systemClock,
      log,
      progress: record.progress
    }
    await (config.state === 'absent' ? tearDown(ctx, record) : ensure(ctx, record))
  } catch (error) {
    failed = true
    await writeSummary(failureSummary(config, record, error))
    core.setFailed(errorMessage(error))
  }
}
