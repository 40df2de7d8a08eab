/** The lint rule that keeps the pure layers pure fails where it should, and only there. */
import { describe, expect, it } from '@jest/globals'
import { ESLint } from 'eslint'

const eslint = new ESLint({ cwd: new URL('../..', import.meta.url).pathname })

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath })
  return (result?.messages ?? [])
    .filter(m => m.ruleId === '@typescript-eslint/no-restricted-imports')
    .map(m => m.message)
}

describe('pure layers', () => {
  it.each([
    'src/plan/ensure.ts',
    'src/config/config.ts',
    'src/report/summary.ts',
    'src/model/routes.ts'
  ])('%s cannot import a writer, the SDK client or the runner', async file => {
    const code = [
      "import { createRoute } from '../ec2/route-tables.js'",
      "import { apply } from '../apply/ensure.js'",
      "import { EC2Client } from '@aws-sdk/client-ec2'",
      "import * as core from '@actions/core'",
      'export const used = [createRoute, apply, EC2Client, core]'
    ].join('\n')
    expect(await restrictedImports(file, code)).toHaveLength(4)
  })

  it('may import SDK types', async () => {
    const code = "import type { Route } from '@aws-sdk/client-ec2'\nexport type R = Route\n"
    expect(await restrictedImports('src/plan/ensure.ts', code)).toEqual([])
  })

  it('apply/ may import writers', async () => {
    const code =
      "import { createRoute } from '../ec2/route-tables.js'\nexport const c = createRoute\n"
    expect(await restrictedImports('src/apply/routes.ts', code)).toEqual([])
  })
})
