/**
 * The post step for `npm run local:post`: @github/local-action calls an entry's `run()`, and its
 * stub of `core.getState` reads only what this process saved, not the `STATE_<name>` variables the
 * runner passes at job end. So this entry hands the post step the state a main step leaves after
 * its first write (`ensured`), then runs it: with `teardown-at-job-end: true` it tears down what
 * `npm run local` made, by the same identity and ownership rules as `state: absent`.
 */
import * as core from '@actions/core'
import { runPost } from '../../src/post.js'
import { STATE } from '../../src/runner.js'

export async function run(): Promise<void> {
  core.saveState(STATE.ensured, 'true')
  await runPost()
}
