// The emulator's HTTP server: EC2 Query routing, fault injection, call log, control endpoints.
import { randomUUID } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { FaultEngine } from './faults.ts'
import type { Faults } from './faults.ts'
import { handlers } from './handlers/index.ts'
import { Ec2Error, errorXml, parseQuery, responseXml, str } from './protocol.ts'
import type { ParamMap } from './protocol.ts'
import { World } from './state.ts'

export interface EmulatorOptions {
  region?: string
  /** Default 127.0.0.1. */
  host?: string
  /** Default 0 (a free port). */
  port?: number
  /** pending → available (default 1000). */
  provisioningMs?: number
  /** deleting → deleted (default 1000). */
  deletingMs?: number
  /** Regional automatic mode: zone addresses appear this long after available (default 0). */
  autoExpansionMs?: number
  /** Elastic IPs per Region (default 5, as AWS). */
  addressLimit?: number
  /** Elastic IPs per public NAT gateway, per zone for a regional one (default 2, as AWS). */
  natGatewayAddressQuota?: number
  /** NAT gateways per zone in the account (default 5, as AWS; raised for a fleet). */
  natGatewaysPerZone?: number
  /** AssociateNatGatewayAddress: associating → succeeded (default 500). */
  associationMs?: number
  /** DisassociateNatGatewayAddress: when the last connection closes within the drain (default 1000). */
  drainMs?: number
  /** Seed of the ID generator (default 42). */
  idSeed?: number
  faults?: Faults
  /** Seeds the world at start and after every reset; the result is `emu.seed`. */
  seed?: (world: World) => unknown
  /** Sees every EC2 request first; kept across resets (see `emu.onCall` for one test's hook). */
  onCall?: CallHook
}

/** What a call hook may answer instead of the emulator: an EC2 error, or a dropped connection. */
export type CallAnswer =
  { error: { code: string; message: string; status?: number } } | { dropConnection: true }

/**
 * Sees each EC2 request when it arrives (logged, before faults and the handler), with its action
 * and parameters; returns an answer to replace the emulator's, or nothing to let it through. It may
 * also change the world or the faults, which then apply to this very call.
 */
export type CallHook = (call: Readonly<CallRecord>) => CallAnswer | undefined | void

export interface CallRecord {
  seq: number
  action: string
  params: ParamMap
  /** Epoch ms when the request arrived. */
  at: number
  /** HTTP status; 0 for a dropped connection. */
  status: number
  /** Error code, when the call failed. */
  code?: string
  /**
   * The injected fault, if any: hook | throttle | tokenBucket | serverError | dropConnection |
   * unauthorized | loseAnswer (carried out, answer dropped) | crashed (the caller was killed).
   */
  fault?: string
  /** The latency injected before the answer, if any. */
  latencyMs?: number
  durationMs: number
}

export interface Emulator {
  endpoint: string
  port: number
  region: string
  world: World
  calls: CallRecord[]
  /** The live fault settings; mutate fields or assign a new object. */
  faults: Faults
  /** What the `seed` option returned (re-run on reset). */
  seed: unknown
  clearCalls(): void
  /** Calls whose action is not Describe*. */
  writes(): CallRecord[]
  setFaults(faults: Faults): void
  /** Adds a call hook until `reset()`; returns a function that removes it. */
  onCall(hook: CallHook): () => void
  /** Empties the world, the call log, the faults and the hooks added by `onCall`, then re-seeds. */
  reset(): void
  close(): Promise<void>
}

let knownActions: Set<string> | undefined

/** Every EC2 action the SDK knows: they answer UnsupportedOperation rather than InvalidAction. */
async function loadKnownActions(): Promise<Set<string>> {
  if (!knownActions) {
    try {
      const mod = (await import('@aws-sdk/client-ec2')) as Record<string, unknown>
      const names = Object.keys((mod['default'] as Record<string, unknown> | undefined) ?? mod)
      knownActions = new Set(
        names.filter(n => n.endsWith('Command') && n !== 'Command').map(n => n.slice(0, -7))
      )
    } catch {
      knownActions = new Set()
    }
  }
  return knownActions
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

function send(
  res: http.ServerResponse,
  status: number,
  body: string,
  type = 'text/xml;charset=UTF-8'
): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) })
  res.end(body)
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const known = await loadKnownActions()
  const world = new World({
    region: options.region ?? 'eu-west-1',
    ...(options.provisioningMs !== undefined ? { provisioningMs: options.provisioningMs } : {}),
    ...(options.deletingMs !== undefined ? { deletingMs: options.deletingMs } : {}),
    ...(options.autoExpansionMs !== undefined ? { autoExpansionMs: options.autoExpansionMs } : {}),
    ...(options.addressLimit !== undefined ? { addressLimit: options.addressLimit } : {}),
    ...(options.natGatewayAddressQuota !== undefined
      ? { natGatewayAddressQuota: options.natGatewayAddressQuota }
      : {}),
    ...(options.natGatewaysPerZone !== undefined
      ? { natGatewaysPerZone: options.natGatewaysPerZone }
      : {}),
    ...(options.associationMs !== undefined ? { associationMs: options.associationMs } : {}),
    ...(options.drainMs !== undefined ? { drainMs: options.drainMs } : {}),
    ...(options.idSeed !== undefined ? { idSeed: options.idSeed } : {})
  })
  const engine = new FaultEngine(options.faults ?? {})
  const calls: CallRecord[] = []
  let hooks: CallHook[] = options.onCall ? [options.onCall] : []
  let seed: unknown = options.seed ? options.seed(world) : undefined

  function finish(
    res: http.ServerResponse,
    record: CallRecord,
    status: number,
    body: string
  ): void {
    record.status = status
    record.durationMs = Date.now() - record.at
    send(res, status, body)
    engine.answered(record.action, status)
  }

  function fail(
    res: http.ServerResponse,
    record: CallRecord,
    requestId: string,
    e: Ec2Error
  ): void {
    record.code = e.code
    finish(res, record, e.status, errorXml(e.code, e.message, requestId))
  }

  async function ec2(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    const body = await readBody(req)
    const params = parseQuery(req.method === 'GET' ? url.search.slice(1) : body)
    const action = str(params, 'Action') ?? ''
    delete params['Action']
    delete params['Version']
    const requestId = randomUUID()
    const record: CallRecord = {
      seq: ++world.callSeq,
      action,
      params,
      at: Date.now(),
      status: 0,
      durationMs: 0
    }
    calls.push(record)
    const drop = (): void => {
      record.durationMs = Date.now() - record.at
      req.socket.destroy()
    }
    if (engine.crashed()) {
      record.fault = 'crashed'
      return drop()
    }
    for (const hook of hooks) {
      const answer = hook(record)
      if (!answer) continue
      record.fault = 'hook'
      if ('dropConnection' in answer) return drop()
      const { code, message, status } = answer.error
      return fail(res, record, requestId, new Ec2Error(code, message, status))
    }
    // The emulator is one Region, as an EC2 endpoint is: a request signed for another Region
    // (SigV4 credential scope `<key>/<date>/<region>/ec2/aws4_request`) never sees its resources.
    const signedFor = /Credential=[^/]+\/\d{8}\/([^/]+)\/ec2\//.exec(
      String(req.headers.authorization ?? '')
    )?.[1]
    if (signedFor && signedFor !== world.region) {
      return fail(
        res,
        record,
        requestId,
        new Ec2Error(
          'AuthFailure',
          `Credential should be scoped to a valid region, not '${signedFor}' (this endpoint serves ${world.region}).`,
          401
        )
      )
    }
    const latency = engine.latency(action)
    if (latency > 0) {
      record.latencyMs = latency
      await sleep(latency)
    }
    // API reference, "Common client error codes": UnauthorizedOperation (HTTP 403), with an
    // encoded message that `aws sts decode-authorization-message` reads.
    if (engine.faults.unauthorized?.actions.includes(action)) {
      record.fault = 'unauthorized'
      const encoded = Buffer.from(`emulator: ec2:${action} denied`).toString('base64')
      const message = `You are not authorized to perform this operation. User: arn:aws:sts::123456789012:assumed-role/deploy/ci is not authorized to perform: ec2:${action}. Encoded authorization failure message: ${encoded}`
      return fail(res, record, requestId, new Ec2Error('UnauthorizedOperation', message, 403))
    }
    if (engine.hit('dropConnection', action)) {
      record.fault = 'dropConnection'
      return drop()
    }
    if (engine.hit('serverErrors', action)) {
      record.fault = 'serverError'
      return fail(
        res,
        record,
        requestId,
        new Ec2Error('InternalError', 'An internal error has occurred', 500)
      )
    }
    // API reference: "Request throttling": RequestLimitExceeded (HTTP 503)
    if (engine.hit('throttle', action)) {
      record.fault = 'throttle'
      return fail(
        res,
        record,
        requestId,
        new Ec2Error('RequestLimitExceeded', 'Request limit exceeded.', 503)
      )
    }
    if (!engine.takeToken(action, Date.now())) {
      record.fault = 'tokenBucket'
      return fail(
        res,
        record,
        requestId,
        new Ec2Error('RequestLimitExceeded', 'Request limit exceeded.', 503)
      )
    }
    const handler = handlers[action]
    if (!handler) {
      const e = known.has(action)
        ? new Ec2Error('UnsupportedOperation', `The EC2 emulator does not implement ${action}.`)
        : new Ec2Error('InvalidAction', `The action ${action} is not valid for this web service.`)
      return fail(res, record, requestId, e)
    }
    // API reference: "DryRun": DryRunOperation (HTTP 412) when the request would have succeeded
    if (str(params, 'DryRun') === 'true') {
      return fail(
        res,
        record,
        requestId,
        new Ec2Error(
          'DryRunOperation',
          'Request would have succeeded, but DryRun flag is set.',
          412
        )
      )
    }
    const now = Date.now()
    world.advance(now)
    try {
      const out = handler({ world, params, now, faults: engine })
      if (engine.hit('loseAnswer', action)) {
        // Carried out, but the answer never arrives.
        record.status = 200
        record.fault = 'loseAnswer'
        return drop()
      }
      finish(res, record, 200, responseXml(action, requestId, out))
    } catch (e) {
      if (e instanceof Ec2Error) return fail(res, record, requestId, e)
      process.stderr.write(`ec2 emulator: ${action} crashed: ${(e as Error).stack ?? String(e)}\n`)
      fail(
        res,
        record,
        requestId,
        new Ec2Error('InternalError', `Emulator error: ${String(e)}`, 500)
      )
    }
  }

  async function control(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    path: string
  ): Promise<void> {
    const json = (status: number, v: unknown): void =>
      send(res, status, JSON.stringify(v), 'application/json')
    const body = await readBody(req)
    const route = `${req.method ?? 'GET'} ${path}`
    if (route === 'GET /_emulator/calls') return json(200, calls)
    if (route === 'DELETE /_emulator/calls') {
      emu.clearCalls()
      return json(200, { ok: true })
    }
    if (route === 'GET /_emulator/world') return json(200, world.snapshot())
    if (route === 'GET /_emulator/faults') return json(200, engine.faults)
    if (route === 'POST /_emulator/faults') {
      emu.setFaults(body ? (JSON.parse(body) as Faults) : {})
      return json(200, engine.faults)
    }
    if (route === 'POST /_emulator/reset') {
      emu.reset()
      return json(200, { seed })
    }
    if (route === 'GET /_emulator/health') return json(200, { ok: true })
    json(404, { error: `unknown control route ${route}` })
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const work = url.pathname.startsWith('/_emulator/')
      ? control(req, res, url.pathname)
      : ec2(req, res, url)
    work.catch((e: unknown) => {
      process.stderr.write(`ec2 emulator: ${String(e)}\n`)
      if (!res.headersSent) send(res, 500, String(e), 'text/plain')
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve())
  })
  const port = (server.address() as AddressInfo).port

  const emu: Emulator = {
    endpoint: `http://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    region: world.region,
    world,
    calls,
    get faults() {
      return engine.faults
    },
    set faults(f: Faults) {
      engine.set(f)
    },
    get seed() {
      return seed
    },
    clearCalls() {
      calls.length = 0
    },
    writes() {
      return calls.filter(c => !c.action.startsWith('Describe'))
    },
    setFaults(f: Faults) {
      engine.set(f)
    },
    onCall(hook: CallHook) {
      hooks.push(hook)
      return () => {
        hooks = hooks.filter(h => h !== hook)
      }
    },
    reset() {
      world.reset()
      calls.length = 0
      engine.set({})
      hooks = options.onCall ? [options.onCall] : []
      seed = options.seed ? options.seed(world) : undefined
    },
    close() {
      return new Promise<void>(resolve => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
    }
  }
  return emu
}
