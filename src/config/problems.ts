/** Collecting input problems, and the checks shared by several inputs. */
import { exampleId, isResourceId, type ResourceKind } from '../model/ids.js'
import type { Problem } from '../model/problems.js'
import { INPUTS, type InputName } from './inputs.js'

/** Collects problems while the inputs are read. */
export class Problems {
  readonly list: Problem[] = []

  add(subject: string, message: string, fix?: string): void {
    this.list.push(fix === undefined ? { subject, message } : { subject, message, fix })
  }
}

/** One of `allowed`; on a problem, the input's default (its first allowed value). */
export function oneOf<T extends string>(
  input: InputName,
  raw: string,
  allowed: readonly [T, ...T[]],
  problems: Problems
): T {
  const value = raw.toLowerCase()
  if ((allowed as readonly string[]).includes(value)) return value as T
  problems.add(
    input,
    `"${raw}" is not one of ${allowed.map(a => `"${a}"`).join(', ')}.`,
    `Example: ${input}: ${INPUTS[input].default}`
  )
  return allowed[0]
}

/** The YAML 1.2 booleans that @actions/core's getBooleanInput accepts. */
export function parseBoolean(input: InputName, raw: string, problems: Problems): boolean {
  if (['true', 'True', 'TRUE'].includes(raw)) return true
  if (['false', 'False', 'FALSE'].includes(raw)) return false
  problems.add(input, `"${raw}" is not a boolean.`, `Use true or false, e.g. ${input}: true`)
  return false
}

export function checkIds(
  input: string,
  ids: string[],
  kind: ResourceKind,
  what: string,
  problems: Problems
): void {
  const seen = new Set<string>()
  for (const id of ids) {
    if (!isResourceId(kind, id)) {
      problems.add(input, `"${id}" is not ${what}.`, `Example: ${exampleId(kind)}`)
    } else if (seen.has(id)) {
      problems.add(input, `"${id}" is listed twice.`, 'List each ID once.')
    }
    seen.add(id)
  }
}

/** Whole seconds from 1 to `max`; on a problem, the input's default. */
export function parseSeconds(
  input: 'wait-timeout-seconds' | 'max-drain-duration-seconds',
  raw: string,
  max: number,
  problems: Problems
): number {
  const value = /^\d+$/.test(raw) ? Number(raw) : NaN
  if (!(value >= 1 && value <= max)) {
    const fallback = INPUTS[input].default
    problems.add(
      input,
      `"${raw}" is not a whole number of seconds from 1 to ${max}.`,
      `Example: ${input}: ${fallback}`
    )
    return Number(fallback)
  }
  return value
}
