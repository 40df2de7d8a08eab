import { RESERVED_TAG_KEYS } from '../model/identity.js'
import { LIMITS } from './limits.js'
import type { Problems } from './problems.js'

export function parseTags(raw: string, problems: Problems): Record<string, string> {
  const input = 'tags'
  const tags: Record<string, string> = {}
  const example = 'Example: tags: |\n  team=platform\n  env=staging'
  for (const line of raw.split('\n').map(l => l.trim())) {
    if (line === '') continue
    const eq = line.indexOf('=')
    if (eq <= 0) {
      problems.add(input, `"${line}" is not key=value.`, example)
      continue
    }
    const key = line.slice(0, eq).trim()
    const value = line.slice(eq + 1).trim()
    if (key.toLowerCase().startsWith('aws:')) {
      problems.add(input, `tag key "${key}" uses the prefix "aws:", which AWS reserves.`, example)
    } else if ((RESERVED_TAG_KEYS as readonly string[]).includes(key)) {
      problems.add(
        input,
        `tag key "${key}" is set by the action itself.`,
        key === 'Name' ? 'Use the input `name` instead.' : 'Choose another key.'
      )
    }
    if (key.length > LIMITS.tagKeyLength) {
      problems.add(
        input,
        `tag key "${key.slice(0, 20)}…" has ${key.length} characters; at most ${LIMITS.tagKeyLength}.`,
        example
      )
    }
    if (value.length > LIMITS.tagValueLength) {
      problems.add(
        input,
        `the value of tag "${key}" has ${value.length} characters; at most ${LIMITS.tagValueLength}.`,
        example
      )
    }
    if (key in tags) problems.add(input, `tag key "${key}" is given twice.`, 'Give each key once.')
    tags[key] = value
  }
  const count = Object.keys(tags).length
  if (count > LIMITS.userTags) {
    problems.add(
      input,
      `${count} tags given; at most ${LIMITS.userTags} (EC2 allows 50, the action sets the rest).`,
      example
    )
  }
  return tags
}
