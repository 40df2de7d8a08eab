/** The plans as the log shows them, and as the `plan-json` output of a dry run. Pure. */
import type { Config } from '../config/config.js'
import type { AddressPlan, Plan, S3EndpointPlan, TeardownPlan } from '../model/plan.js'

export function describeS3Plan(plan: S3EndpointPlan): string {
  switch (plan.action) {
    case 'keep':
      return `S3 gateway endpoint: every routed table is already served (${plan.vpcEndpointIds.join(', ')}).`
    case 'create':
      return `S3 gateway endpoint: create one for ${plan.routeTableIds.join(', ')}.`
    case 'add':
      return `S3 gateway endpoint: add ${plan.routeTableIds.join(', ')} to ${plan.vpcEndpointId}.`
  }
}

/** The in-place Elastic IP changes as log lines, in the order they are made. */
export function describeAddressPlan(config: Config, plan: AddressPlan): string[] {
  const lines = plan.add.map(
    a => `Elastic IPs: associate ${a.allocationIds.join(', ')}${a.zone ? ` in ${a.zone}` : ''}.`
  )
  if (plan.remove.length > 0) {
    const then = plan.add.length > 0 ? 'once they are in use, ' : ''
    const which = plan.remove
      .map(
        r =>
          `${r.allocationId}${r.publicIp ? ` (${r.publicIp})` : ''}${r.zone ? ` in ${r.zone}` : ''}`
      )
      .join(', ')
    lines.push(
      `Elastic IPs: ${then}disassociate ${which}, draining connections for up to ${config.maxDrainDurationSeconds} s.`
    )
  }
  for (const id of plan.release) lines.push(`Elastic IP: release ${id}, allocated by this action.`)
  return lines
}

/** AssociateNatGatewayAddress: "By default, you can associate up to 2 Elastic IP addresses". */
const DEFAULT_ADDRESS_QUOTA = 2

/**
 * A zonal gateway asked for more Elastic IPs than the default quota: said before the write, as the
 * account's quota cannot be read. (How a regional gateway counts it is not documented.)
 */
function quotaNote(config: Config, plan: Plan): string[] {
  const { gateway } = config
  const writes = plan.gateway.action === 'create' || plan.gateway.addresses !== undefined
  if (gateway.mode !== 'zonal' || gateway.elasticIps.allocation !== 'manual' || !writes) return []
  const count = gateway.elasticIps.allocationIds.length
  if (count <= DEFAULT_ADDRESS_QUOTA) return []
  return [
    `Note: ${count} Elastic IPs on one gateway; the default quota "Elastic IP addresses per public NAT gateway" is ${DEFAULT_ADDRESS_QUOTA} (raise it in Service Quotas, or EC2 refuses the rest).`
  ]
}

/** The plan as log lines. */
export function describePlan(config: Config, plan: Plan): string[] {
  const { gateway } = plan
  const lines: string[] = []
  if (gateway.action === 'adopt') {
    lines.push(`NAT gateway: use ${gateway.natGateway.NatGatewayId} (${gateway.natGateway.State}).`)
    if (gateway.addresses) lines.push(...describeAddressPlan(config, gateway.addresses))
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
  lines.push(...quotaNote(config, plan))
  return lines
}

/** The plan as data, for the `plan-json` output of a dry run. */
export function planToJson(config: Config, plan: Plan): object {
  const { gateway } = plan
  const natGateway =
    gateway.action === 'adopt'
      ? {
          action: gateway.addresses ? 'update' : 'keep',
          natGatewayId: gateway.natGateway.NatGatewayId,
          state: gateway.natGateway.State,
          ...(gateway.addresses && {
            elasticIps: {
              associate: gateway.addresses.add,
              disassociate: gateway.addresses.remove,
              maxDrainDurationSeconds: config.maxDrainDurationSeconds,
              release: gateway.addresses.release
            }
          })
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
      gateway.addresses !== undefined ||
      plan.routes.some(route => route.action !== 'keep') ||
      (plan.s3Endpoint !== undefined && plan.s3Endpoint.action !== 'keep')
  }
}

function teardownHasChanges(plan: TeardownPlan): boolean {
  return (
    plan.natGateways.length > 0 ||
    plan.routes.length > 0 ||
    plan.releaseAllocationIds.length > 0 ||
    plan.s3EndpointId !== undefined
  )
}
export function describeTeardown(config: Config, plan: TeardownPlan): string[] {
  if (!teardownHasChanges(plan)) {
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
    changes: teardownHasChanges(plan)
  }
}
