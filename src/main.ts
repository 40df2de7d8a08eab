/**
 * The main step, run(): parse → observe → plan → apply → report, for `state: present` and
 * `state: absent` alike. With post.ts, the only place that talks to @actions/core and fails the step.
 */
import * as core from '@actions/core'
import { apply } from './apply/apply-ensure.js'
import { applyPerZone, IncompleteZonesError } from './apply/apply-per-zone.js'
import { applyTeardown } from './apply/apply-teardown.js'
import { parseConfig } from './config/config.js'
import type { Config } from './model/config.js'
import type { RunContext } from './context.js'
import { errorMessage } from './ec2/errors.js'
import { usableAddresses } from './model/addresses.js'
import { IncompleteRunError, type Outcome } from './model/outcome.js'
import type { PlanResult } from './model/plan.js'
import { type PlanDocument, serializePlan } from './model/plan-document.js'
import { perZoneDocument, planDocument, teardownDocument } from './plan/plan-document.js'
import { ProblemsError } from './model/problems.js'
import { observe, observePerZone } from './observe/ensure-world.js'
import { observeTeardown } from './observe/teardown-world.js'
import { makePlan } from './plan/ensure-plan.js'
import { differencesFromExpected } from './plan/expected-plan.js'
import { planTeardown } from './plan/teardown-plan.js'
import { planPerZone } from './plan/zones.js'
import { outputs, perZoneOutputs, teardownOutputs } from './report/outputs.js'
import { describePerZonePlan, perZoneSteps, perZoneSummaryMarkdown } from './report/per-zone.js'
import {
  describeDifferences,
  describePlan,
  describeTeardown,
  planSteps,
  teardownSteps
} from './report/plan.js'
import {
  dryRunSummaryMarkdown,
  planMismatchSummaryMarkdown,
  summaryMarkdown,
  teardownSummaryMarkdown
} from './report/summary.js'
import { commentOnPullRequest, Report, type RunOptions, runContext, STATE } from './runner.js'

export type { RunOptions } from './runner.js'

/** The plan, or the run stops here with every problem and nothing changed. */
export function planOrRefuse<P>(config: Config, result: PlanResult<P>): P {
  if (result.plan) return result.plan
  const what = config.state === 'absent' ? 'torn down' : 'ensured'
  throw new ProblemsError(
    `The NAT gateway cannot be ${what}; nothing was changed.`,
    result.problems
  )
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
        'In automatic mode AWS adds addresses per zone when the VPC has workloads there (subnets ' +
        'and network interfaces) and removes them when none is left. For a stable allowlist, give ' +
        'eip-allocation-ids (manual mode).'
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
  report.steps = planSteps(config, plan)
  try {
    const outcome = await core.group('Apply', () => apply(ctx, plan))
    await reportOutcome(report, config, outcome)
  } catch (error) {
    // The gateway is up even when the run is incomplete: give later steps what exists.
    if (error instanceof IncompleteRunError) await reportOutcome(report, config, error.outcome)
    throw error
  }
}

/** A gateway per zone: the same phases, each zone planned and applied as one zonal gateway. */
async function ensurePerZone(ctx: RunContext, report: Report): Promise<void> {
  const { config } = ctx
  const world = await core.group('Observe', () => observePerZone(ctx))
  const plan = planOrRefuse(config, planPerZone(config, world))
  const lines = describePerZonePlan(config, plan)
  if (!(await showPlan(config, report, lines, perZoneDocument(config, plan)))) return
  if (config.teardownAtJobEnd) core.saveState(STATE.ensured, 'true')
  report.steps = perZoneSteps(config, plan)
  try {
    const outcome = await core.group('Apply', () => applyPerZone(ctx, plan))
    await report.write(perZoneOutputs(outcome), perZoneSummaryMarkdown(config, outcome))
  } catch (error) {
    // The zones that are up are reported even when another one failed.
    if (error instanceof IncompleteZonesError) {
      await report.write(
        perZoneOutputs(error.outcome),
        perZoneSummaryMarkdown(config, error.outcome)
      )
    }
    throw error
  }
}

async function tearDown(ctx: RunContext, report: Report): Promise<void> {
  const { config } = ctx
  const world = await core.group('Observe', () => observeTeardown(ctx))
  const plan = planOrRefuse(config, planTeardown(config, world))
  const lines = describeTeardown(config, plan)
  if (!(await showPlan(config, report, lines, teardownDocument(config, plan)))) return
  report.steps = teardownSteps(config, plan)
  const outcome = await core.group('Apply', () => applyTeardown(ctx, plan))
  await report.write(teardownOutputs(outcome), teardownSummaryMarkdown(config, outcome))
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
  const report = new Report()
  try {
    const ctx = runContext(config, options, report)
    await (config.state === 'absent'
      ? tearDown(ctx, report)
      : config.perZone
        ? ensurePerZone(ctx, report)
        : ensure(ctx, report))
  } catch (error) {
    // A refused plan's summary says why already.
    if (!(error instanceof PlanMismatchError)) await report.writeFailure(config, error)
    core.setFailed(errorMessage(error))
  }
  if (config.commentOnPullRequest) await commentOnPullRequest(config, report.summary)
}
