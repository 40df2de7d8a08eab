// AssociateNatGatewayAddress / DisassociateNatGatewayAddress, answers parsed by the SDK.
// Every time window here runs on the emulator's clock (stopClock), never on the real one.
import { beforeEach, describe, expect, it } from '@jest/globals'
import {
  AssociateNatGatewayAddressCommand,
  CreateNatGatewayCommand,
  DescribeAddressesCommand,
  DescribeNatGatewaysCommand,
  DisassociateNatGatewayAddressCommand,
  type EC2Client,
  type NatGateway
} from '@aws-sdk/client-ec2'
import { rejection, stopClock, useSampleEmulator, waitForState } from './test-helpers.ts'

const TIMES = { provisioningMs: 50, deletingMs: 50, associationMs: 100, drainMs: 150 }
const sample = useSampleEmulator(TIMES)

let clock: { advance(ms: number): void }
beforeEach(() => {
  clock = stopClock()
})

async function describe1(ec2: EC2Client, id: string): Promise<NatGateway> {
  const out = await ec2.send(new DescribeNatGatewaysCommand({ NatGatewayIds: [id] }))
  return out.NatGateways?.[0] as NatGateway
}

async function zonalGateway(allocationIds: string[]): Promise<string> {
  const [primary, ...secondary] = allocationIds
  const out = await sample.ec2.send(
    new CreateNatGatewayCommand({
      SubnetId: sample.ids.publicSubnetIds.a,
      AllocationId: primary,
      ...(secondary.length > 0 && { SecondaryAllocationIds: secondary })
    })
  )
  const id = out.NatGateway?.NatGatewayId as string
  clock.advance(TIMES.provisioningMs)
  await waitForState(sample.ec2, id, ['available'])
  return id
}

async function regionalManualGateway(zone: string, allocationId: string): Promise<string> {
  const out = await sample.ec2.send(
    new CreateNatGatewayCommand({
      AvailabilityMode: 'regional',
      VpcId: sample.ids.vpcId,
      AvailabilityZoneAddresses: [{ AvailabilityZone: zone, AllocationIds: [allocationId] }]
    })
  )
  const id = out.NatGateway?.NatGatewayId as string
  clock.advance(TIMES.provisioningMs)
  await waitForState(sample.ec2, id, ['available'])
  return id
}

const statusOf = (gw: NatGateway, allocationId: string) =>
  gw.NatGatewayAddresses?.find(a => a.AllocationId === allocationId)?.Status

describe('AssociateNatGatewayAddress', () => {
  it('zonal: a secondary address shares the interface, with a private IP of its own', async () => {
    const [first, second] = sample.ids.allocationIds as [string, string]
    const gw = await describe1(sample.ec2, await zonalGateway([first, second]))
    const [primary, secondary] = gw.NatGatewayAddresses ?? []
    expect(secondary?.NetworkInterfaceId).toBe(primary?.NetworkInterfaceId)
    expect(primary?.PrivateIp).toMatch(/^10\./)
    expect(secondary?.PrivateIp).toMatch(/^10\./)
    expect(secondary?.PrivateIp).not.toBe(primary?.PrivateIp)
  })

  it('zonal: a secondary address goes associating → succeeded, with an association ID', async () => {
    const [first, second] = sample.ids.allocationIds as [string, string]
    const id = await zonalGateway([first])
    const out = await sample.ec2.send(
      new AssociateNatGatewayAddressCommand({ NatGatewayId: id, AllocationIds: [second] })
    )
    expect(out.NatGatewayId).toBe(id)
    expect(out.NatGatewayAddresses?.map(a => [a.AllocationId, a.Status, a.IsPrimary])).toEqual([
      [second, 'associating', false]
    ])
    clock.advance(TIMES.associationMs)
    const gw = await describe1(sample.ec2, id)
    const added = gw.NatGatewayAddresses?.find(a => a.AllocationId === second)
    expect(added).toMatchObject({ Status: 'succeeded', PublicIp: sample.ids.publicIps[1] })
    expect(added?.AssociationId).toMatch(/^eipassoc-[0-9a-f]{17}$/)
  })

  it('regional manual: adds a zone, with its zone name and ID', async () => {
    const [first, second] = sample.ids.allocationIds as [string, string]
    const [zoneA, zoneB] = sample.ids.zones as [
      { name: string; id: string },
      { name: string; id: string }
    ]
    const id = await regionalManualGateway(zoneA.name, first)
    const before = await describe1(sample.ec2, id)
    expect(before).toMatchObject({ AutoProvisionZones: 'disabled', AutoScalingIps: 'disabled' })
    await sample.ec2.send(
      new AssociateNatGatewayAddressCommand({
        NatGatewayId: id,
        AllocationIds: [second],
        AvailabilityZoneId: zoneB.id
      })
    )
    clock.advance(TIMES.associationMs)
    const gw = await describe1(sample.ec2, id)
    expect(
      gw.NatGatewayAddresses?.map(a => [
        a.AllocationId,
        a.AvailabilityZone,
        a.AvailabilityZoneId,
        a.Status
      ])
    ).toEqual([
      [first, zoneA.name, zoneA.id, 'succeeded'],
      [second, zoneB.name, zoneB.id, 'succeeded']
    ])
  })

  it('an Elastic IP of another network border group ends failed, with a FailureMessage', async () => {
    const [first] = sample.ids.allocationIds as [string]
    const elsewhere = sample.emu.world.addAddress({ networkBorderGroup: 'eu-west-1-lax-1' })
    const id = await zonalGateway([first])
    const eip = await sample.ec2.send(new DescribeAddressesCommand({ AllocationIds: [elsewhere] }))
    expect(eip.Addresses?.[0]?.NetworkBorderGroup).toBe('eu-west-1-lax-1')
    await sample.ec2.send(
      new AssociateNatGatewayAddressCommand({ NatGatewayId: id, AllocationIds: [elsewhere] })
    )
    clock.advance(TIMES.associationMs)
    const failed = (await describe1(sample.ec2, id)).NatGatewayAddresses?.find(
      a => a.AllocationId === elsewhere
    )
    expect(failed?.Status).toBe('failed')
    expect(failed?.FailureMessage).toMatch(/network border group eu-west-1-lax-1/)
  })

  it('refuses beyond the quota of Elastic IPs per gateway (2 by default)', async () => {
    const [a, b, c] = sample.ids.allocationIds as [string, string, string]
    const id = await zonalGateway([a, b])
    const error = await rejection(
      sample.ec2.send(
        new AssociateNatGatewayAddressCommand({ NatGatewayId: id, AllocationIds: [c] })
      )
    )
    expect(error.name).toBe('ResourceLimitExceeded')
    expect(error.message).toMatch(/at most 2 Elastic IP addresses/)
  })

  it.each([
    [
      'a zone on a zonal gateway',
      { AvailabilityZone: 'eu-west-1a' },
      'InvalidParameterCombination'
    ],
    [
      'an unknown allocation',
      { AllocationIds: ['eipalloc-0ffffffffffffffff'] },
      'InvalidAllocationID.NotFound'
    ]
  ])('refuses %s', async (_, fields, code) => {
    const [a, b] = sample.ids.allocationIds as [string, string]
    const id = await zonalGateway([a])
    const error = await rejection(
      sample.ec2.send(
        new AssociateNatGatewayAddressCommand({ NatGatewayId: id, AllocationIds: [b], ...fields })
      )
    )
    expect(error.name).toBe(code)
  })

  it('refuses a regional gateway without a zone, and an unknown gateway', async () => {
    const [a, b] = sample.ids.allocationIds as [string, string]
    const id = await regionalManualGateway('eu-west-1a', a)
    const noZone = await rejection(
      sample.ec2.send(
        new AssociateNatGatewayAddressCommand({ NatGatewayId: id, AllocationIds: [b] })
      )
    )
    expect(noZone.name).toBe('InvalidParameterCombination')
    const unknown = await rejection(
      sample.ec2.send(
        new AssociateNatGatewayAddressCommand({
          NatGatewayId: 'nat-0ffffffffffffffff',
          AllocationIds: [b]
        })
      )
    )
    expect(unknown.name).toBe('NatGatewayNotFound')
  })
})

describe('DisassociateNatGatewayAddress', () => {
  it('drains a secondary address (disassociating), then drops it; the Elastic IP stays allocated', async () => {
    const [a, b] = sample.ids.allocationIds as [string, string]
    const id = await zonalGateway([a, b])
    const clock = stopClock()
    const secondary = (await describe1(sample.ec2, id)).NatGatewayAddresses?.find(
      x => x.AllocationId === b
    )
    const out = await sample.ec2.send(
      new DisassociateNatGatewayAddressCommand({
        NatGatewayId: id,
        AssociationIds: [secondary?.AssociationId as string],
        MaxDrainDurationSeconds: 60
      })
    )
    expect(out.NatGatewayAddresses?.map(x => [x.AllocationId, x.Status])).toEqual([
      [b, 'disassociating']
    ])
    clock.advance(TIMES.drainMs - 1)
    expect(statusOf(await describe1(sample.ec2, id), b)).toBe('disassociating')
    clock.advance(1)
    const gw = await describe1(sample.ec2, id)
    expect(gw.NatGatewayAddresses?.map(x => x.AllocationId)).toEqual([a])
    const eip = await sample.ec2.send(new DescribeAddressesCommand({ AllocationIds: [b] }))
    expect(eip.Addresses?.[0]).toMatchObject({ AllocationId: b })
    expect(eip.Addresses?.[0]?.AssociationId).toBeUndefined()
  })

  it.each([
    ['the primary address', 'primary', 350, 'InvalidParameterValue'],
    ['a drain of 0 s', 'secondary', 0, 'InvalidParameterValue'],
    ['a drain over 4000 s', 'secondary', 4001, 'InvalidParameterValue'],
    ['an unknown association', 'unknown', 350, 'InvalidAssociationID.NotFound']
  ])('refuses %s', async (_, which, drain, code) => {
    const [a, b] = sample.ids.allocationIds as [string, string]
    const id = await zonalGateway([a, b])
    const addresses = (await describe1(sample.ec2, id)).NatGatewayAddresses ?? []
    const associationId =
      which === 'unknown'
        ? 'eipassoc-0ffffffffffffffff'
        : addresses.find(x => x.IsPrimary === (which === 'primary'))?.AssociationId
    const error = await rejection(
      sample.ec2.send(
        new DisassociateNatGatewayAddressCommand({
          NatGatewayId: id,
          AssociationIds: [associationId as string],
          MaxDrainDurationSeconds: drain
        })
      )
    )
    expect(error.name).toBe(code)
  })

  it('refuses another change while one is in progress', async () => {
    const [a, b, c] = sample.ids.allocationIds as [string, string, string]
    const id = await zonalGateway([a, b])
    // The drain must not end between the two calls, however slow the machine.
    stopClock()
    const secondary = (await describe1(sample.ec2, id)).NatGatewayAddresses?.find(
      x => x.AllocationId === b
    )
    await sample.ec2.send(
      new DisassociateNatGatewayAddressCommand({
        NatGatewayId: id,
        AssociationIds: [secondary?.AssociationId as string]
      })
    )
    const error = await rejection(
      sample.ec2.send(
        new AssociateNatGatewayAddressCommand({ NatGatewayId: id, AllocationIds: [c] })
      )
    )
    expect(error.name).toBe('IncorrectState')
  })
})
