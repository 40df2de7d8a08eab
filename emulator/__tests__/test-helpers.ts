// Shared by the tests that use the emulator: a per-file emulator with the sample VPC, an SDK
// client pointed at it, and polling.
import { afterAll, afterEach, beforeAll, beforeEach, jest } from '@jest/globals'
import type { Config } from '@jest/types'
import { DescribeNatGatewaysCommand, EC2Client } from '@aws-sdk/client-ec2'
import type { NatGateway } from '@aws-sdk/client-ec2'
import { type Emulator, type EmulatorOptions, startEmulator } from '../server.ts'
import { type SampleVpc, seedSampleVpc } from '../seed.ts'
import { STEP_TIMEOUT_MS } from '../../__tests__/timeouts.ts'

export function client(emu: Emulator, maxAttempts = 1): EC2Client {
  return new EC2Client({
    region: 'eu-west-1',
    endpoint: emu.endpoint,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts
  })
}

export function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms))
}

/** Polls DescribeNatGateways until the gateway reaches one of `states` (or the step's bound passes). */
export async function waitForState(
  ec2: EC2Client,
  id: string,
  states: string[],
  timeoutMs = STEP_TIMEOUT_MS
): Promise<NatGateway> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const out = await ec2.send(new DescribeNatGatewaysCommand({ NatGatewayIds: [id] }))
    const gw = out.NatGateways?.[0]
    if (gw && states.includes(gw.State ?? '')) return gw
    if (Date.now() > deadline) throw new Error(`${id} still ${gw?.State ?? 'missing'}`)
    await sleep(40)
  }
}

/** Every timer API but Date: they keep running, so the SDK and the server work as usual. */
const ALL_BUT_DATE: Config.FakeableAPI[] = [
  'hrtime',
  'nextTick',
  'performance',
  'queueMicrotask',
  'requestAnimationFrame',
  'cancelAnimationFrame',
  'requestIdleCallback',
  'cancelIdleCallback',
  'setImmediate',
  'clearImmediate',
  'setInterval',
  'clearInterval',
  'setTimeout',
  'clearTimeout'
]

/**
 * Stops the clock the emulator reads (Date) until the end of the test: a gateway's provisioning,
 * a token bucket's refill or a consistency window then move only by `advance(ms)`, so a test of
 * a time window holds however slow the machine is. (useSampleEmulator restores the real clock.)
 */
export function stopClock(): { advance(ms: number): void } {
  jest.useFakeTimers({ doNotFake: ALL_BUT_DATE, now: Date.now() })
  return { advance: ms => jest.setSystemTime(Date.now() + ms) }
}

/** The rejection of a promise (fails the test if it resolved). */
export async function rejection(
  p: Promise<unknown>
): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  try {
    await p
  } catch (e) {
    return e as Error & { $metadata?: { httpStatusCode?: number } }
  }
  throw new Error('expected the call to fail, it succeeded')
}

export interface SampleEmulator {
  emu: Emulator
  /** An SDK client for the emulator, without retries. */
  ec2: EC2Client
  /** The sample VPC's IDs, seeded anew before each test. */
  ids: SampleVpc
}

/**
 * For a test file: an emulator (eu-west-1) and a client for it, started once, with the world reset
 * to the sample VPC, and the call log and faults cleared, before each test.
 */
export function useSampleEmulator(options: EmulatorOptions = {}): SampleEmulator {
  const sample = {} as SampleEmulator
  beforeAll(async () => {
    sample.emu = await startEmulator({ region: 'eu-west-1', ...options, seed: seedSampleVpc })
    sample.ec2 = client(sample.emu)
  })
  afterAll(async () => {
    sample.ec2?.destroy()
    await sample.emu?.close()
  })
  beforeEach(() => {
    sample.emu.reset()
    sample.ids = sample.emu.seed as SampleVpc
  })
  afterEach(() => {
    jest.useRealTimers()
  })
  return sample
}
