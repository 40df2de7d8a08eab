/** Waiting for a NAT gateway: available, deleted, or with addresses in the zones it serves. */
import type { RunContext } from '../context.js'
import { describeNatGateway, describeNatGatewaysById } from '../ec2/nat-gateways.js'
import { pollUntil } from '../ec2/retry.js'
import { isHeld, isLeaving } from '../model/address-changes.js'
import type { NatGateway, NatGatewayAddress } from '../model/resources.js'

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
        'AWS adds a zone to an automatic regional gateway when the VPC has a workload there (subnets ' +
        'and network interfaces in the zone). A rerun waits again.'
    )
    this.name = 'ZoneAddressesTimeoutError'
    this.natGateway = natGateway
  }
}

/**
 * Polls the gateway within wait-timeout-seconds, logging progress every half minute, until
 * `isDone`; at the deadline, a WaitTimeoutError that ends with `timeoutHint`.
 */
async function pollGateway(
  ctx: RunContext,
  natGatewayId: string,
  isDone: (gateway: NatGateway | undefined) => boolean,
  timeoutHint: string
): Promise<NatGateway | undefined> {
  const seconds = ctx.config.waitTimeoutSeconds
  const result = await pollUntil(
    () => describeNatGateway(ctx.ec2, natGatewayId),
    isDone,
    { clock: ctx.clock, withinMs: seconds * 1000 },
    (elapsed, last) => ctx.log.info(`${natGatewayId} is ${stateOf(last)} after ${elapsed} s`)
  )
  if (result.done) return result.value
  throw new WaitTimeoutError(natGatewayId, stateOf(result.last), seconds, timeoutHint)
}

const stateOf = (gateway: NatGateway | undefined): string => gateway?.State ?? 'not yet visible'

export async function waitUntilAvailable(
  ctx: RunContext,
  natGatewayId: string
): Promise<NatGateway> {
  // Right after CreateNatGateway, EC2 may not know the ID yet: keep polling.
  const gateway = await pollGateway(
    ctx,
    natGatewayId,
    found => found !== undefined && found.State !== 'pending',
    'It was not deleted: a rerun of this step adopts it and waits again.'
  )
  if (gateway?.State === 'available') return gateway
  // Done means EC2 knows the gateway and it left `pending`: anything but available is a failure.
  throw new GatewayFailedError(gateway ?? { NatGatewayId: natGatewayId })
}

/** Deleted, failed, or no longer known to EC2. */
export async function waitUntilDeleted(ctx: RunContext, natGatewayId: string): Promise<void> {
  await pollGateway(
    ctx,
    natGatewayId,
    found => !found || found.State === 'deleted' || found.State === 'failed',
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
  ctx: RunContext,
  natGateway: NatGateway,
  zones: string[]
): Promise<NatGateway> {
  let last = natGateway
  const served = (found: NatGateway | undefined): boolean => {
    last = found ?? last
    return zonesWithoutAddress(found, zones).length === 0
  }
  try {
    return (await pollGateway(ctx, natGateway.NatGatewayId, served, '')) ?? last
  } catch (error) {
    if (!(error instanceof WaitTimeoutError)) throw error
    const missing = zonesWithoutAddress(last, zones)
    throw new ZoneAddressesTimeoutError(last, missing, ctx.config.waitTimeoutSeconds)
  }
}

export interface AddressWait {
  natGateway: NatGateway
  /** False when wait-timeout-seconds passed first. */
  settled: boolean
}

/** Polls the gateway until its addresses are `settled`, within wait-timeout-seconds. */
export async function waitForAddresses(
  ctx: RunContext,
  natGateway: NatGateway,
  settled: (gateway: NatGateway) => boolean,
  what: string
): Promise<AddressWait> {
  const id = natGateway.NatGatewayId
  let last = natGateway
  const result = await pollUntil(
    () => describeNatGateway(ctx.ec2, id),
    found => {
      last = found ?? last
      return settled(last)
    },
    { clock: ctx.clock, withinMs: ctx.config.waitTimeoutSeconds * 1000 },
    elapsed => ctx.log.info(`${id}: still waiting for ${what} after ${elapsed} s`)
  )
  return { natGateway: last, settled: result.done }
}

/**
 * Polls until none of the addresses `removed` picks is listed any more, held or leaving: they
 * have drained and left the gateway. Within wait-timeout-seconds.
 */
export function waitForAddressesGone(
  ctx: RunContext,
  natGateway: NatGateway,
  removed: (address: NatGatewayAddress) => boolean,
  what: string
): Promise<AddressWait> {
  const gone = (gateway: NatGateway) =>
    !(gateway.NatGatewayAddresses ?? []).some(a => removed(a) && (isLeaving(a) || isHeld(a)))
  return waitForAddresses(ctx, natGateway, gone, what)
}

/** How a run waits for one gateway to become available: alone, or with others (WaitGroup). */
export type UntilAvailable = (ctx: RunContext, natGatewayId: string) => Promise<NatGateway>

/**
 * The gateways of one run, waited for together: one DescribeNatGateways per poll for all those
 * still pending, however many zones there are. Each waiter gets its gateway, or the error a
 * lone wait would give (GatewayFailedError, WaitTimeoutError).
 */
export class GatewayWaitGroup {
  private readonly waiting = new Map<
    string,
    { resolve: (gateway: NatGateway) => void; reject: (error: Error) => void }
  >()
  private polling = false

  constructor(private readonly ctx: RunContext) {}

  readonly untilAvailable: UntilAvailable = (_ctx, natGatewayId) =>
    new Promise((resolve, reject) => {
      this.waiting.set(natGatewayId, { resolve, reject })
      if (!this.polling) void this.poll()
    })

  private settle(gateway: NatGateway): void {
    const waiter = this.waiting.get(gateway.NatGatewayId)
    if (!waiter || gateway.State === 'pending') return
    this.waiting.delete(gateway.NatGatewayId)
    if (gateway.State === 'available') waiter.resolve(gateway)
    else waiter.reject(new GatewayFailedError(gateway))
  }

  private async poll(): Promise<void> {
    this.polling = true
    const { ctx } = this
    const seconds = ctx.config.waitTimeoutSeconds
    let last: NatGateway[] = []
    try {
      const result = await pollUntil(
        async () => {
          last = await describeNatGatewaysById(ctx.ec2, [...this.waiting.keys()])
          last.forEach(gateway => this.settle(gateway))
          return this.waiting.size
        },
        pending => pending === 0,
        { clock: ctx.clock, withinMs: seconds * 1000 },
        elapsed =>
          ctx.log.info(`${[...this.waiting.keys()].join(', ')} still pending after ${elapsed} s`)
      )
      if (result.done) return
      for (const [id, waiter] of this.waiting) {
        const state = stateOf(last.find(g => g.NatGatewayId === id))
        waiter.reject(
          new WaitTimeoutError(
            id,
            state,
            seconds,
            'It was not deleted: a rerun of this step adopts it and waits again.'
          )
        )
      }
      this.waiting.clear()
    } catch (error) {
      for (const waiter of this.waiting.values()) waiter.reject(error as Error)
      this.waiting.clear()
    } finally {
      this.polling = false
    }
  }
}
