/** A stand-in for @actions/core, for jest.unstable_mockModule (as in actions/typescript-action). */
import { jest } from '@jest/globals'
import type * as core from '@actions/core'

export const inputs: Record<string, string> = {}

export const getInput = jest.fn<typeof core.getInput>(name => (inputs[name] ?? '').trim())
export const setOutput = jest.fn<typeof core.setOutput>()
export const setFailed = jest.fn<typeof core.setFailed>()
export const info = jest.fn<typeof core.info>()
export const warning = jest.fn<typeof core.warning>()
export const debug = jest.fn<typeof core.debug>()
export const group = jest.fn(async <T>(_name: string, fn: () => Promise<T>): Promise<T> => fn())
/** The step's saved state: saveState writes it, getState reads it (STATE_<name> on a runner). */
export const state: Record<string, string> = {}
export const saveState = jest.fn<typeof core.saveState>((name, value) => {
  state[name] = String(value)
})
export const getState = jest.fn<typeof core.getState>(name => state[name] ?? '')
export const summary = {
  addRaw: jest.fn().mockReturnThis(),
  write: jest.fn(async () => summary)
}

/** Clears the recorded calls and sets the inputs for the next run. */
export function reset(next: Record<string, string>): void {
  jest.clearAllMocks()
  for (const key of Object.keys(inputs)) delete inputs[key]
  Object.assign(inputs, next)
}

/** The outputs the run set, as one record. */
export function outputs(): Record<string, string> {
  return Object.fromEntries(setOutput.mock.calls.map(([name, value]) => [name, String(value)]))
}
