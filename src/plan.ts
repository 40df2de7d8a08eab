/**
 * (Config, World) → Plan, or the problems that stop the run. Pure: everything that can be known
 * before a write is decided here, and every problem is reported at once.
 */
import type { CreateNatGatewayCommandInput, NatGateway, RouteTable } from '@aws-sdk/client-ec2'
import { type Config, isZoneId } from './config.js'
import { findRoute, routeTarget } from './ec2/route-tables.js'
import { gatewayTags, tagValue } from './identity.js'
import type { CoreWorld, Surroundings, World } from './observe.js'
import type { Problem } from './problems.js'
import { selectRouteTables, type SkippedRouteTable } from './route-selection.js'
import { describeS3Plan, planS3Endpoint, type S3EndpointPlan } from './s3-endpoint.js'

/** Zonal automatic only: where the gateway's Elastic IP comes from. */
export type AutomaticAddress = { kind: 'allocate' } | { kind: 'reuse'; allocationId: string }

export type GatewayPlan =
  | { action: 'adopt'; natGateway: NatGateway }
  | {
      action: 'create'
      /** Everything CreateNatGateway is sent, except the ClientToken and an automatic address. */
      request: CreateNatGatewayCommandInput
      automaticAddress?: AutomaticAddress
      /**
       * Salts the ClientToken when an earlier gateway of this identity failed or was deleted:
       * EC2 may still hold the unsalted token for it. Runs that see the same world salt alike.
       */
      tokenSalt: string
    }

export interface RoutePlan {
  routeTableId: string
  action: 'keep' | 'create' | 'replace'
  /** For `replace`: what the destination routes to now, and why it is replaced. */
  currentTarget?: string
  reason?: 'blackhole' | 'route-conflict: replace'
}

export interface Plan {
  gateway: GatewayPlan
  routes: RoutePlan[]
  /** With `route-table-ids: auto`: the VPC's tables left out, and why. */
  skippedRouteTables: SkippedRouteTable[]
  /** With s3-gateway-endpoint. */
  s3Endpoint?: S3EndpointPlan
  /** With wait-for-zone-addresses: the subnets associated with the routed tables. */
  routedSubnetIds?: string[]
}

export type PlanResult = { plan: Plan; problems: [] } | { plan?: undefined; problems: Problem[] }

/** Our gateways that carry this run's `Name`: the gateway's identity. */
export function ownGateways(config: Config, core: CoreWorld): NatGateway[] {
  return core.managedGateways.filter(gateway => tagValue(gateway.Tags, 'Name') === config.name)
}

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
  const { elasticIps } = gateway
  const [primary, ...secondary] = elasticIps.allocation === 'manual' ? elasticIps.allocationIds : []
  return {
    SubnetId: gateway.subnetId,
    ConnectivityType: gateway.connectivity,
    ...(primary !== undefined && { AllocationId: primary }),
    ...(secondary.length > 0 && { SecondaryAllocationIds: secondary }),
    TagSpecifications
  }
}

function allocationIdsOf(gateway: NatGateway): Set<string> {
  return new Set(
    (gateway.NatGatewayAddresses ?? []).flatMap(address =>
      address.AllocationId ? [address.AllocationId] : []
    )
  )
}

/** How an existing gateway differs from what the inputs ask for; it cannot be changed in place. */
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
  if (wanted.elasticIps.allocation === 'manual') {
    const has = allocationIdsOf(gateway)
    const requested =
      'zones' in wanted.elasticIps
        ? wanted.elasticIps.zones.flatMap(zone => zone.allocationIds)
        : wanted.elasticIps.allocationIds
    const missing = requested.filter(id => !has.has(id))
    if (missing.length > 0) {
      found.push(`it does not use the Elastic IPs ${missing.join(', ')} from eip-allocation-ids`)
    }
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

function planAdoption(config: Config, gateway: NatGateway, problems: Problem[]): GatewayPlan {
  const found = differences(config, gateway)
  if (found.length > 0) {
    problems.push({
      subject: gateway.NatGatewayId ?? 'NAT gateway',
      message: `is this action's NAT gateway named "${config.name}", but ${found.join('; ')}.`,
      fix:
        'A NAT gateway cannot be changed in place: set the inputs to match it, give the new gateway ' +
        `another \`name\` (a second gateway is then created and ${gateway.NatGatewayId} can be deleted), ` +
        'or delete it first.'
    })
  }
  return { action: 'adopt', natGateway: gateway }
}

function hasInternetRoute(table: RouteTable | undefined): boolean {
  return (table?.Routes ?? []).some(
    route =>
      route.DestinationCidrBlock === '0.0.0.0/0' &&
      route.GatewayId?.startsWith('igw-') === true &&
      route.State !== 'blackhole'
  )
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
  }
  checkAddresses(config, world, problems)
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

function checkAddresses(config: Config, world: Surroundings, problems: Problem[]): void {
  const { elasticIps } = config.gateway
  if (elasticIps.allocation !== 'manual') return
  const requested =
    'zones' in elasticIps
      ? elasticIps.zones.flatMap(z => z.allocationIds)
      : elasticIps.allocationIds
  for (const id of requested) {
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
    }
  }
}

function planCreation(config: Config, world: World, problems: Problem[]): GatewayPlan {
  if (!world.surroundings) throw new Error('A gateway to create needs the surroundings observed.')
  checkSurroundings(config, world.surroundings, problems)
  const [newestRetired] = world.core.retiredGateways
    .filter(gateway => tagValue(gateway.Tags, 'Name') === config.name)
    .sort((a, b) => (b.CreateTime?.getTime() ?? 0) - (a.CreateTime?.getTime() ?? 0))
  const plan: GatewayPlan = {
    action: 'create',
    request: createRequest(config),
    tokenSalt: newestRetired?.NatGatewayId ?? ''
  }
  if (config.gateway.mode === 'zonal' && config.gateway.elasticIps.allocation === 'automatic') {
    const [reusable] = world.surroundings.reusableAddresses
    plan.automaticAddress = reusable?.AllocationId
      ? { kind: 'reuse', allocationId: reusable.AllocationId }
      : { kind: 'allocate' }
  }
  return plan
}

function describeTarget(target: string, core: CoreWorld): string {
  const managed = core.managedGateways.find(gateway => gateway.NatGatewayId === target)
  const name = managed && tagValue(managed.Tags, 'Name')
  return name ? `${target} (the NAT gateway "${name}", also managed by this action)` : target
}

function planRoute(
  config: Config,
  world: World,
  routeTableId: string,
  natGatewayId: string | undefined,
  problems: Problem[]
): RoutePlan | undefined {
  const { core, surroundings } = world
  const table = core.routeTables.find(t => t.RouteTableId === routeTableId)
  const problem = (message: string, fix: string): undefined => {
    problems.push({ subject: routeTableId, message, fix })
  }
  if (!table) {
    return problem(`was not found in ${config.region}.`, 'Check route-table-ids and the Region.')
  }
  if (table.VpcId !== config.vpcId) {
    return problem(
      `belongs to ${table.VpcId}, not to ${config.vpcId}.`,
      `Name only route tables of ${config.vpcId}.`
    )
  }
  const owner = core.managedGateways.find(gateway => gateway.RouteTableId === routeTableId)
  if (owner) {
    return problem(
      `is the route table of the regional NAT gateway ${owner.NatGatewayId} itself; the action never changes it.`,
      'Remove it from route-table-ids.'
    )
  }
  const { gateway } = config
  if (
    gateway.mode === 'zonal' &&
    (table.Associations?.some(a => a.SubnetId === gateway.subnetId) ||
      surroundings?.subnetRouteTable?.RouteTableId === routeTableId)
  ) {
    return problem(
      `routes ${gateway.subnetId}, the subnet that hosts the NAT gateway; sending its ${config.destination.cidr} traffic to the gateway would cut the gateway off from the internet.`,
      'Name the route tables of the private subnets only.'
    )
  }
  const route = findRoute(table, config.destination)
  if (!route) return { routeTableId, action: 'create' }
  if (natGatewayId !== undefined && route.NatGatewayId === natGatewayId) {
    return { routeTableId, action: 'keep' }
  }
  const currentTarget = routeTarget(route)
  if (route.State === 'blackhole') {
    return { routeTableId, action: 'replace', currentTarget, reason: 'blackhole' }
  }
  if (config.routeConflict === 'fail') {
    return problem(
      `already routes ${config.destination.cidr} to ${describeTarget(currentTarget, core)}.`,
      'Set route-conflict: replace to point it at this NAT gateway, or remove the table from route-table-ids.'
    )
  }
  return { routeTableId, action: 'replace', currentTarget, reason: 'route-conflict: replace' }
}

export function makePlan(config: Config, world: World): PlanResult {
  const problems: Problem[] = []
  const own = ownGateways(config, world.core)
  let gateway: GatewayPlan
  if (own.length > 1) {
    problems.push({
      subject: 'name',
      message: `${own.length} NAT gateways in ${config.vpcId} carry this action's tags and the name "${config.name}": ${own.map(g => g.NatGatewayId).join(', ')}.`,
      fix: 'Delete all but one of them; the action then adopts the one left.'
    })
    gateway = { action: 'adopt', natGateway: own[0] as NatGateway }
  } else if (own[0]) {
    gateway = planAdoption(config, own[0], problems)
  } else {
    gateway = planCreation(config, world, problems)
  }
  const natGatewayId = gateway.action === 'adopt' ? gateway.natGateway.NatGatewayId : undefined
  const selection = selectRouteTables(config, world.core.routeTables, world.core.managedGateways)
  if (selection.routeTableIds.length === 0) {
    problems.push({
      subject: 'route-table-ids',
      message: `auto found no private route table in ${config.vpcId}: ${selection.skipped.map(s => `${s.routeTableId} is ${s.reason}`).join('; ') || 'it has none'}.`,
      fix: 'List the route tables to route.'
    })
  }
  const routes = selection.routeTableIds.flatMap(id => {
    const route = planRoute(config, world, id, natGatewayId, problems)
    return route ? [route] : []
  })
  if (problems.length > 0) return { problems }
  const plan: Plan = { gateway, routes, skippedRouteTables: selection.skipped }
  if (config.waitForZoneAddresses) {
    plan.routedSubnetIds = world.core.routeTables
      .filter(table => selection.routeTableIds.includes(table.RouteTableId ?? ''))
      .flatMap(table => (table.Associations ?? []).flatMap(a => (a.SubnetId ? [a.SubnetId] : [])))
  }
  if (config.s3GatewayEndpoint) {
    plan.s3Endpoint = planS3Endpoint(config, world.core.s3Endpoints, selection.routeTableIds)
  }
  return { plan, problems: [] }
}

/** The plan as log lines. */
export function describePlan(config: Config, plan: Plan): string[] {
  const { gateway } = plan
  const lines: string[] = []
  if (gateway.action === 'adopt') {
    lines.push(`NAT gateway: use ${gateway.natGateway.NatGatewayId} (${gateway.natGateway.State}).`)
  } else {
    const spec = config.gateway
    const where =
      spec.mode === 'zonal' ? `zonal in ${spec.subnetId}` : `regional in ${config.vpcId}`
    const address =
      gateway.automaticAddress?.kind === 'allocate'
        ? ', allocating an Elastic IP'
        : gateway.automaticAddress?.kind === 'reuse'
          ? `, reusing Elastic IP ${gateway.automaticAddress.allocationId}`
          : ''
    lines.push(`NAT gateway: create "${config.name}", ${spec.connectivity} ${where}${address}.`)
  }
  for (const { routeTableId, reason } of plan.skippedRouteTables) {
    lines.push(`${routeTableId}: left out by route-table-ids: auto, ${reason}.`)
  }
  const destination = config.destination.cidr
  for (const route of plan.routes) {
    const what = {
      keep: `${destination} already routed to the gateway`,
      create: `create route ${destination}`,
      replace: `replace route ${destination} (now to ${route.currentTarget}, ${route.reason})`
    }[route.action]
    lines.push(`${route.routeTableId}: ${what}.`)
  }
  if (plan.s3Endpoint) lines.push(describeS3Plan(plan.s3Endpoint))
  return lines
}

/** The plan as data, for the `plan-json` output of a dry run. */
export function planToJson(config: Config, plan: Plan): object {
  const { gateway } = plan
  const natGateway =
    gateway.action === 'adopt'
      ? {
          action: 'keep',
          natGatewayId: gateway.natGateway.NatGatewayId,
          state: gateway.natGateway.State
        }
      : {
          action: 'create',
          name: config.name,
          availabilityMode: config.gateway.mode,
          connectivityType: config.gateway.connectivity,
          elasticIps: config.gateway.elasticIps.allocation,
          ...(gateway.automaticAddress && {
            elasticIp:
              gateway.automaticAddress.kind === 'allocate'
                ? { action: 'allocate' }
                : { action: 'reuse', allocationId: gateway.automaticAddress.allocationId }
          })
        }
  return {
    state: 'present',
    natGateway,
    routes: plan.routes,
    skippedRouteTables: plan.skippedRouteTables,
    ...(plan.s3Endpoint && { s3GatewayEndpoint: plan.s3Endpoint }),
    changes:
      gateway.action === 'create' ||
      plan.routes.some(route => route.action !== 'keep') ||
      (plan.s3Endpoint !== undefined && plan.s3Endpoint.action !== 'keep')
  }
}
