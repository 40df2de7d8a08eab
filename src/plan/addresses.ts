/**
 * The address part of adopting a gateway: the in-place Elastic IP changes (manual mode), and the
 * checks that must pass before any write: the Elastic IPs exist and are free, their network
 * border group matches the zone they serve, and (regional manual) every routed zone has one.
 * docs/elastic-ips.md gives the AWS sources.
 */
import type { Config } from '../model/config.js'
import { type AddressDiff, diffAddresses, hasAddressChanges } from '../model/address-changes.js'
import { addressOwnership } from '../model/identity.js'
import type { AddressPlan } from '../model/plan.js'
import type { Problem } from '../model/problems.js'
import type { NatGateway } from '../model/resources.js'
import { routedSubnetIds } from '../model/routes.js'
import type { CoreWorld, Surroundings } from '../model/world.js'
import { selectRouteTables } from './route-selection.js'

/** Every Elastic IP the inputs add, exists, is free, and belongs to the zone's border group. */
export function checkAddedAddresses(
  config: Config,
  world: Surroundings,
  additions: { zone?: string; allocationIds: string[] }[],
  problems: Problem[]
): void {
  const gateway = config.gateway
  for (const { zone, allocationIds } of additions) {
    const zoneName = zone ?? (gateway.mode === 'zonal' ? world.subnet?.AvailabilityZone : undefined)
    const where = world.zones.find(z => z.ZoneName === zoneName || z.ZoneId === zoneName)
    for (const id of allocationIds) {
      const address = world.addresses.find(a => a.AllocationId === id)
      if (!address) {
        problems.push({
          subject: 'eip-allocation-ids',
          message: `${id} was not found in ${config.region}.`,
          fix: 'Name Elastic IPs allocated in this account and Region, or leave the input empty to allocate automatically.'
        })
      } else if (address.AssociationId || address.NetworkInterfaceId) {
        const user = address.InstanceId ?? address.NetworkInterfaceId ?? address.AssociationId
        problems.push({
          subject: 'eip-allocation-ids',
          message: `${id} (${address.PublicIp}) is already associated with ${user}; the gateway would fail with Resource.AlreadyAssociated.`,
          fix: 'Name a free Elastic IP, or disassociate this one first.'
        })
      } else if (
        address.NetworkBorderGroup &&
        where?.NetworkBorderGroup &&
        address.NetworkBorderGroup !== where.NetworkBorderGroup
      ) {
        problems.push({
          subject: 'eip-allocation-ids',
          message: `${id} (${address.PublicIp}) belongs to the network border group ${address.NetworkBorderGroup}, but ${where.ZoneName} is in ${where.NetworkBorderGroup}; EC2 would fail to associate it.`,
          fix: `Allocate the Elastic IP in the network border group ${where.NetworkBorderGroup} (aws ec2 allocate-address --network-border-group ${where.NetworkBorderGroup}).`
        })
      }
    }
  }
}

/**
 * Regional manual mode: a gateway with listed zones serves those zones only and does not expand
 * by itself, so a routed subnet in another zone would lose its internet access. A problem, before
 * any write, naming the zones and the fix.
 */
export function checkZoneCoverage(
  config: Config,
  core: CoreWorld,
  world: Surroundings,
  problems: Problem[]
): void {
  const { elasticIps } = config.gateway
  if (config.gateway.mode !== 'regional' || elasticIps.allocation !== 'manual') return
  if (!('zones' in elasticIps)) return
  const listed = elasticIps.zones.map(z => z.zone)
  const tables = world.vpcRouteTables.length > 0 ? world.vpcRouteTables : core.routeTables
  const { routeTableIds } = selectRouteTables(config, core)
  const uncovered = new Map<string, string[]>()
  for (const table of tables.filter(t => routeTableIds.includes(t.RouteTableId))) {
    for (const subnetId of routedSubnetIds(table, world.vpcSubnets, tables)) {
      const subnet = world.vpcSubnets.find(s => s.SubnetId === subnetId)
      const zone = subnet?.AvailabilityZone
      if (
        !subnet ||
        !zone ||
        listed.includes(zone) ||
        listed.includes(subnet.AvailabilityZoneId ?? '')
      )
        continue
      uncovered.set(zone, [...(uncovered.get(zone) ?? []), `${subnetId} (${table.RouteTableId})`])
    }
  }
  for (const [zone, subnets] of uncovered) {
    problems.push({
      subject: 'eip-allocation-ids',
      message: `${zone} has no Elastic IP in the inputs, but the routed subnets ${subnets.join(', ')} are there; a regional NAT gateway in manual mode serves only the zones it lists and does not expand by itself, so their traffic would not be served.`,
      fix: `Add a line "${zone}: eipalloc-…" to eip-allocation-ids, or route those subnets elsewhere.`
    })
  }
}

/**
 * Removed addresses this action allocated for the gateway, and those still draining from an
 * earlier run's removal: released once they are gone.
 */
function ownRemovedAddresses(config: Config, world: Surroundings, diff: AddressDiff): string[] {
  const removed = new Set([...diff.remove.map(r => r.allocationId), ...diff.draining])
  return world.addresses
    .filter(
      a =>
        removed.has(a.AllocationId) &&
        // On this VPC's gateway: an address of an earlier version, without the VPC tag, too.
        addressOwnership(a.Tags, config.name, config.vpcId) !== 'not-ours'
    )
    .map(a => a.AllocationId)
}

/**
 * The in-place address changes for an adopted gateway, or undefined when there are none. What
 * cannot be done in place becomes a problem; the checks need the surroundings, read when the
 * run writes.
 */
export function planAddressChanges(
  config: Config,
  gateway: NatGateway,
  world: Surroundings | undefined,
  problems: Problem[]
): AddressPlan | undefined {
  const diff = diffAddresses(config.gateway, gateway)
  for (const reason of diff.blocked) {
    problems.push({
      subject: gateway.NatGatewayId,
      message: `cannot take the Elastic IPs of the inputs in place: ${reason}.`,
      fix: 'Change eip-allocation-ids to what can change in place (secondary addresses, or addresses per zone), or give the gateway another `name` to create a new one (README: "Changing your Elastic IPs").'
    })
  }
  // A blocked change stops the run; its surroundings were not read.
  if (diff.blocked.length > 0) return undefined
  const release = world ? ownRemovedAddresses(config, world, diff) : []
  if (!hasAddressChanges(diff) && release.length === 0) return undefined
  if (!world) throw new Error('An address change needs the surroundings observed.')
  checkAddedAddresses(config, world, diff.add, problems)
  return { add: diff.add, remove: diff.remove, release }
}
