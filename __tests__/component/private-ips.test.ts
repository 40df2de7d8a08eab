/**
 * run() changing a private gateway's secondary private IPs in place: @actions/core mocked, EC2
 * behind aws-sdk-client-mock. Each path asserts the exact EC2 calls it makes.
 */
import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import {
  AssignPrivateNatGatewayAddressCommand,
  type NatGateway,
  type NatGatewayAddress,
  UnassignPrivateNatGatewayAddressCommand
} from '@aws-sdk/client-ec2'
import * as core from '../../__fixtures__/core.js'
import { NAT, PUBLIC_SUBNET, route, RTB_A, RTB_B, routeTable, VPC } from '../../__fixtures__/ec2.js'
import { callCounts, fakeEc2, type FakeWorld, instantClock } from '../../__fixtures__/fake-ec2.js'
import { gatewayTags } from '../../src/model/identity.js'

jest.unstable_mockModule('@actions/core', () => core)
const { run } = await import('../../src/main.js')

const inputs = (count: number, extra: Record<string, string> = {}) => ({
  'vpc-id': VPC,
  'route-table-ids': `${RTB_A}, ${RTB_B}`,
  region: 'eu-west-1',
  'availability-mode': 'zonal',
  'connectivity-type': 'private',
  'subnet-id': PUBLIC_SUBNET,
  'secondary-private-ip-count': String(count),
  ...extra
})
const routed = () => [
  routeTable(RTB_A, [route({ NatGatewayId: NAT })]),
  routeTable(RTB_B, [route({ NatGatewayId: NAT })])
]

const ip = (PrivateIp: string, fields: Partial<NatGatewayAddress> = {}): NatGatewayAddress => ({
  PrivateIp,
  NetworkInterfaceId: 'eni-0abc1234def567890',
  IsPrimary: false,
  Status: 'succeeded',
  ...fields
})
const primary = ip('10.0.0.4', { IsPrimary: true })

const gateway = (secondaries: NatGatewayAddress[]): NatGateway => ({
  NatGatewayId: NAT,
  State: 'available',
  VpcId: VPC,
  SubnetId: PUBLIC_SUBNET,
  AvailabilityMode: 'zonal',
  ConnectivityType: 'private',
  NatGatewayAddresses: [primary, ...secondaries],
  Tags: gatewayTags(`nat-${PUBLIC_SUBNET}`, {})
})

async function runWith(runInputs: Record<string, string>, world: FakeWorld) {
  core.reset(runInputs)
  const ec2 = fakeEc2(world)
  await run({ clock: instantClock() })
  return ec2
}

beforeEach(() => core.reset({}))

describe('run: secondary private IPs in place', () => {
  it('assigns the missing count, waits until they are succeeded, and needs no other read', async () => {
    const ec2 = await runWith(inputs(3), {
      gateways: [gateway([ip('10.0.0.5')])],
      routeTables: routed(),
      assigned: ['10.0.0.6', '10.0.0.7'],
      afterAssign: [
        gateway([ip('10.0.0.5'), ip('10.0.0.6', { Status: 'assigning' }), ip('10.0.0.7')]),
        gateway([ip('10.0.0.5'), ip('10.0.0.6'), ip('10.0.0.7')])
      ]
    })
    expect(core.setFailed).not.toHaveBeenCalled()
    expect(
      ec2.commandCalls(AssignPrivateNatGatewayAddressCommand).map(c => c.args[0].input)
    ).toEqual([{ NatGatewayId: NAT, PrivateIpAddressCount: 2 }])
    expect(callCounts(ec2)).toEqual({
      DescribeNatGateways: 3,
      DescribeRouteTables: 1,
      AssignPrivateNatGatewayAddress: 1
    })
    expect(core.outputs()).toMatchObject({
      'nat-gateway-id': NAT,
      'private-ips': '10.0.0.4,10.0.0.5,10.0.0.6,10.0.0.7',
      changed: 'true',
      created: 'false'
    })
  })

  it("fails with EC2's message when a new address fails to assign, after the routes, with the outputs", async () => {
    await runWith(inputs(2), {
      gateways: [gateway([ip('10.0.0.5')])],
      routeTables: routed(),
      assigned: ['10.0.0.6'],
      afterAssign: [
        gateway([
          ip('10.0.0.5'),
          ip('10.0.0.6', { Status: 'failed', FailureMessage: 'No free address in the subnet' })
        ])
      ]
    })
    expect(core.setFailed).toHaveBeenCalledWith(
      expect.stringContaining(
        'Secondary private IP 10.0.0.6 failed to assign: No free address in the subnet'
      )
    )
    expect(core.outputs()['private-ips']).toBe('10.0.0.4,10.0.0.5')
  })

  it('unassigns the highest with max-drain-duration-seconds and waits until they are gone', async () => {
    const ec2 = await runWith(inputs(1, { 'max-drain-duration-seconds': '120' }), {
      gateways: [gateway([ip('10.0.0.9'), ip('10.0.0.5'), ip('10.0.0.10')])],
      routeTables: routed(),
      afterUnassign: [
        gateway([
          ip('10.0.0.9', { Status: 'unassigning' }),
          ip('10.0.0.5'),
          ip('10.0.0.10', { Status: 'unassigning' })
        ]),
        gateway([ip('10.0.0.5')])
      ]
    })
    expect(core.setFailed).not.toHaveBeenCalled()
    expect(
      ec2.commandCalls(UnassignPrivateNatGatewayAddressCommand).map(c => c.args[0].input)
    ).toEqual([
      {
        NatGatewayId: NAT,
        PrivateIpAddresses: ['10.0.0.10', '10.0.0.9'],
        MaxDrainDurationSeconds: 120
      }
    ])
    expect(callCounts(ec2)).toEqual({
      DescribeNatGateways: 3,
      DescribeRouteTables: 1,
      UnassignPrivateNatGatewayAddress: 1
    })
    expect(core.outputs()['private-ips']).toBe('10.0.0.4,10.0.0.5')
  })

  it('says so when the drain outlasts wait-timeout-seconds: the addresses leave by themselves', async () => {
    await runWith(inputs(0, { 'wait-timeout-seconds': '10' }), {
      gateways: [gateway([ip('10.0.0.5')])],
      routeTables: routed(),
      afterUnassign: [gateway([ip('10.0.0.5', { Status: 'unassigning' })])]
    })
    expect(core.setFailed).toHaveBeenCalledWith(
      expect.stringContaining(
        `The unassigned private IPs of ${NAT} are still draining after 10 s (wait-timeout-seconds)`
      )
    )
    expect(core.outputs()['private-ips']).toBe('10.0.0.4')
  })

  it('writes nothing when the gateway holds the count: two reads', async () => {
    const ec2 = await runWith(inputs(1), {
      gateways: [gateway([ip('10.0.0.5')])],
      routeTables: routed()
    })
    expect(core.setFailed).not.toHaveBeenCalled()
    expect(callCounts(ec2)).toEqual({ DescribeNatGateways: 1, DescribeRouteTables: 1 })
    expect(core.outputs()).toMatchObject({ changed: 'false', 'private-ips': '10.0.0.4,10.0.0.5' })
  })
})
