/** The gateway's part of the plan: adopt ours, or create one after checking its surroundings. */
import type { CreateNatGatewayCommandInput } from '@aws-sdk/client-ec2'
import type { Config } from '../model/config.js'
import type { ZonalGateway } from '../model/gateway-spec.js'
import { isZoneId } from '../model/ids.js'
import { manualAllocationIds } from '../model/addresses.js'
import { gatewaysNamed, gatewayTags } from '../model/identity.js'
import type { AutomaticAddress, GatewayPlan } from '../model/plan.js'
import type { Problem } from '../model/problems.js'
import { diffPrivateIps } from '../model/private-ips.js'
import type { NatGateway } from '../model/resources.js'
import { hasInternetRoute } from '../model/routes.js'
import type { Surroundings, World } from '../model/world.js'
import { checkAddedAddresses, planAddressChanges } from './addresses.js'

/** The CreateNatGateway request for the Config, without ClientToken and automatic address. */
export function createRequest(config: Config): CreateNatGatewayCommandInput {
  const TagSpecifications = [
    { ResourceType: 'natgateway' as const, Tags: gatewayTags(config.name, config.tags) }
  ]
  const { gateway } = config
  if (gateway.mode === 'regional') {
    const { elasticIps } = gateway
    return {
      AvailabilityMode: 'regional',
      VpcId: config.vpcId,
      ConnectivityType: 'public',
      ...(elasticIps.allocation === 'manual' && {
        AvailabilityZoneAddresses: elasticIps.zones.map(({ zone, allocationIds }) =>
          isZoneId(zone)
            ? { AvailabilityZoneId: zone, AllocationIds: allocationIds }
            : { AvailabilityZone: zone, AllocationIds: allocationIds }
        )
      }),
      TagSpecifications
    }
  }
  const [primary, ...secondary] = manualAllocationIds(gateway)
  return {
    SubnetId: gateway.subnetId,
    ConnectivityType: gateway.connectivity,
    ...(primary !== undefined && { AllocationId: primary }),
    ...(secondary.length > 0 && { SecondaryAllocationIds: secondary }),
    ...(gateway.secondaryPrivateIpCount > 0 && {
      SecondaryPrivateIpAddressCount: gateway.secondaryPrivateIpCount
    }),
    TagSpecifications
  }
}

/**
 * How an existing gateway differs from the inputs in what EC2 cannot change in place: the
 * availability mode, the subnet, the connectivity, and (regional) the switch between automatic
 * and manual Elastic IPs. Elastic IPs themselves change in place (plan/addresses.ts).
 */
export function differences(config: Config, gateway: NatGateway): string[] {
  const found: string[] = []
  const wanted = config.gateway
  // Gateways made before regional mode existed (and moto's) carry no AvailabilityMode: zonal.
  const mode = gateway.AvailabilityMode ?? 'zonal'
  if (mode !== wanted.mode)
    found.push(`its availability mode is ${mode}, the inputs ask for ${wanted.mode}`)
  if (wanted.mode === 'zonal' && mode === 'zonal' && gateway.SubnetId !== wanted.subnetId) {
    found.push(`it is in ${gateway.SubnetId}, the inputs ask for ${wanted.subnetId}`)
  }
  const connectivity = gateway.ConnectivityType ?? 'public'
  if (connectivity !== wanted.connectivity) {
    found.push(`its connectivity is ${connectivity}, the inputs ask for ${wanted.connectivity}`)
  }
  if (wanted.mode === 'regional' && mode === 'regional' && gateway.AutoProvisionZones) {
    const automatic = gateway.AutoProvisionZones === 'enabled'
    if (automatic !== (wanted.elasticIps.allocation === 'automatic')) {
      found.push(
        `its Elastic IPs are ${automatic ? 'automatic' : 'manual'}, the inputs ask for ${wanted.elasticIps.allocation}`
      )
    }
  }
  return found
}

function planAdoption(
  config: Config,
  world: World,
  gateway: NatGateway,
  problems: Problem[]
): GatewayPlan {
  const found = differences(config, gateway)
  if (found.length > 0) {
    problems.push({
      subject: gateway.NatGatewayId,
      message: `is this action's NAT gateway named "${config.name}", but ${found.join('; ')}.`,
      fix:
        'That cannot be changed in place. To move: give the new gateway another `name` (a second gateway is ' +
        'created; with route-conflict: replace the routes move to it), update your allowlists from its outputs, ' +
        `then remove ${gateway.NatGatewayId} with state: absent and the old name. Or set the inputs to match it.`
    })
    return { action: 'adopt', natGateway: gateway }
  }
  const addresses = planAddressChanges(config, gateway, world.surroundings, problems)
  const privateIps = diffPrivateIps(config.gateway, gateway)
  for (const reason of privateIps.blocked) {
    problems.push({
      subject: gateway.NatGatewayId,
      message: `cannot change its secondary private IPs in place now: ${reason}.`,
      fix: 'Rerun the step later, or leave secondary-private-ip-count at what the gateway holds.'
    })
  }
  return {
    action: 'adopt',
    natGateway: gateway,
    ...(addresses && { addresses }),
    ...(privateIps.change && { privateIps: privateIps.change })
  }
}

/**
 * A private gateway with secondary private IPs takes them from its subnet at creation: a subnet
 * with too few free addresses would fail the gateway (InsufficientFreeAddressesInSubnet).
 */
function checkFreeAddresses(gateway: ZonalGateway, world: Surroundings, problems: Problem[]): void {
  const free = world.subnet?.AvailableIpAddressCount
  const needed = 1 + gateway.secondaryPrivateIpCount
  if (gateway.secondaryPrivateIpCount === 0 || free === undefined || free >= needed) return
  problems.push({
    subject: 'secondary-private-ip-count',
    message: `the gateway needs ${needed} private IPs of ${gateway.subnetId} (its primary and ${gateway.secondaryPrivateIpCount} secondary), but the subnet has ${free} free.`,
    fix: `Ask for at most ${Math.max(0, free - 1)} secondary private IPs, or free addresses in the subnet.`
  })
}

function checkSurroundings(config: Config, world: Surroundings, problems: Problem[]): void {
  const { gateway, vpcId, region } = config
  if (!world.vpc) {
    problems.push({
      subject: 'vpc-id',
      message: `${vpcId} was not found in ${region}.`,
      fix: 'Check the ID, the Region, and that the credentials are for the account that owns the VPC.'
    })
    return
  }
  if (gateway.connectivity === 'public' && world.internetGateways.length === 0) {
    problems.push({
      subject: 'vpc-id',
      message: `${vpcId} has no internet gateway attached; a public NAT gateway needs one (it would fail with Gateway.NotAttached).`,
      fix: 'Attach an internet gateway to the VPC first.'
    })
  }
  if (gateway.mode === 'zonal') {
    if (!world.subnet) {
      problems.push({
        subject: 'subnet-id',
        message: `${gateway.subnetId} was not found in ${region}.`,
        fix: `Name a public subnet of ${vpcId}.`
      })
    } else if (world.subnet.VpcId !== vpcId) {
      problems.push({
        subject: 'subnet-id',
        message: `${gateway.subnetId} belongs to ${world.subnet.VpcId}, not to ${vpcId}.`,
        fix: `Name a public subnet of ${vpcId}.`
      })
    } else if (gateway.connectivity === 'public' && !hasInternetRoute(world.subnetRouteTable)) {
      const table = world.subnetRouteTable?.RouteTableId ?? 'its route table'
      problems.push({
        subject: 'subnet-id',
        message: `${gateway.subnetId} is not a public subnet: ${table} has no 0.0.0.0/0 route to an internet gateway, so the NAT gateway could not reach the internet.`,
        fix: 'Name a public subnet, or add that route first.'
      })
    }
    checkFreeAddresses(gateway, world, problems)
  }
  checkAddedAddresses(config, world, createAdditions(config), problems)
  if (gateway.mode === 'regional' && gateway.elasticIps.allocation === 'manual') {
    for (const { zone } of gateway.elasticIps.zones) {
      const known = world.zones.some(z => z.ZoneName === zone || z.ZoneId === zone)
      if (!known) {
        problems.push({
          subject: 'eip-allocation-ids',
          message: `"${zone}" is not an availability zone of ${region}.`,
          fix: `Zones there: ${world.zones.map(z => `${z.ZoneName} (${z.ZoneId})`).join(', ')}.`
        })
      }
    }
  }
}

/** The Elastic IPs a create names, grouped as it sends them. */
function createAdditions(config: Config): { zone?: string; allocationIds: string[] }[] {
  const { elasticIps } = config.gateway
  if (elasticIps.allocation !== 'manual') return []
  return 'zones' in elasticIps ? elasticIps.zones : [{ allocationIds: elasticIps.allocationIds }]
}

function planCreation(config: Config, world: World, problems: Problem[]): GatewayPlan {
  if (!world.surroundings) throw new Error('A gateway to create needs the surroundings observed.')
  checkSurroundings(config, world.surroundings, problems)
  const [newestRetired] = gatewaysNamed(world.core.retiredGateways, config.name).sort(
    (a, b) => (b.CreateTime?.getTime() ?? 0) - (a.CreateTime?.getTime() ?? 0)
  )
  const plan: GatewayPlan = {
    action: 'create',
    request: createRequest(config),
    tokenSalt: newestRetired?.NatGatewayId ?? ''
  }
  if (config.gateway.mode === 'zonal' && config.gateway.elasticIps.allocation === 'automatic') {
    plan.automaticAddress = automaticAddress(world.surroundings)
  }
  return plan
}

/**
 * Zonal automatic: reuse an address an earlier run allocated in the network border group of the
 * subnet's zone, or allocate one there. An address of another group could not be associated.
 */
function automaticAddress(world: Surroundings): AutomaticAddress {
  const zone = world.subnet?.AvailabilityZone
  const group = world.zones.find(z => z.ZoneName === zone)?.NetworkBorderGroup
  const [reusable] = world.reusableAddresses.filter(
    a => !group || !a.NetworkBorderGroup || a.NetworkBorderGroup === group
  )
  if (reusable) return { kind: 'reuse', allocationId: reusable.AllocationId }
  return group ? { kind: 'allocate', networkBorderGroup: group } : { kind: 'allocate' }
}

/** Adopt the one gateway of this identity, or create it; more than one is a problem. */
export function planGateway(config: Config, world: World, problems: Problem[]): GatewayPlan {
  const own = gatewaysNamed(world.core.managedGateways, config.name)
  const [first] = own
  if (!first) return planCreation(config, world, problems)
  if (own.length > 1) {
    problems.push({
      subject: 'name',
      message: `${own.length} NAT gateways in ${config.vpcId} carry this action's tags and the name "${config.name}": ${own.map(g => g.NatGatewayId).join(', ')}.`,
      fix: 'Delete all but one of them; the action then adopts the one left.'
    })
    return { action: 'adopt', natGateway: first }
  }
  return planAdoption(config, world, first, problems)
}
