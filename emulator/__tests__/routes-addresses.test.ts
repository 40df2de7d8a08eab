import { beforeEach, describe, expect, it } from '@jest/globals'
import {
  AllocateAddressCommand,
  CreateRouteCommand,
  CreateTagsCommand,
  DeleteRouteCommand,
  DeleteTagsCommand,
  DescribeAddressesCommand,
  DescribeAvailabilityZonesCommand,
  DescribeInternetGatewaysCommand,
  DescribeRouteTablesCommand,
  DescribeSubnetsCommand,
  DescribeTagsCommand,
  DescribeVpcsCommand,
  ReleaseAddressCommand,
  ReplaceRouteCommand,
  paginateDescribeRouteTables
} from '@aws-sdk/client-ec2'
import type { CreateRouteCommandInput } from '@aws-sdk/client-ec2'
import { rejection, useSampleEmulator } from './test-helpers.ts'

const sample = useSampleEmulator({ provisioningMs: 100, deletingMs: 100 })
let nat: string
beforeEach(() => {
  nat = sample.emu.world.addNatGateway({
    subnetId: sample.ids.publicSubnetIds.a,
    allocationIds: [sample.ids.allocationIds[0] as string]
  })
})

const routesOf = async (id: string) =>
  (await sample.ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [id] }))).RouteTables?.[0]
    ?.Routes

describe('routes', () => {
  it('CreateRoute to a NAT gateway, then RouteAlreadyExists', async () => {
    const rt = sample.ids.privateRouteTableIds.a
    const out = await sample.ec2.send(
      new CreateRouteCommand({
        RouteTableId: rt,
        DestinationCidrBlock: '0.0.0.0/0',
        NatGatewayId: nat
      })
    )
    expect(out.Return).toBe(true)
    expect(await routesOf(rt)).toEqual([
      {
        DestinationCidrBlock: '10.0.0.0/16',
        GatewayId: 'local',
        Origin: 'CreateRouteTable',
        State: 'active'
      },
      {
        DestinationCidrBlock: '0.0.0.0/0',
        NatGatewayId: nat,
        Origin: 'CreateRoute',
        State: 'active'
      }
    ])
    const err = await rejection(
      sample.ec2.send(
        new CreateRouteCommand({
          RouteTableId: rt,
          DestinationCidrBlock: '0.0.0.0/0',
          NatGatewayId: nat
        })
      )
    )
    expect(err.name).toBe('RouteAlreadyExists')
    expect(err.$metadata?.httpStatusCode).toBe(400)
  })

  it.each([
    [
      { RouteTableId: 'rtb-00000000000000000', NatGatewayId: 'NAT' },
      'InvalidRouteTableID.NotFound'
    ],
    [{ RouteTableId: 'RT', NatGatewayId: 'nat-00000000000000000' }, 'InvalidNatGatewayID.NotFound'],
    [
      { RouteTableId: 'RT', GatewayId: 'igw-00000000000000000' },
      'InvalidInternetGatewayID.NotFound'
    ],
    [{ RouteTableId: 'RT' }, 'MissingParameter'],
    [
      { RouteTableId: 'RT', NatGatewayId: 'NAT', DestinationCidrBlock: '0.0.0.0/33' },
      'InvalidParameterValue'
    ]
  ] as const)('CreateRoute %j → %s', async (input, code) => {
    const resolved = Object.fromEntries(
      Object.entries({ DestinationCidrBlock: '0.0.0.0/0', ...input }).map(([k, v]) => [
        k,
        v === 'RT' ? sample.ids.privateRouteTableIds.a : v === 'NAT' ? nat : v
      ])
    ) as unknown as CreateRouteCommandInput
    const err = await rejection(sample.ec2.send(new CreateRouteCommand(resolved)))
    expect(err.name).toBe(code)
  })

  it('ReplaceRoute and DeleteRoute', async () => {
    const rt = sample.ids.publicRouteTableId
    const err = await rejection(
      sample.ec2.send(
        new ReplaceRouteCommand({
          RouteTableId: sample.ids.privateRouteTableIds.a,
          DestinationCidrBlock: '0.0.0.0/0',
          NatGatewayId: nat
        })
      )
    )
    expect(err.name).toBe('InvalidParameterValue')
    expect(err.message).toContain('Use CreateRoute instead')
    await sample.ec2.send(
      new ReplaceRouteCommand({
        RouteTableId: rt,
        DestinationCidrBlock: '0.0.0.0/0',
        NatGatewayId: nat
      })
    )
    expect((await routesOf(rt))?.[1]).toEqual({
      DestinationCidrBlock: '0.0.0.0/0',
      NatGatewayId: nat,
      Origin: 'CreateRoute',
      State: 'active'
    })
    await sample.ec2.send(
      new DeleteRouteCommand({ RouteTableId: rt, DestinationCidrBlock: '0.0.0.0/0' })
    )
    expect(await routesOf(rt)).toHaveLength(1)
    const gone = await rejection(
      sample.ec2.send(
        new DeleteRouteCommand({ RouteTableId: rt, DestinationCidrBlock: '0.0.0.0/0' })
      )
    )
    expect(gone.name).toBe('InvalidRoute.NotFound')
  })

  it('DescribeRouteTables filters and associations', async () => {
    sample.emu.world.routeTables.get(sample.ids.privateRouteTableIds.b)?.routes.push({
      destinationCidrBlock: '0.0.0.0/0',
      natGatewayId: nat,
      origin: 'CreateRoute'
    })
    const ids = async (Filters: { Name: string; Values: string[] }[]) =>
      (await sample.ec2.send(new DescribeRouteTablesCommand({ Filters }))).RouteTables?.map(
        t => t.RouteTableId
      )
    expect(
      await ids([{ Name: 'association.subnet-id', Values: [sample.ids.privateSubnetIds.a] }])
    ).toEqual([sample.ids.privateRouteTableIds.a])
    expect(await ids([{ Name: 'association.main', Values: ['true'] }])).toEqual([
      sample.ids.mainRouteTableId
    ])
    expect(await ids([{ Name: 'route.nat-gateway-id', Values: [nat] }])).toEqual([
      sample.ids.privateRouteTableIds.b
    ])
    expect(await ids([{ Name: 'route.destination-cidr-block', Values: ['0.0.0.0/0'] }])).toEqual([
      sample.ids.publicRouteTableId,
      sample.ids.privateRouteTableIds.b
    ])
    expect(await ids([{ Name: 'tag:Name', Values: ['private-*'] }])).toEqual([
      sample.ids.privateRouteTableIds.a,
      sample.ids.privateRouteTableIds.b
    ])
    expect(await ids([{ Name: 'vpc-id', Values: ['vpc-other'] }])).toEqual([])
    const pub = await sample.ec2.send(
      new DescribeRouteTablesCommand({ RouteTableIds: [sample.ids.publicRouteTableId] })
    )
    expect(pub.RouteTables?.[0]?.Associations?.map(a => [a.SubnetId, a.Main])).toEqual([
      [sample.ids.publicSubnetIds.a, false],
      [sample.ids.publicSubnetIds.b, false]
    ])
    expect(pub.RouteTables?.[0]?.Tags).toEqual([{ Key: 'Name', Value: 'public' }])
    const err = await rejection(
      sample.ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: ['rtb-00000000000000000'] }))
    )
    expect(err.name).toBe('InvalidRouteTableID.NotFound')
    for (let i = 0; i < 3; i++) sample.emu.world.addRouteTable(sample.ids.vpcId)
    const pages: number[] = []
    for await (const p of paginateDescribeRouteTables({ client: sample.ec2, pageSize: 5 }, {}))
      pages.push(p.RouteTables?.length ?? 0)
    expect(pages).toEqual([5, 2])
  })
})

describe('Elastic IPs', () => {
  it('allocate with tags, describe by filter, release; errors', async () => {
    const out = await sample.ec2.send(
      new AllocateAddressCommand({
        Domain: 'vpc',
        TagSpecifications: [
          { ResourceType: 'elastic-ip', Tags: [{ Key: 'owner', Value: 'action' }] }
        ]
      })
    )
    expect(out.AllocationId).toMatch(/^eipalloc-[0-9a-f]{17}$/)
    expect(out.PublicIp).toMatch(/^203\.0\.113\.\d+$/)
    const tagged = await sample.ec2.send(
      new DescribeAddressesCommand({ Filters: [{ Name: 'tag:owner', Values: ['action'] }] })
    )
    expect(tagged.Addresses?.map(a => [a.AllocationId, a.PublicIp, a.Tags])).toEqual([
      [out.AllocationId, out.PublicIp, [{ Key: 'owner', Value: 'action' }]]
    ])
    const used = await sample.ec2.send(
      new DescribeAddressesCommand({
        Filters: [{ Name: 'association-id', Values: ['eipassoc-*'] }]
      })
    )
    expect(used.Addresses?.map(a => a.AllocationId)).toEqual([sample.ids.allocationIds[0]])
    expect(used.Addresses?.[0]?.NetworkInterfaceId).toMatch(/^eni-/)

    const inUse = await rejection(
      sample.ec2.send(new ReleaseAddressCommand({ AllocationId: sample.ids.allocationIds[0] }))
    )
    expect(inUse.name).toBe('InvalidIPAddress.InUse')
    await sample.ec2.send(new ReleaseAddressCommand({ AllocationId: out.AllocationId }))
    const gone = await rejection(
      sample.ec2.send(new ReleaseAddressCommand({ AllocationId: out.AllocationId }))
    )
    expect(gone.name).toBe('InvalidAllocationID.NotFound')
    const missing = await rejection(
      sample.ec2.send(
        new DescribeAddressesCommand({ AllocationIds: ['eipalloc-00000000000000000'] })
      )
    )
    expect(missing.name).toBe('InvalidAllocationID.NotFound')
  })

  it('enforces the per-Region address limit and the tag resource type', async () => {
    await sample.ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }))
    await sample.ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }))
    const limit = await rejection(sample.ec2.send(new AllocateAddressCommand({ Domain: 'vpc' })))
    expect(limit.name).toBe('AddressLimitExceeded')
    const type = await rejection(
      sample.ec2.send(
        new AllocateAddressCommand({
          TagSpecifications: [{ ResourceType: 'natgateway', Tags: [{ Key: 'a', Value: 'b' }] }]
        })
      )
    )
    expect(type.name).toBe('InvalidParameterValue')
  })
})

describe('network', () => {
  it('VPCs, subnets, internet gateways and zones', async () => {
    const vpcs = await sample.ec2.send(new DescribeVpcsCommand({ VpcIds: [sample.ids.vpcId] }))
    expect(vpcs.Vpcs?.[0]).toMatchObject({
      VpcId: sample.ids.vpcId,
      CidrBlock: '10.0.0.0/16',
      State: 'available'
    })
    expect(
      (
        await rejection(
          sample.ec2.send(new DescribeVpcsCommand({ VpcIds: ['vpc-00000000000000000'] }))
        )
      ).name
    ).toBe('InvalidVpcID.NotFound')
    const subnets = await sample.ec2.send(
      new DescribeSubnetsCommand({
        Filters: [
          { Name: 'vpc-id', Values: [sample.ids.vpcId] },
          { Name: 'availability-zone', Values: ['eu-west-1b'] }
        ]
      })
    )
    expect(
      subnets.Subnets?.map(x => [x.SubnetId, x.AvailabilityZone, x.AvailabilityZoneId, x.CidrBlock])
    ).toEqual([
      [sample.ids.publicSubnetIds.b, 'eu-west-1b', 'euw1-az2', '10.0.1.0/24'],
      [sample.ids.privateSubnetIds.b, 'eu-west-1b', 'euw1-az2', '10.0.3.0/24']
    ])
    expect(
      (await rejection(sample.ec2.send(new DescribeSubnetsCommand({ SubnetIds: ['subnet-0'] }))))
        .name
    ).toBe('InvalidSubnetID.NotFound')
    const igws = await sample.ec2.send(
      new DescribeInternetGatewaysCommand({
        Filters: [{ Name: 'attachment.vpc-id', Values: [sample.ids.vpcId] }]
      })
    )
    expect(igws.InternetGateways?.map(g => [g.InternetGatewayId, g.Attachments])).toEqual([
      [sample.ids.internetGatewayId, [{ VpcId: sample.ids.vpcId, State: 'available' }]]
    ])
    const zones = await sample.ec2.send(
      new DescribeAvailabilityZonesCommand({ ZoneIds: ['euw1-az3'] })
    )
    expect(
      zones.AvailabilityZones?.map(z => [z.ZoneName, z.ZoneId, z.State, z.RegionName])
    ).toEqual([['eu-west-1c', 'euw1-az3', 'available', 'eu-west-1']])
    const byName = await sample.ec2.send(
      new DescribeAvailabilityZonesCommand({
        Filters: [{ Name: 'zone-name', Values: ['eu-west-1a', 'eu-west-1b'] }]
      })
    )
    expect(byName.AvailabilityZones?.map(z => z.ZoneId)).toEqual(['euw1-az1', 'euw1-az2'])
  })
})

describe('tags', () => {
  it('CreateTags, DescribeTags, DeleteTags', async () => {
    await sample.ec2.send(
      new CreateTagsCommand({
        Resources: [nat, sample.ids.vpcId],
        Tags: [{ Key: 'env', Value: 'test' }]
      })
    )
    const tags = await sample.ec2.send(
      new DescribeTagsCommand({ Filters: [{ Name: 'key', Values: ['env'] }] })
    )
    expect(tags.Tags?.map(t => [t.ResourceId, t.ResourceType, t.Value])).toEqual([
      [sample.ids.vpcId, 'vpc', 'test'],
      [nat, 'natgateway', 'test']
    ])
    await sample.ec2.send(new DeleteTagsCommand({ Resources: [nat], Tags: [{ Key: 'env' }] }))
    const left = await sample.ec2.send(
      new DescribeTagsCommand({ Filters: [{ Name: 'resource-id', Values: [nat] }] })
    )
    expect(left.Tags).toEqual([])
    const err = await rejection(
      sample.ec2.send(new CreateTagsCommand({ Resources: ['nat-00000000000000000'], Tags: [] }))
    )
    expect(err.name).toBe('InvalidNatGatewayID.NotFound')
  })
})
