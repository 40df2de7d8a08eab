// DescribeVpcEndpoints, CreateVpcEndpoint, ModifyVpcEndpoint, DeleteVpcEndpoints: gateway
// endpoints only (S3, DynamoDB), which is what the action's gateway-endpoints uses.
import { Ec2Error, str, strList, tagSpecs } from '../protocol.ts'
import type { XmlValue } from '../protocol.ts'
import { applyFilters, paginate } from '../filters.ts'
import { ACCOUNT_ID } from '../state.ts'
import type { VpcEndpoint, World } from '../state.ts'
import { tagSet } from './context.ts'
import type { Context, HandlerMap } from './context.ts'

// API reference: VpcEndpoint. The wire carries the state in lower case ("available").
function renderEndpoint(e: VpcEndpoint): XmlValue {
  return {
    vpcEndpointId: e.id,
    vpcEndpointType: 'Gateway',
    vpcId: e.vpcId,
    serviceName: e.serviceName,
    state: e.state,
    routeTableIdSet: e.routeTableIds,
    tagSet: tagSet(e.tags),
    ownerId: ACCOUNT_ID,
    requesterManaged: false
  }
}

function gatewayServices(world: World): string[] {
  return ['s3', 'dynamodb'].map(service => `com.amazonaws.${world.region}.${service}`)
}

/** Route tables of the VPC; a table may be served by one endpoint per service only. */
function checkTables(
  world: World,
  vpcId: string,
  serviceName: string,
  ids: string[],
  self?: string
) {
  for (const id of ids) {
    const table = world.routeTables.get(id)
    if (!table)
      throw new Ec2Error('InvalidRouteTableId.NotFound', `The routeTable ID '${id}' does not exist`)
    if (table.vpcId !== vpcId) {
      throw new Ec2Error('InvalidParameter', `Route table ${id} is not in VPC ${vpcId}`)
    }
    // API reference: CreateVpcEndpoint; a second endpoint of the same service on one table
    // would add a second route to the same prefix list.
    const other = [...world.vpcEndpoints.values()].find(
      e =>
        e.id !== self &&
        e.state === 'available' &&
        e.serviceName === serviceName &&
        e.routeTableIds.includes(id)
    )
    if (other) {
      throw new Ec2Error(
        'RouteAlreadyExists',
        `route table ${id} already has a route with destination-prefix-list-id for ${serviceName} (${other.id})`
      )
    }
  }
}

// API reference: DescribeVpcEndpoints
function describeVpcEndpoints(ctx: Context): Record<string, XmlValue> {
  const { world, params: p } = ctx
  const ids = strList(p, 'VpcEndpointId')
  const all = [...world.vpcEndpoints.values()].filter(e => !ids.length || ids.includes(e.id))
  const filtered = applyFilters(all, p, {
    'vpc-endpoint-id': e => [e.id],
    'vpc-id': e => [e.vpcId],
    'service-name': e => [e.serviceName],
    'vpc-endpoint-type': () => ['Gateway'],
    'vpc-endpoint-state': e => [e.state]
  })
  const page = paginate(filtered, p)
  return { vpcEndpointSet: page.items.map(renderEndpoint), nextToken: page.nextToken }
}

// API reference: CreateVpcEndpoint (gateway type)
function createVpcEndpoint(ctx: Context): Record<string, XmlValue> {
  const { world, params: p } = ctx
  const vpcId = str(p, 'VpcId') ?? ''
  const serviceName = str(p, 'ServiceName') ?? ''
  if (str(p, 'VpcEndpointType') !== 'Gateway') {
    throw new Ec2Error('UnsupportedOperation', 'The emulator models gateway endpoints only')
  }
  if (!world.vpcs.has(vpcId))
    throw new Ec2Error('InvalidVpcId.NotFound', `The Vpc Id '${vpcId}' does not exist`)
  if (!gatewayServices(world).includes(serviceName)) {
    throw new Ec2Error(
      'InvalidServiceName',
      `The Vpc Endpoint Service '${serviceName}' does not exist`
    )
  }
  // API reference: CreateVpcEndpoint, "ClientToken": the same token answers the endpoint it made.
  const token = str(p, 'ClientToken')
  const made = token
    ? world.vpcEndpoints.get(world.clientTokens.get(`vpce:${token}`) ?? '')
    : undefined
  if (made) return { vpcEndpoint: renderEndpoint(made), clientToken: token }
  const routeTableIds = strList(p, 'RouteTableId')
  checkTables(world, vpcId, serviceName, routeTableIds)
  const endpoint: VpcEndpoint = {
    id: world.newId('vpce'),
    vpcId,
    serviceName,
    routeTableIds,
    tags: tagSpecs(p, 'vpc-endpoint'),
    state: 'available'
  }
  world.vpcEndpoints.set(endpoint.id, endpoint)
  if (token) world.clientTokens.set(`vpce:${token}`, endpoint.id)
  return { vpcEndpoint: renderEndpoint(endpoint), clientToken: str(p, 'ClientToken') }
}

function findEndpoint(world: World, id: string): VpcEndpoint {
  const endpoint = world.vpcEndpoints.get(id)
  if (!endpoint || endpoint.state !== 'available') {
    throw new Ec2Error(
      'InvalidVpcEndpointId.NotFound',
      `The Vpc Endpoint Id '${id}' does not exist`
    )
  }
  return endpoint
}

// API reference: ModifyVpcEndpoint (AddRouteTableId.N, RemoveRouteTableId.N)
function modifyVpcEndpoint(ctx: Context): Record<string, XmlValue> {
  const { world, params: p } = ctx
  const endpoint = findEndpoint(world, str(p, 'VpcEndpointId') ?? '')
  const add = strList(p, 'AddRouteTableId').filter(id => !endpoint.routeTableIds.includes(id))
  checkTables(world, endpoint.vpcId, endpoint.serviceName, add, endpoint.id)
  const remove = strList(p, 'RemoveRouteTableId')
  endpoint.routeTableIds = [...endpoint.routeTableIds.filter(id => !remove.includes(id)), ...add]
  return { return: true }
}

// API reference: DeleteVpcEndpoints: unknown IDs are listed as unsuccessful, not an error.
function deleteVpcEndpoints(ctx: Context): Record<string, XmlValue> {
  const { world, params: p } = ctx
  const unsuccessful: XmlValue[] = []
  for (const id of strList(p, 'VpcEndpointId')) {
    const endpoint = world.vpcEndpoints.get(id)
    if (!endpoint || endpoint.state !== 'available') {
      unsuccessful.push({
        resourceId: id,
        error: {
          code: 'InvalidVpcEndpoint.NotFound',
          message: `The VPC endpoint ${id} does not exist`
        }
      })
      continue
    }
    endpoint.state = 'deleted'
    endpoint.routeTableIds = []
  }
  return { unsuccessful }
}

export const vpcEndpointHandlers: HandlerMap = {
  DescribeVpcEndpoints: describeVpcEndpoints,
  CreateVpcEndpoint: createVpcEndpoint,
  ModifyVpcEndpoint: modifyVpcEndpoint,
  DeleteVpcEndpoints: deleteVpcEndpoints
}
