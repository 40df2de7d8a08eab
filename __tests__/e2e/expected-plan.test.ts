/**
 * expected-plan through dist/index.js against the emulator: a dry run's plan-json, fed back to a
 * second run, applies on an unchanged world; after an out-of-band change the second run writes
 * nothing, fails, and shows the difference in the log and the job summary.
 */
import { describe, expect, it } from '@jest/globals'
import { useSampleEmulator } from '../../emulator/__tests__/test-helpers.ts'
import { escapeMarkdown } from '../../src/report/markdown.js'
import { errorText, runAction } from './harness.js'

const sample = useSampleEmulator({ provisioningMs: 300, deletingMs: 300 })
const env = () => ({ AWS_ENDPOINT_URL_EC2: sample.emu.endpoint, AWS_REGION: 'eu-west-1' })
const inputs = (extra: Record<string, string> = {}) => ({
  'vpc-id': sample.ids.vpcId,
  'route-table-ids': `${sample.ids.privateRouteTableIds.a}\n${sample.ids.privateRouteTableIds.b}`,
  'route-conflict': 'replace',
  'gateway-endpoints': 's3',
  ...extra
})

async function dryRunPlan(): Promise<string> {
  const plan = await runAction(inputs({ 'dry-run': 'true' }), env())
  expect([plan.exitCode, errorText(plan)]).toEqual([0, ''])
  return plan.outputs['plan-json'] ?? ''
}

describe('expected-plan', () => {
  it('applies the approved plan on an unchanged world; the same world plans the same bytes', async () => {
    const approved = await dryRunPlan()
    expect(await dryRunPlan()).toBe(approved)
    sample.emu.clearCalls()
    const apply = await runAction(inputs({ 'expected-plan': approved }), env())
    expect([apply.exitCode, errorText(apply)]).toEqual([0, ''])
    expect(apply.stdout).toContain('The plan is the approved one (expected-plan).')
    expect(apply.outputs).toMatchObject({ created: 'true', changed: 'true' })
    expect(sample.emu.writes().map(c => c.action)).toEqual(
      expect.arrayContaining(['CreateNatGateway', 'CreateRoute', 'CreateVpcEndpoint'])
    )
  })

  it('writes nothing and shows the difference after a route was added to a listed table', async () => {
    const approved = await dryRunPlan()
    const table = sample.emu.world.routeTables.get(sample.ids.privateRouteTableIds.b)
    // Someone pointed it at a virtual private gateway while the plan was being reviewed.
    table?.routes.push({
      destinationCidrBlock: '0.0.0.0/0',
      gatewayId: 'vgw-0fff1234def567890',
      origin: 'CreateRoute'
    })
    sample.emu.clearCalls()
    const apply = await runAction(inputs({ 'expected-plan': approved }), env())
    expect(apply.exitCode).toBe(1)
    expect(sample.emu.writes()).toEqual([])
    const path = `routes[${sample.ids.privateRouteTableIds.b}].action`
    const line = `${path}: the approved plan has "create", this run plans "replace".`
    expect(errorText(apply)).toContain(line)
    expect(apply.stdout).toContain('::group::Difference from expected-plan')
    expect(apply.summary).toContain('## Not applied: the plan differs from the approved one')
    // In the summary as text: the brackets and quotes of the line are written as entities.
    expect(apply.summary).toContain(`- ${escapeMarkdown(line)}`)
    expect(JSON.parse(apply.outputs['plan-json'] ?? '{}')).toMatchObject({ version: 1 })
  })

  it('finishes an approved apply that failed half-way when rerun, then reruns with no write', async () => {
    const approved = await dryRunPlan()
    sample.emu.faults.unauthorized = { actions: ['CreateRoute'] }
    const denied = await runAction(inputs({ 'expected-plan': approved }), env())
    expect(denied.exitCode).toBe(1)
    expect(errorText(denied)).toContain('UnauthorizedOperation')
    expect(sample.emu.world.natGateways.size).toBe(1)
    // The permission is granted; "Re-run failed jobs" runs the same inputs again.
    sample.emu.setFaults({})
    sample.emu.clearCalls()
    const rerun = await runAction(inputs({ 'expected-plan': approved }), env())
    expect([rerun.exitCode, errorText(rerun)]).toEqual([0, ''])
    expect(rerun.stdout).toContain('1 approved step(s) found done:')
    expect(rerun.stdout).toMatch(/natGateway: create \(nat-[0-9a-f]+\), done already\./)
    expect(rerun.summary).toContain('## Approved plan: steps found done')
    expect(
      sample.emu
        .writes()
        .map(c => c.action)
        .sort()
    ).toEqual(['CreateRoute', 'CreateRoute', 'CreateVpcEndpoint'])
    expect(sample.emu.world.natGateways.size).toBe(1)
    sample.emu.clearCalls()
    const again = await runAction(inputs({ 'expected-plan': approved }), env())
    expect([again.exitCode, errorText(again)]).toEqual([0, ''])
    expect(again.stdout).toContain('4 approved step(s) found done:')
    expect(sample.emu.writes()).toEqual([])
  })

  it('refuses a plan made for other inputs, and a text that is not a plan', async () => {
    const approved = await dryRunPlan()
    sample.emu.clearCalls()
    const other = await runAction(inputs({ 'expected-plan': approved, name: 'other' }), env())
    expect(other.exitCode).toBe(1)
    expect(errorText(other)).toContain('name: the approved plan has')
    const garbage = await runAction(inputs({ 'expected-plan': 'approved' }), env())
    expect(garbage.exitCode).toBe(1)
    expect(errorText(garbage)).toContain('expected-plan: is not JSON')
    expect(sample.emu.writes()).toEqual([])
  })
})
