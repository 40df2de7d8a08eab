/**
 * A plan as a `plan-json` document. The same world and inputs give the same bytes: no timestamps,
 * no run-specific values (provenance is left out), every list sorted by ID.
 */
import type { Config } from '../model/config.js'
import {
  type AbsentPlanDocument,
  type DocumentHead,
  type NatGatewayStep,
  type PerZonePlanDocument,
  PLAN_FORMAT,
  PLAN_VERSION,
  type PresentPlanDocument
} from '../model/plan-document.js'
import {
  type GatewayEndpointPlan,
  type PerZonePlan,
  type Plan,
  type TeardownPlan,
  teardownRemoves
} from '../model/plan.js'

const byKey =
  <T>(key: (item: T) => string) =>
  (a: T, b: T): number =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0

function head(config: Config): DocumentHead {
  return {
    format: PLAN_FORMAT,
    version: PLAN_VERSION,
    region: config.region,
    vpcId: config.vpcId,
    name: config.name,
    destinationCidr: config.destination.cidr
  }
}

function sortedTags(tags: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(tags).sort(byKey(([key]) => key)))
}

function natGatewayStep(config: Config, plan: Plan): NatGatewayStep {
  const { gateway } = plan
  if (gateway.action === 'adopt') {
    const { NatGatewayId, State } = gateway.natGateway
    const kept = { natGatewayId: NatGatewayId, state: State ?? 'unknown' }
    const { addresses, privateIps } = gateway
    if (!addresses && !privateIps) return { action: 'keep', ...kept }
    return {
      action: 'update',
      ...kept,
      ...(addresses && {
        elasticIps: {
          associate: addresses.add
            .map(a => ({ ...a, allocationIds: [...a.allocationIds].sort() }))
            .sort(byKey(a => a.zone ?? '')),
          disassociate: [...addresses.remove].sort(byKey(r => r.allocationId)),
          maxDrainDurationSeconds: config.maxDrainDurationSeconds,
          release: [...addresses.release].sort()
        }
      }),
      ...(privateIps && {
        // The addresses to unassign come in the plan's own order (highest first): no sort.
        secondaryPrivateIps: {
          ...privateIps,
          ...(privateIps.unassign.length > 0 && {
            maxDrainDurationSeconds: config.maxDrainDurationSeconds
          })
        }
      })
    }
  }
  const spec = config.gateway
  const address = gateway.automaticAddress
  return {
    action: 'create',
    availabilityMode: spec.mode,
    connectivityType: spec.connectivity,
    ...(spec.mode === 'zonal' && { subnetId: spec.subnetId }),
    elasticIps: spec.elasticIps,
    ...(address && {
      elasticIp:
        address.kind === 'allocate'
          ? { action: 'allocate' }
          : { action: 'reuse', allocationId: address.allocationId }
    }),
    ...(spec.mode === 'zonal' &&
      spec.secondaryPrivateIpCount > 0 && {
        secondaryPrivateIpCount: spec.secondaryPrivateIpCount
      }),
    tags: sortedTags(config.tags)
  }
}

function endpointStep(plan: GatewayEndpointPlan): GatewayEndpointPlan {
  return plan.action === 'keep'
    ? { ...plan, vpcEndpointIds: [...plan.vpcEndpointIds].sort() }
    : { ...plan, routeTableIds: [...plan.routeTableIds].sort() }
}

const byTableThenDestination = byKey(
  (r: { routeTableId: string; destinationCidr: string }) => `${r.routeTableId} ${r.destinationCidr}`
)

export function planDocument(config: Config, plan: Plan): PresentPlanDocument {
  const gatewayEndpoints = plan.gatewayEndpoints.map(endpointStep)
  const { ipv6 } = plan
  const egress = ipv6?.egressOnlyGateway
  return {
    ...head(config),
    state: 'present',
    natGateway: natGatewayStep(config, plan),
    routes: [...plan.routes].sort(byKey(r => r.routeTableId)),
    skippedRouteTables: [...plan.skippedRouteTables].sort(byKey(r => r.routeTableId)),
    gatewayEndpoints,
    ...(ipv6 && {
      ipv6: {
        ...(egress && { egressOnlyInternetGateway: egress }),
        routes: [...ipv6.routes].sort(byTableThenDestination)
      }
    }),
    changes:
      plan.gateway.action === 'create' ||
      plan.gateway.addresses !== undefined ||
      plan.gateway.privateIps !== undefined ||
      plan.routes.some(route => route.action !== 'keep') ||
      gatewayEndpoints.some(endpoint => endpoint.action !== 'keep') ||
      egress?.action === 'create' ||
      (ipv6?.routes ?? []).some(route => route.action !== 'keep')
  }
}

/** A plan with a gateway per zone: each zone's gateway and routes, in zone order, and what retires. */
export function perZoneDocument(config: Config, plan: PerZonePlan): PerZonePlanDocument {
  const zones = plan.zones.map(zone => {
    const one = planDocument(zone.config, zone.plan)
    return {
      zone: zone.zone,
      zoneId: zone.zoneId,
      subnetId: zone.subnetId,
      natGateway: one.natGateway,
      routes: one.routes,
      changes: one.changes
    }
  })
  const retire = teardownDocument(config, plan.retire)
  const gatewayEndpoints = plan.gatewayEndpoints.map(endpointStep)
  return {
    ...head(config),
    state: 'present',
    zones: zones.map(({ changes: _, ...zone }) => zone),
    retire: {
      natGateways: retire.natGateways,
      routes: retire.routes,
      releaseAllocationIds: retire.releaseAllocationIds
    },
    skippedRouteTables: [...plan.skippedRouteTables].sort(byKey(r => r.routeTableId)),
    gatewayEndpoints,
    changes:
      zones.some(zone => zone.changes) ||
      retire.changes ||
      gatewayEndpoints.some(endpoint => endpoint.action !== 'keep')
  }
}

export function teardownDocument(config: Config, plan: TeardownPlan): AbsentPlanDocument {
  return {
    ...head(config),
    state: 'absent',
    natGateways: plan.natGateways
      .map(g => ({
        action: 'delete' as const,
        natGatewayId: g.NatGatewayId,
        state: g.State ?? 'unknown'
      }))
      .sort(byKey(g => g.natGatewayId)),
    routes: plan.routes
      .map(r => ({ action: 'delete' as const, ...r }))
      .sort(byKey(r => r.routeTableId)),
    releaseAllocationIds: [...plan.releaseAllocationIds].sort(),
    gatewayEndpoints: plan.gatewayEndpoints.map(e => ({ action: 'delete' as const, ...e })),
    ...(plan.ipv6Routes.length > 0 && {
      ipv6Routes: plan.ipv6Routes
        .map(r => ({ action: 'delete' as const, ...r }))
        .sort(byTableThenDestination)
    }),
    ...(plan.deleteEgressOnlyGatewayId && {
      egressOnlyInternetGateway: {
        action: 'delete' as const,
        egressOnlyInternetGatewayId: plan.deleteEgressOnlyGatewayId
      }
    }),
    changes: teardownRemoves(plan)
  }
}
