import {
  CreateVpcEndpointCommand,
  DeleteVpcEndpointsCommand,
  DescribeVpcEndpointsCommand,
  type EC2Client,
  ModifyVpcEndpointCommand
} from '@aws-sdk/client-ec2'
import { type GatewayEndpointService, gatewayServiceName } from '../model/gateway-endpoints.js'
import { tagValue } from '../model/identity.js'
import { type Tag, type VpcEndpoint, withId } from '../model/resources.js'

/** The VPC's gateway endpoints of the services that exist or are being made, whoever made them. */
export async function describeGatewayEndpoints(
  ec2: EC2Client,
  vpcId: string,
  region: string,
  services: readonly GatewayEndpointService[]
): Promise<VpcEndpoint[]> {
  const names = services.map(service => gatewayServiceName(region, service))
  const answer = await ec2.send(
    new DescribeVpcEndpointsCommand({
      Filters: [
        { Name: 'vpc-id', Values: [vpcId] },
        { Name: 'service-name', Values: names },
        { Name: 'vpc-endpoint-type', Values: ['Gateway'] }
      ]
    })
  )
  return withId(answer.VpcEndpoints, 'VpcEndpointId').filter(
    endpoint =>
      endpoint.VpcId === vpcId &&
      names.includes(endpoint.ServiceName ?? '') &&
      isLiveEndpoint(endpoint)
  )
}

/** EC2 documents the states capitalised and filters on them in lower case; compare both ways. */
function isLiveEndpoint(endpoint: VpcEndpoint): boolean {
  return ['pending', 'available'].includes(String(endpoint.State).toLowerCase())
}

/** The live endpoints of the VPC among these IDs, and (`tags`) those carrying every tag given. */
export async function findVpcEndpoints(
  ec2: EC2Client,
  vpcId: string,
  where: { ids: string[] } | { tags: Record<string, string> }
): Promise<VpcEndpoint[]> {
  const byId = 'ids' in where
  if (byId && where.ids.length === 0) return []
  const answer = await ec2.send(
    new DescribeVpcEndpointsCommand({
      Filters: [
        { Name: 'vpc-id', Values: [vpcId] },
        ...(byId
          ? [{ Name: 'vpc-endpoint-id', Values: where.ids }]
          : Object.entries(where.tags).map(([key, value]) => ({
              Name: `tag:${key}`,
              Values: [value]
            })))
      ]
    })
  )
  return withId(answer.VpcEndpoints, 'VpcEndpointId').filter(
    endpoint =>
      endpoint.VpcId === vpcId &&
      isLiveEndpoint(endpoint) &&
      (byId
        ? where.ids.includes(endpoint.VpcEndpointId)
        : Object.entries(where.tags).every(
            ([key, value]) => tagValue(endpoint.Tags, key) === value
          ))
  )
}

export async function createGatewayEndpoint(
  ec2: EC2Client,
  input: {
    vpcId: string
    region: string
    service: GatewayEndpointService
    routeTableIds: string[]
    tags: Tag[]
    clientToken: string
  }
): Promise<VpcEndpoint> {
  const answer = await ec2.send(
    new CreateVpcEndpointCommand({
      VpcEndpointType: 'Gateway',
      VpcId: input.vpcId,
      ServiceName: gatewayServiceName(input.region, input.service),
      RouteTableIds: input.routeTableIds,
      TagSpecifications: [{ ResourceType: 'vpc-endpoint', Tags: input.tags }],
      ClientToken: input.clientToken
    })
  )
  const [endpoint] = withId(answer.VpcEndpoint && [answer.VpcEndpoint], 'VpcEndpointId')
  if (!endpoint) throw new Error('CreateVpcEndpoint answered without an endpoint ID.')
  return endpoint
}

/** Adds route tables to an endpoint. */
export async function addRouteTablesToEndpoint(
  ec2: EC2Client,
  vpcEndpointId: string,
  routeTableIds: string[]
): Promise<void> {
  await ec2.send(
    new ModifyVpcEndpointCommand({ VpcEndpointId: vpcEndpointId, AddRouteTableIds: routeTableIds })
  )
}

/** EC2's codes for an endpoint it does not know, in the Unsuccessful list of DeleteVpcEndpoints. */
const ENDPOINT_NOT_FOUND = ['InvalidVpcEndpointId.NotFound', 'InvalidVpcEndpoint.NotFound']

/**
 * Deletes an endpoint; one EC2 no longer knows counts as deleted (a retry of a delete whose answer
 * was lost finds it gone).
 */
/** Takes route tables off an endpoint. */
export async function removeRouteTablesFromEndpoint(
  ec2: EC2Client,
  vpcEndpointId: string,
  routeTableIds: string[]
): Promise<void> {
  await ec2.send(
    new ModifyVpcEndpointCommand({
      VpcEndpointId: vpcEndpointId,
      RemoveRouteTableIds: routeTableIds
    })
  )
}

export async function deleteVpcEndpoint(ec2: EC2Client, vpcEndpointId: string): Promise<void> {
  const answer = await ec2.send(new DeleteVpcEndpointsCommand({ VpcEndpointIds: [vpcEndpointId] }))
  const failure = answer.Unsuccessful?.[0]?.Error
  if (failure && !ENDPOINT_NOT_FOUND.includes(failure.Code ?? ''))
    throw new Error(`DeleteVpcEndpoints ${vpcEndpointId}: ${failure.Code}: ${failure.Message}`)
}
