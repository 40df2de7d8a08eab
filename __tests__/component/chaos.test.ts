/**
 * Crash anywhere, re-run anything, in process: every write path of the table
 * (__tests__/chaos/paths.ts), run by run() / runPost() against an in-process emulator on the
 * emulator's clock (a wait moves the clock; nothing waits for real), with
 *   - a crash after each write (the emulator never answers the run again, and the run is
 *     abandoned), then a rerun with the same inputs;
 *   - each write's answer lost after EC2 carried it out (the SDK sends it again);
 *   - seeded schedules of throttling, 5xx, dropped connections, lost answers, eventual
 *     consistency and crashes: CHAOS_SCHEDULES (default 200) from CHAOS_SEED (default 1).
 * After the reruns converge, every invariant of paths.ts holds and a further run writes nothing.
 * `npm run chaos -- --schedules N [--seed S]` runs more schedules; a failing one prints the command
 * that replays it.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { EC2Client } from '@aws-sdk/client-ec2'
import * as core from '../../__fixtures__/core.js'
import type { Faults } from '../../emulator/faults.ts'
import { seedSampleVpc } from '../../emulator/seed.ts'
import { type Emulator, startEmulator } from '../../emulator/server.ts'
import { stopClock } from '../../emulator/__tests__/test-helpers.ts'
import { createEc2Client } from '../../src/ec2/client.js'
import { errorMessage } from '../../src/ec2/errors.js'
import { play, type RunStep, schedule, stage, table, WRITE_ACTIONS } from '../chaos/campaign.ts'
import { PATHS, withoutKnownGap } from '../chaos/paths.ts'

jest.unstable_mockModule('@actions/core', () => core)
const { run } = await import('../../src/main.js')
const { runPost } = await import('../../src/post.js')

const SCHEDULES = Number(process.env.CHAOS_SCHEDULES ?? 200)
const FIRST_SEED = Number(process.env.CHAOS_SEED ?? 1)

let emu: Emulator
let clock: { advance(ms: number): void }

/**
 * The SDK's retries without their back-off (which waits on the real clock): the same decisions,
 * at once. The run's own waits go through the injected clock.
 */
function withoutBackoff(ec2: EC2Client, maxAttempts = 10): EC2Client {
  const token = (count: number) => ({
    getRetryCount: () => count,
    getRetryDelay: () => 0,
    getRetryCost: () => 0
  })
  ec2.config.retryStrategy = async () => ({
    mode: 'standard',
    acquireInitialRetryToken: async () => token(0),
    refreshRetryTokenForRetry: async (t, info) => {
      if (t.getRetryCount() + 1 >= maxAttempts || info.errorType === 'CLIENT_ERROR') {
        throw new Error('no retry')
      }
      return token(t.getRetryCount() + 1)
    },
    recordSuccess: () => undefined
  })
  return ec2
}

/** One step of the action, in process, on the emulator's clock. */
const runInProcess: RunStep = async (step, inputs, faults: Faults, state = {}) => {
  core.reset(inputs)
  for (const key of Object.keys(core.state)) delete core.state[key]
  Object.assign(core.state, state, step === 'post' && { isPost: 'true' })
  emu.setFaults(faults)
  const ec2 = withoutBackoff(createEc2Client('eu-west-1', process.env))
  const options = {
    ec2,
    clock: {
      now: () => Date.now(),
      sleep: async (ms: number) => {
        clock.advance(ms)
        await new Promise(resolve => setImmediate(resolve))
      }
    }
  }
  try {
    await (step === 'post' ? runPost(options) : run(options))
  } catch (error) {
    // run() reports every error through setFailed; this would be a bug in the harness.
    core.setFailed(errorMessage(error))
  } finally {
    ec2.destroy()
  }
  const failure = core.setFailed.mock.calls[0]?.[0]
  return {
    failed: failure !== undefined,
    error: failure === undefined ? '' : String(failure),
    outputs: core.outputs(),
    saved: { ...core.state }
  }
}

const rows: string[][] = [['path', 'writes', 'crash after write k', 'answer of write k lost']]

beforeAll(async () => {
  emu = await startEmulator({
    region: 'eu-west-1',
    seed: seedSampleVpc,
    addressLimit: 20,
    natGatewayAddressQuota: 8
  })
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_EC2: emu.endpoint,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test'
  })
  clock = stopClock()
})

afterAll(async () => {
  jest.useRealTimers()
  await emu?.close()
  if (rows.length > 1) {
    const text = `Crash points and lost answers (in process):\n${table(rows)}\n`
    const file = join(tmpdir(), 'ensure-nat-gateway-chaos-in-process.txt')
    writeFileSync(file, text)
    process.stdout.write(`${text}(also in ${file})\n`)
  }
})

const summarize = (results: string[][]) =>
  results.map(([k, outcome]) => `${k}:${outcome}`).join(' ')

describe.each(PATHS)('$name', path => {
  it('makes the writes the table lists, in order, when nothing fails', async () => {
    const { inputs, state } = await stage(emu, path, runInProcess)
    expect(await runInProcess(path.step, inputs, {}, state)).toMatchObject({ failed: false })
    expect(emu.writes().map(c => c.action)).toEqual(path.writes)
  })

  it('converges after a crash after any write, and after any lost answer', async () => {
    const list = path.writes
    const crashes: string[][] = []
    const losses: string[][] = []
    const found: string[] = []
    for (let k = 1; k <= list.length; k++) {
      const crashed = await play(emu, path, { crash: { afterWrites: k } }, runInProcess)
      const { violations, gap } = withoutKnownGap(path, k, crashed.violations)
      crashes.push([String(k), violations.length > 0 ? 'VIOLATED' : gap ? 'known-gap' : 'ok'])
      found.push(...violations.map(v => `crash after write ${k}: ${v}`))
      const lose = { loseAnswer: { after: k - 1, next: 1, actions: WRITE_ACTIONS } }
      const lost = await play(emu, path, lose, runInProcess)
      // A lost answer is retried by the SDK: the run itself should succeed, with no duplicate.
      losses.push([
        String(k),
        lost.first.failed ? 'rerun' : lost.violations.length ? 'VIOLATED' : 'ok'
      ])
      found.push(...lost.violations.map(v => `answer of write ${k} lost: ${v}`))
      if (lost.first.failed)
        found.push(`answer of write ${k} lost: the run failed: ${lost.first.error}`)
    }
    rows.push([path.name, list.join(' '), summarize(crashes), summarize(losses)])
    expect(found).toEqual([])
  })
})

it(`holds every invariant over ${SCHEDULES} seeded fault schedules`, async () => {
  const failures: string[] = []
  let gaps = 0
  for (let seed = FIRST_SEED; seed < FIRST_SEED + SCHEDULES; seed++) {
    const { path, faults } = schedule(seed)
    const played = await play(emu, path, faults, runInProcess)
    const { violations, gap } = withoutKnownGap(
      path,
      faults.crash?.afterWrites ?? 0,
      played.violations
    )
    if (gap) gaps++
    if (violations.length === 0) continue
    failures.push(
      `seed ${seed} (${path.name}, faults ${JSON.stringify(faults)}): ${violations.join('; ')}\n` +
        `  replay: npm run chaos -- --schedules 1 --seed ${seed}`
    )
  }
  process.stdout.write(
    `Seeded fault campaign: ${SCHEDULES} schedule(s) from seed ${FIRST_SEED}, ${failures.length} with invariant violations, ${gaps} with the known gap.\n`
  )
  expect(failures).toEqual([])
})
