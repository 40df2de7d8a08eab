import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
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
import type { CreateRouteCommandInput, EC2Client } from '@aws-sdk/client-ec2'
import { startEmulator } from './server.ts'
import type { Emulator } from './server.ts'
import { seedSampleVpc } from './seed.ts'
import type { SampleVpc } from './seed.ts'
import { client, rejection } from './test-helpers.ts'

let emu: Emulator
let ec2: EC2Client
let s: SampleVpc
let nat: string

beforeAll(async () => {
  emu = await startEmulator({ region: 'eu-west-1', provisioningMs: 100, deletingMs: 100 })
  ec2 = client(emu)
})
afterAll(async () => {
  ec2.destroy()
  await emu.close()
})
beforeEach(() => {
  emu.reset()
  s = seedSampleVpc(emu.world)
  nat = emu.world.addNatGateway({
    subnetId: s.publicSubnetIds.a,
    allocationIds: [s.allocationIds[0] as string]
  })
})

const routesOf = async (id: string) =>
  (await ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [id] }))).RouteTables?.[0]?.Routes

describe('routes', () => {
  it('CreateRoute to a NAT gateway, then RouteAlreadyExists', async () => {
    const rt = s.privateRouteTableIds.a
    const out = await ec2.send(
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
      ec2.send(
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
        v === 'RT' ? s.privateRouteTableIds.a : v === 'NAT' ? nat : v
      ])
    ) as unknown as CreateRouteCommandInput
    const err = await rejection(ec2.send(new CreateRouteCommand(resolved)))
    expect(err.name).toBe(code)
  })

  it('ReplaceRoute and DeleteRoute', async () => {
    const rt = s.publicRouteTableId
    const err = await rejection(
      ec2.send(
        new ReplaceRouteCommand({
          RouteTableId: s.privateRouteTableIds.a,
          DestinationCidrBlock: '0.0.0.0/0',
          NatGatewayId: nat
        })
      )
    )
    expect(err.name).toBe('InvalidParameterValue')
    expect(err.message).toContain('Use CreateRoute instead')
    await ec2.send(
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
    await ec2.send(new DeleteRouteCommand({ RouteTableId: rt, DestinationCidrBlock: '0.0.0.0/0' }))
    expect(await routesOf(rt)).toHaveLength(1)
    const gone = await rejection(
      ec2.send(new DeleteRouteCommand({ RouteTableId: rt, DestinationCidrBlock: '0.0.0.0/0' }))
    )
    expect(gone.name).toBe('InvalidRoute.NotFound')
  })

  it('DescribeRouteTables filters and associations', async () => {
    emu.world.routeTables.get(s.privateRouteTableIds.b)?.routes.push({
      destinationCidrBlock: '0.0.0.0/0',
      natGatewayId: nat,
      origin: 'CreateRoute'
    })
    const ids = async (Filters: { Name: string; Values: string[] }[]) =>
      (await ec2.send(new DescribeRouteTablesCommand({ Filters }))).RouteTables?.map(
        t => t.RouteTableId
      )
    expect(await ids([{ Name: 'association.subnet-id', Values: [s.privateSubnetIds.a] }])).toEqual([
      s.privateRouteTableIds.a
    ])
    expect(await ids([{ Name: 'association.main', Values: ['true'] }])).toEqual([
      s.mainRouteTableId
    ])
    expect(await ids([{ Name: 'route.nat-gateway-id', Values: [nat] }])).toEqual([
      s.privateRouteTableIds.b
    ])
    expect(await ids([{ Name: 'route.destination-cidr-block', Values: ['0.0.0.0/0'] }])).toEqual([
      s.publicRouteTableId,
      s.privateRouteTableIds.b
    ])
    expect(await ids([{ Name: 'tag:Name', Values: ['private-*'] }])).toEqual([
      s.privateRouteTableIds.a,
      s.privateRouteTableIds.b
    ])
    expect(await ids([{ Name: 'vpc-id', Values: ['vpc-other'] }])).toEqual([])
    const pub = await ec2.send(
      new DescribeRouteTablesCommand({ RouteTableIds: [s.publicRouteTableId] })
    )
    expect(pub.RouteTables?.[0]?.Associations?.map(a => [a.SubnetId, a.Main])).toEqual([
      [s.publicSubnetIds.a, false],
      [s.publicSubnetIds.b, false]
    ])
    expect(pub.RouteTables?.[0]?.Tags).toEqual([{ Key: 'Name', Value: 'public' }])
    const err = await rejection(
      ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: ['rtb-00000000000000000'] }))
    )
    expect(err.name).toBe('InvalidRouteTableID.NotFound')
    for (let i = 0; i < 3; i++) emu.world.addRouteTable(s.vpcId)
    const pages: number[] = []
    for await (const p of paginateDescribeRouteTables({ client: ec2, pageSize: 5 }, {}))
      pages.push(p.RouteTables?.length ?? 0)
    expect(pages).toEqual([5, 2])
  })
})

describe('Elastic IPs', () => {
  it('allocate with tags, describe by filter, release; errors', async () => {
    const out = await ec2.send(
      new AllocateAddressCommand({
        Domain: 'vpc',
        TagSpecifications: [
          { ResourceType: 'elastic-ip', Tags: [{ Key: 'owner', Value: 'action' }] }
        ]
      })
    )
    expect(out.AllocationId).toMatch(/^eipalloc-[0-9a-f]{17}$/)
    expect(out.PublicIp).toMatch(/^203\.0\.113\.\d+$/)
    const tagged = await ec2.send(
      new DescribeAddressesCommand({ Filters: [{ Name: 'tag:owner', Values: ['action'] }] })
    )
    expect(tagged.Addresses?.map(a => [a.AllocationId, a.PublicIp, a.Tags])).toEqual([
      [out.AllocationId, out.PublicIp, [{ Key: 'owner', Value: 'action' }]]
    ])
    const used = await ec2.send(
      new DescribeAddressesCommand({
        Filters: [{ Name: 'association-id', Values: ['eipassoc-*'] }]
      })
    )
    expect(used.Addresses?.map(a => a.AllocationId)).toEqual([s.allocationIds[0]])
    expect(used.Addresses?.[0]?.NetworkInterfaceId).toMatch(/^eni-/)

    const inUse = await rejection(
      ec2.send(new ReleaseAddressCommand({ AllocationId: s.allocationIds[0] }))
    )
    expect(inUse.name).toBe('InvalidIPAddress.InUse')
    await ec2.send(new ReleaseAddressCommand({ AllocationId: out.AllocationId }))
    const gone = await rejection(
      ec2.send(new ReleaseAddressCommand({ AllocationId: out.AllocationId }))
    )
    expect(gone.name).toBe('InvalidAllocationID.NotFound')
    const missing = await rejection(
      ec2.send(new DescribeAddressesCommand({ AllocationIds: ['eipalloc-00000000000000000'] }))
    )
    expect(missing.name).toBe('InvalidAllocationID.NotFound')
  })

  it('enforces the per-Region address limit and the tag resource type', async () => {
    await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }))
    await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }))
    const limit = await rejection(ec2.send(new AllocateAddressCommand({ Domain: 'vpc' })))
    expect(limit.name).toBe('AddressLimitExceeded')
    const type = await rejection(
      ec2.send(
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
    const vpcs = await ec2.send(new DescribeVpcsCommand({ VpcIds: [s.vpcId] }))
    expect(vpcs.Vpcs?.[0]).toMatchObject({
      VpcId: s.vpcId,
      CidrBlock: '10.0.0.0/16',
      State: 'available'
    })
    expect(
      (await rejection(ec2.send(new DescribeVpcsCommand({ VpcIds: ['vpc-00000000000000000'] }))))
        .name
    ).toBe('InvalidVpcID.NotFound')
    const subnets = await ec2.send(
      new DescribeSubnetsCommand({
        Filters: [
          { Name: 'vpc-id', Values: [s.vpcId] },
          { Name: 'availability-zone', Values: ['eu-west-1b'] }
        ]
      })
    )
    expect(
      subnets.Subnets?.map(x => [x.SubnetId, x.AvailabilityZone, x.AvailabilityZoneId, x.CidrBlock])
    ).toEqual([
      [s.publicSubnetIds.b, 'eu-west-1b', 'euw1-az2', '10.0.1.0/24'],
      [s.privateSubnetIds.b, 'eu-west-1b', 'euw1-az2', '10.0.3.0/24']
    ])
    expect(
      (await rejection(ec2.send(new DescribeSubnetsCommand({ SubnetIds: ['subnet-0'] })))).name
    ).toBe('InvalidSubnetID.NotFound')
    const igws = await ec2.send(
      new DescribeInternetGatewaysCommand({
        Filters: [{ Name: 'attachment.vpc-id', Values: [s.vpcId] }]
      })
    )
    expect(igws.InternetGateways?.map(g => [g.InternetGatewayId, g.Attachments])).toEqual([
      [s.internetGatewayId, [{ VpcId: s.vpcId, State: 'available' }]]
    ])
    const zones = await ec2.send(new DescribeAvailabilityZonesCommand({ ZoneIds: ['euw1-az3'] }))
    expect(
      zones.AvailabilityZones?.map(z => [z.ZoneName, z.ZoneId, z.State, z.RegionName])
    ).toEqual([['eu-west-1c', 'euw1-az3', 'available', 'eu-west-1']])
    const byName = await ec2.send(
      new DescribeAvailabilityZonesCommand({
        Filters: [{ Name: 'zone-name', Values: ['eu-west-1a', 'eu-west-1b'] }]
      })
    )
    expect(byName.AvailabilityZones?.map(z => z.ZoneId)).toEqual(['euw1-az1', 'euw1-az2'])
  })
})

describe('tags', () => {
  it('CreateTags, DescribeTags, DeleteTags', async () => {
    await ec2.send(
      new CreateTagsCommand({ Resources: [nat, s.vpcId], Tags: [{ Key: 'env', Value: 'test' }] })
    )
    const tags = await ec2.send(
      new DescribeTagsCommand({ Filters: [{ Name: 'key', Values: ['env'] }] })
    )
    expect(tags.Tags?.map(t => [t.ResourceId, t.ResourceType, t.Value])).toEqual([
      [s.vpcId, 'vpc', 'test'],
      [nat, 'natgateway', 'test']
    ])
    await ec2.send(new DeleteTagsCommand({ Resources: [nat], Tags: [{ Key: 'env' }] }))
    const left = await ec2.send(
      new DescribeTagsCommand({ Filters: [{ Name: 'resource-id', Values: [nat] }] })
    )
    expect(left.Tags).toEqual([])
    const err = await rejection(
      ec2.send(new CreateTagsCommand({ Resources: ['nat-00000000000000000'], Tags: [] }))
    )
    expect(err.name).toBe('InvalidNatGatewayID.NotFound')
  })
})
