// A zonal gateway's addresses in place: AssociateNatGatewayAddress, DisassociateNatGatewayAddress
// (a public gateway's Elastic IPs); AssignPrivateNatGatewayAddress, UnassignPrivateNatGatewayAddress
// (a private gateway's secondary private IPs).
import { Ec2Error, int, str, strList } from '../protocol.ts'
import type { XmlValue } from '../protocol.ts'
import type { NatAddress, NatGateway } from '../state.ts'
import { visible } from './context.ts'
import { MAX_SECONDARY_PRIVATE_IPS, privateIpsAsked, renderNatAddress } from './nat-gateways.ts'
import type { Context, HandlerMap } from './context.ts'

/** The gateway of the request, available and of that connectivity, with no address leaving. */
function availableGateway(ctx: Context, connectivity: 'public' | 'private'): NatGateway {
  const id = str(ctx.params, 'NatGatewayId')
  if (!id)
    throw new Ec2Error('MissingParameter', 'The request must contain the parameter NatGatewayId')
  const gw = ctx.world.natGateways.get(id)
  if (!gw || !visible(ctx.world, gw) || gw.state === 'deleted') {
    throw new Ec2Error('NatGatewayNotFound', `NAT gateway ${id} was not found`)
  }
  if (gw.connectivityType !== connectivity) {
    throw new Ec2Error(
      'InvalidParameterValue',
      connectivity === 'public'
        ? `NAT gateway ${id} is private: it has no Elastic IPs`
        : `NAT gateway ${id} is public: its private IPs come with its Elastic IPs`
    )
  }
  if (gw.state !== 'available') {
    throw new Ec2Error('IncorrectState', `NAT gateway ${id} is ${gw.state}, not available`)
  }
  // API reference: DisassociateNatGatewayAddress, "While disassociating is in progress, you cannot
  // associate/disassociate additional EIPs"; UnassignPrivateNatGatewayAddress, the same of
  // unassigning (the error code is not documented).
  const leaving = gw.addresses.find(
    a => a.status === 'disassociating' || a.status === 'unassigning'
  )
  if (leaving) {
    throw new Ec2Error('IncorrectState', `NAT gateway ${id} has addresses still ${leaving.status}`)
  }
  return gw
}

/**
 * When an address leaving now is gone: once its connections have closed (`drainMs`), at the latest
 * after MaxDrainDurationSeconds (1 to 4000, default 350).
 */
function drainEnd(ctx: Context): number {
  const drain = int(ctx.params, 'MaxDrainDurationSeconds') ?? 350
  if (!(drain >= 1 && drain <= 4000)) {
    throw new Ec2Error('InvalidParameterValue', 'MaxDrainDurationSeconds must be from 1 to 4000')
  }
  return ctx.now + Math.min(drain * 1000, ctx.world.options.drainMs)
}

// API reference: AssociateNatGatewayAddress (AllocationId.N, PrivateIpAddress.N, AvailabilityZone
// or AvailabilityZoneId for a regional gateway; default quota 2 Elastic IPs per public gateway;
// the Elastic IP's network border group must match the zone's, else it fails to associate).
function associateAddresses(ctx: Context): Record<string, XmlValue> {
  const { world, params: p } = ctx
  const gw = availableGateway(ctx, 'public')
  const allocationIds = strList(p, 'AllocationId')
  if (allocationIds.length === 0) {
    throw new Ec2Error('MissingParameter', 'The request must contain the parameter AllocationId')
  }
  const zoneName = str(p, 'AvailabilityZone')
  const zoneId = str(p, 'AvailabilityZoneId')
  let zone: { name: string; id: string } | undefined
  if (gw.availabilityMode === 'zonal') {
    if (zoneName || zoneId) {
      throw new Ec2Error(
        'InvalidParameterCombination',
        'AvailabilityZone and AvailabilityZoneId apply to regional NAT gateways only'
      )
    }
    const subnet = gw.subnetId ? world.subnets.get(gw.subnetId) : undefined
    zone = subnet ? world.zone(subnet.zone) : undefined
  } else {
    if (gw.autoProvisionZones === 'enabled') {
      throw new Ec2Error(
        'InvalidParameterValue',
        `NAT gateway ${gw.id} manages its addresses itself (automatic mode)`
      )
    }
    if (!zoneName === !zoneId) {
      throw new Ec2Error(
        'InvalidParameterCombination',
        'Specify either AvailabilityZone or AvailabilityZoneId for a regional NAT gateway'
      )
    }
    zone = world.zones.find(z => (zoneName ? z.name === zoneName : z.id === zoneId))
    if (!zone) {
      throw new Ec2Error(
        'InvalidParameterValue',
        `Invalid availability zone: [${zoneName ?? zoneId}]`
      )
    }
  }
  for (const id of allocationIds) {
    const eip = world.addresses.get(id)
    if (!eip)
      throw new Ec2Error('InvalidAllocationID.NotFound', `The allocation ID '${id}' does not exist`)
    // An address still associating has no association yet, but is taken all the same.
    const taken = [...world.natGateways.values()].some(g =>
      g.addresses.some(a => a.allocationId === id && a.status === 'associating')
    )
    if (eip.association || taken) {
      throw new Ec2Error(
        'Resource.AlreadyAssociated',
        `Elastic IP address [${id}] is already associated`
      )
    }
  }
  const inScope = gw.addresses.filter(
    a =>
      a.status !== 'failed' &&
      (gw.availabilityMode === 'zonal' || a.availabilityZone === zone?.name)
  )
  if (inScope.length + allocationIds.length > world.options.natGatewayAddressQuota) {
    throw new Ec2Error(
      'ResourceLimitExceeded',
      `You can associate at most ${world.options.natGatewayAddressQuota} Elastic IP addresses with this NAT gateway${gw.availabilityMode === 'regional' ? ` in ${zone?.name}` : ''}.`
    )
  }
  // A failed association of the same address is replaced by the new attempt.
  gw.addresses = gw.addresses.filter(
    a => !(a.status === 'failed' && allocationIds.includes(a.allocationId ?? ''))
  )
  const added = allocationIds.map(allocationId => {
    const eip = world.addresses.get(allocationId)
    const border = eip?.networkBorderGroup ?? world.region
    const failure =
      border !== world.region
        ? `Elastic IP address [${allocationId}] is in the network border group ${border}, not ${world.region}`
        : ctx.faults.takeAssociationFailure()
    const address: NatAddress = {
      allocationId,
      publicIp: eip?.publicIp,
      isPrimary:
        gw.availabilityMode === 'regional' && !inScope.length && allocationId === allocationIds[0],
      status: 'associating',
      settlesAt: ctx.now + world.options.associationMs,
      ...(failure && { pendingFailure: failure }),
      ...(gw.availabilityMode === 'regional' &&
        zone && {
          availabilityZone: zone.name,
          availabilityZoneId: zone.id
        })
    }
    gw.addresses.push(address)
    return address
  })
  return { natGatewayId: gw.id, natGatewayAddressSet: added.map(renderNatAddress) }
}

// API reference: DisassociateNatGatewayAddress (AssociationId.N; MaxDrainDurationSeconds 1–4000,
// default 350; "You cannot disassociate your primary EIP"; the address drains, then is released
// from the gateway, the Elastic IP staying allocated).
function disassociateAddresses(ctx: Context): Record<string, XmlValue> {
  const { params: p } = ctx
  const gw = availableGateway(ctx, 'public')
  const associationIds = strList(p, 'AssociationId')
  if (associationIds.length === 0) {
    throw new Ec2Error('MissingParameter', 'The request must contain the parameter AssociationId')
  }
  const goneAt = drainEnd(ctx)
  const addresses = associationIds.map(id => {
    const a = gw.addresses.find(x => x.associationId === id)
    if (!a) {
      throw new Ec2Error(
        'InvalidAssociationID.NotFound',
        `The association ID '${id}' does not exist`
      )
    }
    if (a.isPrimary && gw.availabilityMode === 'zonal') {
      throw new Ec2Error(
        'InvalidParameterValue',
        `You cannot disassociate the primary address ${a.allocationId}`
      )
    }
    return a
  })
  for (const a of addresses) {
    a.status = 'disassociating'
    a.goneAt = goneAt
  }
  return { natGatewayId: gw.id, natGatewayAddressSet: addresses.map(renderNatAddress) }
}

/** A private gateway's secondary addresses: not its primary, and not failed. */
const secondaries = (gw: NatGateway): NatAddress[] =>
  gw.addresses.filter(a => !a.isPrimary && a.status !== 'failed')

// API reference: AssignPrivateNatGatewayAddress (PrivateIpAddress.N or PrivateIpAddressCount, 1 to
// 31, not both; the new addresses answer `assigning`). The cap of 31 secondaries in all follows
// CreateNatGateway's SecondaryPrivateIpAddressCount; the error code beyond it is not documented.
function assignPrivateAddresses(ctx: Context): Record<string, XmlValue> {
  const { world, params: p } = ctx
  const gw = availableGateway(ctx, 'private')
  const subnet = gw.subnetId ? world.subnets.get(gw.subnetId) : undefined
  const asked = privateIpsAsked(p, 'PrivateIpAddressCount', 'PrivateIpAddress', subnet)
  if (!asked) {
    throw new Ec2Error(
      'MissingParameter',
      'The request must contain the parameter PrivateIpAddressCount or PrivateIpAddresses'
    )
  }
  const given = 'given' in asked ? asked.given : []
  const n = 'count' in asked ? asked.count : given.length
  if (secondaries(gw).length + n > MAX_SECONDARY_PRIVATE_IPS) {
    throw new Ec2Error(
      'InvalidParameterValue',
      `A private NAT gateway has at most ${MAX_SECONDARY_PRIVATE_IPS} secondary private IPv4 addresses`
    )
  }
  for (const ip of given) {
    if (gw.addresses.some(a => a.privateIp === ip && a.status !== 'failed')) {
      throw new Ec2Error('InvalidParameterValue', `${ip} is already assigned to ${gw.id}`)
    }
  }
  const primary = gw.addresses.find(a => a.isPrimary)
  const added = Array.from({ length: n }, (_, i): NatAddress => {
    const failure = ctx.faults.takeAssociationFailure()
    return {
      isPrimary: false,
      status: 'assigning',
      privateIp: given[i] ?? world.nextPrivateIp(gw.subnetId, gw.vpcId),
      ...(primary?.networkInterfaceId && { networkInterfaceId: primary.networkInterfaceId }),
      settlesAt: ctx.now + world.options.associationMs,
      ...(failure && { pendingFailure: failure })
    }
  })
  gw.addresses.push(...added)
  return { natGatewayId: gw.id, natGatewayAddressSet: added.map(renderNatAddress) }
}

// API reference: UnassignPrivateNatGatewayAddress (PrivateIpAddress.N; MaxDrainDurationSeconds
// 1–4000, default 350; "You cannot unassign your primary private IP"; the addresses take no new
// connections and are released once drained, at the latest after MaxDrainDurationSeconds).
function unassignPrivateAddresses(ctx: Context): Record<string, XmlValue> {
  const { params: p } = ctx
  const gw = availableGateway(ctx, 'private')
  const ips = strList(p, 'PrivateIpAddress')
  if (ips.length === 0) {
    throw new Ec2Error(
      'MissingParameter',
      'The request must contain the parameter PrivateIpAddress'
    )
  }
  const goneAt = drainEnd(ctx)
  const addresses = ips.map(ip => {
    const a = gw.addresses.find(x => x.privateIp === ip && x.status !== 'failed')
    if (!a) throw new Ec2Error('InvalidParameterValue', `${ip} is not assigned to ${gw.id}`)
    if (a.isPrimary) {
      throw new Ec2Error(
        'InvalidParameterValue',
        `You cannot unassign the primary private IP ${ip}`
      )
    }
    if (a.status !== 'succeeded') {
      throw new Ec2Error('IncorrectState', `${ip} is ${a.status}, not succeeded`)
    }
    return a
  })
  for (const a of addresses) {
    a.status = 'unassigning'
    a.goneAt = goneAt
  }
  return { natGatewayId: gw.id, natGatewayAddressSet: addresses.map(renderNatAddress) }
}

export const natGatewayAddressHandlers: HandlerMap = {
  AssociateNatGatewayAddress: associateAddresses,
  DisassociateNatGatewayAddress: disassociateAddresses,
  AssignPrivateNatGatewayAddress: assignPrivateAddresses,
  UnassignPrivateNatGatewayAddress: unassignPrivateAddresses
}
