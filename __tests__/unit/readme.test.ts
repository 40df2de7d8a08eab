/** The README's examples are the validated workflow files, word for word. */
import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'

const root = new URL('../../', import.meta.url)
const readme = readFileSync(new URL('README.md', root), 'utf8')
const examples = [...readme.matchAll(/<!-- example: (\S+) -->\n\n```\w+\n([\s\S]*?)```/g)]

describe('README examples', () => {
  it('has examples', () => {
    expect(examples.map(([, path]) => path)).toEqual(
      expect.arrayContaining([
        'docs/examples/quick-start.yml',
        'docs/examples/plan-then-apply.yml',
        'docs/examples/allowlist.yml'
      ])
    )
  })

  it.each(examples.map(([, path, body]) => [path as string, body as string]))(
    '%s is the file itself',
    (path, body) => {
      expect(body).toBe(readFileSync(new URL(path, root), 'utf8'))
    }
  )
})

/** Each job of a workflow: its name and its text. */
const jobsOf = (workflow: string) =>
  [...(workflow.split(/^jobs:\n/m)[1] ?? '').matchAll(/^ {2}([\w-]+):\n((?: {4}.*\n|\n)*)/gm)].map(
    ([, name, body]) => [name as string, body as string] as const
  )

describe('every example workflow works when pasted', () => {
  const files = readdirSync(new URL('docs/examples/', root)).filter(f => f.endsWith('.yml'))

  it.each(files)('%s passes expressions to scripts through env, never into run:', file => {
    const text = readFileSync(new URL(`docs/examples/${file}`, root), 'utf8')
    // A `run:` line or block with ${{ … }} in it: the value would become shell code.
    const runs = [...text.matchAll(/^( *)(?:- )?run: (?:\|\n((?:\1 {2}.*\n)*)|(.*)\n)/gm)]
    expect(runs.filter(([, , block, line]) => /\$\{\{/.test(block ?? line ?? ''))).toEqual([])
  })

  it.each(files)('%s checks the repository out before running a script from it', file => {
    const text = readFileSync(new URL(`docs/examples/${file}`, root), 'utf8')
    for (const [job, body] of jobsOf(text)) {
      const script = body.search(/run: \.?\.?\/|run: \S+\.sh\b/)
      if (script < 0) continue
      const checkout = body.search(/uses: actions\/checkout@/)
      expect({ job, checkoutFirst: checkout >= 0 && checkout < script }).toEqual({
        job,
        checkoutFirst: true
      })
    }
  })
})
