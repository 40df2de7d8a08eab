/**
 * The world builder: a throwaway VPC for one live-test run, everything tagged with the run from
 * its creation (so a build that fails halfway is still found by the cleanup and the sweeper).
 *
 *   VPC 10.42.0.0/16 ── internet gateway
 *   ├─ public subnet   10.42.0.0/24 (zone A), its route table: 0.0.0.0/0 → internet gateway
 *   ├─ private subnet  10.42.1.0/24 (zone A), its own route table
 *   └─ private subnet  10.42.2.0/24 (zone B), its own route table
 *   two Elastic IPs, one per zone, for the regional gateway's manual mode
 */
import {
  AllocateAddressCommand,
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeAvailabilityZonesCommand
} from '@aws-sdk/client-ec2'
import type { EC2Client } from '@aws-sdk/client-ec2'
import { actionTagsInput, tagSpecifications } from './aws.ts'
import type { Run } from './aws.ts'

export interface LiveWorld {
  vpcId: string
  internetGatewayId: string
  zones: [string, string]
  publicSubnetId: string
  publicRouteTableId: string
  privateSubnetIds: [string, string]
  privateRouteTableIds: [string, string]
  /** One Elastic IP per zone, in the order of `zones`. */
  allocationIds: [string, string]
}

const VPC_CIDR = '10.42.0.0/16'

/** The first two zones of the Region (by name) that are available. */
async function twoZones(ec2: EC2Client): Promise<[string, string]> {
  const out = await ec2.send(
    new DescribeAvailabilityZonesCommand({
      Filters: [
        { Name: 'zone-type', Values: ['availability-zone'] },
        { Name: 'state', Values: ['available'] }
      ]
    })
  )
  const names = (out.AvailabilityZones ?? []).map(z => z.ZoneName ?? '').sort()
  const [a, b] = names
  if (!a || !b)
    throw new Error(`The Region has fewer than two available zones: ${names.join(', ')}`)
  return [a, b]
}

async function subnetWithTable(
  ec2: EC2Client,
  run: Run,
  vpcId: string,
  zone: string,
  cidr: string,
  name: string
): Promise<{ subnetId: string; routeTableId: string }> {
  const subnet = await ec2.send(
    new CreateSubnetCommand({
      VpcId: vpcId,
      CidrBlock: cidr,
      AvailabilityZone: zone,
      TagSpecifications: tagSpecifications('subnet', run, name)
    })
  )
  const table = await ec2.send(
    new CreateRouteTableCommand({
      VpcId: vpcId,
      TagSpecifications: tagSpecifications('route-table', run, name)
    })
  )
  const subnetId = subnet.Subnet?.SubnetId as string
  const routeTableId = table.RouteTable?.RouteTableId as string
  await ec2.send(new AssociateRouteTableCommand({ RouteTableId: routeTableId, SubnetId: subnetId }))
  return { subnetId, routeTableId }
}

async function allocate(ec2: EC2Client, run: Run, name: string): Promise<string> {
  const out = await ec2.send(
    new AllocateAddressCommand({
      Domain: 'vpc',
      TagSpecifications: tagSpecifications('elastic-ip', run, name)
    })
  )
  return out.AllocationId as string
}

export async function buildWorld(ec2: EC2Client, run: Run): Promise<LiveWorld> {
  const prefix = `live-${run.runId}`
  const zones = await twoZones(ec2)
  const vpc = await ec2.send(
    new CreateVpcCommand({
      CidrBlock: VPC_CIDR,
      TagSpecifications: tagSpecifications('vpc', run, prefix)
    })
  )
  const vpcId = vpc.Vpc?.VpcId as string
  const igw = await ec2.send(
    new CreateInternetGatewayCommand({
      TagSpecifications: tagSpecifications('internet-gateway', run, prefix)
    })
  )
  const internetGatewayId = igw.InternetGateway?.InternetGatewayId as string
  await ec2.send(
    new AttachInternetGatewayCommand({ InternetGatewayId: internetGatewayId, VpcId: vpcId })
  )
  const pub = await subnetWithTable(ec2, run, vpcId, zones[0], '10.42.0.0/24', `${prefix}-public`)
  await ec2.send(
    new CreateRouteCommand({
      RouteTableId: pub.routeTableId,
      DestinationCidrBlock: '0.0.0.0/0',
      GatewayId: internetGatewayId
    })
  )
  const privateA = await subnetWithTable(
    ec2,
    run,
    vpcId,
    zones[0],
    '10.42.1.0/24',
    `${prefix}-private-a`
  )
  const privateB = await subnetWithTable(
    ec2,
    run,
    vpcId,
    zones[1],
    '10.42.2.0/24',
    `${prefix}-private-b`
  )
  const allocationIds: [string, string] = [
    await allocate(ec2, run, `${prefix}-${zones[0]}`),
    await allocate(ec2, run, `${prefix}-${zones[1]}`)
  ]
  return {
    vpcId,
    internetGatewayId,
    zones,
    publicSubnetId: pub.subnetId,
    publicRouteTableId: pub.routeTableId,
    privateSubnetIds: [privateA.subnetId, privateB.subnetId],
    privateRouteTableIds: [privateA.routeTableId, privateB.routeTableId],
    allocationIds
  }
}

/** The world as step outputs, shaped for the action's inputs. */
export function worldOutputs(world: LiveWorld, run: Run): Record<string, string> {
  return {
    'run-id': run.runId,
    'created-at': run.createdAt,
    'vpc-id': world.vpcId,
    'internet-gateway-id': world.internetGatewayId,
    zones: world.zones.join(','),
    'public-subnet-id': world.publicSubnetId,
    'public-route-table-id': world.publicRouteTableId,
    'private-subnet-ids': world.privateSubnetIds.join(','),
    'private-route-table-ids': world.privateRouteTableIds.join(','),
    'allocation-ids': world.allocationIds.join(','),
    // The regional gateway's manual mode: one line per zone.
    'regional-eip-allocation-ids': world.zones
      .map((zone, i) => `${zone}: ${world.allocationIds[i] ?? ''}`)
      .join('\n'),
    'action-tags': actionTagsInput(run)
  }
}
