import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import {
  CreateNatGatewayCommand,
  CreateRouteCommand,
  DeleteNatGatewayCommand,
  DescribeNatGatewaysCommand,
  DescribeRouteTablesCommand,
  DescribeVpcsCommand,
  ReleaseAddressCommand,
  RunInstancesCommand
} from '@aws-sdk/client-ec2'
import type { EC2Client } from '@aws-sdk/client-ec2'
import { startEmulator } from './server.ts'
import type { Emulator } from './server.ts'
import { seedSampleVpc } from './seed.ts'
import type { SampleVpc } from './seed.ts'
import { client, rejection, sleep, waitForState } from './test-helpers.ts'

let emu: Emulator
let ec2: EC2Client
let retrying: EC2Client
let s: SampleVpc

beforeAll(async () => {
  emu = await startEmulator({ region: 'eu-west-1', provisioningMs: 100, deletingMs: 100 })
  ec2 = client(emu)
  retrying = client(emu, 3)
})
afterAll(async () => {
  ec2.destroy()
  retrying.destroy()
  await emu.close()
})
beforeEach(() => {
  emu.reset()
  s = seedSampleVpc(emu.world)
})

const describeVpcs = (c: EC2Client = ec2) => c.send(new DescribeVpcsCommand({}))

describe('throttling', () => {
  it('next N calls of an action → RequestLimitExceeded (503), which the SDK retries', async () => {
    emu.faults.throttle = { next: 1, actions: ['DescribeVpcs'] }
    await ec2.send(new DescribeNatGatewaysCommand({}))
    const err = await rejection(describeVpcs())
    expect(err.name).toBe('RequestLimitExceeded')
    expect(err.$metadata?.httpStatusCode).toBe(503)
    emu.faults.throttle = { next: 1 }
    const ok = await describeVpcs(retrying)
    expect(ok.Vpcs?.[0]?.VpcId).toBe(s.vpcId)
    expect(ok.$metadata.attempts).toBe(2)
    expect(emu.calls.map(c => [c.action, c.status, c.code, c.fault])).toEqual([
      ['DescribeNatGateways', 200, undefined, undefined],
      ['DescribeVpcs', 503, 'RequestLimitExceeded', 'throttle'],
      ['DescribeVpcs', 503, 'RequestLimitExceeded', 'throttle'],
      ['DescribeVpcs', 200, undefined, undefined]
    ])
  })

  it('a rate is repeatable for the same seed', async () => {
    const pattern = async (): Promise<number[]> => {
      emu.setFaults({ throttle: 0.5, seed: 7 })
      emu.clearCalls()
      for (let i = 0; i < 20; i++) await describeVpcs().catch(() => undefined)
      return emu.calls.map(c => c.status)
    }
    const first = await pattern()
    expect(await pattern()).toEqual(first)
    const throttled = first.filter(x => x === 503).length
    expect(throttled).toBeGreaterThan(3)
    expect(throttled).toBeLessThan(17)
  })

  it('token buckets: AWS defaults (NAT gateway writes 10 burst) and custom sizes', async () => {
    emu.faults.tokenBuckets = true
    const codes: string[] = []
    for (let i = 0; i < 11; i++) {
      const e = await rejection(
        ec2.send(new DeleteNatGatewayCommand({ NatGatewayId: 'nat-00000000000000000' }))
      )
      codes.push(e.name)
    }
    expect(codes.slice(0, 10).every(c => c === 'NatGatewayNotFound')).toBe(true)
    expect(codes[10]).toBe('RequestLimitExceeded')
    expect(emu.calls[10]?.fault).toBe('tokenBucket')
    await describeVpcs()

    emu.setFaults({ tokenBuckets: { describe: { capacity: 2, refillPerSecond: 10 } } })
    await describeVpcs()
    await describeVpcs()
    expect((await rejection(describeVpcs())).name).toBe('RequestLimitExceeded')
    await sleep(120)
    await describeVpcs()
  })
})

describe('transport faults', () => {
  it('server errors: HTTP 500 InternalError, retried by the SDK', async () => {
    emu.faults.serverErrors = { next: 1 }
    const err = await rejection(describeVpcs())
    expect(err.name).toBe('InternalError')
    expect(err.$metadata?.httpStatusCode).toBe(500)
    emu.faults.serverErrors = { next: 1 }
    const ok = await describeVpcs(retrying)
    expect(ok.$metadata.attempts).toBe(2)
  })

  it('dropped connection: a network error the SDK retries', async () => {
    emu.faults.dropConnection = { next: 1 }
    const err = await rejection(describeVpcs())
    expect(err.$metadata?.httpStatusCode).toBeUndefined()
    expect(`${err.name} ${err.message} ${String((err as { code?: string }).code)}`).toMatch(
      /ECONNRESET|socket hang up/i
    )
    emu.faults.dropConnection = { next: 1 }
    const ok = await describeVpcs(retrying)
    expect(ok.$metadata.attempts).toBe(2)
    expect(emu.calls.filter(c => c.fault === 'dropConnection').map(c => c.status)).toEqual([0, 0])
  })

  it('latency, per action', async () => {
    emu.faults.latencyMs = { DescribeVpcs: 200 }
    let t = Date.now()
    await describeVpcs()
    expect(Date.now() - t).toBeGreaterThanOrEqual(195)
    t = Date.now()
    await ec2.send(new DescribeNatGatewaysCommand({}))
    expect(Date.now() - t).toBeLessThan(150)
  })
})

describe('gateway faults', () => {
  it('failGateway: the next gateway fails with the given code; others are unaffected', async () => {
    emu.faults.failGateway = { code: 'InsufficientFreeAddressesInSubnet', message: 'no free IPs' }
    const a = await ec2.send(
      new CreateNatGatewayCommand({
        SubnetId: s.publicSubnetIds.a,
        AllocationId: s.allocationIds[0]
      })
    )
    const b = await ec2.send(
      new CreateNatGatewayCommand({
        SubnetId: s.publicSubnetIds.b,
        AllocationId: s.allocationIds[1]
      })
    )
    const failed = await waitForState(ec2, a.NatGateway?.NatGatewayId as string, [
      'failed',
      'available'
    ])
    expect([failed.State, failed.FailureCode, failed.FailureMessage]).toEqual([
      'failed',
      'InsufficientFreeAddressesInSubnet',
      'no free IPs'
    ])
    expect(
      (await waitForState(ec2, b.NatGateway?.NatGatewayId as string, ['failed', 'available'])).State
    ).toBe('available')
  })

  it('nextGatewayProvisioningMs: one slow gateway', async () => {
    emu.faults.nextGatewayProvisioningMs = 500
    const a = await ec2.send(
      new CreateNatGatewayCommand({
        SubnetId: s.publicSubnetIds.a,
        AllocationId: s.allocationIds[0]
      })
    )
    await sleep(250)
    const out = await ec2.send(
      new DescribeNatGatewaysCommand({ NatGatewayIds: [a.NatGateway?.NatGatewayId as string] })
    )
    expect(out.NatGateways?.[0]?.State).toBe('pending')
    expect(
      (await waitForState(ec2, a.NatGateway?.NatGatewayId as string, ['available'])).State
    ).toBe('available')
  })
})

describe('eventual consistency', () => {
  it('a new gateway is invisible to DescribeNatGateways and CreateRoute for N calls', async () => {
    emu.faults.consistency = { natGatewayCalls: 2 }
    const created = await ec2.send(
      new CreateNatGatewayCommand({
        SubnetId: s.publicSubnetIds.a,
        AllocationId: s.allocationIds[0]
      })
    )
    const id = created.NatGateway?.NatGatewayId as string
    expect(
      (await rejection(ec2.send(new DescribeNatGatewaysCommand({ NatGatewayIds: [id] })))).name
    ).toBe('NatGatewayNotFound')
    const route = {
      RouteTableId: s.privateRouteTableIds.a,
      DestinationCidrBlock: '0.0.0.0/0',
      NatGatewayId: id
    }
    expect((await rejection(ec2.send(new CreateRouteCommand(route)))).name).toBe(
      'InvalidNatGatewayID.NotFound'
    )
    const out = await ec2.send(new DescribeNatGatewaysCommand({ NatGatewayIds: [id] }))
    expect(out.NatGateways?.[0]?.NatGatewayId).toBe(id)
    expect((await ec2.send(new CreateRouteCommand(route))).Return).toBe(true)
  })

  it('a new route is not read back for N calls, but blocks a second CreateRoute', async () => {
    const nat = emu.world.addNatGateway({
      subnetId: s.publicSubnetIds.a,
      allocationIds: [s.allocationIds[0] as string]
    })
    emu.faults.consistency = { routeCalls: 2 }
    const route = {
      RouteTableId: s.privateRouteTableIds.a,
      DestinationCidrBlock: '0.0.0.0/0',
      NatGatewayId: nat
    }
    await ec2.send(new CreateRouteCommand(route))
    const read = async () =>
      (await ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [route.RouteTableId] })))
        .RouteTables?.[0]?.Routes?.length
    expect(await read()).toBe(1)
    expect((await rejection(ec2.send(new CreateRouteCommand(route)))).name).toBe(
      'RouteAlreadyExists'
    )
    expect(await read()).toBe(2)
  })

  it('ReleaseAddress fails for a while after the gateway is deleted', async () => {
    const nat = emu.world.addNatGateway({
      subnetId: s.publicSubnetIds.a,
      allocationIds: [s.allocationIds[0] as string]
    })
    emu.faults.consistency = { releaseAfterDeleteMs: 300 }
    await ec2.send(new DeleteNatGatewayCommand({ NatGatewayId: nat }))
    await waitForState(ec2, nat, ['deleted'])
    const err = await rejection(
      ec2.send(new ReleaseAddressCommand({ AllocationId: s.allocationIds[0] }))
    )
    expect(err.name).toBe('InvalidIPAddress.InUse')
    await sleep(320)
    await ec2.send(new ReleaseAddressCommand({ AllocationId: s.allocationIds[0] }))
    expect(emu.world.addresses.has(s.allocationIds[0] as string)).toBe(false)
  })
})

describe('protocol edges', () => {
  it('UnsupportedOperation, DryRunOperation, and the write log', async () => {
    const err = await rejection(
      ec2.send(new RunInstancesCommand({ MinCount: 1, MaxCount: 1, ImageId: 'ami-1' }))
    )
    expect(err.name).toBe('UnsupportedOperation')
    expect(err.message).toContain('RunInstances')
    const dry = await rejection(
      ec2.send(
        new CreateNatGatewayCommand({
          SubnetId: s.publicSubnetIds.a,
          AllocationId: s.allocationIds[0],
          DryRun: true
        })
      )
    )
    expect(dry.name).toBe('DryRunOperation')
    expect(dry.$metadata?.httpStatusCode).toBe(412)
    expect(emu.world.natGateways.size).toBe(0)
    await describeVpcs()
    expect(emu.writes().map(c => c.action)).toEqual(['RunInstances', 'CreateNatGateway'])
    expect(emu.writes()[1]?.params).toMatchObject({
      SubnetId: s.publicSubnetIds.a,
      AllocationId: s.allocationIds[0],
      DryRun: 'true'
    })
    const res = await fetch(emu.endpoint, {
      method: 'POST',
      body: 'Action=NoSuchThing&Version=2016-11-15'
    })
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('<Code>InvalidAction</Code>')
  })
})
