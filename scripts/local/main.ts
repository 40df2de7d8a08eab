/**
 * The main step for `npm run local`: runs it as @github/local-action runs any entry, then keeps
 * what it saved for the post step (`npm run local:post`) in the local state file (state.ts).
 */
import * as core from '@actions/core'
import { run as runMain } from '../../src/main.js'
import { STATE } from '../../src/runner.js'
import { writeLocalState } from './state.js'

export async function run(): Promise<void> {
  await runMain()
  writeLocalState({ [STATE.jobRecord]: core.getState(STATE.jobRecord) })
}
