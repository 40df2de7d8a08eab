/**
 * dist/index.js against the emulator with faults: throttling, 5xx and dropped connections in
 * every phase, eventual consistency, a process killed between steps, concurrent runs, gateways
 * that fail with each FailureCode, and the wait timeout. Every scenario has its own emulator, so
 * the scenarios run concurrently; what is left in the world afterwards is checked each time.
 */
import { beforeAll, describe, expect, it } from '@jest/globals'
import { type Emulator, startEmulator } from '../../emulator/server.ts'
import type { Faults } from '../../emulator/faults.ts'
import { type SampleVpc, seedSampleVpc } from '../../emulator/seed.ts'
import { type ActionRun, errorText, runAction, startAction } from './harness.js'

/**
 * The scenarios mostly wait (on polls and backoff), so they all start together in beforeAll, a
 * few at a time, and each test awaits its own: per-scenario results at the cost of the longest.
 */
const scenarios = new Map<string, () => Promise<void>>()
const results = new Map<string, Promise<void>>()
const IN_FLIGHT = 8

function scenario(name: string, body: () => Promise<void>, expectFailure = false): void {
  scenarios.set(name, body)
  ;(expectFailure ? it.failing : it)(name, () => results.get(name) as Promise<void>)
}

beforeAll(() => {
  const queue = [...scenarios]
  let running = 0
  const waiting: (() => void)[] = []
  const slot = async () => {
    if (running >= IN_FLIGHT) await new Promise<void>(resolve => waiting.push(resolve))
    running++
  }
  const free = () => {
    running--
    waiting.shift()?.()
  }
  for (const [name, body] of queue) {
    const result = slot().then(body).finally(free)
    result.catch(() => undefined) // awaited by its test
    results.set(name, result)
  }
})

const REGION = 'eu-west-1'
const OWNER = 'ensure-nat-gateway:managed'

async function emulator(faults: Faults = {}): Promise<Emulator> {
  return startEmulator({
    region: REGION,
    provisioningMs: 300,
    deletingMs: 200,
    // Zonal automatic runs allocate an address each; AWS's default of 5 is too few for 5 runs.
    addressLimit: 20,
    seed: seedSampleVpc,
    faults
  })
}

const env = (emu: Emulator): Record<string, string> => ({
  AWS_ENDPOINT_URL_EC2: emu.endpoint,
  AWS_REGION: REGION
})
const tablesOf = (s: SampleVpc) => [s.privateRouteTableIds.a, s.privateRouteTableIds.b]
const regional = (s: SampleVpc, extra: Record<string, string> = {}) => ({
  'vpc-id': s.vpcId,
  'route-table-ids': tablesOf(s).join(', '),
  ...extra
})
const zonal = (s: SampleVpc, extra: Record<string, string> = {}) =>
  regional(s, { 'availability-mode': 'zonal', 'subnet-id': s.publicSubnetIds.a, ...extra })

/** Calls `effect` when the first call of `action` arrives, before the emulator handles it. */
function onFirstCall(emu: Emulator, action: string, effect: () => void): void {
  const remove = emu.onCall(call => {
    if (call.action !== action) return
    remove()
    effect()
  })
}

/** Once the current request has been handled (the handler runs in the same task as the log). */
const afterThisCall = (effect: () => void) => () => queueMicrotask(effect)

function liveGateways(emu: Emulator, vpcId: string) {
  emu.world.advance()
  return [...emu.world.natGateways.values()].filter(
    g => g.vpcId === vpcId && (g.state === 'pending' || g.state === 'available')
  )
}

/** Elastic IPs that carry our ownership tag. */
function ourAddresses(emu: Emulator) {
  emu.world.advance()
  return [...emu.world.addresses.values()].filter(a =>
    a.tags.some(t => t.Key === OWNER && t.Value === 'true')
  )
}

function defaultRoute(emu: Emulator, tableId: string): string | undefined {
  const route = emu.world.routeTables
    .get(tableId)
    ?.routes.find(r => r.destinationCidrBlock === '0.0.0.0/0')
  return route?.natGatewayId ?? route?.gatewayId
}

/** One available gateway, the run's; every address of ours in use by it; every route to it. */
function expectConverged(emu: Emulator, s: SampleVpc, run: ActionRun): string {
  expect({ exitCode: run.exitCode, error: errorText(run) }).toEqual({ exitCode: 0, error: '' })
  const natId = run.outputs['nat-gateway-id'] as string
  const gateways = liveGateways(emu, s.vpcId)
  expect(gateways.map(g => [g.id, g.state])).toEqual([[natId, 'available']])
  for (const address of ourAddresses(emu)) {
    expect({ address: address.allocationId, usedBy: address.association?.natGatewayId }).toEqual({
      address: address.allocationId,
      usedBy: natId
    })
  }
  expect(tablesOf(s).map(t => defaultRoute(emu, t))).toEqual([natId, natId])
  return natId
}

type FaultKind = 'throttle' | 'serverErrors' | 'dropConnection'
const RECORDED: Record<FaultKind, string> = {
  throttle: 'throttle',
  serverErrors: 'serverError',
  dropConnection: 'dropConnection'
}
const OBSERVE = [
  'DescribeNatGateways',
  'DescribeRouteTables',
  'DescribeVpcs',
  'DescribeSubnets',
  'DescribeInternetGateways',
  'DescribeAddresses'
]
/** When a phase's faults are switched on: at the start, or once a call has been handled. */
interface Phase {
  actions: string[]
  armAfter?: string
}
const PHASES: Record<string, Phase> = {
  observe: { actions: OBSERVE },
  'create (AllocateAddress)': { actions: ['AllocateAddress'] },
  'create (CreateNatGateway)': { actions: ['CreateNatGateway'] },
  wait: { actions: ['DescribeNatGateways'], armAfter: 'CreateNatGateway' },
  routes: { actions: ['CreateRoute'] }
}

const faultRows = (['throttle', 'serverErrors', 'dropConnection'] as const).flatMap(kind =>
  Object.keys(PHASES).map(phase => [kind, phase] as const)
)

describe('dist/index.js converges through faults (emulator)', () => {
  for (const [kind, phase] of faultRows)
    scenario(`${kind} x3 during ${phase}`, async () => {
      const { actions, armAfter } = PHASES[phase] as Phase
      const faults: Faults = { [kind]: { next: 3, actions } }
      const emu = await emulator(armAfter ? {} : faults)
      try {
        const s = emu.seed as SampleVpc
        if (armAfter) {
          onFirstCall(
            emu,
            armAfter,
            afterThisCall(() => emu.setFaults(faults))
          )
        }
        const run = await runAction(zonal(s), env(emu))
        expectConverged(emu, s, run)
        const injected = emu.calls.filter(c => c.fault === RECORDED[kind])
        expect(injected.length).toBe(3)
        expect(injected.every(c => actions.includes(c.action))).toBe(true)
        expect(
          emu.calls.filter(c => c.action === 'CreateNatGateway' && c.status === 200)
        ).toHaveLength(1)
      } finally {
        await emu.close()
      }
    })

  scenario(
    'rides out a new gateway invisible to DescribeNatGateways and to CreateRoute',
    async () => {
      const emu = await emulator({ consistency: { natGatewayCalls: 2 } })
      try {
        const s = emu.seed as SampleVpc
        // CreateRoute reaches a backend that does not know the gateway yet, twice.
        onFirstCall(emu, 'CreateRoute', () => {
          for (const g of emu.world.natGateways.values()) g.hiddenUntilCall = emu.world.callSeq + 2
        })
        const run = await runAction(regional(s), env(emu))
        expectConverged(emu, s, run)
        const codes = emu.calls.filter(c => c.code).map(c => `${c.action} ${c.code}`)
        expect(codes).toContain('DescribeNatGateways NatGatewayNotFound')
        expect(codes).toContain('CreateRoute InvalidNatGatewayID.NotFound')
      } finally {
        await emu.close()
      }
    }
  )

  // A route created but not readable yet: a rerun hits RouteAlreadyExists (docs/ec2-behaviour.md)
  // (terraform-aws-modules/terraform-aws-vpc#102). A rerun right after the first run does not see
  // its routes, gets RouteAlreadyExists, and reads again until they show.
  scenario('a rerun rides out routes not yet readable (RouteAlreadyExists)', async () => {
    const emu = await emulator()
    try {
      const s = emu.seed as SampleVpc
      const first = await runAction(regional(s), env(emu))
      expectConverged(emu, s, first)
      // The routes the first run wrote stay invisible to DescribeRouteTables for a while.
      for (const t of tablesOf(s)) {
        const route = emu.world.routeTables.get(t)?.routes.find(r => r.natGatewayId)
        if (route) route.hiddenUntilCall = emu.world.callSeq + 6
      }
      const second = await runAction(regional(s), env(emu))
      expect(errorText(second)).toBe('')
      expect(second.outputs['nat-gateway-id']).toBe(first.outputs['nat-gateway-id'])
      expectConverged(emu, s, second)
    } finally {
      await emu.close()
    }
  })
})

describe('dist/index.js killed between steps; the rerun adopts and finishes (emulator)', () => {
  const steps = [
    ['after the Elastic IP allocation', 'AllocateAddress'],
    ['after CreateNatGateway', 'CreateNatGateway'],
    ['between two routes', 'CreateRoute']
  ] as const

  for (const [step, action] of steps)
    scenario(`killed ${step}`, async () => {
      const emu = await emulator()
      try {
        const s = emu.seed as SampleVpc
        let kill = (): void => undefined
        onFirstCall(emu, action, () => {
          kill()
          // The call that was logged goes through; nothing after it does (a second CreateRoute
          // already on its way is cut off, as if the process had died before sending it).
          queueMicrotask(() => emu.setFaults({ dropConnection: { rate: 1 } }))
        })
        const started = startAction(zonal(s), env(emu))
        kill = () => started.child.kill('SIGKILL')
        const killed = await started.done
        expect(killed.exitCode).toBeNull()
        emu.setFaults({})
        emu.world.advance()
        const before = {
          addresses: ourAddresses(emu).length,
          gateways: liveGateways(emu, s.vpcId).length,
          routes: tablesOf(s).filter(t => defaultRoute(emu, t)).length
        }
        expect(before).toEqual({
          addresses: 1,
          gateways: action === 'AllocateAddress' ? 0 : 1,
          routes: action === 'CreateRoute' ? 1 : 0
        })
        const writesBefore = emu.writes().length
        const rerun = await runAction(zonal(s), env(emu))
        const natId = expectConverged(emu, s, rerun)
        expect(ourAddresses(emu)).toHaveLength(1)
        const rerunWrites = emu
          .writes()
          .slice(writesBefore)
          .map(c => c.action)
        // Nothing allocated twice, nothing created twice.
        expect(rerunWrites).not.toContain('AllocateAddress')
        expect(rerunWrites.filter(a => a === 'CreateNatGateway')).toHaveLength(
          action === 'AllocateAddress' ? 1 : 0
        )
        expect(rerun.outputs.created).toBe(action === 'AllocateAddress' ? 'true' : 'false')
        expect(natId).toMatch(/^nat-/)
      } finally {
        await emu.close()
      }
    })
})

describe('dist/index.js runs started at once converge on one gateway (emulator)', () => {
  const rows = [
    [2, 'zonal'],
    [5, 'zonal'],
    [5, 'regional']
  ] as const

  for (const [count, mode] of rows)
    scenario(`${count} runs, ${mode} automatic`, async () => {
      const emu = await emulator()
      try {
        const s = emu.seed as SampleVpc
        const inputs = mode === 'zonal' ? zonal(s) : regional(s)
        const runs = await Promise.all(
          Array.from({ length: count }, () => runAction(inputs, env(emu)))
        )
        const ids = new Set(runs.map(r => r.outputs['nat-gateway-id']))
        expect(runs.map(r => [r.exitCode, errorText(r)])).toEqual(runs.map(() => [0, '']))
        expect(ids.size).toBe(1)
        for (const run of runs) expectConverged(emu, s, run)
        // The losers' addresses were released: the one left is the gateway's.
        expect(ourAddresses(emu)).toHaveLength(mode === 'zonal' ? 1 : 0)
        const allocated = emu
          .writes()
          .filter(c => c.action === 'AllocateAddress' && c.status === 200)
        const released = emu.writes().filter(c => c.action === 'ReleaseAddress' && c.status === 200)
        expect(allocated.length - released.length).toBe(mode === 'zonal' ? 1 : 0)
      } finally {
        await emu.close()
      }
    })
})

describe('dist/index.js reports a failed gateway and leaves nothing of its own (emulator)', () => {
  const codes = [
    'Gateway.NotAttached',
    'Resource.AlreadyAssociated',
    'InvalidAllocationID.NotFound',
    'InsufficientFreeAddressesInSubnet',
    'InvalidSubnetID.NotFound',
    'InternalError'
  ]

  for (const code of codes)
    scenario(`FailureCode ${code}`, async () => {
      const message = `injected ${code}`
      const emu = await emulator({ failGateway: { code, message } })
      try {
        const s = emu.seed as SampleVpc
        const run = await runAction(zonal(s), env(emu))
        expect(run.exitCode).toBe(1)
        expect(errorText(run)).toMatch(
          new RegExp(`^NAT gateway nat-\\w+ is failed: ${code.replace('.', '\\.')}: ${message}$`)
        )
        // The address this run allocated was released; the failed gateway routes nothing.
        expect(ourAddresses(emu)).toEqual([])
        expect(emu.writes().map(c => c.action)).toEqual([
          'AllocateAddress',
          'CreateNatGateway',
          'ReleaseAddress'
        ])
        expect(tablesOf(s).map(t => defaultRoute(emu, t))).toEqual([undefined, undefined])
      } finally {
        await emu.close()
      }
    })
})

describe('dist/index.js after a failed gateway (emulator)', () => {
  scenario(
    'a rerun creates a new gateway; EC2 remembers the token for the failed one',
    async () => {
      const emu = await emulator({ failGateway: { code: 'InternalError', message: 'injected' } })
      try {
        const s = emu.seed as SampleVpc
        const run = await runAction(regional(s), env(emu))
        const failed = /NAT gateway (nat-\w+) is failed: InternalError: injected/.exec(
          errorText(run)
        )
        expect(failed).not.toBeNull()
        const rerun = await runAction(regional(s), env(emu))
        const natId = expectConverged(emu, s, rerun)
        expect(natId).not.toBe(failed?.[1])
        expect(rerun.outputs.created).toBe('true')
      } finally {
        await emu.close()
      }
    }
  )
})

describe('dist/index.js bounds the wait by wait-timeout-seconds (emulator)', () => {
  scenario('stops waiting, names the gateway and its state; a rerun adopts it', async () => {
    // Pending far longer than the harness lets a run live: exit code 1 and the message show that
    // the run stopped waiting on its own, after wait-timeout-seconds, with no clock in the test.
    const emu = await emulator({ nextGatewayProvisioningMs: 600_000 })
    try {
      const s = emu.seed as SampleVpc
      const run = await runAction(zonal(s, { 'wait-timeout-seconds': '1' }), env(emu))
      const [gateway] = liveGateways(emu, s.vpcId)
      expect(run.exitCode).toBe(1)
      expect(errorText(run)).toBe(
        `NAT gateway ${gateway?.id} is still pending after 1 s (wait-timeout-seconds). ` +
          'It was not deleted: a rerun of this step adopts it and waits again.'
      )
      // Left for the rerun: the gateway, pending, with the address this run allocated.
      expect(gateway?.state).toBe('pending')
      expect(ourAddresses(emu)).toHaveLength(1)
      // The gateway becomes available now; the rerun adopts it.
      if (gateway) gateway.readyAt = Date.now()
      const rerun = await runAction(zonal(s), env(emu))
      expect(expectConverged(emu, s, rerun)).toBe(gateway?.id)
      expect(rerun.outputs.created).toBe('false')
    } finally {
      await emu.close()
    }
  })
})
