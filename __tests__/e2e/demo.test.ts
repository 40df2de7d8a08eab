/**
 * `npm run demo`, as a newcomer runs it: scripts/demo.ts on Node itself (type stripping, not
 * ts-jest), so an import that only jest can resolve fails here, not in the README's first command.
 */
import { expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { STEP_TIMEOUT_MS } from '../timeouts.ts'

const DEMO = fileURLToPath(new URL('../../scripts/demo.ts', import.meta.url))

it('creates a gateway against the emulator, then reruns with two reads', () => {
  const demo = spawnSync(process.execPath, [DEMO], { encoding: 'utf8', timeout: STEP_TIMEOUT_MS })
  // The stderr travels with the status, so a failure shows why.
  expect({ status: demo.status, stderr: demo.stderr }).toMatchObject({ status: 0 })
  expect(demo.stdout).toContain('created = true')
  expect(demo.stdout).toMatch(/EC2 calls: 2 \(DescribeRouteTables ×1, DescribeNatGateways ×1\)\s*$/)
})
