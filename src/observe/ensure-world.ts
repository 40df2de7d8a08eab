/**
 * The read-only EC2 calls of `state: present`, in two rings (docs/design.md). The core ring (our
 * gateways, the named route tables) is two calls and is enough to show that nothing needs to
 * change. The surroundings ring validates the writes of a create, and is read only then.
 */
import type { EC2Client } from '@aws-sdk/client-ec2'
import type { Config } from '../model/config.js'
import type { RunContext } from '../context.js'
import { describeAddresses, findManagedAddresses, findReusableAddresses } from '../ec2/addresses.js'
import { describeVpcEgressOnlyGateways } from '../ec2/egress-only-gateways.js'
import { findManagedNatGateways } from '../ec2/nat-gateways.js'
import {
  describeAttachedInternetGateways,
  describeAvailabilityZones,
  describeSubnets,
  describeVpc,
  describeVpcSubnets
} from '../ec2/network.js'
import {
  describeRouteTables,
  describeVpcRouteTables,
  findSubnetRouteTable
} from '../ec2/route-tables.js'
import { describeGatewayEndpoints } from '../ec2/vpc-endpoints.js'
import { diffAddresses } from '../model/address-changes.js'
import { manualAllocationIds } from '../model/addresses.js'
import { isLive, LIVE_STATES, RETIRED_STATES } from '../model/gateway-states.js'
import { gatewaysNamed } from '../model/identity.js'
import { wantsIpv6 } from '../model/ipv6.js'
import type { NatGateway, RouteTable, Vpc, VpcEndpoint } from '../model/resources.js'
import { associatedSubnetIds, findRoute, isMainTable } from '../model/routes.js'
import type {
  CoreWorld,
  Ipv6Surroundings,
  PerZoneWorld,
  Surroundings,
  World
} from '../model/world.js'
import { routesInPlace } from '../plan/route-tables.js'
import { selectRouteTables } from '../plan/route-selection.js'
import { needsVpcLayout } from '../plan/table-zones.js'
import { gatewayZones, zoneCore, zoneElasticIps } from '../plan/zones.js'

/** The route tables a run looks at: the listed ones, or with `auto` all of the VPC's. */
export function observeRouteTables(ec2: EC2Client, config: Config): Promise<RouteTable[]> {
  return config.routeTableIds === 'auto'
    ? describeVpcRouteTables(ec2, config.vpcId)
    : describeRouteTables(ec2, config.routeTableIds)
}

/** With gateway-endpoints: the VPC's endpoints of those services, in one call. */
export function observeGatewayEndpoints(ec2: EC2Client, config: Config): Promise<VpcEndpoint[]> {
  return config.gatewayEndpoints.length > 0
    ? describeGatewayEndpoints(ec2, config.vpcId, config.region, config.gatewayEndpoints)
    : Promise.resolve([])
}

/**
 * Zonal: which of the routed tables routes the gateway's own subnet, if one does. An explicit
 * association shows in the tables; otherwise only the main table can, and it does unless another
 * table is explicitly associated with the subnet: with `auto` every table of the VPC is at hand,
 * with listed ones that takes one read, made only when a main table is listed.
 */
async function observeHostSubnetTable(
  ec2: EC2Client,
  config: Config,
  tables: RouteTable[]
): Promise<string | undefined> {
  const { gateway } = config
  // A gateway per zone: table-zones.ts tells each table's zone, host subnets' tables included.
  if (gateway.mode !== 'zonal' || config.perZone) return undefined
  const explicit = tables.find(t => associatedSubnetIds(t).includes(gateway.subnetId))
  if (explicit) return explicit.RouteTableId
  const main = tables.find(isMainTable)
  if (!main || config.routeTableIds === 'auto') return main?.RouteTableId
  return (await findSubnetRouteTable(ec2, config.vpcId, gateway.subnetId))?.RouteTableId
}

export async function observeCore(ec2: EC2Client, config: Config): Promise<CoreWorld> {
  const [gateways, routeTables, gatewayEndpoints] = await Promise.all([
    // One call for both: the retired ones tell a create which ClientToken is spent.
    findManagedNatGateways(ec2, config.vpcId, [...LIVE_STATES, ...RETIRED_STATES]),
    observeRouteTables(ec2, config),
    observeGatewayEndpoints(ec2, config)
  ])
  const hostSubnetRouteTableId = await observeHostSubnetTable(ec2, config, routeTables)
  return {
    managedGateways: gateways.filter(gateway => isLive(gateway.State)),
    retiredGateways: gateways.filter(gateway => !isLive(gateway.State)),
    routeTables,
    gatewayEndpoints,
    ...(hostSubnetRouteTableId && { hostSubnetRouteTableId })
  }
}

/** Awaits every read of a record at once: the reads of a ring go out together. */
async function allOf<T extends object>(reads: {
  [K in keyof T]: T[K] | Promise<T[K]>
}): Promise<T> {
  const entries = Object.entries(reads).map(async ([key, read]) => [key, await read] as const)
  return Object.fromEntries(await Promise.all(entries)) as T
}

/**
 * The surroundings. For a create, all of them; for a change of an existing gateway (`change`),
 * only what its checks use: the Elastic IPs named and removed (tags say which the action
 * allocated), the zones and subnet (border groups), and (regional manual) the VPC's subnets and
 * tables (zone coverage).
 */
export async function observeSurroundings(
  ec2: EC2Client,
  config: Config,
  change?: Change
): Promise<Surroundings> {
  const { gateway } = config
  const create = change === undefined
  const subnetId = gateway.mode === 'zonal' ? gateway.subnetId : undefined
  const manual = gateway.elasticIps.allocation === 'manual'
  const zonalAutomatic = gateway.mode === 'zonal' && gateway.elasticIps.allocation === 'automatic'
  // Regional: which zones the routed subnets are in. Manual mode checks that each has addresses;
  // a create in automatic mode counts them, a gateway-hour each (plan/review.ts).
  const routedZones = gateway.mode === 'regional' && (manual || create)
  return allOf<Surroundings>({
    vpc: create ? describeVpc(ec2, config.vpcId) : undefined,
    internetGateways:
      create && gateway.connectivity === 'public'
        ? describeAttachedInternetGateways(ec2, config.vpcId)
        : [],
    subnet:
      subnetId && (create || manual)
        ? describeSubnets(ec2, [subnetId]).then(([subnet]) => subnet)
        : undefined,
    subnetRouteTable:
      create && subnetId ? findSubnetRouteTable(ec2, config.vpcId, subnetId) : undefined,
    addresses: describeAddresses(ec2, [
      ...manualAllocationIds(gateway),
      ...(change?.removedAllocationIds ?? [])
    ]),
    // Manual: zone names and border groups to check; zonal automatic: the group to allocate in.
    zones: manual || (create && zonalAutomatic) ? describeAvailabilityZones(ec2) : [],
    reusableAddresses:
      create && zonalAutomatic ? findReusableAddresses(ec2, config.name, config.vpcId) : [],
    vpcSubnets: routedZones ? describeVpcSubnets(ec2, config.vpcId) : [],
    vpcRouteTables:
      routedZones && config.routeTableIds !== 'auto'
        ? describeVpcRouteTables(ec2, config.vpcId)
        : []
  })
}

/** A change of an existing gateway whose writes the surroundings validate first. */
interface Change {
  removedAllocationIds: string[]
}

/**
 * The change adopting this gateway makes, if its writes need checking first: an address change,
 * or (regional manual) a route to write, whose subnets' zones must all be served. None when
 * nothing is written, or when a change that cannot be made in place stops the run anyway.
 */
function changeToCheck(config: Config, core: CoreWorld, gateway: NatGateway): Change | undefined {
  const diff = diffAddresses(config.gateway, gateway)
  if (diff.blocked.length > 0) return undefined
  // Addresses still draining are read too: those the action allocated are released once gone.
  const removedAllocationIds = [...diff.remove.map(r => r.allocationId), ...diff.draining]
  if (diff.add.length > 0 || removedAllocationIds.length > 0) return { removedAllocationIds }
  const { gateway: spec } = config
  if (spec.mode !== 'regional' || spec.elasticIps.allocation !== 'manual') return undefined
  const { routeTableIds } = selectRouteTables(config, core)
  const routed = routeTableIds.every(id => {
    const table = core.routeTables.find(t => t.RouteTableId === id)
    return table && findRoute(table, config.destination)?.NatGatewayId === gateway.NatGatewayId
  })
  return routed ? undefined : { removedAllocationIds: [] }
}

/**
 * nat64, ipv6-egress: the VPC's IPv6 blocks (unless the surroundings read the VPC already), its
 * egress-only internet gateways, and (nat64) the routed subnets, for their DNS64.
 */
async function observeIpv6(
  ec2: EC2Client,
  config: Config,
  core: CoreWorld,
  vpc: Promise<Vpc | undefined> | undefined
): Promise<Ipv6Surroundings> {
  const { routeTableIds } = selectRouteTables(config, core)
  const routedSubnetIds = core.routeTables
    .filter(table => routeTableIds.includes(table.RouteTableId))
    .flatMap(associatedSubnetIds)
  return allOf<Ipv6Surroundings>({
    vpc: vpc ?? describeVpc(ec2, config.vpcId),
    egressOnlyGateways:
      config.ipv6Egress === 'none' ? [] : describeVpcEgressOnlyGateways(ec2, config.vpcId),
    routedSubnets: config.nat64 ? describeSubnets(ec2, routedSubnetIds) : []
  })
}

/**
 * Everything `state: present` plans from: the surroundings only when the run will write something
 * they validate (a create, an address change, regional manual routes); with nat64 or ipv6-egress,
 * the IPv6 surroundings whenever the run writes, routes included.
 */
export async function observe({ ec2, config }: RunContext): Promise<World> {
  return observeBeyondCore(ec2, config, await observeCore(ec2, config))
}

/** The surroundings one gateway's plan needs, given the core ring already read. */
async function observeBeyondCore(ec2: EC2Client, config: Config, core: CoreWorld): Promise<World> {
  const own = gatewaysNamed(core.managedGateways, config.name)
  const [gateway] = own
  const change = gateway && own.length === 1 ? changeToCheck(config, core, gateway) : undefined
  const readSurroundings = !gateway || change !== undefined
  const natGatewayId = own.length === 1 ? gateway?.NatGatewayId : undefined
  const readIpv6 =
    wantsIpv6(config) && (readSurroundings || !routesInPlace(config, core, natGatewayId))
  const surroundings = readSurroundings
    ? observeSurroundings(ec2, config, gateway ? change : undefined)
    : undefined
  // A create reads the VPC with the surroundings; the IPv6 checks use that answer.
  const vpc = gateway ? undefined : surroundings?.then(s => s.vpc)
  const [surroundingsRead, ipv6] = await Promise.all([
    surroundings,
    readIpv6 ? observeIpv6(ec2, config, core, vpc) : undefined
  ])
  return {
    core,
    ...(surroundingsRead && { surroundings: surroundingsRead }),
    ...(ipv6 && { ipv6 })
  }
}

/**
 * A gateway per zone: the core ring, then always the zones of the listed subnets and of the
 * subnets the routed tables serve (one DescribeSubnets: nothing in the core ring tells a table's
 * zone), the VPC's subnets and tables if the main table is routed, then per zone the surroundings
 * its own plan needs, and the VPC's tables and our addresses when a gateway is to be retired.
 */
export async function observePerZone({ ec2, config }: RunContext): Promise<PerZoneWorld> {
  const perZone = config.perZone
  if (!perZone) throw new Error('observePerZone needs subnet-ids with several subnets.')
  const core = await observeCore(ec2, config)
  const { routeTableIds } = selectRouteTables(config, core)
  const routed = core.routeTables.filter(t => routeTableIds.includes(t.RouteTableId))
  const main = routed.some(needsVpcLayout)
  const [subnets, vpcSubnets, vpcRouteTables] = await Promise.all([
    describeSubnets(ec2, [
      ...new Set([...perZone.subnetIds, ...routed.flatMap(associatedSubnetIds)])
    ]),
    main ? describeVpcSubnets(ec2, config.vpcId) : undefined,
    main && config.routeTableIds !== 'auto' ? describeVpcRouteTables(ec2, config.vpcId) : undefined
  ])
  const zones = await Promise.all(
    gatewayZones(config, perZone, subnets, []).map(async gateway => {
      // The zone's own plan decides what it reads, as a single gateway's would.
      const zoneConfig: Config = {
        ...config,
        gateway: {
          mode: 'zonal',
          subnetId: gateway.subnetId,
          connectivity: perZone.connectivity,
          elasticIps: zoneElasticIps(perZone, gateway),
          secondaryPrivateIpCount: perZone.secondaryPrivateIpCount
        },
        routeTableIds: []
      }
      const view = zoneCore(config, core, gateway.subnetId)
      const { surroundings } = await observeBeyondCore(ec2, zoneConfig, view)
      return { ...gateway, ...(surroundings && { surroundings }) }
    })
  )
  const listed = new Set(perZone.subnetIds)
  const retiring = gatewaysNamed(core.managedGateways, config.name).some(
    gateway => !listed.has(gateway.SubnetId ?? '')
  )
  return {
    core,
    subnets,
    ...(vpcSubnets && { vpcSubnets }),
    ...(vpcRouteTables && { vpcRouteTables }),
    zones,
    ...(retiring && {
      retiring: await allOf<NonNullable<PerZoneWorld['retiring']>>({
        routeTables:
          config.routeTableIds === 'auto'
            ? core.routeTables
            : describeVpcRouteTables(ec2, config.vpcId),
        addresses: findManagedAddresses(ec2, config.name)
      })
    })
  }
}
