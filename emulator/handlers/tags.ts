// CreateTags, DeleteTags, DescribeTags over every modelled resource.
import { Ec2Error, str, strList, structList } from '../protocol.ts'
import type { Tag, XmlValue } from '../protocol.ts'
import { applyFilters, paginate } from '../filters.ts'
import type { World } from '../state.ts'
import type { Context, HandlerMap } from './context.ts'

interface Tagged {
  id: string
  type: string
  tags: Tag[]
}

const NOT_FOUND: Record<string, [string, string]> = {
  vpc: ['InvalidVpcID.NotFound', 'vpc'],
  subnet: ['InvalidSubnetID.NotFound', 'subnet'],
  igw: ['InvalidInternetGatewayID.NotFound', 'internetGateway'],
  rtb: ['InvalidRouteTableID.NotFound', 'routeTable'],
  nat: ['InvalidNatGatewayID.NotFound', 'natGateway'],
  eipalloc: ['InvalidAllocationID.NotFound', 'allocation'],
  eigw: ['InvalidEgressOnlyInternetGatewayId.NotFound', 'egressOnlyInternetGateway']
}

export function taggedResources(world: World): Tagged[] {
  return [
    ...[...world.vpcs.values()].map(r => ({ id: r.id, type: 'vpc', tags: r.tags })),
    ...[...world.subnets.values()].map(r => ({ id: r.id, type: 'subnet', tags: r.tags })),
    ...[...world.internetGateways.values()].map(r => ({
      id: r.id,
      type: 'internet-gateway',
      tags: r.tags
    })),
    ...[...world.routeTables.values()].map(r => ({ id: r.id, type: 'route-table', tags: r.tags })),
    ...[...world.natGateways.values()].map(r => ({ id: r.id, type: 'natgateway', tags: r.tags })),
    ...[...world.egressOnlyInternetGateways.values()].map(r => ({
      id: r.id,
      type: 'egress-only-internet-gateway',
      tags: r.tags
    })),
    ...[...world.addresses.values()].map(r => ({
      id: r.allocationId,
      type: 'elastic-ip',
      tags: r.tags
    }))
  ]
}

function resolve(world: World, ids: string[]): Tagged[] {
  if (ids.length === 0)
    throw new Ec2Error('MissingParameter', 'The request must contain the parameter resourceIdSet')
  const all = taggedResources(world)
  return ids.map(id => {
    const r = all.find(x => x.id === id)
    if (r) return r
    const nf = NOT_FOUND[id.split('-')[0] ?? '']
    if (!nf) throw new Ec2Error('InvalidID', `The ID '${id}' is not valid`)
    throw new Ec2Error(nf[0], `The ${nf[1]} ID '${id}' does not exist`)
  })
}

// API reference: CreateTags
function createTags(ctx: Context): Record<string, XmlValue> {
  const resources = resolve(ctx.world, strList(ctx.params, 'ResourceId'))
  const tags = structList(ctx.params, 'Tag').map(t => ({
    Key: str(t, 'Key') ?? '',
    Value: str(t, 'Value') ?? ''
  }))
  for (const r of resources) {
    for (const t of tags) {
      const existing = r.tags.find(x => x.Key === t.Key)
      if (existing) existing.Value = t.Value
      else r.tags.push({ ...t })
    }
  }
  return { return: true }
}

// API reference: DeleteTags (no tags: delete all; a value: only when it matches)
function deleteTags(ctx: Context): Record<string, XmlValue> {
  const resources = resolve(ctx.world, strList(ctx.params, 'ResourceId'))
  const tags = structList(ctx.params, 'Tag')
  for (const r of resources) {
    const keep = r.tags.filter(
      x =>
        tags.length > 0 &&
        !tags.some(
          t =>
            str(t, 'Key') === x.Key &&
            (str(t, 'Value') === undefined || str(t, 'Value') === x.Value)
        )
    )
    r.tags.splice(0, r.tags.length, ...keep)
  }
  return { return: true }
}

// API reference: DescribeTags (filters resource-id, resource-type, key, value)
function describeTags(ctx: Context): Record<string, XmlValue> {
  const rows = taggedResources(ctx.world).flatMap(r =>
    r.tags.map(t => ({
      resourceId: r.id,
      resourceType: r.type,
      key: t.Key,
      value: t.Value,
      tags: [] as Tag[]
    }))
  )
  const filtered = applyFilters(rows, ctx.params, {
    'resource-id': r => [r.resourceId],
    'resource-type': r => [r.resourceType],
    key: r => [r.key],
    value: r => [r.value]
  })
  const page = paginate(filtered, ctx.params)
  return {
    tagSet: page.items.map(r => ({
      resourceId: r.resourceId,
      resourceType: r.resourceType,
      key: r.key,
      value: r.value
    })),
    nextToken: page.nextToken
  }
}

export const tagHandlers: HandlerMap = {
  CreateTags: createTags,
  DeleteTags: deleteTags,
  DescribeTags: describeTags
}
