/**
 * The post step for `npm run local:post`: hands it the state the last `npm run local` saved (the
 * record of what that main step created and wrote, state.ts), then runs it as the runner does at
 * job end. With `teardown-at-job-end: true` it undoes what that main step did, and nothing else.
 */
import * as core from '@actions/core'
import { runPost } from '../../src/post.js'
import { readLocalState } from './state.js'

export async function run(): Promise<void> {
  for (const [name, value] of Object.entries(readLocalState())) core.saveState(name, value)
  await runPost()
}
