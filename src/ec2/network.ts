import {
  DescribeAvailabilityZonesCommand,
  DescribeInternetGatewaysCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  type EC2Client
} from '@aws-sdk/client-ec2'
import {
  type AvailabilityZone,
  type InternetGateway,
  type Subnet,
  type Vpc,
  withId
} from '../model/resources.js'

// Filters rather than ID lists: an unknown ID gives an empty answer, not an error.

export async function describeVpc(ec2: EC2Client, vpcId: string): Promise<Vpc | undefined> {
  const answer = await ec2.send(
    new DescribeVpcsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] })
  )
  return answer.Vpcs?.find(vpc => vpc.VpcId === vpcId)
}

export async function describeAttachedInternetGateways(
  ec2: EC2Client,
  vpcId: string
): Promise<InternetGateway[]> {
  const answer = await ec2.send(
    new DescribeInternetGatewaysCommand({
      Filters: [{ Name: 'attachment.vpc-id', Values: [vpcId] }]
    })
  )
  // EC2 reports an attached internet gateway as `available`, though the SDK's type says `attached`.
  const attached = ['available', 'attached']
  return (answer.InternetGateways ?? []).filter(igw =>
    igw.Attachments?.some(
      attachment => attachment.VpcId === vpcId && attached.includes(attachment.State as string)
    )
  )
}

export async function describeSubnets(ec2: EC2Client, subnetIds: string[]): Promise<Subnet[]> {
  if (subnetIds.length === 0) return []
  const answer = await ec2.send(
    new DescribeSubnetsCommand({ Filters: [{ Name: 'subnet-id', Values: subnetIds }] })
  )
  return withId(answer.Subnets, 'SubnetId').filter(subnet => subnetIds.includes(subnet.SubnetId))
}

/** Every subnet of the VPC: without MaxResults, EC2 answers them all at once. */
export async function describeVpcSubnets(ec2: EC2Client, vpcId: string): Promise<Subnet[]> {
  const answer = await ec2.send(
    new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] })
  )
  return withId(answer.Subnets, 'SubnetId').filter(subnet => subnet.VpcId === vpcId)
}

export async function describeAvailabilityZones(ec2: EC2Client): Promise<AvailabilityZone[]> {
  const answer = await ec2.send(new DescribeAvailabilityZonesCommand({}))
  return answer.AvailabilityZones ?? []
}
