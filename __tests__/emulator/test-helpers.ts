// Shared by the emulator's tests: an SDK client pointed at the emulator, and polling.
import { DescribeNatGatewaysCommand, EC2Client } from '@aws-sdk/client-ec2'
import type { NatGateway } from '@aws-sdk/client-ec2'
import type { Emulator } from './server.ts'

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

/** Polls DescribeNatGateways until the gateway reaches one of `states` (or 5 s pass). */
export async function waitForState(
  ec2: EC2Client,
  id: string,
  states: string[],
  timeoutMs = 5000
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
