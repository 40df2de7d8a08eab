/**
 * A zonal automatic gateway's Elastic IP is allocated (or reused) in the network border group of
 * its subnet's zone: a Local Zone has its own, and an address of another group cannot serve it.
 * run() with @actions/core mocked and EC2 behind aws-sdk-client-mock.
 */
import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import { AllocateAddressCommand, CreateNatGatewayCommand } from '@aws-sdk/client-ec2'
import * as core from '../../__fixtures__/core.js'
import { address, IGW, route, RTB_A, routeTable, VPC } from '../../__fixtures__/ec2.js'
import { fakeEc2, type FakeWorld, instantClock, NEW_EIP } from '../../__fixtures__/fake-ec2.js'
import { addressTags } from '../../src/model/identity.js'

jest.unstable_mockModule('@actions/core', () => core)
const { run } = await import('../../src/main.js')

const LOCAL_SUBNET = 'subnet-0f0f0f0f0f0f0f0f0'
const NAME = 'lax-egress'
const GROUP = 'us-west-2-lax-1'
const inputs = {
  'vpc-id': VPC,
  region: 'us-west-2',
  'route-table-ids': RTB_A,
  'availability-mode': 'zonal',
  'subnet-id': LOCAL_SUBNET,
  name: NAME
}
const world = (fields: Partial<FakeWorld> = {}): FakeWorld => ({
  gateways: [],
  routeTables: [
    routeTable(RTB_A),
    // The Local Zone subnet's own public table.
    routeTable('rtb-0dddddddddddddddd', [route({ GatewayId: IGW })], {
      Associations: [{ SubnetId: LOCAL_SUBNET }]
    })
  ],
  subnets: [{ SubnetId: LOCAL_SUBNET, VpcId: VPC, AvailabilityZone: 'us-west-2-lax-1a' }],
  zones: [
    { ZoneName: 'us-west-2a', ZoneId: 'usw2-az1', NetworkBorderGroup: 'us-west-2' },
    { ZoneName: 'us-west-2-lax-1a', ZoneId: 'usw2-lax1-az1', NetworkBorderGroup: GROUP }
  ],
  afterCreate: [{ NatGatewayId: 'nat-0abc1234def567890', State: 'available' }],
  ...fields
})

beforeEach(() => core.reset({}))

describe('zonal automatic: the Elastic IP in the subnet zone’s network border group', () => {
  it('allocates it in the Local Zone’s group', async () => {
    core.reset(inputs)
    const ec2 = fakeEc2(world())
    await run({ clock: instantClock() })
    expect(core.setFailed).not.toHaveBeenCalled()
    const [allocate] = ec2.commandCalls(AllocateAddressCommand)
    expect(allocate?.args[0].input).toMatchObject({ Domain: 'vpc', NetworkBorderGroup: GROUP })
    const [create] = ec2.commandCalls(CreateNatGatewayCommand)
    expect(create?.args[0].input.AllocationId).toBe(NEW_EIP)
  })

  it('reuses only an address of that group; one of the Region’s group is left as it is', async () => {
    core.reset(inputs)
    const tags = addressTags(NAME, VPC, {})
    const ec2 = fakeEc2(
      world({
        addresses: [
          address('eipalloc-0aaaaaaaaaaaaaaa1', { Tags: tags, NetworkBorderGroup: 'us-west-2' }),
          address('eipalloc-0aaaaaaaaaaaaaaa2', { Tags: tags, NetworkBorderGroup: GROUP })
        ]
      })
    )
    await run({ clock: instantClock() })
    expect(core.setFailed).not.toHaveBeenCalled()
    expect(ec2.commandCalls(AllocateAddressCommand)).toEqual([])
    const [create] = ec2.commandCalls(CreateNatGatewayCommand)
    expect(create?.args[0].input.AllocationId).toBe('eipalloc-0aaaaaaaaaaaaaaa2')
  })
})
