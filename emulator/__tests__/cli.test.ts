import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { CreateNatGatewayCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2'
import { type SampleVpc, seedSampleVpc } from '../seed.ts'
import { World } from '../state.ts'
import { rejection } from './test-helpers.ts'

const CLI = fileURLToPath(new URL('../cli.ts', import.meta.url))

let proc: ChildProcess
let endpoint: string
let seed: SampleVpc
let ec2: EC2Client

beforeAll(async () => {
  proc = spawn(
    process.execPath,
    [CLI, '--port', '0', '--seed', 'sample', '--provisioning-ms', '100', '--json'],
    {
      stdio: ['ignore', 'pipe', 'inherit']
    }
  )
  const lines = createInterface({ input: proc.stdout as NodeJS.ReadableStream })
  const [line] = (await once(lines, 'line')) as [string]
  const ready = JSON.parse(line) as { endpoint: string; seed: SampleVpc }
  endpoint = ready.endpoint
  seed = ready.seed
  ec2 = new EC2Client({
    region: 'eu-west-1',
    endpoint,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1
  })
})
afterAll(() => {
  ec2.destroy()
  if (proc.exitCode === null) proc.kill('SIGKILL')
})

const control = async (method: string, path: string, body?: unknown): Promise<unknown> => {
  const res = await fetch(`${endpoint}${path}`, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body) })
  })
  expect(res.status).toBe(200)
  return res.json()
}

describe('cli', () => {
  it('prints the endpoint and the seeded IDs, serves EC2 and the control API, stops on SIGTERM', async () => {
    expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(seed.vpcId).toMatch(/^vpc-[0-9a-f]{17}$/)
    expect(seed.allocationIds).toHaveLength(3)

    const vpcs = await ec2.send(new DescribeVpcsCommand({}))
    expect(vpcs.Vpcs?.map(v => v.VpcId)).toEqual([seed.vpcId])
    await ec2.send(
      new CreateNatGatewayCommand({
        SubnetId: seed.publicSubnetIds.a,
        AllocationId: seed.allocationIds[0]
      })
    )

    const calls = (await control('GET', '/_emulator/calls')) as { action: string; status: number }[]
    expect(calls.map(c => [c.action, c.status])).toEqual([
      ['DescribeVpcs', 200],
      ['CreateNatGateway', 200]
    ])
    const world = (await control('GET', '/_emulator/world')) as { natGateways: { state: string }[] }
    expect(world.natGateways).toHaveLength(1)

    await control('POST', '/_emulator/faults', { throttle: { next: 1 } })
    expect((await rejection(ec2.send(new DescribeVpcsCommand({})))).name).toBe(
      'RequestLimitExceeded'
    )

    const reset = (await control('POST', '/_emulator/reset')) as { seed: SampleVpc }
    expect(reset.seed.vpcId).toBe(seed.vpcId)
    expect(await control('GET', '/_emulator/calls')).toEqual([])
    expect(
      ((await control('GET', '/_emulator/world')) as { natGateways: unknown[] }).natGateways
    ).toEqual([])

    proc.kill('SIGTERM')
    const [code] = (await once(proc, 'exit')) as [number | null]
    expect(code).toBe(0)
  })
})

describe('cli, for a person', () => {
  it('prints the endpoint, the sample IDs (the same at every start) and the variables to set', async () => {
    const child = spawn(process.execPath, [CLI, '--port', '0', '--seed', 'sample'], {
      stdio: ['ignore', 'pipe', 'inherit']
    })
    try {
      let printed = ''
      for await (const chunk of child.stdout) {
        printed += String(chunk)
        if (printed.includes('Stop: Ctrl-C')) break
      }
      const ids = seedSampleVpc(new World())
      const port = /on http:\/\/127\.0\.0\.1:(\d+)\n/.exec(printed)?.[1]
      expect(printed).toContain(`VPC                   ${ids.vpcId}\n`)
      expect(printed).toContain(
        `private route tables  ${ids.privateRouteTableIds.a} (a), ${ids.privateRouteTableIds.b} (b)\n`
      )
      // AWS_DEFAULT_REGION too: the AWS CLI v1 ignores AWS_REGION.
      expect(printed).toContain(
        `  export AWS_ENDPOINT_URL_EC2=http://127.0.0.1:${port} AWS_REGION=eu-west-1 AWS_DEFAULT_REGION=eu-west-1 AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test\n`
      )
    } finally {
      child.kill('SIGTERM')
    }
  })
})

describe('npm run emulator', () => {
  let npm: ChildProcess | undefined
  afterAll(() => {
    // The whole process group: an emulator that npm left behind too.
    try {
      if (npm?.pid) process.kill(-npm.pid, 'SIGKILL')
    } catch {
      // Every process of the group has exited.
    }
  })

  it('stops when npm itself is signalled, not only on Ctrl-C to the whole terminal', async () => {
    // Its own process group, so that the cleanup above reaches an emulator npm left behind.
    const child = spawn('npm', ['run', '--silent', 'emulator', '--', '--port', '0', '--json'], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      stdio: ['ignore', 'pipe', 'inherit'],
      detached: true
    })
    npm = child
    const lines = createInterface({ input: child.stdout })
    const [line] = (await once(lines, 'line')) as [string]
    expect(JSON.parse(line)).toMatchObject({ endpoint: expect.stringMatching(/^http:/) })
    // The emulator writes to the same pipe as npm: it closes once both have exited. An emulator
    // left running keeps it open, and the test fails on its timeout.
    const closed = once(child.stdout, 'close')
    child.kill('SIGTERM')
    await closed
  })
})
