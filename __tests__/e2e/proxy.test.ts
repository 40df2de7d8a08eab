/**
 * Self-hosted runners behind a proxy: dist/index.js sends its EC2 requests through HTTP_PROXY
 * (src/ec2/client.ts), and straight to the endpoint when NO_PROXY covers it.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { type Emulator, startEmulator } from '../../emulator/server.ts'
import { type SampleVpc, seedSampleVpc } from '../../emulator/seed.ts'
import { errorText, runAction } from './harness.js'

const REGION = 'eu-west-1'

/** A forward proxy for plain HTTP: takes absolute-URI requests and passes them on, counting. */
async function startProxy(): Promise<{ url: string; seen: string[]; close(): Promise<void> }> {
  const seen: string[] = []
  const server = http.createServer((req, res) => {
    const target = new URL(req.url ?? '')
    seen.push(`${req.method} ${target.host}`)
    const upstream = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: req.method,
        headers: req.headers
      },
      answer => {
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(res)
      }
    )
    upstream.on('error', () => res.destroy())
    req.pipe(upstream)
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () =>
      new Promise<void>(resolve => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
  }
}

describe('dist/index.js behind an HTTP proxy (emulator)', () => {
  let emu: Emulator
  let proxy: Awaited<ReturnType<typeof startProxy>>
  let s: SampleVpc

  beforeAll(async () => {
    emu = await startEmulator({ region: REGION, provisioningMs: 200, seed: seedSampleVpc })
    proxy = await startProxy()
  })
  afterAll(async () => {
    await proxy?.close()
    await emu?.close()
  })
  beforeEach(() => {
    emu.reset()
    proxy.seen.length = 0
    s = emu.seed as SampleVpc
  })

  const inputs = () => ({
    'vpc-id': s.vpcId,
    'route-table-ids': `${s.privateRouteTableIds.a}, ${s.privateRouteTableIds.b}`
  })
  const env = (extra: Record<string, string>) => ({
    AWS_ENDPOINT_URL_EC2: emu.endpoint,
    AWS_REGION: REGION,
    ...extra
  })

  it.each([['HTTP_PROXY'], ['http_proxy']])(
    'sends every EC2 request through %s and succeeds',
    async variable => {
      const run = await runAction(inputs(), env({ [variable]: proxy.url }))
      expect([run.exitCode, errorText(run)]).toEqual([0, ''])
      expect(run.outputs['nat-gateway-id']).toMatch(/^nat-/)
      const host = new URL(emu.endpoint).host
      expect(proxy.seen.length).toBe(emu.calls.length)
      expect(new Set(proxy.seen)).toEqual(new Set([`POST ${host}`]))
    }
  )

  it('goes straight to the endpoint when NO_PROXY names it', async () => {
    const run = await runAction(
      inputs(),
      env({ HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url, NO_PROXY: '127.0.0.1' })
    )
    expect([run.exitCode, errorText(run)]).toEqual([0, ''])
    expect(emu.calls.length).toBeGreaterThan(0)
    expect(proxy.seen).toEqual([])
  })

  it('fails clearly, and bounded, when the proxy is unreachable', async () => {
    const run = await runAction(
      inputs(),
      env({ HTTP_PROXY: 'http://127.0.0.1:9', AWS_MAX_ATTEMPTS: '1' })
    )
    expect(run.exitCode).toBe(1)
    expect(errorText(run)).toMatch(/ECONNREFUSED|connect/i)
    expect(emu.calls).toEqual([])
  })
})
