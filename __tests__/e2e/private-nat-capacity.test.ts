/**
 * dist/index.js against the emulator: a private gateway's secondary private IPs created, increased
 * and decreased in place (the decrease drains), each change on the same gateway, and each rerun
 * after it a no-op of two reads. The emulator's clock is stopped and moves only when the action
 * polls its gateway, by the action's poll interval: every status change happens at a known poll,
 * however slow the machine.
 */
import { describe, expect, it } from '@jest/globals'
import { stopClock, useSampleEmulator } from '../../emulator/__tests__/test-helpers.ts'
import { POLL_INTERVAL_MS } from '../../src/ec2/retry.js'
import { errorText, runAction } from './harness.js'

const sample = useSampleEmulator({
  provisioningMs: POLL_INTERVAL_MS,
  associationMs: POLL_INTERVAL_MS,
  // Connections of an unassigned address close two polls after the unassignment.
  drainMs: 2 * POLL_INTERVAL_MS
})

const env = () => ({ AWS_ENDPOINT_URL_EC2: sample.emu.endpoint, AWS_REGION: 'eu-west-1' })

/** A private gateway in private subnet b (10.0.3.0/24), routing private table a. */
const inputs = (count: number, extra: Record<string, string> = {}) => ({
  'vpc-id': sample.ids.vpcId,
  'route-table-ids': sample.ids.privateRouteTableIds.a,
  'availability-mode': 'zonal',
  'connectivity-type': 'private',
  'subnet-id': sample.ids.privateSubnetIds.b,
  'secondary-private-ip-count': String(count),
  ...extra
})

/** The emulator's clock moves by one poll interval each time the action reads its gateway by ID. */
function clockFollowsPolls(): void {
  const clock = stopClock()
  sample.emu.onCall(call => {
    if (call.action === 'DescribeNatGateways' && call.params.NatGatewayId !== undefined) {
      clock.advance(POLL_INTERVAL_MS)
    }
  })
}

/** Runs the inputs and asserts success; then a rerun, which must read twice and write nothing. */
async function runThenRerun(count: number, extra: Record<string, string> = {}) {
  sample.emu.clearCalls()
  const run = await runAction(inputs(count, extra), env())
  expect(errorText(run)).toBe('')
  expect(run.exitCode).toBe(0)
  const calls = sample.emu.calls.map(call => ({ action: call.action, params: call.params }))
  sample.emu.clearCalls()
  const again = await runAction(inputs(count, extra), env())
  expect(again.exitCode).toBe(0)
  expect(sample.emu.calls.map(call => call.action).sort()).toEqual([
    'DescribeNatGateways',
    'DescribeRouteTables'
  ])
  expect(again.outputs.changed).toBe('false')
  expect(again.outputs['private-ips']).toBe(run.outputs['private-ips'])
  return { run, calls, writes: calls.filter(c => !c.action.startsWith('Describe')) }
}

describe('private NAT capacity, through dist/ against the emulator', () => {
  it('creates with 2 secondary private IPs, increases to 4, decreases to 1 with drain', async () => {
    clockFollowsPolls()
    const created = await runThenRerun(2)
    const create = created.writes.find(c => c.action === 'CreateNatGateway')
    expect(create?.params).toMatchObject({
      ConnectivityType: 'private',
      SecondaryPrivateIpAddressCount: '2'
    })
    expect(created.run.outputs.created).toBe('true')
    expect(created.run.outputs['private-ips']).toBe('10.0.3.4,10.0.3.5,10.0.3.6')
    expect(created.run.outputs['public-ips']).toBe('')
    const natId = created.run.outputs['nat-gateway-id'] ?? ''

    const increased = await runThenRerun(4)
    expect(increased.writes).toEqual([
      {
        action: 'AssignPrivateNatGatewayAddress',
        params: expect.objectContaining({ NatGatewayId: natId, PrivateIpAddressCount: '2' })
      }
    ])
    expect(increased.run.outputs).toMatchObject({
      'nat-gateway-id': natId,
      created: 'false',
      changed: 'true',
      'private-ips': '10.0.3.4,10.0.3.5,10.0.3.6,10.0.3.7,10.0.3.8'
    })
    expect(increased.run.stdout).toContain('assigning 2 secondary private IPs (2 → 4)')

    const decreased = await runThenRerun(1, { 'max-drain-duration-seconds': '30' })
    expect(decreased.writes).toEqual([
      {
        action: 'UnassignPrivateNatGatewayAddress',
        params: expect.objectContaining({
          NatGatewayId: natId,
          PrivateIpAddress: ['10.0.3.8', '10.0.3.7', '10.0.3.6'],
          MaxDrainDurationSeconds: '30'
        })
      }
    ])
    // Drained: the first poll after the unassignment still saw them unassigning, the second not.
    const polls = decreased.calls.filter(
      c => c.action === 'DescribeNatGateways' && c.params.NatGatewayId !== undefined
    )
    expect(polls).toHaveLength(2)
    expect(decreased.run.stdout).toMatch(
      /unassigning 10\.0\.3\.8, 10\.0\.3\.7, 10\.0\.3\.6 \(4 → 1 secondary private IPs; connections drain for up to 30 s\)/
    )
    expect(decreased.run.outputs).toMatchObject({
      'nat-gateway-id': natId,
      changed: 'true',
      'private-ips': '10.0.3.4,10.0.3.5'
    })
    expect(decreased.run.summary).toContain(
      'Secondary private IPs changed in place (4 → 1): unassigned 10.0.3.8, 10.0.3.7, 10.0.3.6.'
    )
    const gateway = sample.emu.world.natGateways.get(natId)
    expect(gateway?.addresses.map(a => [a.privateIp, a.status])).toEqual([
      ['10.0.3.4', 'succeeded'],
      ['10.0.3.5', 'succeeded']
    ])
  })

  it('refuses the input on a public gateway before any call', async () => {
    sample.emu.clearCalls()
    const run = await runAction(
      inputs(2, { 'connectivity-type': 'public', 'subnet-id': sample.ids.publicSubnetIds.a }),
      env()
    )
    expect(run.exitCode).toBe(1)
    expect(errorText(run)).toMatch(
      /secondary-private-ip-count: applies to a private NAT gateway only.*Set connectivity-type: private/
    )
    expect(sample.emu.calls).toEqual([])
  })
})
