/**
 * The post step of `teardown-at-job-end`, run by the runner at job end after success, failure or
 * cancellation: tears down what the main step ensured, as `state: absent` would; sets no outputs.
 */
import * as core from '@actions/core'
import { applyTeardown } from './apply/apply-teardown.js'
import { parseConfig } from './config/config.js'
import type { Config } from './model/config.js'
import type { InputReader } from './config/inputs.js'
import { errorMessage } from './ec2/errors.js'
import { planOrRefuse } from './main.js'
import { observeTeardown } from './observe/teardown-world.js'
import { planTeardown } from './plan/teardown-plan.js'
import { describeTeardown, teardownSteps } from './report/plan.js'
import { teardownSummaryMarkdown } from './report/summary.js'
import { commentOnPullRequest, Report, type RunOptions, runContext, STATE } from './runner.js'

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
      const ctx = runContext(config, options, report)
      const plan = planOrRefuse(config, planTeardown(config, await observeTeardown(ctx)))
      describeTeardown(config, plan).forEach(line => core.info(line))
      report.steps = teardownSteps(config, plan)
      const outcome = await applyTeardown(ctx, plan)
      await report.writeSummary(teardownSummaryMarkdown(config, outcome, ' at job end'))
    } catch (error) {
      if (config) await report.writeFailure(config, error)
      core.setFailed(`teardown-at-job-end: ${errorMessage(error)}`)
    }
  })
  // The gateway's comment ends with what happened to it at job end.
  if (config?.commentOnPullRequest) await commentOnPullRequest(config, report.summary)
}
