// CreateNatGateway, DeleteNatGateway, DescribeNatGateways (zonal and regional).
import { Ec2Error, int, str, strList, structList, tagSpecs } from '../protocol.ts'
import type { ParamMap, XmlValue } from '../protocol.ts'
import { applyFilters, byIds, paginate } from '../filters.ts'
import { beginDeletion, createNatGateway } from '../lifecycle.ts'
import type { NatGatewaySpec } from '../lifecycle.ts'
import { ipToInt } from '../state.ts'
import type { NatAddress, NatGateway, World } from '../state.ts'
import { tagSet, visible } from './context.ts'
import type { Context, HandlerMap } from './context.ts'

// User guide "NAT gateway quotas": 5 per Availability Zone (zonal, world.options.natGatewaysPerZone);
// per VPC for regional (inferred).
const GATEWAYS_PER_ZONE = 5
const ZONAL_MAX_ADDRESSES = 8
const REGIONAL_MAX_ADDRESSES_PER_ZONE = 32
// API reference: CreateNatGateway SecondaryPrivateIpAddressCount and AssignPrivateNatGatewayAddress
// PrivateIpAddressCount, "Valid Range: Minimum value of 1. Maximum value of 31."
export const MAX_SECONDARY_PRIVATE_IPS = 31

/** Whether `ip` is an IPv4 address inside `cidr`. */
function inCidr(ip: string, cidr: string): boolean {
  const [base = '', bits = '32'] = cidr.split('/')
  if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(ip)) return false
  const size = 2 ** (32 - Number(bits))
  const start = ipToInt(base)
  return ipToInt(ip) >= start && ipToInt(ip) < start + size
}

/**
 * Private IPs asked of a private gateway as a count (`countName`) or as the addresses themselves
 * (`listName`), not both, 1 to 31, each in the subnet; undefined when neither is given.
 */
export function privateIpsAsked(
  p: ParamMap,
  countName: string,
  listName: string,
  subnet: { cidr: string } | undefined
): { count: number } | { given: string[] } | undefined {
  const count = int(p, countName)
  const given = strList(p, listName)
  if (count === undefined && given.length === 0) return undefined
  if (count !== undefined && given.length > 0) {
    throw new Ec2Error(
      'InvalidParameterCombination',
      `Specify ${countName} or ${listName}, not both`
    )
  }
  const n = count ?? given.length
  if (!(n >= 1 && n <= MAX_SECONDARY_PRIVATE_IPS)) {
    throw new Ec2Error(
      'InvalidParameterValue',
      `A private NAT gateway takes 1 to ${MAX_SECONDARY_PRIVATE_IPS} secondary private IPv4 addresses at a time`
    )
  }
  const outside = subnet && given.find(ip => !inCidr(ip, subnet.cidr))
  if (outside) {
    throw new Ec2Error('InvalidParameterValue', `${outside} is not in the subnet's ${subnet.cidr}`)
  }
  return count !== undefined ? { count } : { given }
}

/**
 * CreateNatGateway's secondary private IPs, private gateways only. (AWS also pairs
 * SecondaryPrivateIpAddresses with SecondaryAllocationIds on a public gateway; the emulator does
 * not model that.)
 */
function secondaryPrivateIps(
  p: ParamMap,
  connectivity: 'public' | 'private',
  subnet: { cidr: string }
): Pick<NatGatewaySpec, 'secondaryPrivateIps' | 'secondaryPrivateIpCount'> {
  const asked = privateIpsAsked(
    p,
    'SecondaryPrivateIpAddressCount',
    'SecondaryPrivateIpAddress',
    subnet
  )
  if (!asked) return {}
  if (connectivity === 'public') {
    throw new Ec2Error(
      'InvalidParameterCombination',
      'SecondaryPrivateIpAddressCount and SecondaryPrivateIpAddresses are modeled for private NAT gateways only'
    )
  }
  return 'count' in asked
    ? { secondaryPrivateIpCount: asked.count }
    : { secondaryPrivateIps: asked.given }
}

export function renderNatAddress(a: NatAddress): XmlValue {
  return {
    allocationId: a.allocationId,
    networkInterfaceId: a.networkInterfaceId,
    privateIp: a.privateIp,
    publicIp: a.publicIp,
    associationId: a.associationId,
    isPrimary: a.isPrimary,
    failureMessage: a.failureMessage,
    status: a.status,
    availabilityZone: a.availabilityZone,
    availabilityZoneId: a.availabilityZoneId
  }
}

export function renderNatGateway(gw: NatGateway): XmlValue {
  return {
    createTime: gw.createTime,
    deleteTime: gw.deleteTime,
    failureCode: gw.failureCode,
    failureMessage: gw.failureMessage,
    natGatewayAddressSet: gw.addresses.map(renderNatAddress),
    natGatewayId: gw.id,
    state: gw.state,
    subnetId: gw.subnetId,
    vpcId: gw.vpcId,
    tagSet: tagSet(gw.tags),
    connectivityType: gw.connectivityType,
    availabilityMode: gw.availabilityMode,
    autoScalingIps: gw.autoScalingIps,
    autoProvisionZones: gw.autoProvisionZones,
    routeTableId: gw.routeTableId
  }
}

function notFound(ids: string): Ec2Error {
  return new Ec2Error('NatGatewayNotFound', `NAT gateway ${ids} was not found`)
}

/** The request without ClientToken/DryRun, canonical: what the idempotency check compares. */
function fingerprint(params: ParamMap): string {
  const rest = Object.fromEntries(
    Object.entries(params)
      .filter(([k]) => k !== 'ClientToken' && k !== 'DryRun')
      .sort(([a], [b]) => a.localeCompare(b))
  )
  return JSON.stringify(rest)
}

function live(gw: NatGateway): boolean {
  return gw.state === 'pending' || gw.state === 'available'
}

function checkAllocations(world: World, ids: string[]): void {
  byIds(
    ids,
    id => world.addresses.get(id),
    'InvalidAllocationID.NotFound',
    m => `The allocation IDs '${m}' do not exist`
  )
  const dup = ids.find((id, i) => ids.indexOf(id) !== i)
  if (dup) throw new Ec2Error('InvalidParameterValue', `Duplicate allocation ID: ${dup}`)
}

// API reference: CreateNatGateway (zonal: SubnetId + AllocationId; regional: VpcId, no SubnetId)
function zonalSpec(ctx: Context, connectivity: 'public' | 'private'): NatGatewaySpec {
  const { world, params: p } = ctx
  if (structList(p, 'AvailabilityZoneAddress').length > 0) {
    throw new Ec2Error(
      'InvalidParameterCombination',
      'AvailabilityZoneAddresses can only be specified for a regional NAT gateway'
    )
  }
  const subnetId = str(p, 'SubnetId')
  if (!subnetId)
    throw new Ec2Error('MissingParameter', 'The request must contain the parameter SubnetId')
  const subnet = world.subnets.get(subnetId)
  if (!subnet) {
    throw new Ec2Error('InvalidSubnetID.NotFound', `The subnet ID '${subnetId}' does not exist`)
  }
  const primary = str(p, 'AllocationId')
  const secondary = strList(p, 'SecondaryAllocationId')
  const allocationIds = primary ? [primary, ...secondary] : secondary
  if (connectivity === 'public' && !primary) {
    throw new Ec2Error(
      'MissingParameter',
      'The request must contain the parameter AllocationId for a public NAT gateway'
    )
  }
  if (connectivity === 'private' && allocationIds.length > 0) {
    throw new Ec2Error(
      'InvalidParameterCombination',
      'AllocationId cannot be specified for a private NAT gateway'
    )
  }
  checkAllocations(world, allocationIds)
  if (allocationIds.length > ZONAL_MAX_ADDRESSES) {
    throw new Ec2Error(
      'InvalidParameterValue',
      `A NAT gateway can have at most ${ZONAL_MAX_ADDRESSES} Elastic IP addresses`
    )
  }
  const inZone = [...world.natGateways.values()].filter(
    g => live(g) && g.subnetId && world.subnets.get(g.subnetId)?.zone === subnet.zone
  )
  if (inZone.length >= world.options.natGatewaysPerZone) {
    throw new Ec2Error(
      'NatGatewayLimitExceeded',
      `The maximum number of NAT gateways in ${subnet.zone} has been reached`
    )
  }
  return {
    availabilityMode: 'zonal',
    subnetId,
    connectivityType: connectivity,
    allocationIds,
    ...secondaryPrivateIps(p, connectivity, subnet)
  }
}

function regionalSpec(ctx: Context, connectivity: 'public' | 'private'): NatGatewaySpec {
  const { world, params: p } = ctx
  if (str(p, 'SubnetId')) {
    throw new Ec2Error(
      'InvalidParameterCombination',
      'SubnetId cannot be specified for a regional NAT gateway'
    )
  }
  if (connectivity === 'private') {
    throw new Ec2Error(
      'InvalidParameterValue',
      'Regional NAT gateways support only public connectivity'
    )
  }
  if (
    str(p, 'SecondaryPrivateIpAddressCount') ||
    strList(p, 'SecondaryPrivateIpAddress').length > 0
  ) {
    throw new Ec2Error(
      'InvalidParameterCombination',
      'Secondary private IPv4 addresses are for private NAT gateways, which are zonal'
    )
  }
  if (str(p, 'AllocationId') || strList(p, 'SecondaryAllocationId').length > 0) {
    throw new Ec2Error(
      'InvalidParameterCombination',
      'Use AvailabilityZoneAddresses to specify Elastic IP addresses of a regional NAT gateway'
    )
  }
  const vpcId = str(p, 'VpcId')
  if (!vpcId) throw new Ec2Error('MissingParameter', 'The request must contain the parameter VpcId')
  if (!world.vpcs.has(vpcId)) {
    throw new Ec2Error('InvalidVpcID.NotFound', `The vpc ID '${vpcId}' does not exist`)
  }
  const entries = structList(p, 'AvailabilityZoneAddress')
  const spec: NatGatewaySpec = { availabilityMode: 'regional', vpcId, connectivityType: 'public' }
  if (p['AvailabilityZoneAddress'] !== undefined) {
    const zoneAddresses: { zone: string; allocationIds: string[] }[] = []
    const all: string[] = []
    for (const e of entries) {
      const name = str(e, 'AvailabilityZone')
      const id = str(e, 'AvailabilityZoneId')
      if (name && id) {
        throw new Ec2Error(
          'InvalidParameterCombination',
          'Specify either AvailabilityZone or AvailabilityZoneId, not both'
        )
      }
      if (!name && !id) {
        throw new Ec2Error(
          'MissingParameter',
          'The request must contain the parameter AvailabilityZone or AvailabilityZoneId'
        )
      }
      const zone = world.zones.find(z => (name ? z.name === name : z.id === id))
      if (!zone) {
        throw new Ec2Error('InvalidParameterValue', `Invalid availability zone: [${name ?? id}]`)
      }
      if (zoneAddresses.some(z => z.zone === zone.name)) {
        throw new Ec2Error(
          'InvalidParameterValue',
          `Availability Zone ${zone.name} specified twice`
        )
      }
      const allocationIds = strList(e, 'AllocationId')
      if (allocationIds.length === 0) {
        throw new Ec2Error(
          'MissingParameter',
          'The request must contain the parameter AllocationIds'
        )
      }
      if (allocationIds.length > REGIONAL_MAX_ADDRESSES_PER_ZONE) {
        throw new Ec2Error(
          'InvalidParameterValue',
          `At most ${REGIONAL_MAX_ADDRESSES_PER_ZONE} Elastic IP addresses per Availability Zone`
        )
      }
      all.push(...allocationIds)
      zoneAddresses.push({ zone: zone.name, allocationIds })
    }
    checkAllocations(world, all)
    spec.zoneAddresses = zoneAddresses
  }
  const inVpc = [...world.natGateways.values()].filter(
    g => live(g) && g.availabilityMode === 'regional' && g.vpcId === vpcId
  )
  if (inVpc.length >= GATEWAYS_PER_ZONE) {
    throw new Ec2Error(
      'NatGatewayLimitExceeded',
      `The maximum number of regional NAT gateways in ${vpcId} has been reached`
    )
  }
  return spec
}

function createNat(ctx: Context): Record<string, XmlValue> {
  const { world, params: p } = ctx
  const mode = str(p, 'AvailabilityMode') ?? 'zonal'
  if (mode !== 'zonal' && mode !== 'regional') {
    throw new Ec2Error('InvalidParameterValue', `Invalid value '${mode}' for AvailabilityMode`)
  }
  const connectivity = str(p, 'ConnectivityType') ?? 'public'
  if (connectivity !== 'public' && connectivity !== 'private') {
    throw new Ec2Error(
      'InvalidParameterValue',
      `Invalid value '${connectivity}' for ConnectivityType`
    )
  }
  // API reference: CreateNatGateway, "ClientToken" (at most 64 ASCII characters; idempotency)
  const token = str(p, 'ClientToken')
  if (token !== undefined && (token.length > 64 || !/^[\x20-\x7e]*$/.test(token))) {
    throw new Ec2Error('InvalidParameterValue', 'ClientToken must be at most 64 ASCII characters')
  }
  const print = fingerprint(p)
  if (token) {
    const existing = world.natGateways.get(world.clientTokens.get(token) ?? '')
    if (existing) {
      if (existing.requestFingerprint !== print) {
        throw new Ec2Error(
          'IdempotentParameterMismatch',
          `The client token '${token}' was already used with different request parameters`
        )
      }
      return { clientToken: token, natGateway: renderNatGateway(existing) }
    }
  }
  const tags = tagSpecs(p, 'natgateway')
  const spec = mode === 'zonal' ? zonalSpec(ctx, connectivity) : regionalSpec(ctx, connectivity)
  spec.tags = tags
  if (token) spec.clientToken = token
  const injectedFailure = ctx.faults.takeGatewayFailure(spec)
  const provisioningMs = ctx.faults.takeProvisioningMs()
  const gw = createNatGateway(world, spec, ctx.now, {
    ...(provisioningMs !== undefined ? { provisioningMs } : {}),
    ...(injectedFailure ? { injectedFailure } : {})
  })
  gw.requestFingerprint = print
  if (token) world.clientTokens.set(token, gw.id)
  const hide = ctx.faults.consistency().natGatewayCalls ?? 0
  if (hide > 0) gw.hiddenUntilCall = world.callSeq + hide
  return { clientToken: token, natGateway: renderNatGateway(gw) }
}

// API reference: DeleteNatGateway
function deleteNat(ctx: Context): Record<string, XmlValue> {
  const { world, params: p } = ctx
  const id = str(p, 'NatGatewayId')
  if (!id)
    throw new Ec2Error('MissingParameter', 'The request must contain the parameter NatGatewayId')
  const gw = world.natGateways.get(id)
  if (!gw || !visible(world, gw)) throw notFound(id)
  const c = ctx.faults.consistency()
  beginDeletion(world, gw, ctx.now, {
    ms: c.releaseAfterDeleteMs ?? 0,
    code: c.releaseAfterDeleteCode ?? 'InvalidIPAddress.InUse'
  })
  return { natGatewayId: id }
}

// API reference: DescribeNatGateways (filters nat-gateway-id, state, subnet-id, tag:<key>, tag-key, vpc-id)
function describeNat(ctx: Context): Record<string, XmlValue> {
  const { world, params: p } = ctx
  const ids = strList(p, 'NatGatewayId')
  const all = [...world.natGateways.values()].filter(g => visible(world, g))
  const selected = ids.length
    ? byIds(
        ids,
        id => all.find(g => g.id === id),
        'NatGatewayNotFound',
        m => `NAT gateway ${m} was not found`
      )
    : all
  const filtered = applyFilters(selected, p, {
    'nat-gateway-id': g => [g.id],
    state: g => [g.state],
    'subnet-id': g => [g.subnetId],
    'vpc-id': g => [g.vpcId]
  })
  const page = paginate(filtered, p, 5, 1000)
  return { natGatewaySet: page.items.map(renderNatGateway), nextToken: page.nextToken }
}

export const natGatewayHandlers: HandlerMap = {
  CreateNatGateway: createNat,
  DeleteNatGateway: deleteNat,
  DescribeNatGateways: describeNat
}
