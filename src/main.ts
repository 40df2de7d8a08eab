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
import type { PlanResult } from './model/plan.js'
import { ProblemsError } from './model/problems.js'
import { observe } from './observe/ensure.js'
import { observeTeardown } from './observe/teardown.js'
import { makePlan } from './plan/ensure.js'
import { planTeardown } from './plan/teardown.js'
import { type Outputs, outputs, teardownOutputs } from './report/outputs.js'
import { describePlan, describeTeardown, planToJson, teardownToJson } from './report/plan.js'
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

/** The plan, or the run stops here with every problem and nothing changed. */
function planOrRefuse<P>(config: Config, result: PlanResult<P>): P {
  if (result.plan) return result.plan
  const what = config.state === 'absent' ? 'torn down' : 'ensured'
  throw new ProblemsError(
    `The NAT gateway cannot be ${what}; nothing was changed.`,
    result.problems
  )
}

async function setOutputs(values: Outputs, summary: string): Promise<void> {
  for (const [name, value] of Object.entries(values)) core.setOutput(name, value)
  if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(summary).write()
}

/** Logs the plan; in a dry run, also reports it and says the run is done. */
async function showPlan(config: Config, lines: string[], json: object): Promise<boolean> {
  await core.group('Plan', async () => lines.forEach(line => core.info(line)))
  if (!config.dryRun) return false
  core.info('Dry run: nothing was changed.')
  await setOutputs(
    { 'plan-json': JSON.stringify(json), created: 'false', changed: 'false' },
    dryRunSummaryMarkdown(lines, json)
  )
  return true
}

async function reportOutcome(config: Config, outcome: Outcome): Promise<void> {
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
  await setOutputs(outputs(outcome), summaryMarkdown(config, outcome))
}

async function ensure(ctx: RunContext): Promise<void> {
  const { config } = ctx
  const world = await core.group('Observe', () => observe(ctx))
  const plan = planOrRefuse(config, makePlan(config, world))
  if (await showPlan(config, describePlan(config, plan), planToJson(config, plan))) return
  try {
    const outcome = await core.group('Apply', () => apply(ctx, plan))
    await reportOutcome(config, outcome)
  } catch (error) {
    // The gateway is up even when the run is incomplete: give later steps what exists.
    if (error instanceof IncompleteRunError) await reportOutcome(config, error.outcome)
    throw error
  }
}

async function tearDown(ctx: RunContext): Promise<void> {
  const { config } = ctx
  const world = await core.group('Observe', () => observeTeardown(ctx))
  const plan = planOrRefuse(config, planTeardown(config, world))
  if (await showPlan(config, describeTeardown(config, plan), teardownToJson(plan))) return
  const outcome = await core.group('Apply', () => applyTeardown(ctx, plan))
  await setOutputs(teardownOutputs(outcome), teardownSummaryMarkdown(config, outcome))
}

export async function run(options: RunOptions = {}): Promise<void> {
  try {
    const config = parseConfig(name => core.getInput(name))
    const ctx: RunContext = {
      ec2: options.ec2 ?? createEc2Client(config.region),
      config,
      clock: options.clock ?? systemClock,
      log
    }
    await (config.state === 'absent' ? tearDown(ctx) : ensure(ctx))
  } catch (error) {
    core.setFailed(errorMessage(error))
  }
}
