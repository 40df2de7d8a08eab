/**
 * dist/index.js against the emulator: Elastic IPs changed in place. Each change keeps the same
 * gateway, makes no CreateNatGateway or DeleteNatGateway call, leaves the user's Elastic IPs
 * allocated, and the rerun after it is a two-read no-op.
 */
import { describe, expect, it } from '@jest/globals'
import { useSampleEmulator } from '../../emulator/__tests__/test-helpers.ts'
import { errorText, runAction } from './harness.js'

const sample = useSampleEmulator({
  provisioningMs: 300,
  deletingMs: 300,
  associationMs: 300,
  drainMs: 600
})

const env = () => ({ AWS_ENDPOINT_URL_EC2: sample.emu.endpoint, AWS_REGION: 'eu-west-1' })
const tables = () => [sample.ids.privateRouteTableIds.a, sample.ids.privateRouteTableIds.b]
const regional = (extra: Record<string, string> = {}) => ({
  'vpc-id': sample.ids.vpcId,
  'route-table-ids': tables().join('\n'),
  ...extra
})
const zonal = (extra: Record<string, string> = {}) =>
  regional({ 'availability-mode': 'zonal', 'subnet-id': sample.ids.publicSubnetIds.a, ...extra })

/** Runs the inputs; asserts success, no gateway made or deleted, and a two-read rerun. */
async function changeInPlace(inputs: Record<string, string>, natGatewayId: string) {
  sample.emu.clearCalls()
  const run = await runAction(inputs, env())
  expect(errorText(run)).toBe('')
  expect(run.exitCode).toBe(0)
  expect(run.outputs['nat-gateway-id']).toBe(natGatewayId)
  const writes = sample.emu.writes().map(call => call.action)
  expect(writes).not.toContain('CreateNatGateway')
  expect(writes).not.toContain('DeleteNatGateway')
  expect(run.outputs.changed).toBe('true')
  sample.emu.clearCalls()
  const again = await runAction(inputs, env())
  expect(again.exitCode).toBe(0)
  expect(sample.emu.calls.map(call => call.action).sort()).toEqual([
    'DescribeNatGateways',
    'DescribeRouteTables'
  ])
  expect(again.outputs.changed).toBe('false')
  return { run, writes }
}

describe('Elastic IPs changed in place, against the emulator', () => {
  it('zonal: adds a secondary, then removes it with drain; the same gateway, the user keeps the Elastic IPs', async () => {
    const [first, second] = sample.ids.allocationIds as [string, string]
    const created = await runAction(zonal({ 'eip-allocation-ids': first }), env())
    expect(created.exitCode).toBe(0)
    const natId = created.outputs['nat-gateway-id'] ?? ''

    const added = await changeInPlace(zonal({ 'eip-allocation-ids': `${first}, ${second}` }), natId)
    expect(added.writes).toEqual(['AssociateNatGatewayAddress'])
    expect(added.run.outputs['allocation-ids']).toBe(`${first},${second}`)
    expect(added.run.outputs['public-ips']).toBe(sample.ids.publicIps.slice(0, 2).join(','))

    const removed = await changeInPlace(
      zonal({ 'eip-allocation-ids': first, 'max-drain-duration-seconds': '30' }),
      natId
    )
    expect(removed.writes).toEqual(['DisassociateNatGatewayAddress'])
    expect(removed.run.outputs['allocation-ids']).toBe(first)
    expect(removed.run.stdout).toMatch(/disassociating .*connections drain for up to 30 s/)
    // Disassociated, never released: the user's Elastic IP stays allocated and free.
    const eip = sample.emu.world.addresses.get(second)
    expect(eip).toBeDefined()
    expect(eip?.association).toBeUndefined()
  })

  it('regional manual: refuses an unlisted routed zone before any write, then adds a zone and an address in place', async () => {
    const [first, second, third] = sample.ids.allocationIds as [string, string, string]
    sample.emu.clearCalls()
    const refused = await runAction(
      regional({ 'eip-allocation-ids': `eu-west-1a: ${first}` }),
      env()
    )
    expect(refused.exitCode).toBe(1)
    expect(errorText(refused)).toMatch(
      /eu-west-1b has no Elastic IP in the inputs, but the routed subnets .* are there/
    )
    expect(sample.emu.writes()).toEqual([])

    const onlyA = regional({
      'eip-allocation-ids': `eu-west-1a: ${first}`,
      'route-table-ids': sample.ids.privateRouteTableIds.a
    })
    const created = await runAction(onlyA, env())
    expect(created.exitCode).toBe(0)
    const natId = created.outputs['nat-gateway-id'] ?? ''
    const gatewayTable = sample.emu.world.natGateways.get(natId)?.routeTableId
    expect(created.outputs['gateway-route-table-id']).toBe(gatewayTable)
    expect(gatewayTable).toMatch(/^rtb-/)

    const both = regional({
      'eip-allocation-ids': `eu-west-1a: ${first}, ${third}\n${sample.ids.zones[1]?.id}: ${second}`
    })
    const { run, writes } = await changeInPlace(both, natId)
    expect(writes.sort()).toEqual([
      'AssociateNatGatewayAddress',
      'AssociateNatGatewayAddress',
      'CreateRoute'
    ])
    const addresses = JSON.parse(run.outputs['addresses-json'] ?? '[]') as {
      zone: string
      allocationId: string
      status: string
      associationId: string
    }[]
    expect(addresses.map(a => [a.zone, a.allocationId, a.status]).sort()).toEqual(
      [
        ['eu-west-1a', first, 'succeeded'],
        ['eu-west-1a', third, 'succeeded'],
        ['eu-west-1b', second, 'succeeded']
      ].sort()
    )
    expect(addresses.every(a => /^eipassoc-/.test(a.associationId))).toBe(true)
    expect(run.summary).toContain('Zones with a public IP in use: eu-west-1a, eu-west-1b.')
    for (const id of [first, second, third]) expect(sample.emu.world.addresses.has(id)).toBe(true)
  })

  it('a failed association fails the run with its message, after the routes are written', async () => {
    const [first, second] = sample.ids.allocationIds as [string, string]
    const created = await runAction(zonal({ 'eip-allocation-ids': first }), env())
    const natId = created.outputs['nat-gateway-id'] ?? ''
    sample.emu.faults.failAssociation = { message: 'Elastic IP address could not be associated' }
    const run = await runAction(zonal({ 'eip-allocation-ids': `${first}, ${second}` }), env())
    expect(run.exitCode).toBe(1)
    expect(errorText(run)).toMatch(
      new RegExp(
        `Elastic IP ${second} .*failed to associate: Elastic IP address could not be associated`
      )
    )
    expect(run.outputs['nat-gateway-id']).toBe(natId)
    expect(JSON.parse(run.outputs['addresses-json'] ?? '[]')).toContainEqual(
      expect.objectContaining({ allocationId: second, status: 'failed' })
    )
    const routes = tables().map(
      id =>
        sample.emu.world.routeTables
          .get(id)
          ?.routes.find(r => r.destinationCidrBlock === '0.0.0.0/0')?.natGatewayId
    )
    expect(routes).toEqual([natId, natId])
  })
})
