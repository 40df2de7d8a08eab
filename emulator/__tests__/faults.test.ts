import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
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
import { client, rejection, stopClock, useSampleEmulator, waitForState } from './test-helpers.ts'

const sample = useSampleEmulator({ provisioningMs: 100, deletingMs: 100 })
let retrying: EC2Client
beforeAll(() => {
  retrying = client(sample.emu, 3)
})
afterAll(() => retrying.destroy())

const describeVpcs = (c: EC2Client = sample.ec2) => c.send(new DescribeVpcsCommand({}))

describe('throttling', () => {
  it('next N calls of an action → RequestLimitExceeded (503), which the SDK retries', async () => {
    sample.emu.faults.throttle = { next: 1, actions: ['DescribeVpcs'] }
    await sample.ec2.send(new DescribeNatGatewaysCommand({}))
    const err = await rejection(describeVpcs())
    expect(err.name).toBe('RequestLimitExceeded')
    expect(err.$metadata?.httpStatusCode).toBe(503)
    sample.emu.faults.throttle = { next: 1 }
    const ok = await describeVpcs(retrying)
    expect(ok.Vpcs?.[0]?.VpcId).toBe(sample.ids.vpcId)
    expect(ok.$metadata.attempts).toBe(2)
    expect(sample.emu.calls.map(c => [c.action, c.status, c.code, c.fault])).toEqual([
      ['DescribeNatGateways', 200, undefined, undefined],
      ['DescribeVpcs', 503, 'RequestLimitExceeded', 'throttle'],
      ['DescribeVpcs', 503, 'RequestLimitExceeded', 'throttle'],
      ['DescribeVpcs', 200, undefined, undefined]
    ])
  })

  it('a rate is repeatable for the same seed', async () => {
    const pattern = async (): Promise<number[]> => {
      sample.emu.setFaults({ throttle: 0.5, seed: 7 })
      sample.emu.clearCalls()
      for (let i = 0; i < 20; i++) await describeVpcs().catch(() => undefined)
      return sample.emu.calls.map(c => c.status)
    }
    const first = await pattern()
    expect(await pattern()).toEqual(first)
    const throttled = first.filter(x => x === 503).length
    expect(throttled).toBeGreaterThan(3)
    expect(throttled).toBeLessThan(17)
  })

  it('token buckets: AWS defaults (NAT gateway writes 10 burst) and custom sizes', async () => {
    const clock = stopClock()
    sample.emu.faults.tokenBuckets = true
    const codes: string[] = []
    for (let i = 0; i < 11; i++) {
      const e = await rejection(
        sample.ec2.send(new DeleteNatGatewayCommand({ NatGatewayId: 'nat-00000000000000000' }))
      )
      codes.push(e.name)
    }
    expect(codes.slice(0, 10).every(c => c === 'NatGatewayNotFound')).toBe(true)
    expect(codes[10]).toBe('RequestLimitExceeded')
    expect(sample.emu.calls[10]?.fault).toBe('tokenBucket')
    await describeVpcs()

    sample.emu.setFaults({ tokenBuckets: { describe: { capacity: 2, refillPerSecond: 10 } } })
    await describeVpcs()
    await describeVpcs()
    expect((await rejection(describeVpcs())).name).toBe('RequestLimitExceeded')
    clock.advance(120)
    await describeVpcs()
  })
})

describe('transport faults', () => {
  it('server errors: HTTP 500 InternalError, retried by the SDK', async () => {
    sample.emu.faults.serverErrors = { next: 1 }
    const err = await rejection(describeVpcs())
    expect(err.name).toBe('InternalError')
    expect(err.$metadata?.httpStatusCode).toBe(500)
    sample.emu.faults.serverErrors = { next: 1 }
    const ok = await describeVpcs(retrying)
    expect(ok.$metadata.attempts).toBe(2)
  })

  it('dropped connection: a network error the SDK retries', async () => {
    sample.emu.faults.dropConnection = { next: 1 }
    const err = await rejection(describeVpcs())
    expect(err.$metadata?.httpStatusCode).toBeUndefined()
    expect(`${err.name} ${err.message} ${String((err as { code?: string }).code)}`).toMatch(
      /ECONNRESET|socket hang up/i
    )
    sample.emu.faults.dropConnection = { next: 1 }
    const ok = await describeVpcs(retrying)
    expect(ok.$metadata.attempts).toBe(2)
    expect(sample.emu.calls.filter(c => c.fault === 'dropConnection').map(c => c.status)).toEqual([
      0, 0
    ])
  })

  it('latency, per action', async () => {
    sample.emu.faults.latencyMs = { DescribeVpcs: 200 }
    // A lower bound only: a busy machine makes calls slower, never faster.
    const t = Date.now()
    await describeVpcs()
    expect(Date.now() - t).toBeGreaterThanOrEqual(195)
    await sample.ec2.send(new DescribeNatGatewaysCommand({}))
    expect(sample.emu.calls.map(c => [c.action, c.latencyMs])).toEqual([
      ['DescribeVpcs', 200],
      ['DescribeNatGateways', undefined]
    ])
  })
})

describe('lost answers and crashes', () => {
  it('loseAnswer: the call is carried out, its answer dropped; `after` lets calls through first', async () => {
    const route = () =>
      new CreateRouteCommand({
        RouteTableId: sample.ids.privateRouteTableIds.a,
        DestinationCidrBlock: '0.0.0.0/0',
        GatewayId: sample.ids.internetGatewayId
      })
    sample.emu.faults.loseAnswer = { after: 1, next: 1, actions: ['CreateRoute', 'DescribeVpcs'] }
    await describeVpcs()
    const err = await rejection(sample.ec2.send(route()))
    expect(err.$metadata?.httpStatusCode).toBeUndefined()
    // Carried out: the retry a lost answer causes finds the route there.
    expect((await rejection(sample.ec2.send(route()))).name).toBe('RouteAlreadyExists')
    expect(sample.emu.calls.map(c => [c.action, c.status, c.fault])).toEqual([
      ['DescribeVpcs', 200, undefined],
      ['CreateRoute', 200, 'loseAnswer'],
      ['CreateRoute', 400, undefined]
    ])
  })

  it('crash: after the k-th successful write, no call is answered until the faults are set again', async () => {
    sample.emu.faults.crash = { afterWrites: 1 }
    await describeVpcs()
    const released = sample.ids.allocationIds[0] as string
    await sample.ec2.send(new ReleaseAddressCommand({ AllocationId: released }))
    const after = await rejection(describeVpcs())
    expect(after.$metadata?.httpStatusCode).toBeUndefined()
    expect(sample.emu.calls.map(c => [c.action, c.status, c.fault])).toEqual([
      ['DescribeVpcs', 200, undefined],
      ['ReleaseAddress', 200, undefined],
      ['DescribeVpcs', 0, 'crashed']
    ])
    sample.emu.setFaults({})
    expect((await describeVpcs()).Vpcs).toHaveLength(1)
  })
})

describe('gateway faults', () => {
  it('failGateway: the next gateway fails with the given code; others are unaffected', async () => {
    sample.emu.faults.failGateway = {
      code: 'InsufficientFreeAddressesInSubnet',
      message: 'no free IPs'
    }
    const a = await sample.ec2.send(
      new CreateNatGatewayCommand({
        SubnetId: sample.ids.publicSubnetIds.a,
        AllocationId: sample.ids.allocationIds[0]
      })
    )
    const b = await sample.ec2.send(
      new CreateNatGatewayCommand({
        SubnetId: sample.ids.publicSubnetIds.b,
        AllocationId: sample.ids.allocationIds[1]
      })
    )
    const failed = await waitForState(sample.ec2, a.NatGateway?.NatGatewayId as string, [
      'failed',
      'available'
    ])
    expect([failed.State, failed.FailureCode, failed.FailureMessage]).toEqual([
      'failed',
      'InsufficientFreeAddressesInSubnet',
      'no free IPs'
    ])
    expect(
      (
        await waitForState(sample.ec2, b.NatGateway?.NatGatewayId as string, [
          'failed',
          'available'
        ])
      ).State
    ).toBe('available')
  })

  it('nextGatewayProvisioningMs: one slow gateway', async () => {
    const clock = stopClock()
    sample.emu.faults.nextGatewayProvisioningMs = 500
    const a = await sample.ec2.send(
      new CreateNatGatewayCommand({
        SubnetId: sample.ids.publicSubnetIds.a,
        AllocationId: sample.ids.allocationIds[0]
      })
    )
    const id = a.NatGateway?.NatGatewayId as string
    clock.advance(250)
    const out = await sample.ec2.send(new DescribeNatGatewaysCommand({ NatGatewayIds: [id] }))
    expect(out.NatGateways?.[0]?.State).toBe('pending')
    clock.advance(250)
    expect((await waitForState(sample.ec2, id, ['available'])).State).toBe('available')
  })
})

describe('eventual consistency', () => {
  it('a new gateway is invisible to DescribeNatGateways and CreateRoute for N calls', async () => {
    sample.emu.faults.consistency = { natGatewayCalls: 2 }
    const created = await sample.ec2.send(
      new CreateNatGatewayCommand({
        SubnetId: sample.ids.publicSubnetIds.a,
        AllocationId: sample.ids.allocationIds[0]
      })
    )
    const id = created.NatGateway?.NatGatewayId as string
    expect(
      (await rejection(sample.ec2.send(new DescribeNatGatewaysCommand({ NatGatewayIds: [id] }))))
        .name
    ).toBe('NatGatewayNotFound')
    const route = {
      RouteTableId: sample.ids.privateRouteTableIds.a,
      DestinationCidrBlock: '0.0.0.0/0',
      NatGatewayId: id
    }
    expect((await rejection(sample.ec2.send(new CreateRouteCommand(route)))).name).toBe(
      'InvalidNatGatewayID.NotFound'
    )
    const out = await sample.ec2.send(new DescribeNatGatewaysCommand({ NatGatewayIds: [id] }))
    expect(out.NatGateways?.[0]?.NatGatewayId).toBe(id)
    expect((await sample.ec2.send(new CreateRouteCommand(route))).Return).toBe(true)
  })

  it('a new route is not read back for N calls, but blocks a second CreateRoute', async () => {
    const nat = sample.emu.world.addNatGateway({
      subnetId: sample.ids.publicSubnetIds.a,
      allocationIds: [sample.ids.allocationIds[0] as string]
    })
    sample.emu.faults.consistency = { routeCalls: 2 }
    const route = {
      RouteTableId: sample.ids.privateRouteTableIds.a,
      DestinationCidrBlock: '0.0.0.0/0',
      NatGatewayId: nat
    }
    await sample.ec2.send(new CreateRouteCommand(route))
    const read = async () =>
      (
        await sample.ec2.send(
          new DescribeRouteTablesCommand({ RouteTableIds: [route.RouteTableId] })
        )
      ).RouteTables?.[0]?.Routes?.length
    expect(await read()).toBe(1)
    expect((await rejection(sample.ec2.send(new CreateRouteCommand(route)))).name).toBe(
      'RouteAlreadyExists'
    )
    expect(await read()).toBe(2)
  })

  it('ReleaseAddress fails for a while after the gateway is deleted', async () => {
    const nat = sample.emu.world.addNatGateway({
      subnetId: sample.ids.publicSubnetIds.a,
      allocationIds: [sample.ids.allocationIds[0] as string]
    })
    const clock = stopClock()
    sample.emu.faults.consistency = { releaseAfterDeleteMs: 300 }
    await sample.ec2.send(new DeleteNatGatewayCommand({ NatGatewayId: nat }))
    clock.advance(100) // deletingMs
    await waitForState(sample.ec2, nat, ['deleted'])
    const err = await rejection(
      sample.ec2.send(new ReleaseAddressCommand({ AllocationId: sample.ids.allocationIds[0] }))
    )
    expect(err.name).toBe('InvalidIPAddress.InUse')
    clock.advance(320)
    await sample.ec2.send(new ReleaseAddressCommand({ AllocationId: sample.ids.allocationIds[0] }))
    expect(sample.emu.world.addresses.has(sample.ids.allocationIds[0] as string)).toBe(false)
  })
})

describe('protocol edges', () => {
  it('UnsupportedOperation, DryRunOperation, and the write log', async () => {
    const err = await rejection(
      sample.ec2.send(new RunInstancesCommand({ MinCount: 1, MaxCount: 1, ImageId: 'ami-1' }))
    )
    expect(err.name).toBe('UnsupportedOperation')
    expect(err.message).toContain('RunInstances')
    const dry = await rejection(
      sample.ec2.send(
        new CreateNatGatewayCommand({
          SubnetId: sample.ids.publicSubnetIds.a,
          AllocationId: sample.ids.allocationIds[0],
          DryRun: true
        })
      )
    )
    expect(dry.name).toBe('DryRunOperation')
    expect(dry.$metadata?.httpStatusCode).toBe(412)
    expect(sample.emu.world.natGateways.size).toBe(0)
    await describeVpcs()
    expect(sample.emu.writes().map(c => c.action)).toEqual(['RunInstances', 'CreateNatGateway'])
    expect(sample.emu.writes()[1]?.params).toMatchObject({
      SubnetId: sample.ids.publicSubnetIds.a,
      AllocationId: sample.ids.allocationIds[0],
      DryRun: 'true'
    })
    const res = await fetch(sample.emu.endpoint, {
      method: 'POST',
      body: 'Action=NoSuchThing&Version=2016-11-15'
    })
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('<Code>InvalidAction</Code>')
  })
})

describe('call hook', () => {
  it('sees each call with its action and params, before the handler, and may change the world', async () => {
    const seen: [string, unknown][] = []
    sample.emu.onCall(call => {
      seen.push([call.action, call.params['NatGatewayId']])
      if (call.action === 'DescribeVpcs') sample.emu.world.addVpc({ cidr: '10.9.0.0/16' })
    })
    const out = await describeVpcs()
    expect(out.Vpcs).toHaveLength(2)
    const nat = 'nat-00000000000000001'
    await sample.ec2.send(new DescribeNatGatewaysCommand({ NatGatewayIds: [nat] })).catch(() => {})
    expect(seen).toEqual([
      ['DescribeVpcs', undefined],
      ['DescribeNatGateways', [nat]]
    ])
  })

  it('answers with an EC2 error or a dropped connection, logged as fault "hook"', async () => {
    const remove = sample.emu.onCall(call =>
      call.action === 'DescribeVpcs'
        ? { error: { code: 'AuthFailure', message: 'injected', status: 401 } }
        : { dropConnection: true }
    )
    const err = await rejection(describeVpcs())
    expect([err.name, err.message, err.$metadata?.httpStatusCode]).toEqual([
      'AuthFailure',
      'injected',
      401
    ])
    await rejection(sample.ec2.send(new DescribeNatGatewaysCommand({})))
    remove()
    await describeVpcs()
    expect(sample.emu.calls.map(c => [c.action, c.status, c.fault])).toEqual([
      ['DescribeVpcs', 401, 'hook'],
      ['DescribeNatGateways', 0, 'hook'],
      ['DescribeVpcs', 200, undefined]
    ])
  })

  it('is dropped by reset()', async () => {
    sample.emu.onCall(() => ({ dropConnection: true }))
    sample.emu.reset()
    expect((await describeVpcs()).Vpcs).toHaveLength(1)
  })
})
