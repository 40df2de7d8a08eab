/**
 * The workflow run a step belongs to, read from the variables the runner sets: what
 * @actions/github's `context` reads, without loading its REST client on every run.
 */
import { readFileSync } from 'node:fs'
import type { WorkflowRun } from '../model/identity.js'

export function workflowRun(env: NodeJS.ProcessEnv = process.env): WorkflowRun | undefined {
  const repository = env.GITHUB_REPOSITORY
  const runId = env.GITHUB_RUN_ID
  if (!repository || !runId) return undefined
  const server = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '')
  return { repository, url: `${server}/${repository}/actions/runs/${runId}` }
}

/** Events whose payload carries the pull request the run is for. */
const PULL_REQUEST_EVENTS = ['pull_request', 'pull_request_target']

/** The pull request's number, or undefined when the run is not for a pull request. */
export function pullRequestNumber(env: NodeJS.ProcessEnv = process.env): number | undefined {
  if (!PULL_REQUEST_EVENTS.includes(env.GITHUB_EVENT_NAME ?? '') || !env.GITHUB_EVENT_PATH) {
    return undefined
  }
  const payload = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) as {
    pull_request?: { number?: unknown }
  }
  const number = payload.pull_request?.number
  return typeof number === 'number' ? number : undefined
}
