/**
 * A gateway per zone (`subnet-ids`), planned: the listed subnets checked (found, in the VPC, one
 * per zone), each routed table given to the gateway of its zone (plan/table-zones.ts), then each
 * zone planned as one zonal gateway with its own Config, by the same planner as a single gateway.
 * Gateways of this name in a subnet no longer listed are retired after the routes have moved.
 */
import { NAT64_DESTINATION } from '../model/ipv6.js'
import type { Config } from '../model/config.js'
import type { PerZoneGateways, ZonalGateway, ZoneAddresses } from '../model/gateway-spec.js'
import { gatewaysNamed } from '../model/identity.js'
import type { PerZonePlan, PlanResult, SkippedRouteTable, ZonePlan } from '../model/plan.js'
import type { Problem } from '../model/problems.js'
import type { Address, NatGateway, Subnet } from '../model/resources.js'
import { findRoute } from '../model/routes.js'
import type { CoreWorld, PerZoneWorld, World } from '../model/world.js'
import { makePlan } from './ensure-plan.js'
import { planGatewayEndpoints } from './gateway-endpoints.js'
import { routeTableProblem } from './route-tables.js'
import { selectRouteTables } from './route-selection.js'
import { type GatewayZone, tableZone } from './table-zones.js'

/** The listed subnets as gateway zones, in zone order; each problem with them. */
export function gatewayZones(
  config: Config,
  perZone: PerZoneGateways,
  subnets: Subnet[],
  problems: Problem[]
): GatewayZone[] {
  const zones: GatewayZone[] = []
  for (const subnetId of perZone.subnetIds) {
    const subnet = subnets.find(s => s.SubnetId === subnetId)
    if (!subnet || subnet.VpcId !== config.vpcId) {
      problems.push({
        subject: subnetId,
        message: subnet
          ? `belongs to ${subnet.VpcId}, not to ${config.vpcId}.`
          : `was not found in ${config.region}.`,
        fix: `Name in subnet-ids one public subnet of ${config.vpcId} per zone.`
      })
      continue
    }
    const zone = subnet.AvailabilityZone ?? ''
    const twin = zones.find(z => z.zone === zone)
    if (twin) {
      problems.push({
        subject: 'subnet-ids',
        message: `${twin.subnetId} and ${subnetId} are both in ${zone}; each zone takes one gateway.`,
        fix: `Keep one subnet of ${zone} in subnet-ids.`
      })
      continue
    }
    zones.push({ subnetId, zone, zoneId: subnet.AvailabilityZoneId ?? '' })
  }
  return zones.sort((a, b) => a.zone.localeCompare(b.zone))
}

/** The zone's line of eip-allocation-ids, by zone name or zone ID. */
function zoneLine(perZone: PerZoneGateways, gateway: GatewayZone): ZoneAddresses | undefined {
  const { elasticIps } = perZone
  if (elasticIps.allocation !== 'manual') return undefined
  return elasticIps.zones.find(z => z.zone === gateway.zone || z.zone === gateway.zoneId)
}

/** A zone's Elastic IPs as one zonal gateway takes them; a zone without a line: automatic. */
export function zoneElasticIps(
  perZone: PerZoneGateways,
  gateway: GatewayZone
): ZonalGateway['elasticIps'] {
  const { elasticIps } = perZone
  if (elasticIps.allocation !== 'manual') return elasticIps
  const line = zoneLine(perZone, gateway)
  return line
    ? { allocation: 'manual', allocationIds: line.allocationIds }
    : { allocation: 'automatic' }
}

/** The zone's gateway as a single zonal gateway: its subnet and its zone's Elastic IPs. */
function zonalSpec(
  perZone: PerZoneGateways,
  gateway: GatewayZone,
  problems: Problem[]
): ZonalGateway {
  const spec = {
    mode: 'zonal' as const,
    subnetId: gateway.subnetId,
    connectivity: perZone.connectivity,
    secondaryPrivateIpCount: perZone.secondaryPrivateIpCount
  }
  if (perZone.elasticIps.allocation === 'manual' && !zoneLine(perZone, gateway)) {
    problems.push({
      subject: 'eip-allocation-ids',
      message: `has no line for ${gateway.zone} (${gateway.zoneId}), the zone of ${gateway.subnetId}.`,
      fix: `Add a line "${gateway.zone}: eipalloc-…", or leave eip-allocation-ids empty to have the action allocate one address per gateway.`
    })
  }
  return { ...spec, elasticIps: zoneElasticIps(perZone, gateway) }
}

function checkZoneLines(perZone: PerZoneGateways, zones: GatewayZone[], problems: Problem[]) {
  if (perZone.elasticIps.allocation !== 'manual') return
  for (const { zone } of perZone.elasticIps.zones) {
    if (!zones.some(z => z.zone === zone || z.zoneId === zone)) {
      problems.push({
        subject: 'eip-allocation-ids',
        message: `names the zone "${zone}", where no subnet of subnet-ids is.`,
        fix: `Zones of subnet-ids: ${zones.map(z => `${z.zone} (${z.zoneId})`).join(', ')}.`
      })
    }
  }
}

/**
 * One zone's view of the core ring: of the gateways of this name, only the one in its subnet is
 * its own; the others are siblings, whose routes move to it.
 */
export function zoneCore(config: Config, core: CoreWorld, subnetId: string): CoreWorld {
  const own = (gateway: NatGateway) =>
    !gatewaysNamed([gateway], config.name).length || gateway.SubnetId === subnetId
  return {
    ...core,
    managedGateways: core.managedGateways.filter(own),
    retiredGateways: core.retiredGateways.filter(own),
    siblingGatewayIds: gatewaysNamed(core.managedGateways, config.name)
      .filter(gateway => gateway.SubnetId !== subnetId)
      .map(gateway => gateway.NatGatewayId)
  }
}

/** The tables routed, given to their zones; those refused become problems (listed) or skips (auto). */
function assignTables(
  config: Config,
  world: PerZoneWorld,
  zones: GatewayZone[],
  problems: Problem[]
): { byZone: Map<string, string[]>; skipped: SkippedRouteTable[] } {
  const { core } = world
  const selection = selectRouteTables(config, core)
  const skipped = [...selection.skipped]
  const byZone = new Map<string, string[]>()
  const vpc = {
    subnets: [...world.subnets, ...(world.vpcSubnets ?? [])],
    routeTables: world.vpcRouteTables ?? core.routeTables
  }
  for (const routeTableId of selection.routeTableIds) {
    const table = core.routeTables.find(t => t.RouteTableId === routeTableId)
    const unusable = routeTableProblem(config, routeTableId, table)
    if (unusable || !table) {
      if (unusable) problems.push(unusable)
      continue
    }
    const decision = tableZone(table, zones, vpc)
    if ('gateway' in decision) {
      const { subnetId } = decision.gateway
      byZone.set(subnetId, [...(byZone.get(subnetId) ?? []), routeTableId])
    } else if (config.routeTableIds === 'auto') {
      skipped.push({ routeTableId, reason: decision.refusal.message })
    } else {
      problems.push({ subject: routeTableId, ...decision.refusal })
    }
  }
  if (config.routeTableIds === 'auto' && byZone.size === 0) {
    problems.push({
      subject: 'route-table-ids',
      message: `auto found no private route table in ${config.vpcId} to give a zone's gateway: ${skipped.map(s => `${s.routeTableId} is ${s.reason}`).join('; ') || 'it has none'}.`,
      fix: 'List the route tables to route.'
    })
  }
  return { byZone, skipped }
}

/** Addresses on the retired gateways that the action allocated (tagged so), to release. */
function retiredAddresses(retired: NatGateway[], addresses: Address[]): string[] {
  const onRetired = new Set(
    retired.flatMap(g => (g.NatGatewayAddresses ?? []).map(a => a.AllocationId))
  )
  return addresses.filter(a => onRetired.has(a.AllocationId)).map(a => a.AllocationId)
}

export function planPerZone(config: Config, world: PerZoneWorld): PlanResult<PerZonePlan> {
  const perZone = config.perZone
  if (!perZone) throw new Error('planPerZone needs subnet-ids with several subnets.')
  const problems: Problem[] = []
  const gateways = gatewayZones(config, perZone, world.subnets, problems)
  checkZoneLines(perZone, gateways, problems)
  const { byZone, skipped } = assignTables(config, world, gateways, problems)
  const zones: ZonePlan[] = []
  const reusable = new Set<string>()
  for (const gateway of gateways) {
    const routeTableIds = byZone.get(gateway.subnetId) ?? []
    const zoneConfig: Config = {
      ...config,
      gateway: zonalSpec(perZone, gateway, problems),
      routeTableIds,
      gatewayEndpoints: []
    }
    delete zoneConfig.perZone
    delete zoneConfig.expectedPlan
    const observed = world.zones.find(z => z.subnetId === gateway.subnetId)?.surroundings
    // Each zone's create reads the same leftover addresses: give each at most one of its own.
    const surroundings = observed && {
      ...observed,
      reusableAddresses: observed.reusableAddresses
        .filter(a => !reusable.has(a.AllocationId))
        .slice(0, 1)
    }
    surroundings?.reusableAddresses.forEach(a => reusable.add(a.AllocationId))
    const zoneWorld: World = {
      core: zoneCore(config, world.core, gateway.subnetId),
      ...(surroundings && { surroundings })
    }
    const result = makePlan(zoneConfig, zoneWorld)
    if (result.plan) zones.push({ ...gateway, config: zoneConfig, plan: result.plan })
    else problems.push(...result.problems)
  }
  const listed = new Set(gateways.map(g => g.subnetId))
  const natGateways = gatewaysNamed(world.core.managedGateways, config.name).filter(
    gateway => !listed.has(gateway.SubnetId ?? '')
  )
  const retiredIds = new Set(natGateways.map(g => g.NatGatewayId))
  const moved = new Set([...byZone.values()].flat())
  // Routes to a retired gateway in tables no zone routes any more: deleted, as a teardown would.
  const routes = (world.retiring?.routeTables ?? []).flatMap(table => {
    const natGatewayId = findRoute(table, config.destination)?.NatGatewayId
    return natGatewayId && retiredIds.has(natGatewayId) && !moved.has(table.RouteTableId)
      ? [{ routeTableId: table.RouteTableId, natGatewayId }]
      : []
  })
  if (problems.length > 0) return { problems }
  return {
    plan: {
      zones,
      retire: {
        natGateways,
        routes,
        // NAT64 to a retired gateway would be a blackhole once it is gone: deleted with it.
        ipv6Routes: (world.retiring?.routeTables ?? []).flatMap(table => {
          const natGatewayId = findRoute(table, NAT64_DESTINATION)?.NatGatewayId
          return natGatewayId && retiredIds.has(natGatewayId) && !moved.has(table.RouteTableId)
            ? [
                {
                  routeTableId: table.RouteTableId,
                  destinationCidr: NAT64_DESTINATION.cidr,
                  targetId: natGatewayId
                }
              ]
            : []
        }),
        releaseAllocationIds: retiredAddresses(natGateways, world.retiring?.addresses ?? []),
        gatewayEndpoints: []
      },
      skippedRouteTables: skipped,
      gatewayEndpoints: planGatewayEndpoints(config, world.core.gatewayEndpoints, [...moved])
    },
    problems: []
  }
}
