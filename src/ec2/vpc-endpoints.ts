import {
  CreateVpcEndpointCommand,
  DeleteVpcEndpointsCommand,
  DescribeVpcEndpointsCommand,
  type EC2Client,
  ModifyVpcEndpointCommand
} from '@aws-sdk/client-ec2'
import { type Tag, type VpcEndpoint, withId } from '../model/resources.js'

/** The S3 service's name in a Region; the China Regions use a `cn.` prefix. */
export function s3ServiceName(region: string): string {
  return `${region.startsWith('cn-') ? 'cn.' : ''}com.amazonaws.${region}.s3`
}

/** The VPC's S3 gateway endpoints that exist or are being made, whoever made them. */
export async function describeS3GatewayEndpoints(
  ec2: EC2Client,
  vpcId: string,
  region: string
): Promise<VpcEndpoint[]> {
  const answer = await ec2.send(
    new DescribeVpcEndpointsCommand({
      Filters: [
        { Name: 'vpc-id', Values: [vpcId] },
        { Name: 'service-name', Values: [s3ServiceName(region)] },
        { Name: 'vpc-endpoint-type', Values: ['Gateway'] }
      ]
    })
  )
  // EC2 documents the states capitalised and filters on them in lower case; compare both ways.
  const live = ['pending', 'available']
  return withId(answer.VpcEndpoints, 'VpcEndpointId').filter(
    endpoint =>
      endpoint.VpcId === vpcId &&
      endpoint.ServiceName === s3ServiceName(region) &&
      live.includes(String(endpoint.State).toLowerCase())
  )
}

export async function createS3GatewayEndpoint(
  ec2: EC2Client,
  input: {
    vpcId: string
    region: string
    routeTableIds: string[]
    tags: Tag[]
    clientToken: string
  }
): Promise<VpcEndpoint> {
  const answer = await ec2.send(
    new CreateVpcEndpointCommand({
      VpcEndpointType: 'Gateway',
      VpcId: input.vpcId,
      ServiceName: s3ServiceName(input.region),
      RouteTableIds: input.routeTableIds,
      TagSpecifications: [{ ResourceType: 'vpc-endpoint', Tags: input.tags }],
      ClientToken: input.clientToken
    })
  )
  const [endpoint] = withId(answer.VpcEndpoint && [answer.VpcEndpoint], 'VpcEndpointId')
  if (!endpoint) throw new Error('CreateVpcEndpoint answered without an endpoint ID.')
  return endpoint
}

/** Adds route tables to an endpoint; never removes any. */
export async function addRouteTablesToEndpoint(
  ec2: EC2Client,
  vpcEndpointId: string,
  routeTableIds: string[]
): Promise<void> {
  await ec2.send(
    new ModifyVpcEndpointCommand({ VpcEndpointId: vpcEndpointId, AddRouteTableIds: routeTableIds })
  )
}

export async function deleteVpcEndpoint(ec2: EC2Client, vpcEndpointId: string): Promise<void> {
  const answer = await ec2.send(new DeleteVpcEndpointsCommand({ VpcEndpointIds: [vpcEndpointId] }))
  const failure = answer.Unsuccessful?.[0]?.Error
  if (failure)
    throw new Error(`DeleteVpcEndpoints ${vpcEndpointId}: ${failure.Code}: ${failure.Message}`)
}
