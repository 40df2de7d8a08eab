/**
 * docs/live-aws-policy.json: with docs/iam-policy.json, everything the live test's scripts call,
 * nothing they do not, and every write limited to resources carrying the live-test tag.
 */
import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import { RUN_TAG } from '../../scripts/live/aws.ts'

interface Statement {
  Effect: string
  Action: string | string[]
  Resource: string | string[]
  Condition?: Record<string, Record<string, string | string[]>>
}

const read = (path: string) =>
  JSON.parse(readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8')) as {
    Statement: Statement[]
  }
const list = (value: string | string[]): string[] => (Array.isArray(value) ? value : [value])
const actions = (statements: Statement[]) =>
  new Set(statements.filter(s => s.Effect === 'Allow').flatMap(s => list(s.Action)))

const live = read('docs/live-aws-policy.json').Statement
const action = read('docs/iam-policy.json').Statement

/** `ec2:<Operation>` for every command and paginator the scripts import from the SDK. */
function operationsInScripts(): Set<string> {
  const dir = new URL('../../scripts/live/', import.meta.url)
  const operations = new Set<string>()
  for (const file of readdirSync(dir).filter(f => f.endsWith('.ts'))) {
    const text = readFileSync(new URL(file, dir), 'utf8')
    for (const match of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*'@aws-sdk\/client-ec2'/g)) {
      for (const name of (match[1] ?? '').split(',').map(n => n.trim())) {
        const operation = /^([A-Z]\w+)Command$/.exec(name)?.[1] ?? /^paginate(\w+)$/.exec(name)?.[1]
        if (operation) operations.add(`ec2:${operation}`)
      }
    }
  }
  return operations
}

describe('docs/live-aws-policy.json', () => {
  it('with the action’s policy, allows every EC2 operation the live scripts send', () => {
    const allowed = new Set([...actions(action), ...actions(live)])
    const used = [...operationsInScripts()]
    expect(used.length).toBeGreaterThan(10)
    expect(used.filter(op => !allowed.has(op))).toEqual([])
  })

  it('allows nothing the scripts do not send (CreateTags aside, which tag-on-create needs)', () => {
    const used = operationsInScripts()
    expect([...actions(live)].filter(op => !used.has(op) && op !== 'ec2:CreateTags')).toEqual([])
  })

  it('limits every statement to resources tagged for the live test, or to tagging while creating', () => {
    for (const statement of live) {
      expect(list(statement.Resource)).not.toContain('*')
      const conditions = JSON.stringify(statement.Condition ?? {})
      const onTag =
        conditions.includes(`aws:RequestTag/${RUN_TAG}`) ||
        conditions.includes(`aws:ResourceTag/${RUN_TAG}`)
      const whileCreating = Object.keys(statement.Condition?.['StringEquals'] ?? {}).includes(
        'ec2:CreateAction'
      )
      expect({ statement, limited: onTag || whileCreating }).toMatchObject({ limited: true })
    }
  })

  it('works in every partition: no ARN names one', () => {
    const resources = live.flatMap(s => list(s.Resource))
    expect(resources.filter(arn => /^arn:aws[\w-]*:/.test(arn))).toEqual([])
  })
})
