// NAT gateway lifecycle: creation, pending → available | failed, deleting → deleted, and the
// side effects on Elastic IPs and routes. Time is evaluated lazily (advance() before each request).
import type { Tag } from './protocol.ts'
import type { NatAddress, NatGateway, Route, RouteTable, World } from './state.ts'

export interface NatGatewaySpec {
  availabilityMode?: 'zonal' | 'regional'
  /** Zonal: the subnet that hosts the gateway. */
  subnetId?: string
  /** Regional: the VPC. */
  vpcId?: string
  connectivityType?: 'public' | 'private'
  /** Zonal public: primary first, then secondary allocation IDs. */
  allocationIds?: string[]
  /** Zonal private: secondary private IPs, given (each one) or counted (EC2 picks them). */
  secondaryPrivateIps?: string[]
  secondaryPrivateIpCount?: number
  /** Regional manual mode: zone (name or ID) → allocation IDs. Absent = automatic mode. */
  zoneAddresses?: { zone: string; allocationIds: string[] }[]
  tags?: Tag[]
  clientToken?: string
}

export interface CreateOptions {
  provisioningMs?: number
  injectedFailure?: { code: string; message: string }
}

export function createNatGateway(
  world: World,
  spec: NatGatewaySpec,
  now: number,
  opts: CreateOptions = {}
): NatGateway {
  const mode = spec.availabilityMode ?? 'zonal'
  const subnet = spec.subnetId ? world.subnets.get(spec.subnetId) : undefined
  const vpcId = mode === 'zonal' ? (subnet?.vpcId ?? '') : (spec.vpcId ?? '')
  const connectivityType = spec.connectivityType ?? 'public'
  const gw: NatGateway = {
    id: world.newId('nat'),
    vpcId,
    availabilityMode: mode,
    connectivityType,
    state: 'pending',
    createTime: new Date(now),
    readyAt: now + (opts.provisioningMs ?? world.options.provisioningMs),
    addresses: [],
    tags: [...(spec.tags ?? [])]
  }
  if (opts.injectedFailure) gw.injectedFailure = opts.injectedFailure
  if (spec.clientToken) gw.clientToken = spec.clientToken
  if (mode === 'zonal') {
    gw.subnetId = spec.subnetId
    if (connectivityType === 'public') {
      ;(spec.allocationIds ?? []).forEach((allocationId, i) => {
        gw.addresses.push({
          allocationId,
          publicIp: world.addresses.get(allocationId)?.publicIp,
          isPrimary: i === 0,
          status: 'associating'
        })
      })
    } else {
      // User guide "NAT gateways", private: the gateway gets a private IP of its subnet only, and
      // the secondary ones asked for (CreateNatGateway SecondaryPrivateIpAddress*).
      gw.addresses.push({ isPrimary: true, status: 'assigning' })
      const given = spec.secondaryPrivateIps ?? []
      const count = given.length || (spec.secondaryPrivateIpCount ?? 0)
      for (let i = 0; i < count; i++) {
        gw.addresses.push({
          isPrimary: false,
          status: 'assigning',
          ...(given[i] !== undefined && { privateIp: given[i] })
        })
      }
    }
  } else {
    // API reference: NatGateway, "AutoProvisionZones" / "RouteTableId" (regional only).
    const manual = spec.zoneAddresses !== undefined
    gw.autoProvisionZones = manual ? 'disabled' : 'enabled'
    gw.autoScalingIps = manual ? 'disabled' : 'enabled'
    for (const za of spec.zoneAddresses ?? []) {
      const zone = world.zone(za.zone)
      za.allocationIds.forEach((allocationId, i) => {
        gw.addresses.push({
          allocationId,
          publicIp: world.addresses.get(allocationId)?.publicIp,
          isPrimary: i === 0,
          status: 'associating',
          availabilityZone: zone?.name,
          availabilityZoneId: zone?.id
        })
      })
    }
    gw.routeTableId = createGatewayRouteTable(world, gw)
  }
  world.natGateways.set(gw.id, gw)
  return gw
}

/** The route table AWS creates for a regional NAT gateway: local + 0.0.0.0/0 → internet gateway. */
// AWS creates a route table for a regional gateway itself, NatGateway.RouteTableId (docs/ec2-behaviour.md).
function createGatewayRouteTable(world: World, gw: NatGateway): string {
  const vpc = world.vpcs.get(gw.vpcId)
  const id = world.newId('rtb')
  const igw = world.internetGatewayOf(gw.vpcId)
  const routes: Route[] = [
    {
      destinationCidrBlock: vpc?.cidr ?? '10.0.0.0/16',
      gatewayId: 'local',
      origin: 'CreateRouteTable'
    }
  ]
  if (igw)
    routes.push({ destinationCidrBlock: '0.0.0.0/0', gatewayId: igw.id, origin: 'CreateRoute' })
  world.routeTables.set(id, {
    id,
    vpcId: gw.vpcId,
    routes,
    associations: [],
    tags: [],
    natGatewayId: gw.id
  })
  return id
}

/** Runs every due transition, in time order. */
export function advance(world: World, now: number): void {
  const gateways = [...world.natGateways.values()].sort((a, b) => a.readyAt - b.readyAt)
  for (const gw of gateways) {
    if (gw.state === 'pending' && now >= gw.readyAt) finishProvisioning(world, gw)
    if (gw.state === 'available' && gw.autoExpandAt !== undefined && now >= gw.autoExpandAt) {
      expandZones(world, gw)
    }
    if (gw.state === 'available') settleAddresses(world, gw, now)
    if (gw.state === 'deleting' && gw.deletedAt !== undefined && now >= gw.deletedAt) {
      finishDeletion(world, gw, gw.deletedAt)
    }
  }
}

// API reference: NatGateway, "FailureCode" (Gateway.NotAttached, Resource.AlreadyAssociated, ...)
function provisioningFailure(
  world: World,
  gw: NatGateway
): { code: string; message: string } | undefined {
  if (gw.injectedFailure) return gw.injectedFailure
  if (gw.connectivityType === 'public' && !world.internetGatewayOf(gw.vpcId)) {
    return {
      code: 'Gateway.NotAttached',
      message: `Network ${gw.vpcId} has no Internet gateway attached`
    }
  }
  for (const a of gw.addresses) {
    if (!a.allocationId) continue
    const eip = world.addresses.get(a.allocationId)
    if (!eip) {
      return {
        code: 'InvalidAllocationID.NotFound',
        message: `Elastic IP address [${a.allocationId}] could not be found`
      }
    }
    if (eip.association && eip.association.natGatewayId !== gw.id) {
      return {
        code: 'Resource.AlreadyAssociated',
        message: `Elastic IP address [${a.allocationId}] is already associated`
      }
    }
  }
  return undefined
}

function finishProvisioning(world: World, gw: NatGateway): void {
  const failure = provisioningFailure(world, gw)
  if (failure) {
    gw.state = 'failed'
    gw.failureCode = failure.code
    gw.failureMessage = failure.message
    for (const a of gw.addresses) {
      a.status = 'failed'
      a.failureMessage = failure.message
    }
    if (gw.routeTableId) world.routeTables.delete(gw.routeTableId)
    return
  }
  gw.state = 'available'
  for (const a of gw.addresses) associate(world, gw, a)
  if (gw.autoProvisionZones === 'enabled') {
    gw.autoExpandAt = gw.readyAt + world.options.autoExpansionMs
  }
}

/**
 * AssociateNatGatewayAddress and DisassociateNatGatewayAddress (public), and
 * AssignPrivateNatGatewayAddress and UnassignPrivateNatGatewayAddress (private), over time: an
 * associating or assigning address ends `succeeded` or `failed` (with its FailureMessage); a
 * disassociating or unassigning one is gone, and its Elastic IP free (still allocated), once its
 * connections have drained.
 */
function settleAddresses(world: World, gw: NatGateway, now: number): void {
  for (const a of gw.addresses) {
    const arriving = a.status === 'associating' || a.status === 'assigning'
    if (arriving && a.settlesAt !== undefined && now >= a.settlesAt) {
      delete a.settlesAt
      if (a.pendingFailure) {
        a.status = 'failed'
        a.failureMessage = a.pendingFailure
        delete a.pendingFailure
      } else {
        associate(world, gw, a)
      }
    }
  }
  const gone = gw.addresses.filter(a => a.goneAt !== undefined && now >= a.goneAt)
  for (const a of gone) {
    const eip = a.allocationId ? world.addresses.get(a.allocationId) : undefined
    if (eip?.association?.natGatewayId === gw.id) delete eip.association
  }
  gw.addresses = gw.addresses.filter(a => !gone.includes(a))
}

/** Gives a gateway address its interface and private IP, and associates its Elastic IP. */
export function associate(world: World, gw: NatGateway, a: NatAddress): void {
  const sameZone = gw.addresses.find(
    o => o !== a && o.networkInterfaceId && o.availabilityZone === a.availabilityZone
  )
  const zoneSubnet = [...world.subnets.values()].find(
    s => s.vpcId === gw.vpcId && s.zone === a.availabilityZone
  )
  // One interface per zone; each address on it has a private IP of its own (a secondary address
  // is a secondary private IP of the interface, as AssociateNatGatewayAddress's PrivateIpAddress.N).
  a.networkInterfaceId = sameZone?.networkInterfaceId ?? world.newId('eni')
  // A private IP the request named (SecondaryPrivateIpAddresses) is kept.
  a.privateIp = a.privateIp ?? world.nextPrivateIp(gw.subnetId ?? zoneSubnet?.id, gw.vpcId)
  a.status = 'succeeded'
  if (!a.allocationId) return
  a.associationId = world.newId('eipassoc')
  const eip = world.addresses.get(a.allocationId)
  if (eip) {
    eip.association = {
      associationId: a.associationId,
      networkInterfaceId: a.networkInterfaceId,
      privateIpAddress: a.privateIp,
      natGatewayId: gw.id
    }
  }
}

/** Automatic mode: one AWS-managed address per zone where the VPC has a subnet. */
// API reference: NatGateway, "AutoProvisionZones": "associates EIPs in all AZs where your VPC has subnets"
function expandZones(world: World, gw: NatGateway): void {
  const zones = new Set(
    [...world.subnets.values()].filter(s => s.vpcId === gw.vpcId).map(s => s.zone)
  )
  for (const zoneName of [...zones].sort()) {
    if (gw.addresses.some(a => a.availabilityZone === zoneName)) continue
    const zone = world.zone(zoneName)
    const allocationId = world.newId('eipalloc')
    world.addresses.set(allocationId, {
      allocationId,
      publicIp: world.nextPublicIp(),
      tags: [],
      serviceManaged: 'rnat'
    })
    const a: NatAddress = {
      allocationId,
      publicIp: world.addresses.get(allocationId)?.publicIp,
      isPrimary: true,
      status: 'associating',
      availabilityZone: zone?.name,
      availabilityZoneId: zone?.id
    }
    gw.addresses.push(a)
    associate(world, gw, a)
  }
}

export function beginDeletion(
  world: World,
  gw: NatGateway,
  now: number,
  releaseBlock?: { ms: number; code: string }
): void {
  if (gw.state === 'deleting' || gw.state === 'deleted') return
  gw.state = 'deleting'
  gw.deletedAt = now + world.options.deletingMs
  if (releaseBlock) gw.releaseBlock = releaseBlock
  for (const a of gw.addresses) if (a.status === 'succeeded') a.status = 'disassociating'
}

// API reference: DeleteNatGateway: "Deleting a NAT gateway disassociates its Elastic IP address,
// but does not release the address"
function finishDeletion(world: World, gw: NatGateway, at: number): void {
  gw.state = 'deleted'
  gw.deleteTime = new Date(at)
  for (const a of gw.addresses) {
    delete a.associationId
    if (a.status === 'disassociating') a.status = 'succeeded'
  }
  for (const [id, eip] of world.addresses) {
    if (eip.association?.natGatewayId !== gw.id) continue
    delete eip.association
    if (eip.serviceManaged === 'rnat') {
      world.addresses.delete(id)
    } else if (gw.releaseBlock && gw.releaseBlock.ms > 0) {
      eip.releaseBlockedUntil = at + gw.releaseBlock.ms
      eip.releaseBlockedCode = gw.releaseBlock.code
    }
  }
  if (gw.routeTableId) world.routeTables.delete(gw.routeTableId)
}

/** `active`, or `blackhole` when the target is gone (deleted/failed gateway, detached igw). */
// API reference: Route, "State": "blackhole ... the route's target isn't available"
export function routeState(world: World, table: RouteTable, route: Route): 'active' | 'blackhole' {
  if (route.natGatewayId) {
    const gw = world.natGateways.get(route.natGatewayId)
    return !gw || gw.state === 'failed' || gw.state === 'deleting' || gw.state === 'deleted'
      ? 'blackhole'
      : 'active'
  }
  if (route.egressOnlyInternetGatewayId) {
    return world.egressOnlyInternetGateways.has(route.egressOnlyInternetGatewayId)
      ? 'active'
      : 'blackhole'
  }
  if (route.gatewayId && route.gatewayId.startsWith('igw-')) {
    return world.internetGateways.get(route.gatewayId)?.vpcId === table.vpcId
      ? 'active'
      : 'blackhole'
  }
  return 'active'
}
