import { describe, expect, it } from '@jest/globals'
import {
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  CreateNatGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DeleteInternetGatewayCommand,
  DeleteNatGatewayCommand,
  DeleteRouteTableCommand,
  DeleteSubnetCommand,
  DeleteVpcCommand,
  DescribeInternetGatewaysCommand,
  DescribeRouteTablesCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  DetachInternetGatewayCommand,
  DisassociateRouteTableCommand
} from '@aws-sdk/client-ec2'
import type { EC2Client } from '@aws-sdk/client-ec2'
import { rejection, useSampleEmulator, waitForState } from './test-helpers.ts'

const sample = useSampleEmulator({ provisioningMs: 50, deletingMs: 50 })

const tagged = (type: 'vpc' | 'subnet' | 'internet-gateway' | 'route-table', value: string) => [
  { ResourceType: type, Tags: [{ Key: 'purpose', Value: value }] }
]

/** A VPC with an attached internet gateway, one subnet and its own route table. */
async function buildVpc(ec2: EC2Client) {
  const vpc = await ec2.send(
    new CreateVpcCommand({ CidrBlock: '10.9.0.0/16', TagSpecifications: tagged('vpc', 'test') })
  )
  const vpcId = vpc.Vpc?.VpcId as string
  const igw = await ec2.send(
    new CreateInternetGatewayCommand({ TagSpecifications: tagged('internet-gateway', 'test') })
  )
  const igwId = igw.InternetGateway?.InternetGatewayId as string
  await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igwId, VpcId: vpcId }))
  const subnet = await ec2.send(
    new CreateSubnetCommand({
      VpcId: vpcId,
      CidrBlock: '10.9.1.0/24',
      AvailabilityZone: 'eu-west-1b',
      TagSpecifications: tagged('subnet', 'test')
    })
  )
  const subnetId = subnet.Subnet?.SubnetId as string
  const table = await ec2.send(
    new CreateRouteTableCommand({ VpcId: vpcId, TagSpecifications: tagged('route-table', 'test') })
  )
  const tableId = table.RouteTable?.RouteTableId as string
  const association = await ec2.send(
    new AssociateRouteTableCommand({ RouteTableId: tableId, SubnetId: subnetId })
  )
  return { vpc, igw, subnet, table, association, vpcId, igwId, subnetId, tableId }
}

describe('building a VPC', () => {
  it('answers each create call in the shapes the SDK reads', async () => {
    const built = await buildVpc(sample.ec2)
    expect(built.vpc.Vpc).toMatchObject({
      VpcId: expect.stringMatching(/^vpc-[0-9a-f]{17}$/),
      CidrBlock: '10.9.0.0/16',
      State: 'pending',
      Tags: [{ Key: 'purpose', Value: 'test' }]
    })
    expect(built.igw.InternetGateway).toMatchObject({
      InternetGatewayId: expect.stringMatching(/^igw-/),
      Attachments: [],
      Tags: [{ Key: 'purpose', Value: 'test' }]
    })
    expect(built.subnet.Subnet).toMatchObject({
      SubnetId: expect.stringMatching(/^subnet-/),
      VpcId: built.vpcId,
      CidrBlock: '10.9.1.0/24',
      AvailabilityZone: 'eu-west-1b',
      AvailabilityZoneId: 'euw1-az2',
      Tags: [{ Key: 'purpose', Value: 'test' }]
    })
    expect(built.table.RouteTable).toMatchObject({
      VpcId: built.vpcId,
      Routes: [{ DestinationCidrBlock: '10.9.0.0/16', GatewayId: 'local', State: 'active' }],
      Associations: [],
      Tags: [{ Key: 'purpose', Value: 'test' }]
    })
    expect(built.association.AssociationId).toMatch(/^rtbassoc-/)
    expect(built.association.AssociationState?.State).toBe('associated')
  })

  it('shows the built VPC to the Describe calls, found by its tag', async () => {
    const built = await buildVpc(sample.ec2)
    const filter = [{ Name: 'tag:purpose', Values: ['test'] }]
    const vpcs = await sample.ec2.send(new DescribeVpcsCommand({ Filters: filter }))
    expect(vpcs.Vpcs?.map(v => v.VpcId)).toEqual([built.vpcId])
    const igws = await sample.ec2.send(new DescribeInternetGatewaysCommand({ Filters: filter }))
    expect(igws.InternetGateways?.[0]?.Attachments).toEqual([
      { VpcId: built.vpcId, State: 'available' }
    ])
    const tables = await sample.ec2.send(
      new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [built.vpcId] }] })
    )
    const main = tables.RouteTables?.find(t => t.Associations?.some(a => a.Main))
    const own = tables.RouteTables?.find(t => t.RouteTableId === built.tableId)
    expect(main?.Tags).toEqual([])
    expect(own?.Associations?.map(a => a.SubnetId)).toEqual([built.subnetId])
  })

  it('refuses what EC2 refuses: a subnet outside the VPC or overlapping, a second gateway or association', async () => {
    const built = await buildVpc(sample.ec2)
    const subnet = (CidrBlock: string) =>
      sample.ec2.send(new CreateSubnetCommand({ VpcId: built.vpcId, CidrBlock }))
    expect((await rejection(subnet('10.8.0.0/24'))).name).toBe('InvalidSubnet.Range')
    expect((await rejection(subnet('10.9.1.128/25'))).name).toBe('InvalidSubnet.Conflict')
    expect(
      (
        await rejection(
          sample.ec2.send(
            new CreateSubnetCommand({
              VpcId: built.vpcId,
              CidrBlock: '10.9.2.0/24',
              AvailabilityZone: 'us-east-1a'
            })
          )
        )
      ).name
    ).toBe('InvalidParameterValue')
    expect(
      (await rejection(sample.ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/8' })))).name
    ).toBe('InvalidVpc.Range')
    const second = await sample.ec2.send(new CreateInternetGatewayCommand({}))
    const attachSecond = await rejection(
      sample.ec2.send(
        new AttachInternetGatewayCommand({
          InternetGatewayId: second.InternetGateway?.InternetGatewayId,
          VpcId: built.vpcId
        })
      )
    )
    expect(attachSecond.name).toBe('Resource.AlreadyAssociated')
    const again = await rejection(
      sample.ec2.send(
        new AssociateRouteTableCommand({ RouteTableId: built.tableId, SubnetId: built.subnetId })
      )
    )
    expect(again.name).toBe('Resource.AlreadyAssociated')
  })
})

describe('tearing a VPC down', () => {
  it('refuses each deletion while something depends on it, then deletes in order', async () => {
    const ec2 = sample.ec2
    const built = await buildVpc(ec2)
    await ec2.send(
      new CreateRouteCommand({
        RouteTableId: built.tableId,
        DestinationCidrBlock: '0.0.0.0/0',
        GatewayId: built.igwId
      })
    )
    const nat = await ec2.send(
      new CreateNatGatewayCommand({
        SubnetId: built.subnetId,
        AllocationId: sample.ids.allocationIds[0]
      })
    )
    const natId = nat.NatGateway?.NatGatewayId as string
    await waitForState(ec2, natId, ['available'])
    const name = async (p: Promise<unknown>) => (await rejection(p)).name

    expect(await name(ec2.send(new DeleteVpcCommand({ VpcId: built.vpcId })))).toBe(
      'DependencyViolation'
    )
    expect(await name(ec2.send(new DeleteSubnetCommand({ SubnetId: built.subnetId })))).toBe(
      'DependencyViolation'
    )
    const detach = new DetachInternetGatewayCommand({
      InternetGatewayId: built.igwId,
      VpcId: built.vpcId
    })
    const mapped = await rejection(ec2.send(detach))
    expect(mapped.name).toBe('DependencyViolation')
    expect(mapped.message).toContain('mapped public address')
    expect(
      await name(ec2.send(new DeleteInternetGatewayCommand({ InternetGatewayId: built.igwId })))
    ).toBe('DependencyViolation')
    expect(await name(ec2.send(new DeleteRouteTableCommand({ RouteTableId: built.tableId })))).toBe(
      'DependencyViolation'
    )

    await ec2.send(new DeleteNatGatewayCommand({ NatGatewayId: natId }))
    await waitForState(ec2, natId, ['deleted'])
    await ec2.send(
      new DisassociateRouteTableCommand({ AssociationId: built.association.AssociationId })
    )
    await ec2.send(new DeleteRouteTableCommand({ RouteTableId: built.tableId }))
    await ec2.send(new DeleteSubnetCommand({ SubnetId: built.subnetId }))
    await ec2.send(detach)
    await ec2.send(new DeleteInternetGatewayCommand({ InternetGatewayId: built.igwId }))
    await ec2.send(new DeleteVpcCommand({ VpcId: built.vpcId }))

    expect(await name(ec2.send(new DescribeVpcsCommand({ VpcIds: [built.vpcId] })))).toBe(
      'InvalidVpcID.NotFound'
    )
    const left = await ec2.send(
      new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [built.vpcId] }] })
    )
    expect(left.RouteTables).toEqual([])
    const subnets = await ec2.send(
      new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [built.vpcId] }] })
    )
    expect(subnets.Subnets).toEqual([])
  })

  it('answers an unknown association or a detach from the wrong VPC with EC2 codes', async () => {
    const built = await buildVpc(sample.ec2)
    const unknown = await rejection(
      sample.ec2.send(
        new DisassociateRouteTableCommand({ AssociationId: 'rtbassoc-0123456789abcdef0' })
      )
    )
    expect(unknown.name).toBe('InvalidAssociationID.NotFound')
    const wrong = await rejection(
      sample.ec2.send(
        new DetachInternetGatewayCommand({
          InternetGatewayId: built.igwId,
          VpcId: sample.ids.vpcId
        })
      )
    )
    expect(wrong.name).toBe('Gateway.NotAttached')
  })
})
