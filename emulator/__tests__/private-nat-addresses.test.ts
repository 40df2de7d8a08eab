// A private NAT gateway's secondary private IPs: CreateNatGateway's SecondaryPrivateIpAddress*,
// AssignPrivateNatGatewayAddress and UnassignPrivateNatGatewayAddress, answers parsed by the SDK.
// Every time window runs on the emulator's clock (stopClock), never on the real one.
import { describe, expect, it } from '@jest/globals'
import {
  AssignPrivateNatGatewayAddressCommand,
  CreateNatGatewayCommand,
  type CreateNatGatewayCommandInput,
  DescribeNatGatewaysCommand,
  type NatGateway,
  UnassignPrivateNatGatewayAddressCommand
} from '@aws-sdk/client-ec2'
import { rejection, stopClock, useSampleEmulator, waitForState } from './test-helpers.ts'

const PROVISIONING_MS = 1_000
const ASSIGNMENT_MS = 2_000
/** When the last connection of an unassigned address closes, unless the drain time ends first. */
const CONNECTIONS_CLOSE_MS = 60_000

const sample = useSampleEmulator({
  provisioningMs: PROVISIONING_MS,
  associationMs: ASSIGNMENT_MS,
  drainMs: CONNECTIONS_CLOSE_MS
})

async function describe1(id: string): Promise<NatGateway> {
  const out = await sample.ec2.send(new DescribeNatGatewaysCommand({ NatGatewayIds: [id] }))
  return out.NatGateways?.[0] as NatGateway
}

/** [private IP, status, primary] of each address, in EC2's order. */
const addressesOf = async (id: string) =>
  (await describe1(id)).NatGatewayAddresses?.map(a => [a.PrivateIp, a.Status, a.IsPrimary])

/** A private gateway in private subnet a (10.0.2.0/24), available. */
async function privateGateway(
  clock: { advance(ms: number): void },
  fields: Partial<CreateNatGatewayCommandInput> = {}
): Promise<string> {
  const out = await sample.ec2.send(
    new CreateNatGatewayCommand({
      SubnetId: sample.ids.privateSubnetIds.a,
      ConnectivityType: 'private',
      ...fields
    })
  )
  const id = out.NatGateway?.NatGatewayId as string
  clock.advance(PROVISIONING_MS)
  await waitForState(sample.ec2, id, ['available'])
  return id
}

const assign = (
  id: string,
  fields: { PrivateIpAddressCount?: number; PrivateIpAddresses?: string[] }
) => sample.ec2.send(new AssignPrivateNatGatewayAddressCommand({ NatGatewayId: id, ...fields }))

const unassign = (id: string, ips: string[], drainSeconds?: number) =>
  sample.ec2.send(
    new UnassignPrivateNatGatewayAddressCommand({
      NatGatewayId: id,
      PrivateIpAddresses: ips,
      ...(drainSeconds !== undefined && { MaxDrainDurationSeconds: drainSeconds })
    })
  )

describe('CreateNatGateway with secondary private IPs', () => {
  it('a count: the primary and that many secondaries of the subnet, on one interface, no Elastic IP', async () => {
    const clock = stopClock()
    const id = await privateGateway(clock, { SecondaryPrivateIpAddressCount: 2 })
    const gw = await describe1(id)
    expect(await addressesOf(id)).toEqual([
      ['10.0.2.4', 'succeeded', true],
      ['10.0.2.5', 'succeeded', false],
      ['10.0.2.6', 'succeeded', false]
    ])
    const interfaces = new Set(gw.NatGatewayAddresses?.map(a => a.NetworkInterfaceId))
    expect(interfaces.size).toBe(1)
    expect(gw.NatGatewayAddresses?.every(a => a.AllocationId === undefined)).toBe(true)
  })

  it('the addresses themselves', async () => {
    const clock = stopClock()
    const id = await privateGateway(clock, { SecondaryPrivateIpAddresses: ['10.0.2.100'] })
    expect(await addressesOf(id)).toEqual([
      ['10.0.2.4', 'succeeded', true],
      ['10.0.2.100', 'succeeded', false]
    ])
  })

  it.each([
    [
      '0 secondaries',
      { ConnectivityType: 'private', SecondaryPrivateIpAddressCount: 0 },
      'InvalidParameterValue'
    ],
    [
      '32 secondaries',
      { ConnectivityType: 'private', SecondaryPrivateIpAddressCount: 32 },
      'InvalidParameterValue'
    ],
    [
      'a count and addresses',
      {
        ConnectivityType: 'private',
        SecondaryPrivateIpAddressCount: 1,
        SecondaryPrivateIpAddresses: ['10.0.2.100']
      },
      'InvalidParameterCombination'
    ],
    [
      'an address outside the subnet',
      { ConnectivityType: 'private', SecondaryPrivateIpAddresses: ['10.0.9.1'] },
      'InvalidParameterValue'
    ],
    [
      'a count on a public gateway',
      { SecondaryPrivateIpAddressCount: 1 },
      'InvalidParameterCombination'
    ]
  ] satisfies [string, Partial<CreateNatGatewayCommandInput>, string][])(
    'refuses %s',
    async (_, fields: Partial<CreateNatGatewayCommandInput>, code) => {
      const connectivity = fields.ConnectivityType ?? 'public'
      const error = await rejection(
        sample.ec2.send(
          new CreateNatGatewayCommand({
            SubnetId: sample.ids.privateSubnetIds.a,
            ...(connectivity === 'public' && { AllocationId: sample.ids.allocationIds[0] }),
            ...fields
          })
        )
      )
      expect(error.name).toBe(code)
    }
  )

  it('refuses secondary private IPs on a regional gateway', async () => {
    const error = await rejection(
      sample.ec2.send(
        new CreateNatGatewayCommand({
          AvailabilityMode: 'regional',
          VpcId: sample.ids.vpcId,
          SecondaryPrivateIpAddressCount: 1
        })
      )
    )
    expect(error.name).toBe('InvalidParameterCombination')
  })
})

describe('AssignPrivateNatGatewayAddress', () => {
  it('a count: the new addresses answer assigning, and are succeeded once assigned', async () => {
    const clock = stopClock()
    const id = await privateGateway(clock)
    const out = await assign(id, { PrivateIpAddressCount: 2 })
    expect(out.NatGatewayId).toBe(id)
    expect(out.NatGatewayAddresses?.map(a => [a.PrivateIp, a.Status, a.IsPrimary])).toEqual([
      ['10.0.2.5', 'assigning', false],
      ['10.0.2.6', 'assigning', false]
    ])
    clock.advance(ASSIGNMENT_MS - 1)
    expect((await addressesOf(id))?.map(a => a[1])).toEqual(['succeeded', 'assigning', 'assigning'])
    clock.advance(1)
    expect(await addressesOf(id)).toEqual([
      ['10.0.2.4', 'succeeded', true],
      ['10.0.2.5', 'succeeded', false],
      ['10.0.2.6', 'succeeded', false]
    ])
  })

  it('the addresses themselves', async () => {
    const clock = stopClock()
    const id = await privateGateway(clock)
    const out = await assign(id, { PrivateIpAddresses: ['10.0.2.200'] })
    expect(out.NatGatewayAddresses?.map(a => a.PrivateIp)).toEqual(['10.0.2.200'])
  })

  it('an assignment that fails ends failed, with a FailureMessage', async () => {
    const clock = stopClock()
    const id = await privateGateway(clock)
    sample.emu.faults.failAssociation = { message: 'Not enough free addresses in the subnet' }
    await assign(id, { PrivateIpAddressCount: 1 })
    clock.advance(ASSIGNMENT_MS)
    const added = (await describe1(id)).NatGatewayAddresses?.find(a => a.IsPrimary === false)
    expect(added).toMatchObject({
      Status: 'failed',
      FailureMessage: 'Not enough free addresses in the subnet'
    })
  })

  it.each([
    ['a count of 0', { PrivateIpAddressCount: 0 }, 'InvalidParameterValue'],
    [
      'a count and addresses',
      { PrivateIpAddressCount: 1, PrivateIpAddresses: ['10.0.2.200'] },
      'InvalidParameterCombination'
    ],
    ['neither', {}, 'MissingParameter'],
    [
      'an address outside the subnet',
      { PrivateIpAddresses: ['10.0.9.1'] },
      'InvalidParameterValue'
    ],
    ['an address it holds', { PrivateIpAddresses: ['10.0.2.4'] }, 'InvalidParameterValue']
  ])('refuses %s', async (_, fields, code) => {
    const clock = stopClock()
    const id = await privateGateway(clock)
    expect((await rejection(assign(id, fields))).name).toBe(code)
  })

  it('refuses more than 31 secondaries in all, and a public gateway', async () => {
    const clock = stopClock()
    const id = await privateGateway(clock, { SecondaryPrivateIpAddressCount: 30 })
    const error = await rejection(assign(id, { PrivateIpAddressCount: 2 }))
    expect(error.name).toBe('InvalidParameterValue')
    expect(error.message).toMatch(/at most 31 secondary private IPv4 addresses/)
    const out = await sample.ec2.send(
      new CreateNatGatewayCommand({
        SubnetId: sample.ids.publicSubnetIds.a,
        AllocationId: sample.ids.allocationIds[0]
      })
    )
    const publicId = out.NatGateway?.NatGatewayId as string
    clock.advance(PROVISIONING_MS)
    await waitForState(sample.ec2, publicId, ['available'])
    const onPublic = await rejection(assign(publicId, { PrivateIpAddressCount: 1 }))
    expect(onPublic.name).toBe('InvalidParameterValue')
    expect(onPublic.message).toMatch(/is public/)
  })
})

describe('UnassignPrivateNatGatewayAddress', () => {
  it('drains (unassigning) until the connections close, then the address is gone', async () => {
    const clock = stopClock()
    const id = await privateGateway(clock, { SecondaryPrivateIpAddressCount: 2 })
    const out = await unassign(id, ['10.0.2.6'])
    expect(out.NatGatewayAddresses?.map(a => [a.PrivateIp, a.Status])).toEqual([
      ['10.0.2.6', 'unassigning']
    ])
    // Nothing else changes while it drains.
    expect((await rejection(assign(id, { PrivateIpAddressCount: 1 }))).name).toBe('IncorrectState')
    expect((await rejection(unassign(id, ['10.0.2.5']))).name).toBe('IncorrectState')
    clock.advance(CONNECTIONS_CLOSE_MS - 1)
    expect((await addressesOf(id))?.[2]).toEqual(['10.0.2.6', 'unassigning', false])
    clock.advance(1)
    expect(await addressesOf(id)).toEqual([
      ['10.0.2.4', 'succeeded', true],
      ['10.0.2.5', 'succeeded', false]
    ])
  })

  it('releases the address at MaxDrainDurationSeconds when connections are still open', async () => {
    const clock = stopClock()
    const id = await privateGateway(clock, { SecondaryPrivateIpAddressCount: 1 })
    await unassign(id, ['10.0.2.5'], 30)
    clock.advance(29_999)
    expect((await addressesOf(id))?.length).toBe(2)
    clock.advance(1)
    expect(await addressesOf(id)).toEqual([['10.0.2.4', 'succeeded', true]])
  })

  it.each([
    ['the primary', ['10.0.2.4'], 350, 'InvalidParameterValue'],
    ['an address it does not hold', ['10.0.2.99'], 350, 'InvalidParameterValue'],
    ['a drain of 0 s', ['10.0.2.5'], 0, 'InvalidParameterValue'],
    ['a drain over 4000 s', ['10.0.2.5'], 4001, 'InvalidParameterValue']
  ])('refuses %s', async (_, ips, drain, code) => {
    const clock = stopClock()
    const id = await privateGateway(clock, { SecondaryPrivateIpAddressCount: 1 })
    expect((await rejection(unassign(id, ips, drain))).name).toBe(code)
  })

  it('refuses an address still assigning', async () => {
    const clock = stopClock()
    const id = await privateGateway(clock)
    await assign(id, { PrivateIpAddressCount: 1 })
    expect((await rejection(unassign(id, ['10.0.2.5']))).name).toBe('IncorrectState')
  })
})
