/**
 * docs/iam-plan-policy.json, the policy of a read-only role for dry runs (the plan job of
 * plan-then-apply): exactly the read calls the code can make, and nothing that writes.
 */
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { operationsInCode } from '../ec2-operations.js'

interface Statement {
  Sid: string
  Effect: string
  Action: string | string[]
  Resource: string | string[]
}
const read = (path: string) =>
  JSON.parse(readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8')) as {
    Statement: Statement[]
  }
const plan = read('docs/iam-plan-policy.json')
const list = (value: string | string[]): string[] => (Array.isArray(value) ? value : [value])
const granted = (policy: { Statement: Statement[] }) =>
  policy.Statement.filter(s => s.Effect === 'Allow')
    .flatMap(s => list(s.Action))
    .sort()

/** EC2 names its read-only operations Describe*; every other call the code makes writes. */
const readCalls = () => [...operationsInCode()].filter(a => a.startsWith('ec2:Describe')).sort()

describe('docs/iam-plan-policy.json', () => {
  it('grants exactly the read calls the code makes', () => {
    expect(readCalls().length).toBeGreaterThan(2)
    expect(granted(plan)).toEqual(readCalls())
  })

  it('grants no write, and only allows', () => {
    const writes = [...operationsInCode()].filter(a => !readCalls().includes(a))
    expect(writes.length).toBeGreaterThan(0)
    expect(granted(plan).filter(a => writes.includes(a) || !a.startsWith('ec2:'))).toEqual([])
    expect(plan.Statement.map(s => s.Effect)).toEqual(['Allow'])
  })

  it('reads what the full policy reads (a plan role and an apply role see the same world)', () => {
    const full = read('docs/iam-policy.json')
    expect(granted(full).filter(a => a.startsWith('ec2:Describe'))).toEqual(granted(plan))
  })
})
