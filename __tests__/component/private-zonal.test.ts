/**
 * A private zonal gateway's own subnet is never routed through the gateway: checked on every run
 * (an existing gateway too, its subnet routed implicitly by the main table), and left out by
 * `route-table-ids: auto`. run() with @actions/core mocked and EC2 behind aws-sdk-client-mock.
 */
import { beforeEach, describe, expect, it } from '@jest/globals'
import { jest } from '@jest/globals'
import type { NatGateway } from '@aws-sdk/client-ec2'
import * as core from '../../__fixtures__/core.js'
import { NAT, RTB_A, RTB_B, routeTable, VPC } from '../../__fixtures__/ec2.js'
import { callCounts, fakeEc2, instantClock, writeCalls } from '../../__fixtures__/fake-ec2.js'
import { gatewayTags } from '../../src/model/identity.js'

jest.unstable_mockModule('@actions/core', () => core)
const { run } = await import('../../src/main.js')

const HOST = 'subnet-0d0d0d0d0d0d0d0d0'
const NAME = 'transit-egress'
const inputs = {
  'vpc-id': VPC,
  region: 'eu-west-1',
  'availability-mode': 'zonal',
  'connectivity-type': 'private',
  'subnet-id': HOST,
  name: NAME
}
const gateway: NatGateway = {
  NatGatewayId: NAT,
  State: 'available',
  VpcId: VPC,
  SubnetId: HOST,
  AvailabilityMode: 'zonal',
  ConnectivityType: 'private',
  Tags: gatewayTags(NAME, {}),
  NatGatewayAddresses: [{ PrivateIp: '10.0.9.10', IsPrimary: true, Status: 'succeeded' }]
}
// The main table routes HOST implicitly (no table names it); RTB_B serves another subnet.
const main = routeTable(RTB_A, [], { Associations: [{ Main: true }] })
const other = routeTable(RTB_B, [], { Associations: [{ SubnetId: 'subnet-0e0e0e0e0e0e0e0e0' }] })

beforeEach(() => core.reset({}))

describe('private zonal: the gateway subnet is never routed through the gateway', () => {
  it('an existing gateway: a listed main table that routes its subnet is refused, nothing written', async () => {
    core.reset({ ...inputs, 'route-table-ids': `${RTB_A}, ${RTB_B}` })
    const ec2 = fakeEc2({ gateways: [gateway], routeTables: [main, other] })
    await run({ clock: instantClock() })
    expect(core.setFailed).toHaveBeenCalledWith(
      expect.stringMatching(
        new RegExp(`${RTB_A}: routes ${HOST}, the subnet that hosts the NAT gateway.*in a loop`)
      )
    )
    expect(writeCalls(ec2)).toEqual([])
    // The table that routes the subnet, looked up because a main table is listed.
    expect(callCounts(ec2).DescribeRouteTables).toBeGreaterThan(1)
  })

  it('an existing gateway whose subnet has a table of its own: the main table is routed', async () => {
    core.reset({ ...inputs, 'route-table-ids': RTB_A })
    const own = routeTable('rtb-0ffffffffffffffff', [], { Associations: [{ SubnetId: HOST }] })
    const ec2 = fakeEc2({ gateways: [gateway], routeTables: [main, own] })
    await run({ clock: instantClock() })
    expect(core.setFailed).not.toHaveBeenCalled()
    expect(writeCalls(ec2)).toEqual(['CreateRoute'])
  })

  it('route-table-ids: auto leaves the table of the gateway subnet out, and routes the rest', async () => {
    core.reset({ ...inputs, 'route-table-ids': 'auto' })
    const ec2 = fakeEc2({ gateways: [gateway], routeTables: [main, other] })
    await run({ clock: instantClock() })
    expect(core.setFailed).not.toHaveBeenCalled()
    expect(core.info).toHaveBeenCalledWith(
      `${RTB_A}: left out by route-table-ids: auto, it routes ${HOST}, the subnet that hosts the NAT gateway.`
    )
    expect(core.outputs()['route-table-ids']).toBe(RTB_B)
    expect(writeCalls(ec2)).toEqual(['CreateRoute'])
  })
})
