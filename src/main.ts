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
import { billedGateway, estimateCost } from './model/cost.js'
import { IncompleteRunError, type Outcome, type PerZoneOutcome } from './model/outcome.js'
import type { PlanResult } from './model/plan.js'
import { type PlanDocument, serializePlan, withCost } from './model/plan-document.js'
import { ProblemsError } from './model/problems.js'
import type { NatGateway } from './model/resources.js'
import { type Review, reviewOutcome } from './model/review.js'
import { observe, observePerZone } from './observe/ensure-world.js'
import { observeTeardown } from './observe/teardown-world.js'
import { makePlan } from './plan/ensure-plan.js'
import { compareWithExpected } from './plan/expected-plan.js'
import { perZoneDocument, planDocument, teardownDocument } from './plan/plan-document.js'
import { reviewPerZone, reviewPlan, reviewTeardown } from './plan/review.js'
import { planTeardown } from './plan/teardown-plan.js'
import { planPerZone } from './plan/zones.js'
import { outputs, perZoneOutputs, teardownOutputs } from './report/outputs.js'
import { describePerZonePlan, perZoneSteps, perZoneSummaryMarkdown } from './report/per-zone.js'
import {
  describeDifferences,
  describeDone,
  describePlan,
  describeTeardown,
  ipv6Warnings,
  planSteps,
  teardownSteps
} from './report/plan.js'
import { costOutput, reviewMarkdown } from './report/review.js'
import {
  approvedStepsDoneMarkdown,
  dryRunSummaryMarkdown,
  planMismatchSummaryMarkdown,
  summaryMarkdown,
  teardownSummaryMarkdown
} from './report/summary.js'
import {
  commentOnPullRequest,
  Report,
  type RunOptions,
  runContext,
  startJobRecord
} from './runner.js'

export type { RunOptions } from './runner.js'

/** The plan, or the run stops here with every problem and nothing changed. */
function planOrRefuse<P>(config: Config, result: PlanResult<P>): P {
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
 * Logs the plan and holds it against expected-plan; in a dry run, also reports it with its
 * review (cost, allowlist change). Returns whether the run goes on to apply it. `adopted`: the
 * gateway the plan keeps, from which an approved create is judged done.
 */
async function showPlan(
  config: Config,
  report: Report,
  lines: string[],
  plan: { document: PlanDocument; review: Review },
  adopted?: NatGateway
): Promise<boolean> {
  await core.group('Plan', async () => lines.forEach(line => core.info(line)))
  const estimate = estimateCost(config.region, plan.review.after)
  const document = withCost(plan.document, estimate)
  const planJson = serializePlan(document)
  if (config.expectedPlan) {
    const comparison = compareWithExpected(config.expectedPlan, document, adopted)
    const differences = describeDifferences(comparison.differences)
    if (comparison.differences.length > 0) {
      await core.group('Difference from expected-plan', async () =>
        differences.forEach(line => core.info(line))
      )
      await report.write(
        { 'plan-json': planJson },
        planMismatchSummaryMarkdown(differences, planJson)
      )
      throw new PlanMismatchError(
        `This run's plan differs from expected-plan in ${comparison.differences.length} place(s); nothing was changed:\n` +
          differences.map(line => `  - ${line}`).join('\n')
      )
    }
    const done = describeDone(comparison.done)
    if (done.length === 0) {
      core.info('The plan is the approved one (expected-plan).')
    } else {
      core.info(
        `The plan is what is left of the approved one (expected-plan); ${done.length} approved step(s) found done:`
      )
      done.forEach(line => core.info(`  - ${line}`))
      await report.writeSummary(approvedStepsDoneMarkdown(done))
    }
  }
  if (!config.dryRun) return true
  core.info('Dry run: nothing was changed.')
  const reviewed = plan.review.before.length + plan.review.after.length > 0
  await report.write(
    {
      'plan-json': planJson,
      created: 'false',
      changed: 'false',
      'estimated-monthly-cost-usd': costOutput(estimate)
    },
    dryRunSummaryMarkdown(
      lines,
      planJson,
      reviewed ? reviewMarkdown(config.region, plan.review) : []
    )
  )
  return false
}

async function reportOutcome(
  report: Report,
  config: Config,
  outcome: Outcome,
  planned: Review
): Promise<void> {
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
  const review = reviewOutcome(planned, outcome.natGateway)
  await report.write(
    {
      ...outputs(outcome),
      'estimated-monthly-cost-usd': costOutput(estimateCost(config.region, review.after))
    },
    `${summaryMarkdown(config, outcome)}\n${reviewMarkdown(config.region, review).join('\n')}`
  )
}

async function ensure(ctx: RunContext, report: Report): Promise<void> {
  const { config } = ctx
  const world = await core.group('Observe', () => observe(ctx))
  const plan = planOrRefuse(config, makePlan(config, world))
  ipv6Warnings(config, plan).forEach(warning => core.warning(warning))
  const review = reviewPlan(config, world, plan)
  const shown = { document: planDocument(config, plan), review }
  const adopted = plan.gateway.action === 'adopt' ? plan.gateway.natGateway : undefined
  if (!(await showPlan(config, report, describePlan(config, plan), shown, adopted))) return
  // From here on something may be written: the post step undoes what the record lists.
  if (config.teardownAtJobEnd) ctx.journal = startJobRecord(ctx)
  report.steps = planSteps(config, plan)
  try {
    const outcome = await core.group('Apply', () => apply(ctx, plan))
    await reportOutcome(report, config, outcome, review)
  } catch (error) {
    // The gateway is up even when the run is incomplete: give later steps what exists.
    if (error instanceof IncompleteRunError) {
      await reportOutcome(report, config, error.outcome, review)
    }
    throw error
  }
}

/** A gateway per zone: the same phases, each zone planned and applied as one zonal gateway. */
async function ensurePerZone(ctx: RunContext, report: Report): Promise<void> {
  const { config } = ctx
  const world = await core.group('Observe', () => observePerZone(ctx))
  const plan = planOrRefuse(config, planPerZone(config, world))
  const lines = describePerZonePlan(config, plan)
  const shown = {
    document: perZoneDocument(config, plan),
    review: reviewPerZone(config, world, plan)
  }
  if (!(await showPlan(config, report, lines, shown))) return
  // From here on something may be written: the post step undoes what the record lists, every
  // zone's gateway, addresses and routes (the zones share the run's journal).
  if (config.teardownAtJobEnd) ctx.journal = startJobRecord(ctx)
  report.steps = perZoneSteps(config, plan)
  const reportZones = (outcome: PerZoneOutcome) => {
    // One billed gateway per zonal gateway.
    const after = outcome.zones.map(z => billedGateway(z.outcome.natGateway, { mayGrow: false }))
    return report.write(
      {
        ...perZoneOutputs(outcome),
        'estimated-monthly-cost-usd': costOutput(estimateCost(config.region, after))
      },
      perZoneSummaryMarkdown(config, outcome)
    )
  }
  try {
    await reportZones(await core.group('Apply', () => applyPerZone(ctx, plan)))
  } catch (error) {
    // The zones that are up are reported even when another one failed.
    if (error instanceof IncompleteZonesError) await reportZones(error.outcome)
    throw error
  }
}

async function tearDown(ctx: RunContext, report: Report): Promise<void> {
  const { config } = ctx
  const world = await core.group('Observe', () => observeTeardown(ctx))
  const plan = planOrRefuse(config, planTeardown(config, world))
  const lines = describeTeardown(config, plan)
  const review = reviewTeardown(config, plan)
  const shown = { document: teardownDocument(config, plan), review }
  if (!(await showPlan(config, report, lines, shown))) return
  report.steps = teardownSteps(config, plan)
  const outcome = await core.group('Apply', () => applyTeardown(ctx, plan))
  const stopped = review.before.length > 0 ? reviewMarkdown(config.region, review) : []
  await report.write(
    {
      ...teardownOutputs(outcome),
      'estimated-monthly-cost-usd': costOutput(estimateCost(config.region, []))
    },
    [teardownSummaryMarkdown(config, outcome), ...stopped].join('\n')
  )
}

export async function run(options: RunOptions = {}): Promise<void> {
  // Every run leaves a job summary, failed or not, dry run or not, refused inputs included.
  const report = new Report()
  let config: Config | undefined
  try {
    config = parseConfig(name => core.getInput(name))
    const ctx = runContext(config, options, report)
    await (config.state === 'absent'
      ? tearDown(ctx, report)
      : config.perZone
        ? ensurePerZone(ctx, report)
        : ensure(ctx, report))
  } catch (error) {
    try {
      // A refused plan's summary says why already.
      if (!(error instanceof PlanMismatchError)) await report.writeFailure(config, error)
    } finally {
      core.setFailed(errorMessage(error))
    }
  }
  if (config?.commentOnPullRequest) await commentOnPullRequest(config, report.summary)
}
