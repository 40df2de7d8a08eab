/**
 * Waiting for a NAT gateway to become available. The SDK waiter polls every 15 s at best; this
 * polls every 2 s, so the action notices within about a second on average while spending about
 * one DescribeNatGateways call every 2 s from the account's shared budget.
 */
import type { EC2Client, NatGateway } from '@aws-sdk/client-ec2'
import type { Clock } from './clock.js'
import { describeNatGateway } from './ec2/nat-gateways.js'

export const POLL_INTERVAL_MS = 2_000
/** Log a progress line this often, not once per poll. */
export const PROGRESS_INTERVAL_MS = 30_000

export class GatewayFailedError extends Error {
  readonly natGateway: NatGateway

  constructor(natGateway: NatGateway) {
    const code = natGateway.FailureCode ?? 'UnknownFailure'
    const detail = natGateway.FailureMessage ?? 'EC2 gave no failure message.'
    super(`NAT gateway ${natGateway.NatGatewayId} is ${natGateway.State}: ${code}: ${detail}`)
    this.name = 'GatewayFailedError'
    this.natGateway = natGateway
  }
}

export class WaitTimeoutError extends Error {
  constructor(natGatewayId: string, state: string, seconds: number, hint: string) {
    super(
      `NAT gateway ${natGatewayId} is still ${state} after ${seconds} s (wait-timeout-seconds). ${hint}`
    )
    this.name = 'WaitTimeoutError'
  }
}

export class ZoneAddressesTimeoutError extends Error {
  readonly natGateway: NatGateway

  constructor(natGateway: NatGateway, missing: string[], seconds: number) {
    super(
      `NAT gateway ${natGateway.NatGatewayId} has no public IP in ${missing.join(', ')} after ${seconds} s ` +
        '(wait-for-zone-addresses, wait-timeout-seconds). The gateway and the routes are in place; ' +
        'AWS adds a zone once it sees traffic from there. A rerun waits again.'
    )
    this.name = 'ZoneAddressesTimeoutError'
    this.natGateway = natGateway
  }
}

export interface WaitOptions {
  timeoutSeconds: number
  clock: Clock
  onProgress: (message: string) => void
}

type Verdict = 'done' | 'wait' | 'failed'

/** Polls the gateway until `judge` says done or failed, or the time is up. */
async function pollGateway(
  ec2: EC2Client,
  natGatewayId: string,
  { timeoutSeconds, clock, onProgress }: WaitOptions,
  judge: (gateway: NatGateway | undefined) => Verdict,
  timeoutHint: string
): Promise<NatGateway | undefined> {
  const started = clock.now()
  const deadline = started + timeoutSeconds * 1000
  let lastProgress = started
  for (;;) {
    const gateway = await describeNatGateway(ec2, natGatewayId)
    const verdict = judge(gateway)
    if (verdict === 'done') return gateway
    if (verdict === 'failed' && gateway) throw new GatewayFailedError(gateway)
    const state = gateway?.State ?? 'not yet visible'
    const now = clock.now()
    if (now >= deadline) {
      throw new WaitTimeoutError(natGatewayId, state, timeoutSeconds, timeoutHint)
    }
    if (now - lastProgress >= PROGRESS_INTERVAL_MS) {
      onProgress(`${natGatewayId} is ${state} after ${Math.round((now - started) / 1000)} s`)
      lastProgress = now
    }
    // The last poll falls on the deadline itself.
    await clock.sleep(Math.min(POLL_INTERVAL_MS, deadline - now))
  }
}

export async function waitUntilAvailable(
  ec2: EC2Client,
  natGatewayId: string,
  options: WaitOptions
): Promise<NatGateway> {
  const gateway = await pollGateway(
    ec2,
    natGatewayId,
    options,
    // Right after CreateNatGateway, EC2 may not know the ID yet: keep polling.
    found =>
      !found || found.State === 'pending'
        ? 'wait'
        : found.State === 'available'
          ? 'done'
          : 'failed',
    'It was not deleted: a rerun of this step adopts it and waits again.'
  )
  return gateway as NatGateway
}

/** Deleted, failed, or no longer known to EC2. */
export async function waitUntilDeleted(
  ec2: EC2Client,
  natGatewayId: string,
  options: WaitOptions
): Promise<void> {
  await pollGateway(
    ec2,
    natGatewayId,
    options,
    found => (!found || found.State === 'deleted' || found.State === 'failed' ? 'done' : 'wait'),
    'Its deletion goes on: a rerun of the teardown waits for it and then releases the addresses.'
  )
}

function zonesWithoutAddress(gateway: NatGateway | undefined, zones: string[]): string[] {
  const served = new Set(
    (gateway?.NatGatewayAddresses ?? [])
      .filter(a => a.PublicIp && (a.Status === undefined || a.Status === 'succeeded'))
      .flatMap(a => [a.AvailabilityZone, a.AvailabilityZoneId])
  )
  return zones.filter(zone => !served.has(zone))
}

/** Regional automatic mode: until every zone named has a public IP in use. */
export async function waitForZoneAddresses(
  ec2: EC2Client,
  natGatewayId: string,
  zones: string[],
  options: WaitOptions
): Promise<NatGateway> {
  let last: NatGateway | undefined
  try {
    const gateway = await pollGateway(
      ec2,
      natGatewayId,
      options,
      found => {
        last = found ?? last
        return zonesWithoutAddress(found, zones).length === 0 ? 'done' : 'wait'
      },
      ''
    )
    return gateway as NatGateway
  } catch (error) {
    if (!(error instanceof WaitTimeoutError) || !last) throw error
    throw new ZoneAddressesTimeoutError(
      last,
      zonesWithoutAddress(last, zones),
      options.timeoutSeconds
    )
  }
}
