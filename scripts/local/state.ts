/**
 * What `npm run local` hands `npm run local:post`. On a runner the main step's saved state reaches
 * the post step as `STATE_<name>`; @github/local-action keeps saved state in its process only, so
 * the two local entries pass it through this file (git ignores it), as the runner's state file
 * would.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'

export const LOCAL_STATE_FILE = '.local-action-state.json'

export function writeLocalState(state: Record<string, string>): void {
  writeFileSync(LOCAL_STATE_FILE, `${JSON.stringify(state, null, 2)}\n`)
}

/** The state the last `npm run local` saved; none when it has not run here. */
export function readLocalState(): Record<string, string> {
  if (!existsSync(LOCAL_STATE_FILE)) return {}
  return JSON.parse(readFileSync(LOCAL_STATE_FILE, 'utf8')) as Record<string, string>
}
