// CreateEgressOnlyInternetGateway, DescribeEgressOnlyInternetGateways,
// DeleteEgressOnlyInternetGateway: the IPv6 counterpart of a NAT gateway's outbound-only path.
import { Ec2Error, str, strList, tagSpecs } from '../protocol.ts'
import type { XmlValue } from '../protocol.ts'
import { applyFilters, byIds, paginate } from '../filters.ts'
import type { EgressOnlyInternetGateway } from '../state.ts'
import { tagSet } from './context.ts'
import type { Context, HandlerMap } from './context.ts'

// API reference: EgressOnlyInternetGateway (attachmentSet: vpcId, state "attached")
function render(g: EgressOnlyInternetGateway): XmlValue {
  return {
    egressOnlyInternetGatewayId: g.id,
    attachmentSet: [{ vpcId: g.vpcId, state: 'attached' }],
    tagSet: tagSet(g.tags)
  }
}

const NOT_FOUND = 'InvalidEgressOnlyInternetGatewayId.NotFound'
const notFoundMessage = (id: string) => `The egressOnlyInternetGateway ID '${id}' does not exist`

// API reference: CreateEgressOnlyInternetGateway (VpcId, ClientToken, TagSpecification)
function create(ctx: Context): Record<string, XmlValue> {
  const { world } = ctx
  const vpcId = str(ctx.params, 'VpcId')
  if (!vpcId) throw new Ec2Error('MissingParameter', 'The request must contain the parameter vpcId')
  if (!world.vpcs.has(vpcId)) {
    throw new Ec2Error('InvalidVpcID.NotFound', `The vpc ID '${vpcId}' does not exist`)
  }
  // A retried create with the same ClientToken returns the same gateway (kept apart from the NAT
  // gateways' tokens by a prefix).
  const token = str(ctx.params, 'ClientToken')
  const key = `egress-only-internet-gateway:${token ?? ''}`
  const earlier = token
    ? world.egressOnlyInternetGateways.get(world.clientTokens.get(key) ?? '')
    : undefined
  if (earlier) return { clientToken: token, egressOnlyInternetGateway: render(earlier) }
  const id = world.addEgressOnlyInternetGateway(vpcId, {
    tags: tagSpecs(ctx.params, 'egress-only-internet-gateway')
  })
  if (token) world.clientTokens.set(key, id)
  const gateway = world.egressOnlyInternetGateways.get(id) as EgressOnlyInternetGateway
  return { clientToken: token, egressOnlyInternetGateway: render(gateway) }
}

// API reference: DescribeEgressOnlyInternetGateways (filters: tag:<key>, tag-key only)
function describe(ctx: Context): Record<string, XmlValue> {
  const { world, params: p } = ctx
  const ids = strList(p, 'EgressOnlyInternetGatewayId')
  const selected = ids.length
    ? byIds(ids, id => world.egressOnlyInternetGateways.get(id), NOT_FOUND, notFoundMessage)
    : [...world.egressOnlyInternetGateways.values()]
  const filtered = applyFilters(selected, p, {})
  const page = paginate(filtered, p, 5, 255)
  return {
    egressOnlyInternetGatewaySet: page.items.map(render),
    nextToken: page.nextToken
  }
}

// API reference: DeleteEgressOnlyInternetGateway (routes to it become blackholes)
function remove(ctx: Context): Record<string, XmlValue> {
  const id = str(ctx.params, 'EgressOnlyInternetGatewayId') ?? ''
  if (!ctx.world.egressOnlyInternetGateways.delete(id)) {
    throw new Ec2Error(NOT_FOUND, notFoundMessage(id))
  }
  return { returnCode: true }
}

export const egressOnlyGatewayHandlers: HandlerMap = {
  CreateEgressOnlyInternetGateway: create,
  DescribeEgressOnlyInternetGateways: describe,
  DeleteEgressOnlyInternetGateway: remove
}
