/**
 * Elastic IPs belong to the Region, and a `name` is unique per VPC only: through dist/index.js
 * against the emulator, the same name in two VPCs. A zonal automatic create in one VPC does not
 * reuse the other's free address, and a teardown in one leaves the other's addresses (the one in
 * use, a free one, and one an earlier version tagged without the VPC) untouched.
 */
import { describe, expect, it } from '@jest/globals'
import { useSampleEmulator } from '../../emulator/__tests__/test-helpers.ts'
import { errorText, runAction } from './harness.js'

const sample = useSampleEmulator({ provisioningMs: 300, deletingMs: 300 })
const env = () => ({ AWS_ENDPOINT_URL_EC2: sample.emu.endpoint, AWS_REGION: 'eu-west-1' })
const NAME = 'shared-egress'
const ownTags = (extra: { Key: string; Value: string }[] = []) => [
  { Key: 'Name', Value: NAME },
  { Key: 'ensure-nat-gateway:managed', Value: 'true' },
  { Key: 'ensure-nat-gateway:gateway', Value: NAME },
  ...extra
]

/** A second VPC with a public subnet and a private route table. */
function otherVpc() {
  const world = sample.emu.world
  const { vpcId, internetGatewayId } = world.addVpc({
    cidr: '10.1.0.0/16',
    withInternetGateway: true
  })
  const publicSubnetId = world.addSubnet(vpcId, 'a', { public: true })
  world.addRouteTable(vpcId, {
    subnetIds: [publicSubnetId],
    routes: [{ destination: '0.0.0.0/0', gatewayId: internetGatewayId }]
  })
  const privateTableId = world.addRouteTable(vpcId, {
    subnetIds: [world.addSubnet(vpcId, 'a')]
  })
  return { vpcId, publicSubnetId, privateTableId }
}

const zonal = (vpcId: string, subnetId: string, table: string, extra = {}) => ({
  'vpc-id': vpcId,
  'route-table-ids': table,
  'availability-mode': 'zonal',
  'subnet-id': subnetId,
  name: NAME,
  ...extra
})

describe('Elastic IP ownership is scoped to the VPC', () => {
  it('same name in two VPCs: a create in one does not reuse the other’s address, a teardown leaves the other’s', async () => {
    const world = sample.emu.world
    // Room under the Region's address quota (5 in the emulator, as AWS's default).
    for (const id of sample.ids.allocationIds.slice(1)) world.addresses.delete(id)
    const other = otherVpc()
    const theirs = await runAction(
      zonal(other.vpcId, other.publicSubnetId, other.privateTableId),
      env()
    )
    expect([theirs.exitCode, errorText(theirs)]).toEqual([0, ''])
    const theirsInUse = theirs.outputs['allocation-ids'] ?? ''
    expect(world.addresses.get(theirsInUse)?.tags).toContainEqual({
      Key: 'ensure-nat-gateway:vpc',
      Value: other.vpcId
    })
    // Left free by a run in the other VPC that stopped before its create, and one tagged by an
    // earlier version (no VPC).
    const theirsFree = world.addAddress({
      tags: ownTags([{ Key: 'ensure-nat-gateway:vpc', Value: other.vpcId }])
    })
    const legacyFree = world.addAddress({ tags: ownTags() })

    const vpc = sample.ids.vpcId
    const inputs = zonal(vpc, sample.ids.publicSubnetIds.a, sample.ids.privateRouteTableIds.a)
    const ours = await runAction(inputs, env())
    expect([ours.exitCode, errorText(ours)]).toEqual([0, ''])
    const oursInUse = ours.outputs['allocation-ids'] ?? ''
    expect([theirsInUse, theirsFree, legacyFree]).not.toContain(oursInUse)

    const teardown = await runAction({ ...inputs, state: 'absent' }, env())
    expect([teardown.exitCode, errorText(teardown)]).toEqual([0, ''])
    expect(teardown.outputs['released-allocation-ids']).toBe(oursInUse)
    expect(world.addresses.has(oursInUse)).toBe(false)
    for (const id of [theirsInUse, theirsFree, legacyFree]) {
      expect(world.addresses.has(id)).toBe(true)
    }
    const theirGateway = theirs.outputs['nat-gateway-id'] ?? ''
    expect(world.natGateways.get(theirGateway)?.state).toBe('available')
  })
})
