/**
 * run(): parse → observe → plan → apply → report. The only place that fails the step.
 */
import * as core from '@actions/core'
import type { EC2Client } from '@aws-sdk/client-ec2'
import { apply, type Outcome, RoutesFailedError } from './apply.js'
import { type Clock, systemClock } from './clock.js'
import { type Config, parseConfig } from './config.js'
import { createEc2Client } from './ec2/client.js'
import { errorMessage } from './ec2/errors.js'
import type { Logger } from './log.js'
import { observeCore, observeSurroundings } from './observe.js'
import { describePlan, makePlan, ownGateways, type Plan } from './plan.js'
import { ProblemsError } from './problems.js'
import { outputs, summaryMarkdown, usableAddresses } from './report.js'

export interface RunOptions {
  clock?: Clock
  /** Made from the Config's Region when not given. */
  ec2?: EC2Client
}

const log: Logger = { info: core.info, warning: core.warning }

async function observeAndPlan(ec2: EC2Client, config: Config): Promise<Plan> {
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
  if (!result.plan) {
    throw new ProblemsError(
      'The NAT gateway cannot be ensured; nothing was changed.',
      result.problems
    )
  }
  const plan = result.plan
  await core.group('Plan', async () => describePlan(config, plan).forEach(line => core.info(line)))
  return plan
}

async function report(config: Config, outcome: Outcome): Promise<void> {
  for (const [name, value] of Object.entries(outputs(outcome))) core.setOutput(name, value)
  if (config.gateway.mode === 'regional' && usableAddresses(outcome).length === 0) {
    core.warning(
      `The regional NAT gateway ${outcome.natGateway.NatGatewayId} has no public IP yet: in automatic mode AWS ` +
        'adds addresses per zone as workloads appear there, and the set can change. For a stable allowlist, ' +
        'give eip-allocation-ids (manual mode).'
    )
  }
  if (process.env.GITHUB_STEP_SUMMARY) {
    await core.summary.addRaw(summaryMarkdown(config, outcome)).write()
  }
}

export async function run(options: RunOptions = {}): Promise<void> {
  let config: Config | undefined
  try {
    config = parseConfig(name => core.getInput(name))
    const ec2 = options.ec2 ?? createEc2Client(config.region)
    const plan = await observeAndPlan(ec2, config)
    const context = { ec2, config, clock: options.clock ?? systemClock, log }
    const outcome = await core.group('Apply', () => apply(context, plan))
    await report(config, outcome)
  } catch (error) {
    // The gateway is up even when a route failed: give later steps what exists.
    if (error instanceof RoutesFailedError && config) await report(config, error.outcome)
    core.setFailed(errorMessage(error))
  }
}
