// DescribeVpcs, DescribeSubnets, DescribeInternetGateways, DescribeAvailabilityZones, and
// ModifySubnetAttribute for DNS64.
import { Ec2Error, str, strList } from '../protocol.ts'
import type { Tag, XmlValue } from '../protocol.ts'
import { applyFilters, byIds, paginate } from '../filters.ts'
import { ACCOUNT_ID } from '../state.ts'
import type { InternetGateway, Subnet, Vpc, World, Zone } from '../state.ts'
import { tagSet } from './context.ts'
import type { Context, HandlerMap } from './context.ts'

export function renderVpc(v: Vpc): Record<string, XmlValue> {
  return {
    vpcId: v.id,
    ownerId: ACCOUNT_ID,
    state: 'available',
    cidrBlock: v.cidr,
    cidrBlockAssociationSet: [
      {
        associationId: `vpc-cidr-assoc-${v.id.slice(4)}`,
        cidrBlock: v.cidr,
        cidrBlockState: { state: 'associated' }
      }
    ],
    ipv6CidrBlockAssociationSet: v.ipv6Cidrs.map((cidr, i) => ({
      associationId: `vpc-cidr-assoc-6${i}${v.id.slice(5)}`,
      ipv6CidrBlock: cidr,
      ipv6CidrBlockState: { state: 'associated' },
      ipv6Pool: 'Amazon',
      networkBorderGroup: undefined
    })),
    dhcpOptionsId: 'default',
    instanceTenancy: 'default',
    isDefault: false,
    tagSet: tagSet(v.tags)
  }
}

export function renderSubnet(world: World, s: Subnet): Record<string, XmlValue> {
  return {
    subnetId: s.id,
    subnetArn: `arn:aws:ec2:${world.region}:${ACCOUNT_ID}:subnet/${s.id}`,
    state: 'available',
    vpcId: s.vpcId,
    cidrBlock: s.cidr,
    availableIpAddressCount: 251,
    availabilityZone: s.zone,
    availabilityZoneId: s.zoneId,
    defaultForAz: false,
    mapPublicIpOnLaunch: s.mapPublicIpOnLaunch,
    enableDns64: s.enableDns64,
    ownerId: ACCOUNT_ID,
    tagSet: tagSet(s.tags)
  }
}

// API reference: InternetGatewayAttachment, "State": "available" when attached to a VPC
export function renderIgw(g: InternetGateway): XmlValue {
  return {
    internetGatewayId: g.id,
    ownerId: ACCOUNT_ID,
    attachmentSet: g.vpcId ? [{ vpcId: g.vpcId, state: 'available' }] : [],
    tagSet: tagSet(g.tags)
  }
}

// API reference: DescribeVpcs
function describeVpcs(ctx: Context): Record<string, XmlValue> {
  const { world, params: p } = ctx
  const ids = strList(p, 'VpcId')
  const selected = ids.length
    ? byIds(
        ids,
        id => world.vpcs.get(id),
        'InvalidVpcID.NotFound',
        m => `The vpc ID '${m}' does not exist`
      )
    : [...world.vpcs.values()]
  const filtered = applyFilters(selected, p, {
    'vpc-id': v => [v.id],
    'cidr-block': v => [v.cidr],
    cidr: v => [v.cidr],
    'cidr-block-association.cidr-block': v => [v.cidr],
    'ipv6-cidr-block-association.ipv6-cidr-block': v => v.ipv6Cidrs,
    state: () => ['available'],
    'is-default': () => ['false'],
    'owner-id': () => [ACCOUNT_ID]
  })
  const page = paginate(filtered, p)
  return { vpcSet: page.items.map(renderVpc), nextToken: page.nextToken }
}

// API reference: DescribeSubnets
function describeSubnets(ctx: Context): Record<string, XmlValue> {
  const { world, params: p } = ctx
  const ids = strList(p, 'SubnetId')
  const selected = ids.length
    ? byIds(
        ids,
        id => world.subnets.get(id),
        'InvalidSubnetID.NotFound',
        m => `The subnet ID '${m}' does not exist`
      )
    : [...world.subnets.values()]
  const filtered = applyFilters(selected, p, {
    'subnet-id': s => [s.id],
    'vpc-id': s => [s.vpcId],
    'availability-zone': s => [s.zone],
    'availability-zone-id': s => [s.zoneId],
    'cidr-block': s => [s.cidr],
    'default-for-az': () => ['false'],
    'map-public-ip-on-launch': s => [String(s.mapPublicIpOnLaunch)],
    'enable-dns64': s => [String(s.enableDns64)],
    state: () => ['available'],
    'owner-id': () => [ACCOUNT_ID]
  })
  const page = paginate(filtered, p)
  return { subnetSet: page.items.map(s => renderSubnet(world, s)), nextToken: page.nextToken }
}

// API reference: DescribeInternetGateways
function describeIgws(ctx: Context): Record<string, XmlValue> {
  const { world, params: p } = ctx
  const ids = strList(p, 'InternetGatewayId')
  const selected = ids.length
    ? byIds(
        ids,
        id => world.internetGateways.get(id),
        'InvalidInternetGatewayID.NotFound',
        m => `The internetGateway ID '${m}' does not exist`
      )
    : [...world.internetGateways.values()]
  const filtered = applyFilters(selected, p, {
    'internet-gateway-id': g => [g.id],
    'attachment.vpc-id': g => [g.vpcId],
    'attachment.state': g => (g.vpcId ? ['available'] : []),
    'owner-id': () => [ACCOUNT_ID]
  })
  const page = paginate(filtered, p)
  return { internetGatewaySet: page.items.map(renderIgw), nextToken: page.nextToken }
}

// API reference: DescribeAvailabilityZones (ZoneNames / ZoneIds, filters)
function describeZones(ctx: Context): Record<string, XmlValue> {
  const { world, params: p } = ctx
  const names = strList(p, 'ZoneName')
  const zoneIds = strList(p, 'ZoneId')
  let zones: Zone[] = world.zones
  if (names.length || zoneIds.length) {
    const bad = [
      ...names.filter(n => !world.zones.some(z => z.name === n)),
      ...zoneIds.filter(i => !world.zones.some(z => z.id === i))
    ]
    if (bad.length)
      throw new Ec2Error('InvalidParameterValue', `Invalid availability zone: [${bad.join(', ')}]`)
    zones = world.zones.filter(z => names.includes(z.name) || zoneIds.includes(z.id))
  }
  const items = zones.map(z => ({ zone: z, tags: [] as Tag[] }))
  const filtered = applyFilters(items, p, {
    'zone-name': i => [i.zone.name],
    'zone-id': i => [i.zone.id],
    'region-name': () => [world.region],
    state: () => ['available'],
    'zone-type': () => ['availability-zone'],
    'group-name': () => [world.region],
    'opt-in-status': () => ['opt-in-not-required']
  })
  return {
    availabilityZoneInfo: filtered.map(({ zone }) => ({
      zoneName: zone.name,
      zoneId: zone.id,
      zoneState: 'available',
      regionName: world.region,
      zoneType: 'availability-zone',
      optInStatus: 'opt-in-not-required',
      groupName: world.region,
      networkBorderGroup: world.region,
      messageSet: []
    }))
  }
}

// API reference: ModifySubnetAttribute (one attribute per call); only EnableDns64 is modelled.
function modifySubnetAttribute(ctx: Context): Record<string, XmlValue> {
  const id = str(ctx.params, 'SubnetId') ?? ''
  const subnet = ctx.world.subnets.get(id)
  if (!subnet)
    throw new Ec2Error('InvalidSubnetID.NotFound', `The subnet ID '${id}' does not exist`)
  const attribute = ctx.params.EnableDns64
  const dns64 =
    typeof attribute === 'object' && !Array.isArray(attribute) ? str(attribute, 'Value') : undefined
  if (dns64 === undefined) {
    throw new Ec2Error('UnsupportedOperation', 'The emulator models EnableDns64 only')
  }
  subnet.enableDns64 = dns64 === 'true'
  return { return: true }
}

export const networkHandlers: HandlerMap = {
  ModifySubnetAttribute: modifySubnetAttribute,
  DescribeVpcs: describeVpcs,
  DescribeSubnets: describeSubnets,
  DescribeInternetGateways: describeIgws,
  DescribeAvailabilityZones: describeZones
}
