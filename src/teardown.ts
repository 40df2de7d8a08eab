/**
 * `state: absent`: removes what the action made. The destination route is deleted only where it
 * points to our gateway, the gateway is deleted and waited for, and then only the Elastic IPs the
 * action itself allocated for it are released; addresses the user supplied are never touched.
 */
import type { Address, EC2Client, NatGateway } from '@aws-sdk/client-ec2'
import type { Clock } from './clock.js'
import type { Config } from './config.js'
import { findManagedAddresses } from './ec2/addresses.js'
import { deleteNatGateway, findManagedNatGateways, LIVE_STATES } from './ec2/nat-gateways.js'
import { deleteRoute, findRoute } from './ec2/route-tables.js'
import { tagValue } from './identity.js'
import type { Logger } from './log.js'
import { type CoreWorld, observeRouteTables, observeS3Endpoints } from './observe.js'
import type { Problem } from './problems.js'
import { releaseAddresses } from './release.js'
import { deleteOwnS3Endpoint, ownS3Endpoint } from './s3-endpoint.js'
import { waitUntilDeleted } from './wait.js'

export interface TeardownWorld {
  core: CoreWorld
  /** Addresses the action allocated for this gateway. */
  addresses: Address[]
}

export interface TeardownPlan {
  /** Our gateways with this name that are not yet deleted. */
  natGateways: NatGateway[]
  /** Tables whose destination route points to one of them. */
  routes: { routeTableId: string; natGatewayId: string }[]
  releaseAllocationIds: string[]
  /** With s3-gateway-endpoint: the S3 gateway endpoint this action made. */
  s3EndpointId?: string
}

export interface TeardownOutcome {
  deletedNatGatewayIds: string[]
  routeTableIds: string[]
  releasedAllocationIds: string[]
  deletedS3EndpointId?: string
}

export type TeardownPlanResult =
  { plan: TeardownPlan; problems: [] } | { plan?: undefined; problems: Problem[] }

export async function observeTeardown(ec2: EC2Client, config: Config): Promise<TeardownWorld> {
  const [managedGateways, routeTables, addresses, s3Endpoints] = await Promise.all([
    // A gateway already deleting still needs its wait and its addresses released.
    findManagedNatGateways(ec2, config.vpcId, [...LIVE_STATES, 'deleting']),
    observeRouteTables(ec2, config),
    findManagedAddresses(ec2, config.name),
    observeS3Endpoints(ec2, config)
  ])
  return { core: { managedGateways, retiredGateways: [], routeTables, s3Endpoints }, addresses }
}

export function planTeardown(config: Config, world: TeardownWorld): TeardownPlanResult {
  const problems: Problem[] = []
  const natGateways = world.core.managedGateways.filter(
    gateway => tagValue(gateway.Tags, 'Name') === config.name
  )
  const ids = new Set(natGateways.map(gateway => gateway.NatGatewayId))
  const listed = config.routeTableIds === 'auto' ? undefined : config.routeTableIds
  for (const routeTableId of listed ?? []) {
    const table = world.core.routeTables.find(t => t.RouteTableId === routeTableId)
    if (!table) {
      problems.push({
        subject: routeTableId,
        message: `was not found in ${config.region}.`,
        fix: 'Check route-table-ids and the Region, or say auto.'
      })
    } else if (table.VpcId !== config.vpcId) {
      problems.push({
        subject: routeTableId,
        message: `belongs to ${table.VpcId}, not to ${config.vpcId}.`,
        fix: `Name only route tables of ${config.vpcId}, or say auto.`
      })
    }
  }
  const routes = world.core.routeTables.flatMap(table => {
    const natGatewayId = findRoute(table, config.destination)?.NatGatewayId
    return natGatewayId && ids.has(natGatewayId) && table.VpcId === config.vpcId
      ? [{ routeTableId: table.RouteTableId as string, natGatewayId }]
      : []
  })
  // An address the user moved to something else since is left alone.
  const ourInterfaces = new Set(
    natGateways.flatMap(g => (g.NatGatewayAddresses ?? []).map(a => a.NetworkInterfaceId))
  )
  const releaseAllocationIds = world.addresses
    .filter(a => !a.NetworkInterfaceId || ourInterfaces.has(a.NetworkInterfaceId))
    .flatMap(a => (a.AllocationId ? [a.AllocationId] : []))
  const s3EndpointId = ownS3Endpoint(config, world.core.s3Endpoints)?.VpcEndpointId
  return problems.length > 0
    ? { problems }
    : {
        plan: { natGateways, routes, releaseAllocationIds, ...(s3EndpointId && { s3EndpointId }) },
        problems: []
      }
}

function hasChanges(plan: TeardownPlan): boolean {
  return (
    plan.natGateways.length > 0 ||
    plan.routes.length > 0 ||
    plan.releaseAllocationIds.length > 0 ||
    plan.s3EndpointId !== undefined
  )
}

export function describeTeardown(config: Config, plan: TeardownPlan): string[] {
  if (!hasChanges(plan)) {
    return [
      `Nothing to tear down: no NAT gateway named "${config.name}" managed by this action in ${config.vpcId}.`
    ]
  }
  return [
    ...plan.routes.map(
      r => `${r.routeTableId}: delete route ${config.destination.cidr} (to ${r.natGatewayId}).`
    ),
    ...plan.natGateways.map(g => `NAT gateway: delete ${g.NatGatewayId} (${g.State}).`),
    ...plan.releaseAllocationIds.map(id => `Elastic IP: release ${id}, allocated by this action.`),
    ...(plan.s3EndpointId
      ? [`S3 gateway endpoint: delete ${plan.s3EndpointId}, created by this action.`]
      : [])
  ]
}

export interface TeardownContext {
  ec2: EC2Client
  config: Config
  clock: Clock
  log: Logger
}

export async function applyTeardown(
  ctx: TeardownContext,
  plan: TeardownPlan
): Promise<TeardownOutcome> {
  const { ec2, config, log } = ctx
  for (const { routeTableId, natGatewayId } of plan.routes) {
    await deleteRoute(ec2, routeTableId, config.destination)
    log.info(`${routeTableId}: deleted the route ${config.destination.cidr} to ${natGatewayId}.`)
  }
  for (const gateway of plan.natGateways) {
    const natGatewayId = gateway.NatGatewayId as string
    if (gateway.State !== 'deleting') await deleteNatGateway(ec2, natGatewayId)
    await waitUntilDeleted(ec2, natGatewayId, {
      timeoutSeconds: config.waitTimeoutSeconds,
      clock: ctx.clock,
      onProgress: message => log.info(message)
    })
    log.info(`Deleted NAT gateway ${natGatewayId}.`)
  }
  const { released, leftovers } = await releaseAddresses(
    ctx,
    plan.releaseAllocationIds,
    'which this action had allocated for the gateway'
  )
  if (leftovers.length > 0) throw new Error(leftovers.join('\n'))
  if (plan.s3EndpointId) await deleteOwnS3Endpoint(ctx, plan.s3EndpointId)
  return {
    deletedNatGatewayIds: plan.natGateways.map(g => g.NatGatewayId as string),
    routeTableIds: plan.routes.map(r => r.routeTableId),
    releasedAllocationIds: released,
    ...(plan.s3EndpointId && { deletedS3EndpointId: plan.s3EndpointId })
  }
}

/** The teardown plan as data, for the `plan-json` output of a dry run. */
export function teardownToJson(plan: TeardownPlan): object {
  return {
    state: 'absent',
    natGateways: plan.natGateways.map(g => ({
      action: 'delete',
      natGatewayId: g.NatGatewayId,
      state: g.State
    })),
    routes: plan.routes.map(r => ({ ...r, action: 'delete' })),
    releaseAllocationIds: plan.releaseAllocationIds,
    ...(plan.s3EndpointId && {
      s3GatewayEndpoint: { action: 'delete', vpcEndpointId: plan.s3EndpointId }
    }),
    changes: hasChanges(plan)
  }
}
