// IPv6 in the emulator: VPC IPv6 blocks, egress-only internet gateways (create with tags and
// ClientToken, describe with attachments, delete), IPv6 routes to them, and DNS64 on subnets.
import { describe, expect, it } from '@jest/globals'
import {
  CreateEgressOnlyInternetGatewayCommand,
  CreateRouteCommand,
  DeleteEgressOnlyInternetGatewayCommand,
  DescribeEgressOnlyInternetGatewaysCommand,
  DescribeRouteTablesCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  ModifySubnetAttributeCommand
} from '@aws-sdk/client-ec2'
import { rejection, useSampleEmulator } from './test-helpers.ts'

const sample = useSampleEmulator()

const create = (token?: string) =>
  sample.ec2.send(
    new CreateEgressOnlyInternetGatewayCommand({
      VpcId: sample.ids.vpcId,
      ClientToken: token,
      TagSpecifications: [
        { ResourceType: 'egress-only-internet-gateway', Tags: [{ Key: 'team', Value: 'net' }] }
      ]
    })
  )

describe('IPv6', () => {
  it('a VPC has no IPv6 block until one is associated, then every table has its local route', async () => {
    const vpcs = async () =>
      (await sample.ec2.send(new DescribeVpcsCommand({ VpcIds: [sample.ids.vpcId] }))).Vpcs?.[0]
    expect((await vpcs())?.Ipv6CidrBlockAssociationSet ?? []).toEqual([])
    const cidr = sample.emu.world.addVpcIpv6Cidr(sample.ids.vpcId)
    expect((await vpcs())?.Ipv6CidrBlockAssociationSet).toEqual([
      expect.objectContaining({ Ipv6CidrBlock: cidr, Ipv6CidrBlockState: { State: 'associated' } })
    ])
    const table = (
      await sample.ec2.send(
        new DescribeRouteTablesCommand({ RouteTableIds: [sample.ids.privateRouteTableIds.a] })
      )
    ).RouteTables?.[0]
    expect(table?.Routes).toContainEqual(
      expect.objectContaining({ DestinationIpv6CidrBlock: cidr, GatewayId: 'local' })
    )
  })

  it('creates an egress-only gateway once per ClientToken, lists it attached, routes ::/0 to it, deletes it', async () => {
    const first = (await create('token-1')).EgressOnlyInternetGateway
    const again = (await create('token-1')).EgressOnlyInternetGateway
    expect(again?.EgressOnlyInternetGatewayId).toBe(first?.EgressOnlyInternetGatewayId)
    const id = first?.EgressOnlyInternetGatewayId ?? ''
    const listed = await sample.ec2.send(new DescribeEgressOnlyInternetGatewaysCommand({}))
    expect(listed.EgressOnlyInternetGateways).toEqual([
      {
        EgressOnlyInternetGatewayId: id,
        Attachments: [{ VpcId: sample.ids.vpcId, State: 'attached' }],
        Tags: [{ Key: 'team', Value: 'net' }]
      }
    ])
    const rt = sample.ids.privateRouteTableIds.a
    await sample.ec2.send(
      new CreateRouteCommand({
        RouteTableId: rt,
        DestinationIpv6CidrBlock: '::/0',
        EgressOnlyInternetGatewayId: id
      })
    )
    const ipv4 = await rejection(
      sample.ec2.send(
        new CreateRouteCommand({
          RouteTableId: rt,
          DestinationCidrBlock: '0.0.0.0/0',
          EgressOnlyInternetGatewayId: id
        })
      )
    )
    expect(ipv4.name).toBe('InvalidParameterValue')
    await sample.ec2.send(
      new DeleteEgressOnlyInternetGatewayCommand({ EgressOnlyInternetGatewayId: id })
    )
    const routes = (await sample.ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [rt] })))
      .RouteTables?.[0]?.Routes
    expect(routes).toContainEqual(
      expect.objectContaining({ DestinationIpv6CidrBlock: '::/0', State: 'blackhole' })
    )
    const gone = await rejection(
      sample.ec2.send(
        new DeleteEgressOnlyInternetGatewayCommand({ EgressOnlyInternetGatewayId: id })
      )
    )
    expect(gone.name).toBe('InvalidEgressOnlyInternetGatewayId.NotFound')
  })

  it('models DNS64 on a subnet: off by default, ModifySubnetAttribute turns it on', async () => {
    const subnetId = sample.ids.privateSubnetIds.a
    const dns64 = async () =>
      (await sample.ec2.send(new DescribeSubnetsCommand({ SubnetIds: [subnetId] }))).Subnets?.[0]
        ?.EnableDns64
    expect(await dns64()).toBe(false)
    await sample.ec2.send(
      new ModifySubnetAttributeCommand({ SubnetId: subnetId, EnableDns64: { Value: true } })
    )
    expect(await dns64()).toBe(true)
  })
})
