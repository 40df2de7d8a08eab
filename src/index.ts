/**
 * The entry of both steps: the runner runs dist/index.js as the main step, then, with
 * `teardown-at-job-end`, again as the post step, which finds the state the main step saved.
 */
import * as core from '@actions/core'
import { errorMessage } from './ec2/errors.js'
import { run } from './main.js'
import { runPost } from './post.js'
import { STATE } from './runner.js'

try {
  if (core.getState(STATE.isPost) === 'true') {
    await runPost()
  } else {
    core.saveState(STATE.isPost, 'true')
    await run()
  }
} catch (error) {
  // The steps report their own failures; this is the last net, so no error ends a step unsaid.
  core.setFailed(errorMessage(error))
}
