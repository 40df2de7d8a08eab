// Building and tearing down a VPC: CreateVpc, CreateSubnet, CreateInternetGateway,
// AttachInternetGateway, CreateRouteTable, AssociateRouteTable, and their reverses. Deletions
// refuse with DependencyViolation in the cases EC2 does, so a teardown in the wrong order fails here
// as it would on AWS.
import { Ec2Error, str, tagSpecs } from '../protocol.ts'
import type { XmlValue } from '../protocol.ts'
import { intToIp, ipToInt } from '../state.ts'
import type { InternetGateway, RouteTable, Subnet, Vpc, World } from '../state.ts'
import type { Context, HandlerMap } from './context.ts'
import { renderIgw, renderSubnet, renderVpc } from './network.ts'
import { renderRouteTable } from './route-tables.ts'

function required(ctx: Context, name: string): string {
  const v = str(ctx.params, name)
  if (!v) throw new Ec2Error('MissingParameter', `The request must contain the parameter ${name}`)
  return v
}

function vpcOf(world: World, id: string): Vpc {
  const vpc = world.vpcs.get(id)
  if (!vpc) throw new Ec2Error('InvalidVpcID.NotFound', `The vpc ID '${id}' does not exist`)
  return vpc
}

function subnetOf(world: World, id: string): Subnet {
  const subnet = world.subnets.get(id)
  if (!subnet)
    throw new Ec2Error('InvalidSubnetID.NotFound', `The subnet ID '${id}' does not exist`)
  return subnet
}

function igwOf(world: World, id: string): InternetGateway {
  const igw = world.internetGateways.get(id)
  if (!igw) {
    throw new Ec2Error(
      'InvalidInternetGatewayID.NotFound',
      `The internetGateway ID '${id}' does not exist`
    )
  }
  return igw
}

function tableOf(world: World, id: string): RouteTable {
  const table = world.routeTables.get(id)
  if (!table)
    throw new Ec2Error('InvalidRouteTableID.NotFound', `The routeTable ID '${id}' does not exist`)
  return table
}

function dependencyViolation(kind: string, id: string): Ec2Error {
  return new Ec2Error(
    'DependencyViolation',
    `The ${kind} '${id}' has dependencies and cannot be deleted.`
  )
}

interface Range {
  first: number
  last: number
  prefix: number
}

/** An IPv4 CIDR block as its first and last address, or undefined when it is not one. */
function range(cidr: string): Range | undefined {
  const m = /^(\d{1,3}(?:\.\d{1,3}){3})\/(\d{1,2})$/.exec(cidr)
  if (!m || (m[1] as string).split('.').some(o => Number(o) > 255)) return undefined
  const prefix = Number(m[2])
  if (prefix > 32) return undefined
  const size = 2 ** (32 - prefix)
  const first = Math.floor(ipToInt(m[1] as string) / size) * size
  return { first, last: first + size - 1, prefix }
}

/** NAT gateways that still hold a network interface (and, when public, a mapped address). */
function liveGateways(world: World, where: { vpcId?: string; subnetId?: string }) {
  return [...world.natGateways.values()].filter(
    g =>
      g.state !== 'deleted' &&
      g.state !== 'failed' &&
      (where.vpcId === undefined || g.vpcId === where.vpcId) &&
      (where.subnetId === undefined || g.subnetId === where.subnetId)
  )
}

// API reference: CreateVpc (CidrBlock; "The allowed block size is between a /16 netmask and /28")
function createVpc(ctx: Context): Record<string, XmlValue> {
  const cidr = required(ctx, 'CidrBlock')
  const r = range(cidr)
  if (!r || r.prefix < 16 || r.prefix > 28) {
    throw new Ec2Error('InvalidVpc.Range', `The CIDR '${cidr}' is invalid.`)
  }
  const { vpcId } = ctx.world.addVpc({
    cidr: `${intToIp(r.first)}/${r.prefix}`,
    ipv6: str(ctx.params, 'AmazonProvidedIpv6CidrBlock') === 'true',
    tags: tagSpecs(ctx.params, 'vpc')
  })
  return { vpc: { ...renderVpc(vpcOf(ctx.world, vpcId)), state: 'pending' } }
}

// API reference: DeleteVpc ("delete or detach all gateways and resources that are associated
// with the VPC"); the main route table goes with it.
function deleteVpc(ctx: Context): Record<string, XmlValue> {
  const { world } = ctx
  const id = required(ctx, 'VpcId')
  vpcOf(world, id)
  const dependents = [
    ...[...world.subnets.values()].filter(s => s.vpcId === id),
    ...[...world.internetGateways.values()].filter(g => g.vpcId === id),
    ...[...world.egressOnlyInternetGateways.values()].filter(g => g.vpcId === id),
    ...[...world.routeTables.values()].filter(
      t => t.vpcId === id && !t.associations.some(a => a.main) && !t.natGatewayId
    ),
    ...liveGateways(world, { vpcId: id }),
    ...[...world.vpcEndpoints.values()].filter(e => e.vpcId === id && e.state !== 'deleted')
  ]
  if (dependents.length > 0) throw dependencyViolation('vpc', id)
  for (const t of [...world.routeTables.values()]) {
    if (t.vpcId === id) world.routeTables.delete(t.id)
  }
  world.vpcs.delete(id)
  return { return: true }
}

// API reference: CreateSubnet (AvailabilityZone or AvailabilityZoneId; InvalidSubnet.Range,
// InvalidSubnet.Conflict)
function createSubnet(ctx: Context): Record<string, XmlValue> {
  const { world } = ctx
  const vpc = vpcOf(world, required(ctx, 'VpcId'))
  const cidr = required(ctx, 'CidrBlock')
  const zoneRef = str(ctx.params, 'AvailabilityZone') ?? str(ctx.params, 'AvailabilityZoneId')
  const zone =
    zoneRef === undefined
      ? world.zones[0]
      : world.zones.find(z => z.name === zoneRef || z.id === zoneRef)
  if (!zone) {
    throw new Ec2Error(
      'InvalidParameterValue',
      `Value (${zoneRef ?? ''}) for parameter availabilityZone is invalid. Subnets can currently only be created in the following availability zones: ${world.zones.map(z => z.name).join(', ')}.`
    )
  }
  const r = range(cidr)
  const outer = range(vpc.cidr) as Range
  if (!r || r.prefix > 28 || r.first < outer.first || r.last > outer.last) {
    throw new Ec2Error('InvalidSubnet.Range', `The CIDR '${cidr}' is invalid.`)
  }
  const overlaps = [...world.subnets.values()].some(s => {
    const other = range(s.cidr)
    return s.vpcId === vpc.id && other && r.first <= other.last && other.first <= r.last
  })
  if (overlaps) {
    throw new Ec2Error('InvalidSubnet.Conflict', `The CIDR '${cidr}' conflicts with another subnet`)
  }
  const id = world.addSubnet(vpc.id, zone.name, {
    cidr: `${intToIp(r.first)}/${r.prefix}`,
    tags: tagSpecs(ctx.params, 'subnet')
  })
  return { subnet: { ...renderSubnet(world, subnetOf(world, id)), state: 'pending' } }
}

// API reference: DeleteSubnet ("You must terminate all running instances in the subnet"); its
// route table association goes with it.
function deleteSubnet(ctx: Context): Record<string, XmlValue> {
  const { world } = ctx
  const id = required(ctx, 'SubnetId')
  subnetOf(world, id)
  if (liveGateways(world, { subnetId: id }).length > 0) throw dependencyViolation('subnet', id)
  for (const t of world.routeTables.values()) {
    t.associations = t.associations.filter(a => a.subnetId !== id)
  }
  world.subnets.delete(id)
  return { return: true }
}

// API reference: CreateInternetGateway
function createIgw(ctx: Context): Record<string, XmlValue> {
  const id = ctx.world.addInternetGateway({ tags: tagSpecs(ctx.params, 'internet-gateway') })
  return { internetGateway: renderIgw(igwOf(ctx.world, id)) }
}

// API reference: AttachInternetGateway (a VPC has at most one internet gateway)
function attachIgw(ctx: Context): Record<string, XmlValue> {
  const { world } = ctx
  const igw = igwOf(world, required(ctx, 'InternetGatewayId'))
  const vpc = vpcOf(world, required(ctx, 'VpcId'))
  if (igw.vpcId) {
    throw new Ec2Error(
      'Resource.AlreadyAssociated',
      `resource ${igw.id} is already attached to network ${igw.vpcId}`
    )
  }
  const other = world.internetGatewayOf(vpc.id)
  if (other) {
    throw new Ec2Error(
      'Resource.AlreadyAssociated',
      `network ${vpc.id} already has an internet gateway attached (${other.id})`
    )
  }
  world.attachInternetGateway(igw.id, vpc.id)
  return { return: true }
}

// API reference: DetachInternetGateway ("The VPC must not contain any running instances with
// Elastic IP addresses or public IPv4 addresses"): a public NAT gateway maps its addresses until
// it is deleted.
function detachIgw(ctx: Context): Record<string, XmlValue> {
  const { world } = ctx
  const igw = igwOf(world, required(ctx, 'InternetGatewayId'))
  const vpcId = required(ctx, 'VpcId')
  vpcOf(world, vpcId)
  if (igw.vpcId !== vpcId) {
    throw new Ec2Error(
      'Gateway.NotAttached',
      `resource ${igw.id} is not attached to network ${vpcId}`
    )
  }
  if (liveGateways(world, { vpcId }).some(g => g.connectivityType === 'public')) {
    throw new Ec2Error(
      'DependencyViolation',
      `Network ${vpcId} has some mapped public address(es). Please unmap those public address(es) before detaching the gateway.`
    )
  }
  world.detachInternetGateway(igw.id)
  return { return: true }
}

// API reference: DeleteInternetGateway ("You must detach the internet gateway from the VPC")
function deleteIgw(ctx: Context): Record<string, XmlValue> {
  const { world } = ctx
  const igw = igwOf(world, required(ctx, 'InternetGatewayId'))
  if (igw.vpcId) throw dependencyViolation('internetGateway', igw.id)
  world.internetGateways.delete(igw.id)
  return { return: true }
}

// API reference: CreateRouteTable (a new table has the local route only)
function createRouteTable(ctx: Context): Record<string, XmlValue> {
  const { world } = ctx
  const vpc = vpcOf(world, required(ctx, 'VpcId'))
  const id = world.addRouteTable(vpc.id, { tags: tagSpecs(ctx.params, 'route-table') })
  return { routeTable: renderRouteTable(world, tableOf(world, id)) }
}

// API reference: DeleteRouteTable ("You must disassociate the route table from any subnets before
// you can delete it. You can't delete the main route table.")
function deleteRouteTable(ctx: Context): Record<string, XmlValue> {
  const { world } = ctx
  const table = tableOf(world, required(ctx, 'RouteTableId'))
  if (table.associations.length > 0) throw dependencyViolation('routeTable', table.id)
  world.routeTables.delete(table.id)
  return { return: true }
}

// API reference: AssociateRouteTable (subnet associations; a subnet has one explicit table)
function associateRouteTable(ctx: Context): Record<string, XmlValue> {
  const { world } = ctx
  const table = tableOf(world, required(ctx, 'RouteTableId'))
  if (str(ctx.params, 'GatewayId')) {
    throw new Ec2Error('UnsupportedOperation', 'The emulator associates subnets only')
  }
  const subnet = subnetOf(world, required(ctx, 'SubnetId'))
  if (subnet.vpcId !== table.vpcId) {
    throw new Ec2Error(
      'InvalidParameterValue',
      `Route table ${table.id} and subnet ${subnet.id} belong to different networks`
    )
  }
  const current = [...world.routeTables.values()].find(t =>
    t.associations.some(a => a.subnetId === subnet.id)
  )
  if (current) {
    throw new Ec2Error(
      'Resource.AlreadyAssociated',
      `the specified association for route table ${table.id} conflicts with an existing association`
    )
  }
  const associationId = world.associateSubnet(table.id, subnet.id)
  return { associationId, associationState: { state: 'associated' } }
}

// API reference: DisassociateRouteTable (the subnet falls back to the main route table)
function disassociateRouteTable(ctx: Context): Record<string, XmlValue> {
  const id = required(ctx, 'AssociationId')
  for (const t of ctx.world.routeTables.values()) {
    const association = t.associations.find(a => a.id === id)
    if (!association) continue
    if (association.main) {
      throw new Ec2Error(
        'InvalidParameterValue',
        `cannot disassociate the main route table association ${id}`
      )
    }
    t.associations = t.associations.filter(a => a !== association)
    return { return: true }
  }
  throw new Ec2Error('InvalidAssociationID.NotFound', `The association ID '${id}' does not exist`)
}

export const worldHandlers: HandlerMap = {
  CreateVpc: createVpc,
  DeleteVpc: deleteVpc,
  CreateSubnet: createSubnet,
  DeleteSubnet: deleteSubnet,
  CreateInternetGateway: createIgw,
  AttachInternetGateway: attachIgw,
  DetachInternetGateway: detachIgw,
  DeleteInternetGateway: deleteIgw,
  CreateRouteTable: createRouteTable,
  DeleteRouteTable: deleteRouteTable,
  AssociateRouteTable: associateRouteTable,
  DisassociateRouteTable: disassociateRouteTable
}
