/**
 * dist/index.js against the emulator: the cost by the hour and the allowlist change, where the
 * approver reads them (the outputs, plan-json, the job summary), in a dry run and a real run.
 */
import { describe, expect, it } from '@jest/globals'
import { useSampleEmulator } from '../../emulator/__tests__/test-helpers.ts'
import { type ActionRun, errorText, runAction } from './harness.js'

interface PlanCost {
  natGatewayHoursPerHour: number
  publicIpv4AddressHoursPerHour: number
  atLeast: boolean
  estimatedMonthlyCostUsd: string | null
}

const planCost = (run: ActionRun): PlanCost =>
  (JSON.parse(run.outputs['plan-json'] ?? '{}') as { cost: PlanCost }).cost

function succeeded(run: ActionRun): ActionRun {
  expect(errorText(run)).toBe('')
  expect(run.exitCode).toBe(0)
  return run
}

describe('in us-east-1, whose prices the action holds', () => {
  const sample = useSampleEmulator({ region: 'us-east-1', provisioningMs: 300, associationMs: 300 })
  const env = () => ({ AWS_ENDPOINT_URL_EC2: sample.emu.endpoint, AWS_REGION: 'us-east-1' })
  const tables = () => [sample.ids.privateRouteTableIds.a, sample.ids.privateRouteTableIds.b]
  const zonal = (eips: string[], extra: Record<string, string> = {}) => ({
    'vpc-id': sample.ids.vpcId,
    'route-table-ids': tables().join(','),
    'availability-mode': 'zonal',
    'subnet-id': sample.ids.publicSubnetIds.a,
    'eip-allocation-ids': eips.join(','),
    ...extra
  })

  it('zonal, one public address: 36.50 in the dry run and the real run; a rotation lists the IP added and the one removed', async () => {
    const [first, second, third] = sample.ids.allocationIds as [string, string, string]
    const [ip1, ip2, ip3] = sample.ids.publicIps as [string, string, string]

    const dry = succeeded(await runAction(zonal([first], { 'dry-run': 'true' }), env()))
    expect(sample.emu.writes()).toEqual([])
    expect(dry.outputs['estimated-monthly-cost-usd']).toBe('36.50')
    expect(planCost(dry)).toEqual({
      natGatewayHoursPerHour: 1,
      publicIpv4AddressHoursPerHour: 1,
      atLeast: false,
      estimatedMonthlyCostUsd: '36.50'
    })
    expect(dry.summary).toContain('| Before this run | 0 | 0 | 0.00 USD |')
    expect(dry.summary).toContain('| After this run | 1 | 1 | 36.50 USD |')
    expect(dry.summary).toContain(
      '1 NAT gateway-hour/h × 730 h × 0.045 USD + 1 public IPv4 address-hour/h × 730 h × 0.005 USD = 36.50 USD a month.'
    )
    expect(dry.summary).toContain(`New public IPs (add to allowlists): ${ip1}`)

    const real = succeeded(await runAction(zonal([first]), env()))
    expect(real.outputs['estimated-monthly-cost-usd']).toBe('36.50')
    expect(real.summary).toContain('| After this run | 1 | 1 | 36.50 USD |')

    // A secondary address in place, then its rotation, planned only.
    succeeded(await runAction(zonal([first, second]), env()))
    sample.emu.clearCalls()
    const rotation = succeeded(await runAction(zonal([first, third], { 'dry-run': 'true' }), env()))
    expect(sample.emu.writes()).toEqual([])
    expect(rotation.outputs['estimated-monthly-cost-usd']).toBe('40.15')
    expect(rotation.summary).toContain(`New public IPs (add to allowlists): ${ip3}`)
    expect(rotation.summary).toContain(`Public IPs that go away (drop from allowlists): ${ip2}`)
    expect(rotation.summary).toContain(`Unchanged: ${ip1}`)
  })

  it('regional automatic, routed subnets in two zones: two gateway-hours, 65.70 and up', async () => {
    const inputs = { 'vpc-id': sample.ids.vpcId, 'route-table-ids': tables().join(',') }
    const dry = succeeded(await runAction({ ...inputs, 'dry-run': 'true' }, env()))
    expect(planCost(dry)).toEqual({
      natGatewayHoursPerHour: 2,
      publicIpv4AddressHoursPerHour: 0,
      atLeast: true,
      estimatedMonthlyCostUsd: '65.70'
    })
    expect(dry.outputs['estimated-monthly-cost-usd']).toBe('65.70')
    const zones = sample.ids.zones.slice(0, 2).map(z => z.name)
    expect(dry.summary).toContain(
      `2 NAT gateway-hours/h, one per zone it is in: ${zones.join(', ')}`
    )
    expect(dry.summary).toContain('at least 65.70 USD')
    expect(dry.summary).toContain('Not known yet: AWS allocates them at creation')
    expect(dry.summary).toContain('**Warning:** in automatic mode AWS adds public IPs')

    const real = succeeded(await runAction(inputs, env()))
    const monthly = Number(real.outputs['estimated-monthly-cost-usd'])
    expect(monthly).toBeGreaterThanOrEqual(65.7)
    expect(real.summary).toMatch(/\| After this run \| 2 \| ≥ \d+ \| at least \d+\.\d\d USD \|/)
  })
})

describe('in a Region the price table does not hold', () => {
  const sample = useSampleEmulator({ provisioningMs: 300 })

  it('gives the units, no dollar figure, and an empty output', async () => {
    const inputs = {
      'vpc-id': sample.ids.vpcId,
      'route-table-ids': sample.ids.privateRouteTableIds.a,
      'availability-mode': 'zonal',
      'subnet-id': sample.ids.publicSubnetIds.a,
      'eip-allocation-ids': sample.ids.allocationIds[0] ?? '',
      'dry-run': 'true'
    }
    const env = { AWS_ENDPOINT_URL_EC2: sample.emu.endpoint, AWS_REGION: 'eu-west-1' }
    const dry = succeeded(await runAction(inputs, env))
    expect(dry.outputs['estimated-monthly-cost-usd']).toBe('')
    expect(planCost(dry)).toEqual({
      natGatewayHoursPerHour: 1,
      publicIpv4AddressHoursPerHour: 1,
      atLeast: false,
      estimatedMonthlyCostUsd: null
    })
    expect(dry.summary).toContain('| After this run | 1 | 1 | no price |')
    expect(dry.summary).toContain('has no prices for eu-west-1')
  })
})
