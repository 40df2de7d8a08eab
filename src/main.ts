/**
 * run(): parse → observe → plan → apply → report. The only place that fails the step.
 */
import * as core from '@actions/core'
import type { EC2Client } from '@aws-sdk/client-ec2'
import { apply, IncompleteRunError, type Outcome } from './apply.js'
import { type Clock, systemClock } from './clock.js'
import { type Config, parseConfig } from './config.js'
import { createEc2Client } from './ec2/client.js'
import { errorMessage } from './ec2/errors.js'
import type { Logger } from './log.js'
import { observeCore, observeSurroundings } from './observe.js'
import { describePlan, makePlan, ownGateways, type Plan, planToJson } from './plan.js'
import { type Problem, ProblemsError } from './problems.js'
import {
  dryRunSummaryMarkdown,
  type Outputs,
  outputs,
  summaryMarkdown,
  teardownOutputs,
  teardownSummaryMarkdown
} from './report.js'
import { usableAddresses } from './gateway-addresses.js'
import {
  applyTeardown,
  describeTeardown,
  observeTeardown,
  planTeardown,
  teardownToJson
} from './teardown.js'

export interface RunOptions {
  clock?: Clock
  /** Made from the Config's Region when not given. */
  ec2?: EC2Client
}

interface Context {
  ec2: EC2Client
  config: Config
  clock: Clock
  log: Logger
}

const log: Logger = { info: core.info, warning: core.warning }

function refuse(config: Config, problems: Problem[]): never {
  const what = config.state === 'absent' ? 'torn down' : 'ensured'
  throw new ProblemsError(`The NAT gateway cannot be ${what}; nothing was changed.`, problems)
}

async function setOutputs(values: Outputs, summary: string): Promise<void> {
  for (const [name, value] of Object.entries(values)) core.setOutput(name, value)
  if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(summary).write()
}

/** Logs the plan; in a dry run, also reports it and says the run is done. */
async function showPlan(context: Context, lines: string[], json: object): Promise<boolean> {
  await core.group('Plan', async () => lines.forEach(line => core.info(line)))
  if (!context.config.dryRun) return false
  core.info('Dry run: nothing was changed.')
  await setOutputs(
    { 'plan-json': JSON.stringify(json), created: 'false', changed: 'false' },
    dryRunSummaryMarkdown(lines, json)
  )
  return true
}

async function observeAndPlan({ ec2, config }: Context): Promise<Plan> {
  const world = await core.group('Observe', async () => {
    const coreWorld = await observeCore(ec2, config)
    // The surroundings validate a create; an existing gateway needs none of them.
    const surroundings =
      ownGateways(config, coreWorld).length === 0
        ? await observeSurroundings(ec2, config)
        : undefined
    return { core: coreWorld, surroundings }
  })
  const result = makePlan(config, world)
  return result.plan ?? refuse(config, result.problems)
}

async function reportOutcome(config: Config, outcome: Outcome): Promise<void> {
  const { gateway } = config
  if (gateway.mode === 'regional' && gateway.elasticIps.allocation === 'automatic') {
    const id = outcome.natGateway.NatGatewayId
    core.warning(
      (usableAddresses(outcome).length === 0
        ? `The regional NAT gateway ${id} has no public IP yet. `
        : `The public IPs of the regional NAT gateway ${id} may still change. `) +
        'In automatic mode AWS adds addresses per zone as workloads appear there and removes them ' +
        'when none is left. For a stable allowlist, give eip-allocation-ids (manual mode).'
    )
  }
  await setOutputs(outputs(outcome), summaryMarkdown(config, outcome))
}

async function ensure(context: Context): Promise<void> {
  const plan = await observeAndPlan(context)
  if (
    await showPlan(context, describePlan(context.config, plan), planToJson(context.config, plan))
  ) {
    return
  }
  try {
    const outcome = await core.group('Apply', () => apply(context, plan))
    await reportOutcome(context.config, outcome)
  } catch (error) {
    // The gateway is up even when the run is incomplete: give later steps what exists.
    if (error instanceof IncompleteRunError) await reportOutcome(context.config, error.outcome)
    throw error
  }
}

async function tearDown(context: Context): Promise<void> {
  const { ec2, config } = context
  const world = await core.group('Observe', () => observeTeardown(ec2, config))
  const result = planTeardown(config, world)
  const plan = result.plan ?? refuse(config, result.problems)
  if (await showPlan(context, describeTeardown(config, plan), teardownToJson(plan))) return
  const outcome = await core.group('Apply', () => applyTeardown(context, plan))
  await setOutputs(teardownOutputs(outcome), teardownSummaryMarkdown(config, outcome))
}

export async function run(options: RunOptions = {}): Promise<void> {
  try {
    const config = parseConfig(name => core.getInput(name))
    const context: Context = {
      ec2: options.ec2 ?? createEc2Client(config.region),
      config,
      clock: options.clock ?? systemClock,
      log
    }
    await (config.state === 'absent' ? tearDown(context) : ensure(context))
  } catch (error) {
    core.setFailed(errorMessage(error))
  }
}
