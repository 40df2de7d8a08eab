import { describe, expect, it } from '@jest/globals'
import {
  CreateNatGatewayCommand,
  DeleteNatGatewayCommand,
  DescribeAddressesCommand,
  DescribeNatGatewaysCommand,
  DescribeRouteTablesCommand,
  paginateDescribeNatGateways,
  waitUntilNatGatewayAvailable
} from '@aws-sdk/client-ec2'
import { rejection, sleep, stopClock, useSampleEmulator, waitForState } from './test-helpers.ts'

const sample = useSampleEmulator({ provisioningMs: 150, deletingMs: 150 })

const tagSpec = (name: string) => [
  { ResourceType: 'natgateway' as const, Tags: [{ Key: 'Name', Value: name }] }
]

describe('zonal NAT gateway', () => {
  it('goes pending → available with its address, ENI and Elastic IP association', async () => {
    const created = await sample.ec2.send(
      new CreateNatGatewayCommand({
        SubnetId: sample.ids.publicSubnetIds.a,
        AllocationId: sample.ids.allocationIds[0],
        SecondaryAllocationIds: [sample.ids.allocationIds[1] as string],
        ClientToken: 'token-zonal-1',
        TagSpecifications: tagSpec('zonal')
      })
    )
    const gw = created.NatGateway
    expect(created.ClientToken).toBe('token-zonal-1')
    expect(gw?.NatGatewayId).toMatch(/^nat-[0-9a-f]{17}$/)
    expect(gw?.State).toBe('pending')
    expect(gw?.VpcId).toBe(sample.ids.vpcId)
    expect(gw?.SubnetId).toBe(sample.ids.publicSubnetIds.a)
    expect(gw?.AvailabilityMode).toBe('zonal')
    expect(gw?.ConnectivityType).toBe('public')
    expect(gw?.CreateTime).toBeInstanceOf(Date)
    expect(gw?.Tags).toEqual([{ Key: 'Name', Value: 'zonal' }])
    expect(gw?.NatGatewayAddresses?.map(a => [a.AllocationId, a.IsPrimary, a.Status])).toEqual([
      [sample.ids.allocationIds[0], true, 'associating'],
      [sample.ids.allocationIds[1], false, 'associating']
    ])

    const ready = await waitForState(sample.ec2, gw?.NatGatewayId as string, ['available'])
    const [primary, secondary] = ready.NatGatewayAddresses ?? []
    expect(primary).toMatchObject({
      AllocationId: sample.ids.allocationIds[0],
      PublicIp: sample.ids.publicIps[0],
      IsPrimary: true,
      Status: 'succeeded'
    })
    expect(primary?.PrivateIp).toMatch(/^10\.0\.0\.\d+$/)
    expect(primary?.NetworkInterfaceId).toMatch(/^eni-[0-9a-f]{17}$/)
    expect(primary?.AssociationId).toMatch(/^eipassoc-[0-9a-f]{17}$/)
    expect(secondary?.Status).toBe('succeeded')
    expect(ready.RouteTableId).toBeUndefined()
    expect(ready.AutoProvisionZones).toBeUndefined()

    const eips = await sample.ec2.send(
      new DescribeAddressesCommand({ AllocationIds: [sample.ids.allocationIds[0] as string] })
    )
    expect(eips.Addresses?.[0]).toMatchObject({
      AllocationId: sample.ids.allocationIds[0],
      AssociationId: primary?.AssociationId,
      NetworkInterfaceId: primary?.NetworkInterfaceId,
      PrivateIpAddress: primary?.PrivateIp
    })
  })

  it('works with the SDK waiter', async () => {
    const created = await sample.ec2.send(
      new CreateNatGatewayCommand({
        SubnetId: sample.ids.publicSubnetIds.b,
        AllocationId: sample.ids.allocationIds[2]
      })
    )
    const id = created.NatGateway?.NatGatewayId as string
    const result = await waitUntilNatGatewayAvailable(
      { client: sample.ec2, minDelay: 1, maxDelay: 1, maxWaitTime: 10 },
      { NatGatewayIds: [id] }
    )
    expect(result.state).toBe('SUCCESS')
  })

  it('private connectivity gets a private IP and no Elastic IP', async () => {
    const created = await sample.ec2.send(
      new CreateNatGatewayCommand({
        SubnetId: sample.ids.privateSubnetIds.a,
        ConnectivityType: 'private'
      })
    )
    const ready = await waitForState(sample.ec2, created.NatGateway?.NatGatewayId as string, [
      'available'
    ])
    expect(ready.ConnectivityType).toBe('private')
    expect(ready.NatGatewayAddresses).toHaveLength(1)
    expect(ready.NatGatewayAddresses?.[0]?.AllocationId).toBeUndefined()
    expect(ready.NatGatewayAddresses?.[0]?.PrivateIp).toMatch(/^10\.0\.2\.\d+$/)
  })

  it.each([
    [{ SubnetId: 'subnet-00000000000000000', AllocationId: 'x' }, 'InvalidSubnetID.NotFound'],
    [{ AllocationId: 'eipalloc-1' }, 'MissingParameter'],
    [{ SubnetId: 'PUBLIC' }, 'MissingParameter'],
    [
      { SubnetId: 'PUBLIC', AllocationId: 'eipalloc-00000000000000000' },
      'InvalidAllocationID.NotFound'
    ],
    [
      { SubnetId: 'PUBLIC', ConnectivityType: 'private', AllocationId: 'EIP' },
      'InvalidParameterCombination'
    ],
    [
      { SubnetId: 'PUBLIC', AllocationId: 'EIP', ClientToken: 'x'.repeat(65) },
      'InvalidParameterValue'
    ]
  ] as const)('rejects %j with %s', async (input, code) => {
    const resolved = Object.fromEntries(
      Object.entries(input).map(([k, v]) => [
        k,
        v === 'PUBLIC'
          ? sample.ids.publicSubnetIds.a
          : v === 'EIP'
            ? sample.ids.allocationIds[0]
            : v
      ])
    )
    const err = await rejection(sample.ec2.send(new CreateNatGatewayCommand(resolved)))
    expect(err.name).toBe(code)
    expect(err.$metadata?.httpStatusCode).toBe(400)
  })

  it('fails with Gateway.NotAttached when the VPC has no internet gateway', async () => {
    sample.emu.world.detachInternetGateway(sample.ids.internetGatewayId)
    const created = await sample.ec2.send(
      new CreateNatGatewayCommand({
        SubnetId: sample.ids.publicSubnetIds.a,
        AllocationId: sample.ids.allocationIds[0]
      })
    )
    const failed = await waitForState(sample.ec2, created.NatGateway?.NatGatewayId as string, [
      'failed'
    ])
    expect(failed.FailureCode).toBe('Gateway.NotAttached')
    expect(failed.FailureMessage).toContain(sample.ids.vpcId)
  })

  it('fails with Resource.AlreadyAssociated when the Elastic IP is in use', async () => {
    sample.emu.world.associateAddress(sample.ids.allocationIds[0] as string)
    const created = await sample.ec2.send(
      new CreateNatGatewayCommand({
        SubnetId: sample.ids.publicSubnetIds.a,
        AllocationId: sample.ids.allocationIds[0]
      })
    )
    const failed = await waitForState(sample.ec2, created.NatGateway?.NatGatewayId as string, [
      'failed'
    ])
    expect(failed.FailureCode).toBe('Resource.AlreadyAssociated')
    expect(failed.FailureMessage).toContain(sample.ids.allocationIds[0])
  })

  it('enforces 5 gateways per zone', async () => {
    for (let i = 0; i < 5; i++) {
      await sample.ec2.send(
        new CreateNatGatewayCommand({
          SubnetId: sample.ids.privateSubnetIds.a,
          ConnectivityType: 'private'
        })
      )
    }
    const err = await rejection(
      sample.ec2.send(
        new CreateNatGatewayCommand({
          SubnetId: sample.ids.publicSubnetIds.a,
          ConnectivityType: 'private'
        })
      )
    )
    expect(err.name).toBe('NatGatewayLimitExceeded')
  })
})

describe('ClientToken', () => {
  it('returns the same gateway for the same token and parameters', async () => {
    const input = {
      SubnetId: sample.ids.publicSubnetIds.a,
      AllocationId: sample.ids.allocationIds[0],
      ClientToken: 'same-token',
      TagSpecifications: tagSpec('t')
    }
    const a = await sample.ec2.send(new CreateNatGatewayCommand(input))
    const b = await sample.ec2.send(new CreateNatGatewayCommand(input))
    expect(b.NatGateway?.NatGatewayId).toBe(a.NatGateway?.NatGatewayId)
    expect(b.ClientToken).toBe('same-token')
    expect(sample.emu.world.natGateways.size).toBe(1)
  })

  it('answers IdempotentParameterMismatch for different parameters', async () => {
    await sample.ec2.send(
      new CreateNatGatewayCommand({
        SubnetId: sample.ids.publicSubnetIds.a,
        AllocationId: sample.ids.allocationIds[0],
        ClientToken: 'tok'
      })
    )
    const err = await rejection(
      sample.ec2.send(
        new CreateNatGatewayCommand({
          SubnetId: sample.ids.publicSubnetIds.b,
          AllocationId: sample.ids.allocationIds[1],
          ClientToken: 'tok'
        })
      )
    )
    expect(err.name).toBe('IdempotentParameterMismatch')
    expect(err.$metadata?.httpStatusCode).toBe(400)
  })
})

describe('regional NAT gateway', () => {
  it('manual mode: addresses per zone (by name and by zone ID), own route table', async () => {
    const created = await sample.ec2.send(
      new CreateNatGatewayCommand({
        AvailabilityMode: 'regional',
        VpcId: sample.ids.vpcId,
        AvailabilityZoneAddresses: [
          {
            AvailabilityZone: 'eu-west-1a',
            AllocationIds: [sample.ids.allocationIds[0] as string]
          },
          {
            AvailabilityZoneId: 'euw1-az2',
            AllocationIds: [
              sample.ids.allocationIds[1] as string,
              sample.ids.allocationIds[2] as string
            ]
          }
        ],
        TagSpecifications: tagSpec('regional')
      })
    )
    const gw = created.NatGateway
    expect(gw?.AvailabilityMode).toBe('regional')
    expect(gw?.SubnetId).toBeUndefined()
    expect(gw?.AutoProvisionZones).toBe('disabled')
    expect(gw?.AutoScalingIps).toBe('disabled')
    expect(gw?.RouteTableId).toMatch(/^rtb-/)
    const ready = await waitForState(sample.ec2, gw?.NatGatewayId as string, ['available'])
    expect(
      ready.NatGatewayAddresses?.map(a => [
        a.AllocationId,
        a.AvailabilityZone,
        a.AvailabilityZoneId,
        a.IsPrimary,
        a.Status
      ])
    ).toEqual([
      [sample.ids.allocationIds[0], 'eu-west-1a', 'euw1-az1', true, 'succeeded'],
      [sample.ids.allocationIds[1], 'eu-west-1b', 'euw1-az2', true, 'succeeded'],
      [sample.ids.allocationIds[2], 'eu-west-1b', 'euw1-az2', false, 'succeeded']
    ])
    const [a, b1, b2] = ready.NatGatewayAddresses ?? []
    expect(b1?.NetworkInterfaceId).toBe(b2?.NetworkInterfaceId)
    expect(a?.NetworkInterfaceId).not.toBe(b1?.NetworkInterfaceId)

    const rt = await sample.ec2.send(
      new DescribeRouteTablesCommand({ RouteTableIds: [ready.RouteTableId as string] })
    )
    expect(rt.RouteTables?.[0]?.VpcId).toBe(sample.ids.vpcId)
    expect(
      rt.RouteTables?.[0]?.Routes?.find(r => r.DestinationCidrBlock === '0.0.0.0/0')
    ).toMatchObject({
      GatewayId: sample.ids.internetGatewayId,
      State: 'active'
    })
  })

  it('automatic mode: one AWS-managed address per zone with a subnet', async () => {
    const created = await sample.ec2.send(
      new CreateNatGatewayCommand({ AvailabilityMode: 'regional', VpcId: sample.ids.vpcId })
    )
    expect(created.NatGateway?.AutoProvisionZones).toBe('enabled')
    expect(created.NatGateway?.NatGatewayAddresses ?? []).toEqual([])
    const ready = await waitForState(sample.ec2, created.NatGateway?.NatGatewayId as string, [
      'available'
    ])
    expect(ready.NatGatewayAddresses?.map(a => a.AvailabilityZone)).toEqual([
      'eu-west-1a',
      'eu-west-1b'
    ])
    expect(ready.NatGatewayAddresses?.every(a => a.Status === 'succeeded' && a.PublicIp)).toBe(true)
    const eips = await sample.ec2.send(
      new DescribeAddressesCommand({
        AllocationIds: [ready.NatGatewayAddresses?.[0]?.AllocationId as string]
      })
    )
    expect(eips.Addresses?.[0]?.ServiceManaged).toBe('rnat')
  })

  it('automatic mode: addresses appear autoExpansionMs after available, and follow new zones', async () => {
    sample.emu.world.options.autoExpansionMs = 250
    try {
      const clock = stopClock()
      const created = await sample.ec2.send(
        new CreateNatGatewayCommand({ AvailabilityMode: 'regional', VpcId: sample.ids.vpcId })
      )
      const id = created.NatGateway?.NatGatewayId as string
      clock.advance(150) // provisioningMs
      const ready = await waitForState(sample.ec2, id, ['available'])
      expect(ready.NatGatewayAddresses ?? []).toEqual([])
      clock.advance(300)
      const zones = async () =>
        (
          await sample.ec2.send(new DescribeNatGatewaysCommand({ NatGatewayIds: [id] }))
        ).NatGateways?.[0]?.NatGatewayAddresses?.map(a => a.AvailabilityZoneId)
      expect(await zones()).toEqual(['euw1-az1', 'euw1-az2'])
      sample.emu.world.addSubnet(sample.ids.vpcId, 'c')
      expect(await zones()).toEqual(['euw1-az1', 'euw1-az2', 'euw1-az3'])
    } finally {
      sample.emu.world.options.autoExpansionMs = 0
    }
  })

  it.each([
    [{ VpcId: 'vpc-00000000000000000' }, 'InvalidVpcID.NotFound'],
    [{}, 'MissingParameter'],
    [{ VpcId: 'VPC', ConnectivityType: 'private' }, 'InvalidParameterValue'],
    [{ VpcId: 'VPC', SubnetId: 'PUBLIC' }, 'InvalidParameterCombination'],
    [
      {
        VpcId: 'VPC',
        AvailabilityZoneAddresses: [{ AvailabilityZone: 'eu-west-1z', AllocationIds: ['EIP'] }]
      },
      'InvalidParameterValue'
    ],
    [
      {
        VpcId: 'VPC',
        AvailabilityZoneAddresses: [
          { AvailabilityZone: 'eu-west-1a', AllocationIds: ['eipalloc-0'] }
        ]
      },
      'InvalidAllocationID.NotFound'
    ]
  ] as const)('rejects %j with %s', async (input, code) => {
    const sub = (v: string): string =>
      v === 'VPC'
        ? sample.ids.vpcId
        : v === 'PUBLIC'
          ? sample.ids.publicSubnetIds.a
          : v === 'EIP'
            ? (sample.ids.allocationIds[0] as string)
            : v
    const resolved = JSON.parse(JSON.stringify(input), (_k, v: unknown) =>
      typeof v === 'string' ? sub(v) : v
    )
    const err = await rejection(
      sample.ec2.send(new CreateNatGatewayCommand({ AvailabilityMode: 'regional', ...resolved }))
    )
    expect(err.name).toBe(code)
  })
})

describe('DeleteNatGateway', () => {
  it('deleting → deleted; routes go blackhole; Elastic IPs stay allocated, unassociated', async () => {
    const id = sample.emu.world.addNatGateway({
      subnetId: sample.ids.publicSubnetIds.a,
      allocationIds: [sample.ids.allocationIds[0] as string]
    })
    sample.emu.world.routeTables.get(sample.ids.privateRouteTableIds.a)?.routes.push({
      destinationCidrBlock: '0.0.0.0/0',
      natGatewayId: id,
      origin: 'CreateRoute'
    })
    const clock = stopClock()
    const del = await sample.ec2.send(new DeleteNatGatewayCommand({ NatGatewayId: id }))
    expect(del.NatGatewayId).toBe(id)
    const deleting = await sample.ec2.send(new DescribeNatGatewaysCommand({ NatGatewayIds: [id] }))
    expect(deleting.NatGateways?.[0]?.State).toBe('deleting')
    clock.advance(150)
    const deleted = await waitForState(sample.ec2, id, ['deleted'])
    expect(deleted.DeleteTime).toBeInstanceOf(Date)
    const rt = await sample.ec2.send(
      new DescribeRouteTablesCommand({ RouteTableIds: [sample.ids.privateRouteTableIds.a] })
    )
    expect(rt.RouteTables?.[0]?.Routes?.find(r => r.NatGatewayId === id)?.State).toBe('blackhole')
    const eip = await sample.ec2.send(
      new DescribeAddressesCommand({ AllocationIds: [sample.ids.allocationIds[0] as string] })
    )
    expect(eip.Addresses?.[0]?.AllocationId).toBe(sample.ids.allocationIds[0])
    expect(eip.Addresses?.[0]?.AssociationId).toBeUndefined()
  })

  it('answers NatGatewayNotFound for an unknown ID', async () => {
    const err = await rejection(
      sample.ec2.send(new DeleteNatGatewayCommand({ NatGatewayId: 'nat-00000000000000000' }))
    )
    expect(err.name).toBe('NatGatewayNotFound')
  })
})

describe('DescribeNatGateways', () => {
  it('filters by vpc-id, state, subnet-id, tag and tag-key; unknown IDs → NatGatewayNotFound', async () => {
    const a = sample.emu.world.addNatGateway({
      subnetId: sample.ids.publicSubnetIds.a,
      allocationIds: [sample.ids.allocationIds[0] as string],
      tags: [{ Key: 'owner', Value: 'me' }]
    })
    const b = sample.emu.world.addNatGateway({
      subnetId: sample.ids.privateSubnetIds.b,
      connectivityType: 'private'
    })
    const ids = async (Filter: { Name: string; Values: string[] }[]) =>
      (await sample.ec2.send(new DescribeNatGatewaysCommand({ Filter }))).NatGateways?.map(
        g => g.NatGatewayId
      )
    expect(await ids([{ Name: 'vpc-id', Values: [sample.ids.vpcId] }])).toEqual([a, b])
    expect(await ids([{ Name: 'tag:owner', Values: ['me'] }])).toEqual([a])
    expect(await ids([{ Name: 'tag-key', Values: ['owner'] }])).toEqual([a])
    expect(await ids([{ Name: 'subnet-id', Values: [sample.ids.privateSubnetIds.b] }])).toEqual([b])
    expect(
      await ids([
        { Name: 'state', Values: ['pending', 'available'] },
        { Name: 'nat-gateway-id', Values: [b] }
      ])
    ).toEqual([b])
    expect(await ids([{ Name: 'state', Values: ['failed'] }])).toEqual([])
    const err = await rejection(
      sample.ec2.send(
        new DescribeNatGatewaysCommand({ NatGatewayIds: [a, 'nat-00000000000000000'] })
      )
    )
    expect(err.name).toBe('NatGatewayNotFound')
    const bad = await rejection(
      sample.ec2.send(new DescribeNatGatewaysCommand({ Filter: [{ Name: 'mode', Values: ['x'] }] }))
    )
    expect(bad.name).toBe('InvalidParameterValue')
  })

  it('paginates with MaxResults / NextToken', async () => {
    for (let i = 0; i < 7; i++) {
      sample.emu.world.addNatGateway({
        subnetId: sample.ids.privateSubnetIds.a,
        connectivityType: 'private',
        state: 'pending'
      })
      if (i === 4) sample.emu.world.natGateways.forEach(g => (g.state = 'deleted'))
    }
    const pages: number[] = []
    for await (const page of paginateDescribeNatGateways({ client: sample.ec2, pageSize: 5 }, {})) {
      pages.push(page.NatGateways?.length ?? 0)
    }
    expect(pages).toEqual([5, 2])
    const err = await rejection(sample.ec2.send(new DescribeNatGatewaysCommand({ MaxResults: 2 })))
    expect(err.name).toBe('InvalidParameterValue')
    await sleep(0)
  })
})
