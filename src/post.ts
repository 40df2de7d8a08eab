/**
 * The post step of `teardown-at-job-end`, run by the runner at job end after success, failure or
 * cancellation: undoes what the main step created and wrote, as its job record lists it by ID, in
 * the record's Region and VPC (whatever later steps exported); sets no outputs. It fails, listing
 * them, while anything the job made is left.
 */
import * as core from '@actions/core'
import { applyJobEnd } from './apply/apply-job-end.js'
import { parseConfig } from './config/config.js'
import type { InputReader } from './config/inputs.js'
import { errorMessage } from './ec2/errors.js'
import type { Config } from './model/config.js'
import { type JobRecord, parseJobRecord } from './model/job-record.js'
import { observeJobEnd } from './observe/job-end-world.js'
import { planJobEnd } from './plan/job-end-plan.js'
import {
  describeLeft,
  jobEndErrorMarkdown,
  jobEndFailureMessage,
  jobEndSummaryMarkdown
} from './report/job-end.js'
import { commentOnPullRequest, Report, type RunOptions, runContext, STATE } from './runner.js'

/**
 * The main step's inputs, for what the post step still reads of them (timeouts, the comment),
 * with the Region, VPC and name the record gives: the record says where the job worked.
 */
const atJobEnd =
  (record: JobRecord, read: InputReader): InputReader =>
  name => {
    const pinned: Record<string, string> = {
      region: record.region,
      'vpc-id': record.vpcId,
      name: record.name,
      'teardown-at-job-end': 'false',
      'dry-run': 'false',
      'expected-plan': ''
    }
    return pinned[name] ?? read(name)
  }

export async function runPost(options: RunOptions = {}): Promise<void> {
  // Read as config.ts reads it; anything else was refused by the main step, which then wrote nothing.
  if (!['true', 'True', 'TRUE'].includes(core.getInput('teardown-at-job-end'))) return
  const saved = core.getState(STATE.jobRecord)
  if (!saved) {
    core.info(
      'teardown-at-job-end: the main step wrote nothing (it stopped before any write, or was a dry run); nothing to tear down.'
    )
    return
  }
  const report = new Report()
  let config: Config | undefined
  await core.group('Teardown at job end', async () => {
    try {
      const record = parseJobRecord(saved)
      config = parseConfig(atJobEnd(record, name => core.getInput(name)))
      const ctx = runContext(config, options, report)
      const plan = planJobEnd(record, await observeJobEnd(ctx, record))
      describeLeft(plan).forEach(line => core.info(line))
      const outcome = await applyJobEnd(ctx, plan)
      await report.writeSummary(jobEndSummaryMarkdown(record, outcome))
      if (outcome.remaining.length > 0) {
        report.failed = true
        core.setFailed(jobEndFailureMessage(outcome))
      }
    } catch (error) {
      if (config) await report.writeFailure(config, error)
      else await report.writeSummary(jobEndErrorMarkdown(errorMessage(error)))
      core.setFailed(`teardown-at-job-end: ${errorMessage(error)}`)
    }
  })
  // The gateway's comment ends with what happened to it at job end.
  if (config?.commentOnPullRequest) await commentOnPullRequest(config, report.summary)
}
