/** The lint rules that keep the layers apart fail where they should, and only there. */
import { describe, expect, it } from '@jest/globals'
import { ESLint } from 'eslint'

const eslint = new ESLint({ cwd: new URL('../..', import.meta.url).pathname })

async function messagesOf(rule: string, filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath })
  return (result?.messages ?? []).filter(m => m.ruleId === rule).map(m => m.message)
}

const restrictedImports = (filePath: string, code: string) =>
  messagesOf('@typescript-eslint/no-restricted-imports', filePath, code)

describe('pure layers', () => {
  it.each([
    'src/plan/ensure-plan.ts',
    'src/config/config.ts',
    'src/report/summary.ts',
    'src/model/routes.ts'
  ])('%s cannot import a writer, the SDK client or the runner', async file => {
    const code = [
      "import { createRoute } from '../ec2/route-tables.js'",
      "import { apply } from '../apply/apply-ensure.js'",
      "import { EC2Client } from '@aws-sdk/client-ec2'",
      "import * as core from '@actions/core'",
      'export const used = [createRoute, apply, EC2Client, core]'
    ].join('\n')
    expect(await restrictedImports(file, code)).toHaveLength(4)
  })

  it('may import SDK types', async () => {
    const code = "import type { Route } from '@aws-sdk/client-ec2'\nexport type R = Route\n"
    expect(await restrictedImports('src/plan/ensure-plan.ts', code)).toEqual([])
  })

  it('apply/ may import writers', async () => {
    const code =
      "import { createRoute } from '../ec2/route-tables.js'\nexport const c = createRoute\n"
    expect(await restrictedImports('src/apply/routes.ts', code)).toEqual([])
  })
})

describe('the model', () => {
  it('imports nothing from the other layers, not even a type', async () => {
    const code = "import type { Problems } from '../config/problems.js'\nexport type P = Problems\n"
    expect(await restrictedImports('src/model/plan-document.ts', code)).toEqual([
      expect.stringContaining('The model imports nothing from the other layers')
    ])
  })
})

describe('import cycles', () => {
  it('are refused: a module that imports one that imports it back', async () => {
    // src/config/config.ts imports ./problems.js; problems.ts importing config.ts back closes a cycle.
    const code = "import { parseConfig } from './config.js'\nexport const p = parseConfig\n"
    expect(await messagesOf('import-x/no-cycle', 'src/config/problems.ts', code)).toEqual([
      'Dependency cycle detected'
    ])
  })

  it('are not found where there is none', async () => {
    const code = "import { splitList } from './lists.js'\nexport const s = splitList\n"
    expect(await messagesOf('import-x/no-cycle', 'src/config/problems.ts', code)).toEqual([])
  })
})
