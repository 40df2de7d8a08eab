/**
 * The outputs, derived purely from what the run did; main.ts hands them to @actions/core.
 */
import { addressRecords, usableAddresses } from '../model/addresses.js'
import { type Outcome, removedAnything, type TeardownOutcome } from '../model/outcome.js'

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

export function outputs(outcome: Outcome): Outputs {
  const addresses = usableAddresses(outcome.natGateway)
  const publicIps = addresses.flatMap(a => (a.PublicIp ? [a.PublicIp] : []))
  return {
    'nat-gateway-id': outcome.natGateway.NatGatewayId,
    'public-ips': publicIps.join(','),
    'public-ips-json': JSON.stringify(publicIps),
    'public-cidrs': publicIps.map(ip => `${ip}/32`).join(','),
    // Every gateway has private IPs, public ones too; a regional gateway's addresses in one zone
    // may share its interface's, hence each once.
    'private-ips': [...new Set(addresses.flatMap(a => (a.PrivateIp ? [a.PrivateIp] : [])))].join(
      ','
    ),
    'addresses-json': JSON.stringify(addressRecords(outcome.natGateway)),
    // Regional only: the table AWS made for the gateway (0.0.0.0/0 to the internet gateway).
    'gateway-route-table-id': outcome.natGateway.RouteTableId ?? '',
    'allocation-ids': addresses.flatMap(a => (a.AllocationId ? [a.AllocationId] : [])).join(','),
    'route-table-ids': outcome.routes.map(route => route.routeTableId).join(','),
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
