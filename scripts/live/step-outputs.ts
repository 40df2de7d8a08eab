/**
 * Step outputs: appended to GITHUB_OUTPUT in the runner's `name<<delimiter` form (values may
 * span lines), or printed as JSON when the script runs outside a workflow.
 */
import { randomUUID } from 'node:crypto'
import { appendFileSync } from 'node:fs'

export function writeStepOutputs(
  outputs: Record<string, string>,
  env: NodeJS.ProcessEnv = process.env
): void {
  const file = env.GITHUB_OUTPUT
  if (!file) {
    process.stdout.write(`${JSON.stringify(outputs, null, 2)}\n`)
    return
  }
  const delimiter = `live_${randomUUID()}`
  const text = Object.entries(outputs)
    .map(([name, value]) => `${name}<<${delimiter}\n${value}\n${delimiter}\n`)
    .join('')
  appendFileSync(file, text)
}
