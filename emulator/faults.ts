// Fault injection: throttling, token buckets, 5xx, dropped connections, latency, failed gateways,
// eventual consistency. Settable per test (emu.faults / emu.setFaults) or over HTTP.
import { makeRng } from './random.ts'
import type { Rng } from './random.ts'
import type { NatGatewaySpec } from './lifecycle.ts'

/** `rate`: fraction of matching calls (seeded PRNG); `next`: the next N matching calls. */
export interface FaultSpec {
  rate?: number
  next?: number
  /** Let this many matching calls through first (with `next`: the fault hits the call after them). */
  after?: number
  /** Only these actions (default: all). */
  actions?: string[]
}

export interface GatewayFailure {
  code?: string
  message?: string
  /** How many created gateways to fail (default 1). */
  count?: number
  subnetId?: string
  vpcId?: string
  availabilityMode?: 'zonal' | 'regional'
  match?: (spec: NatGatewaySpec) => boolean
}

export interface BucketSpec {
  capacity: number
  refillPerSecond: number
}

export type BucketName = 'describe' | 'routesAndAddresses' | 'natGateways' | 'mutating'

export interface Consistency {
  /** A new gateway is invisible to DescribeNatGateways/CreateRoute/ReplaceRoute for N calls. */
  natGatewayCalls?: number
  /** A new or replaced route is invisible to DescribeRouteTables for N calls. */
  routeCalls?: number
  /** ReleaseAddress of an address freed by a gateway deletion fails for N ms after it. */
  releaseAfterDeleteMs?: number
  /** The error code of that failure (default InvalidIPAddress.InUse). */
  releaseAfterDeleteCode?: string
}

export interface Faults {
  /** PRNG seed for `rate` faults (default 1). */
  seed?: number
  throttle?: FaultSpec | number
  serverErrors?: FaultSpec | number
  dropConnection?: FaultSpec | number
  /**
   * Lost answers: the call is carried out, then its connection is closed without the answer, as
   * when a request times out after EC2 did the work. A retry sends it again.
   */
  loseAnswer?: FaultSpec | number
  /**
   * A crash of the caller: right after the `afterWrites`-th successful write (a call that is not
   * Describe*) is answered, the process `pid` (if given) is killed with SIGKILL, and every later
   * call is dropped until the faults are set again.
   */
  crash?: { afterWrites: number; pid?: number }
  /** EC2's per-account token buckets (true = AWS defaults; or override sizes per bucket). */
  tokenBuckets?: boolean | Partial<Record<BucketName, BucketSpec>>
  /** Added latency: fixed, or per action (key '*' = default). */
  latencyMs?: number | Record<string, number>
  failGateway?: GatewayFailure
  /** The next AssociateNatGatewayAddress associations end `failed` with this message. */
  failAssociation?: { message?: string; count?: number }
  /** Provisioning time of the next created gateway only. */
  nextGatewayProvisioningMs?: number
  consistency?: Consistency
  /** These actions answer UnauthorizedOperation, as for a role whose policy lacks them. */
  unauthorized?: { actions: string[] }
}

// EC2 API reference, "Request throttling for the Amazon EC2 API" (docs/ec2-behaviour.md).
export const DEFAULT_BUCKETS: Record<BucketName, BucketSpec> = {
  describe: { capacity: 100, refillPerSecond: 20 },
  routesAndAddresses: { capacity: 50, refillPerSecond: 5 },
  natGateways: { capacity: 10, refillPerSecond: 1 },
  mutating: { capacity: 200, refillPerSecond: 5 }
}

const ROUTE_AND_ADDRESS = new Set([
  'CreateRoute',
  'ReplaceRoute',
  'DeleteRoute',
  'AllocateAddress',
  'ReleaseAddress'
])
const NAT = new Set([
  'CreateNatGateway',
  'DeleteNatGateway',
  'AssociateNatGatewayAddress',
  'DisassociateNatGatewayAddress'
])

export function bucketOf(action: string): BucketName {
  if (action.startsWith('Describe')) return 'describe'
  if (ROUTE_AND_ADDRESS.has(action)) return 'routesAndAddresses'
  if (NAT.has(action)) return 'natGateways'
  return 'mutating'
}

interface Bucket {
  spec: BucketSpec
  tokens: number
  last: number
}

export type CallFault = 'dropConnection' | 'loseAnswer' | 'serverErrors' | 'throttle'

/** Decides, call by call, which fault applies. Holds the PRNG and the buckets. */
export class FaultEngine {
  faults: Faults
  private rng: Rng
  private buckets = new Map<BucketName, Bucket>()
  /** Successful writes answered since the faults were set, for `crash`. */
  private writesAnswered = 0

  constructor(faults: Faults = {}) {
    this.faults = faults
    this.rng = makeRng(faults.seed ?? 1)
  }

  /** Replaces every fault (the PRNG and buckets restart). */
  set(faults: Faults): void {
    this.faults = faults
    this.rng = makeRng(faults.seed ?? 1)
    this.buckets.clear()
    this.writesAnswered = 0
  }

  /** Whether the caller has crashed (`crash`): its later calls are never answered. */
  crashed(): boolean {
    const crash = this.faults.crash
    return crash !== undefined && this.writesAnswered >= crash.afterWrites
  }

  /** Counts a write answered with success; the one that reaches `crash` kills the caller. */
  answered(action: string, status: number): void {
    const crash = this.faults.crash
    if (!crash || action.startsWith('Describe') || status !== 200 || this.crashed()) return
    if (++this.writesAnswered < crash.afterWrites || crash.pid === undefined) return
    try {
      process.kill(crash.pid, 'SIGKILL')
    } catch {
      // Gone already: the crash happened anyway.
    }
  }

  latency(action: string): number {
    const l = this.faults.latencyMs
    if (l === undefined) return 0
    if (typeof l === 'number') return l
    return l[action] ?? l['*'] ?? 0
  }

  /** True if this call gets the fault; consumes one `next`. */
  hit(kind: CallFault, action: string): boolean {
    let spec = this.faults[kind]
    if (spec === undefined) return false
    if (typeof spec === 'number') {
      spec = { rate: spec }
      this.faults[kind] = spec
    }
    if (spec.actions && !spec.actions.includes(action)) return false
    if (spec.after !== undefined && spec.after > 0) {
      spec.after--
      return false
    }
    if (spec.next !== undefined && spec.next > 0) {
      spec.next--
      return true
    }
    return spec.rate !== undefined && spec.rate > 0 && this.rng() < spec.rate
  }

  /** Takes a token from the action's bucket; false when the bucket is empty. */
  takeToken(action: string, now: number): boolean {
    const tb = this.faults.tokenBuckets
    if (!tb) return true
    const name = bucketOf(action)
    let bucket = this.buckets.get(name)
    if (!bucket) {
      const spec = (typeof tb === 'object' ? tb[name] : undefined) ?? DEFAULT_BUCKETS[name]
      bucket = { spec, tokens: spec.capacity, last: now }
      this.buckets.set(name, bucket)
    }
    const refill = ((now - bucket.last) / 1000) * bucket.spec.refillPerSecond
    bucket.tokens = Math.min(bucket.spec.capacity, bucket.tokens + refill)
    bucket.last = now
    if (bucket.tokens < 1) return false
    bucket.tokens -= 1
    return true
  }

  /** The injected failure for a gateway being created, if one matches (consumes a count). */
  takeGatewayFailure(spec: NatGatewaySpec): { code: string; message: string } | undefined {
    const f = this.faults.failGateway
    if (!f || (f.count ?? 1) <= 0) return undefined
    if (f.subnetId && f.subnetId !== spec.subnetId) return undefined
    if (f.vpcId && f.vpcId !== spec.vpcId) return undefined
    if (f.availabilityMode && f.availabilityMode !== (spec.availabilityMode ?? 'zonal')) {
      return undefined
    }
    if (f.match && !f.match(spec)) return undefined
    f.count = (f.count ?? 1) - 1
    return {
      code: f.code ?? 'InternalError',
      message: f.message ?? 'NAT gateway failed to provision (injected fault)'
    }
  }

  /** The injected failure message for an address being associated, if any (consumes a count). */
  takeAssociationFailure(): string | undefined {
    const f = this.faults.failAssociation
    if (!f || (f.count ?? 1) <= 0) return undefined
    f.count = (f.count ?? 1) - 1
    return f.message ?? 'Elastic IP address could not be associated (injected fault)'
  }

  takeProvisioningMs(): number | undefined {
    const ms = this.faults.nextGatewayProvisioningMs
    delete this.faults.nextGatewayProvisioningMs
    return ms
  }

  consistency(): Consistency {
    return this.faults.consistency ?? {}
  }
}
