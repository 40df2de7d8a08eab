/** The README's examples are the validated workflow files, word for word. */
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'

const root = new URL('../../', import.meta.url)
const readme = readFileSync(new URL('README.md', root), 'utf8')
const examples = [...readme.matchAll(/<!-- example: (\S+) -->\n\n```\w+\n([\s\S]*?)```/g)]

describe('README examples', () => {
  it('has examples', () => {
    expect(examples.map(([, path]) => path)).toEqual(
      expect.arrayContaining(['docs/examples/plan-then-apply.yml', 'docs/examples/allowlist.yml'])
    )
  })

  it.each(examples.map(([, path, body]) => [path as string, body as string]))(
    '%s is the file itself',
    (path, body) => {
      expect(body).toBe(readFileSync(new URL(path, root), 'utf8'))
    }
  )
})
