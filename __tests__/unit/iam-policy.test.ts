/**
 * docs/iam-policy.json against the code: its actions are exactly the EC2 calls src/ can make, and
 * writes are allowed only on resources tagged (or being tagged) as this action's.
 */
import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap(entry =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : []
  )
}

/** `ec2:<Operation>` for every command (and paginator) imported from the EC2 client in src/. */
function operationsInCode(): Set<string> {
  const operations = new Set<string>()
  for (const file of sourceFiles(join(ROOT, 'src'))) {
    const text = readFileSync(file, 'utf8')
    for (const match of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*'@aws-sdk\/client-ec2'/g)) {
      for (const raw of (match[1] ?? '').split(',')) {
        const name = raw.trim()
        if (name === '' || name.startsWith('type ')) continue
        const command = /^([A-Z]\w+)Command$/.exec(name)
        const paginator = /^paginate(\w+)$/.exec(name)
        const operation = command?.[1] ?? paginator?.[1]
        if (operation) operations.add(`ec2:${operation}`)
      }
    }
  }
  return operations
}

interface Statement {
  Effect: string
  Action: string | string[]
  Resource: string | string[]
  Condition?: Record<string, Record<string, string | string[]>>
}
const policy = JSON.parse(readFileSync(join(ROOT, 'docs', 'iam-policy.json'), 'utf8')) as {
  Statement: Statement[]
}
const list = (value: string | string[]): string[] => (Array.isArray(value) ? value : [value])
const allowed = (s: Statement) => (s.Effect === 'Allow' ? list(s.Action) : [])

describe('docs/iam-policy.json', () => {
  it('allows exactly the EC2 operations the code can send, plus CreateTags for tag-on-create', () => {
    const inPolicy = new Set(policy.Statement.flatMap(allowed))
    expect([...inPolicy].sort()).toEqual([...operationsInCode(), 'ec2:CreateTags'].sort())
  })

  it('allows writes on * to no one: only Describe* is unconditional on every resource', () => {
    for (const statement of policy.Statement) {
      if (list(statement.Resource).includes('*')) {
        expect(allowed(statement).every(a => a.startsWith('ec2:Describe'))).toBe(true)
      }
    }
  })

  it('lets creates, deletes and releases act only on resources tagged as ours', () => {
    const conditionOn = (action: string, resource: string) =>
      policy.Statement.filter(
        s => allowed(s).includes(action) && list(s.Resource).some(r => r.includes(`:${resource}/`))
      ).map(s => s.Condition)
    const requestTag = { StringEquals: { 'aws:RequestTag/ensure-nat-gateway:managed': 'true' } }
    const resourceTag = { StringEquals: { 'aws:ResourceTag/ensure-nat-gateway:managed': 'true' } }
    expect(conditionOn('ec2:CreateNatGateway', 'natgateway')).toEqual([requestTag])
    expect(conditionOn('ec2:AllocateAddress', 'elastic-ip')).toEqual([requestTag])
    expect(conditionOn('ec2:ReleaseAddress', 'elastic-ip')).toEqual([resourceTag])
    expect(conditionOn('ec2:DeleteNatGateway', 'natgateway')).toEqual([resourceTag])
    const tagging = policy.Statement.filter(s => allowed(s).includes('ec2:CreateTags'))
    expect(tagging.map(s => Object.keys(s.Condition?.StringEquals ?? {}))).toEqual([
      ['ec2:CreateAction']
    ])
  })
})
