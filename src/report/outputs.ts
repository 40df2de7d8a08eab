/**
 * The outputs, derived purely from what the run did; main.ts hands them to @actions/core.
 */
import { addressRecords, usableAddresses } from '../model/addresses.js'
import {
  type Outcome,
  type PerZoneOutcome,
  removedAnything,
  type TeardownOutcome
} from '../model/outcome.js'
import type { NatGateway } from '../model/resources.js'

export function changed(outcome: Outcome): boolean {
  return (
    outcome.created ||
    outcome.routes.some(route => route.result !== 'kept') ||
    outcome.gatewayEndpoints.some(endpoint => endpoint.addedRouteTableIds.length > 0) ||
    outcome.addressChanges !== undefined ||
    outcome.privateIpChange !== undefined ||
    outcome.ipv6?.egressOnlyGatewayCreated === true ||
    (outcome.ipv6?.routes ?? []).some(route => route.result !== 'kept')
  )
}

/** Every output the action can set (action.yml declares each). */
export const OUTPUT_NAMES = [
  'nat-gateway-id',
  'nat-gateway-ids',
  'nat-gateways-json',
  'public-ips',
  'public-ips-json',
  'public-cidrs',
  'private-ips',
  'addresses-json',
  'gateway-route-table-id',
  'allocation-ids',
  'route-table-ids',
  'created',
  'changed',
  'deleted',
  'released-allocation-ids',
  's3-gateway-endpoint-id',
  'gateway-endpoint-ids',
  'egress-only-internet-gateway-id',
  'plan-json',
  'estimated-monthly-cost-usd'
] as const

export type Outputs = Partial<Record<(typeof OUTPUT_NAMES)[number], string>>

/** `gateway-endpoint-ids` (service → IDs) and its S3 part as `s3-gateway-endpoint-id`. */
function endpointOutputs(endpoints: { service: string; ids: string[] }[]): Outputs {
  if (endpoints.length === 0) return {}
  const s3 = endpoints.find(endpoint => endpoint.service === 's3')
  return {
    'gateway-endpoint-ids': JSON.stringify(
      Object.fromEntries(endpoints.map(({ service, ids }) => [service, ids]))
    ),
    ...(s3 && { 's3-gateway-endpoint-id': s3.ids.join(',') })
  }
}

/** One gateway in `nat-gateways-json`; `zone` and `zoneId` are null for a single gateway. */
export interface GatewayRecord {
  zone: string | null
  zoneId: string | null
  natGatewayId: string
  subnetId: string | null
  publicIps: string[]
  privateIps: string[]
  allocationIds: string[]
  routeTableIds: string[]
}

function gatewayRecord(
  natGateway: NatGateway,
  routeTableIds: string[],
  zone?: { zone: string; zoneId: string }
): GatewayRecord {
  const addresses = usableAddresses(natGateway)
  const values = (pick: (a: (typeof addresses)[number]) => string | undefined) =>
    addresses.flatMap(a => {
      const value = pick(a)
      return value ? [value] : []
    })
  return {
    zone: zone?.zone ?? null,
    zoneId: zone?.zoneId ?? null,
    natGatewayId: natGateway.NatGatewayId,
    subnetId: natGateway.SubnetId ?? null,
    publicIps: values(a => a.PublicIp),
    // A regional gateway's addresses in one zone may share its interface's, hence each once.
    privateIps: [...new Set(values(a => a.PrivateIp))],
    allocationIds: values(a => a.AllocationId),
    routeTableIds
  }
}

/** The outputs over every gateway of the run, in zone order. */
function gatewaysOutputs(records: GatewayRecord[]): Outputs {
  const publicIps = records.flatMap(r => r.publicIps)
  return {
    'nat-gateway-ids': records.map(r => r.natGatewayId).join(','),
    'nat-gateways-json': JSON.stringify(records),
    'public-ips': publicIps.join(','),
    'public-ips-json': JSON.stringify(publicIps),
    'public-cidrs': publicIps.map(ip => `${ip}/32`).join(','),
    // Every gateway has private IPs, public ones too; each gateway's once (gatewayRecord).
    'private-ips': records.flatMap(r => r.privateIps).join(','),
    'allocation-ids': records.flatMap(r => r.allocationIds).join(','),
    'route-table-ids': records.flatMap(r => r.routeTableIds).join(',')
  }
}

export function outputs(outcome: Outcome): Outputs {
  const routeTableIds = outcome.routes.map(route => route.routeTableId)
  return {
    'nat-gateway-id': outcome.natGateway.NatGatewayId,
    ...gatewaysOutputs([gatewayRecord(outcome.natGateway, routeTableIds)]),
    'addresses-json': JSON.stringify(addressRecords(outcome.natGateway)),
    // Regional only: the table AWS made for the gateway (0.0.0.0/0 to the internet gateway).
    'gateway-route-table-id': outcome.natGateway.RouteTableId ?? '',
    created: String(outcome.created),
    changed: String(changed(outcome)),
    ...endpointOutputs(
      outcome.gatewayEndpoints.map(e => ({ service: e.service, ids: e.vpcEndpointIds }))
    ),
    ...(outcome.ipv6?.egressOnlyInternetGatewayId && {
      'egress-only-internet-gateway-id': outcome.ipv6.egressOnlyInternetGatewayId
    })
  }
}

/**
 * A gateway per zone: the address outputs over every gateway; `nat-gateway-id` stays empty, so
 * that it never holds part of the truth (a single gateway's run sets it, in `outputs`).
 */
export function perZoneOutputs(outcome: PerZoneOutcome): Outputs {
  const records = outcome.zones.map(z =>
    gatewayRecord(
      z.outcome.natGateway,
      z.outcome.routes.map(route => route.routeTableId),
      z
    )
  )
  const retired = outcome.retired
  return {
    // Several gateways asked for, even when a zone failed: never one ID standing for all.
    'nat-gateway-id': '',
    ...gatewaysOutputs(records),
    'addresses-json': JSON.stringify(
      outcome.zones.flatMap(z => addressRecords(z.outcome.natGateway))
    ),
    created: String(outcome.zones.some(z => z.outcome.created)),
    changed: String(
      outcome.zones.some(z => changed(z.outcome)) ||
        outcome.gatewayEndpoints.some(e => e.addedRouteTableIds.length > 0) ||
        (retired !== undefined && retired.deletedNatGatewayIds.length > 0)
    ),
    ...(retired && {
      deleted: String(retired.deletedNatGatewayIds.length > 0),
      'released-allocation-ids': retired.releasedAllocationIds.join(',')
    }),
    ...endpointOutputs(
      outcome.gatewayEndpoints.map(e => ({ service: e.service, ids: e.vpcEndpointIds }))
    )
  }
}

export function teardownOutputs(outcome: TeardownOutcome): Outputs {
  const deleted = outcome.deletedNatGatewayIds.length > 0
  return {
    'nat-gateway-id': outcome.deletedNatGatewayIds.join(','),
    'route-table-ids': outcome.routeTableIds.join(','),
    'released-allocation-ids': outcome.releasedAllocationIds.join(','),
    ...endpointOutputs(
      outcome.deletedGatewayEndpoints.map(e => ({ service: e.service, ids: [e.vpcEndpointId] }))
    ),
    ...(outcome.deletedEgressOnlyGatewayId && {
      'egress-only-internet-gateway-id': outcome.deletedEgressOnlyGatewayId
    }),
    deleted: String(deleted),
    created: 'false',
    changed: String(removedAnything(outcome))
  }
}
