/**
 * Crash points with real processes: for every write path of the table (__tests__/chaos/paths.ts),
 * dist/index.js is killed with SIGKILL right after its k-th write is answered (the emulator kills
 * it, then answers no later call), for every k, then run again with the same inputs; the world
 * must then meet every invariant of paths.ts (the in-process campaign checks that a further run
 * writes nothing). The table (path × crash point → result) is printed.
 * Lost answers and seeded fault schedules run in process (__tests__/component/chaos.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { seedSampleVpc } from '../../emulator/seed.ts'
import { type Emulator, startEmulator } from '../../emulator/server.ts'
import { play, type RunStep, table } from '../chaos/campaign.ts'
import { PATHS, withoutKnownGap } from '../chaos/paths.ts'
import { errorText, parseOutputFile, startAction } from './harness.js'

let emu: Emulator

/** The step as the runner starts it; with `crash`, the emulator kills this very process. */
const runProcess: RunStep = async (step, inputs, faults, state = {}) => {
  // The runner's state file for what a main step saves, and STATE_<name> for a post step.
  const dir = mkdtempSync(join(tmpdir(), 'ensure-nat-gateway-crash-'))
  const stateFile = join(dir, 'state')
  writeFileSync(stateFile, '')
  const saved = step === 'post' ? { ...state, isPost: 'true' } : state
  const env = {
    AWS_ENDPOINT_URL_EC2: emu.endpoint,
    AWS_REGION: 'eu-west-1',
    GITHUB_STATE: stateFile,
    ...Object.fromEntries(Object.entries(saved).map(([key, value]) => [`STATE_${key}`, value]))
  }
  try {
    emu.setFaults({})
    const started = startAction(inputs, env)
    const { crash, ...others } = faults
    emu.setFaults({ ...others, ...(crash && { crash: { ...crash, pid: started.child.pid } }) })
    const run = await started.done
    return {
      failed: run.exitCode !== 0,
      error: errorText(run) || run.stderr,
      outputs: run.outputs,
      saved: parseOutputFile(readFileSync(stateFile, 'utf8'))
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const rows: string[][] = [['path', 'writes', 'killed after write k → rerun']]

beforeAll(async () => {
  // No provisioning, association, drain or deletion time: no run waits, so each is one start.
  emu = await startEmulator({
    region: 'eu-west-1',
    seed: seedSampleVpc,
    provisioningMs: 0,
    associationMs: 0,
    drainMs: 0,
    deletingMs: 0,
    addressLimit: 20,
    natGatewayAddressQuota: 8
  })
})

afterAll(async () => {
  await emu?.close()
  const gaps = PATHS.flatMap(p =>
    p.knownGap
      ? [`known gap, ${p.name} after write ${p.knownGap.afterWrite}: ${p.knownGap.reason}`]
      : []
  )
  const text = `Crash points (SIGKILL after the k-th answered write, then a rerun):\n${table(rows)}\n${gaps.join('\n')}\n`
  const file = join(tmpdir(), 'ensure-nat-gateway-crash-points.txt')
  writeFileSync(file, text)
  process.stdout.write(`${text}(also in ${file})\n`)
})

describe.each(PATHS)('$name', path => {
  it('converges when killed after any write and run again', async () => {
    const results: string[] = []
    const found: string[] = []
    for (let k = 1; k <= path.writes.length; k++) {
      const crash = { crash: { afterWrites: k } }
      const played = await play(emu, path, crash, runProcess, { furtherRun: false })
      expect(played.writes).toEqual(path.writes.slice(0, k))
      expect(played.first.failed).toBe(true)
      const { violations, gap } = withoutKnownGap(path, k, played.violations)
      results.push(`${k}:${violations.length > 0 ? 'VIOLATED' : gap ? 'known-gap' : 'ok'}`)
      found.push(...violations.map(v => `killed after write ${k}: ${v}`))
    }
    rows.push([path.name, path.writes.join(' '), results.join(' ')])
    expect(found).toEqual([])
  })
})
