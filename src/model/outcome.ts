/** What a run did, for the outputs and the job summary. */
import type { AddressPlan } from './plan.js'
import type { GatewayEndpointService } from './gateway-endpoints.js'
import type { PrivateIpChange } from './private-ips.js'
import type { NatGateway } from './resources.js'

export interface RouteOutcome {
  routeTableId: string
  result: 'kept' | 'created' | 'replaced'
  /** For `replaced`: the target the destination routed to before. */
  previousTarget?: string
}

/** An IPv6 route (nat64, ipv6-egress) as the run left it. */
export interface Ipv6RouteOutcome extends RouteOutcome {
  destinationCidr: string
  /** The NAT gateway or the egress-only internet gateway it goes to. */
  targetId: string
}

/** What nat64 and ipv6-egress left. */
export interface Ipv6Outcome {
  routes: Ipv6RouteOutcome[]
  /** ipv6-egress: the egress-only internet gateway the `::/0` routes go to. */
  egressOnlyInternetGatewayId?: string
  /** Whether this run created it. */
  egressOnlyGatewayCreated: boolean
}

export interface GatewayEndpointOutcome {
  service: GatewayEndpointService
  /** The endpoints of the service that serve the routed tables. */
  vpcEndpointIds: string[]
  /** The tables this run added to an endpoint, new or existing. */
  addedRouteTableIds: string[]
}

export interface Outcome {
  natGateway: NatGateway
  created: boolean
  routes: RouteOutcome[]
  gatewayEndpoints: GatewayEndpointOutcome[]
  /** The Elastic IPs this run associated and disassociated in place. */
  addressChanges?: AddressPlan
  /** The secondary private IPs this run assigned or unassigned in place. */
  privateIpChange?: PrivateIpChange
  /** With nat64 or ipv6-egress. */
  ipv6?: Ipv6Outcome
}

/** One zone's gateway of a run with a gateway per zone. */
export interface ZoneOutcome {
  zone: string
  zoneId: string
  subnetId: string
  outcome: Outcome
}

export interface PerZoneOutcome {
  /** In zone order; a zone whose gateway could not be made is left out. */
  zones: ZoneOutcome[]
  gatewayEndpoints: GatewayEndpointOutcome[]
  /** Gateways of a subnet no longer listed, removed after their zone's routes moved. */
  retired?: TeardownOutcome
}

export interface TeardownOutcome {
  deletedNatGatewayIds: string[]
  routeTableIds: string[]
  releasedAllocationIds: string[]
  deletedGatewayEndpoints: { service: GatewayEndpointService; vpcEndpointId: string }[]
  /** IPv6 routes deleted, when any: NAT64 to our gateway, `::/0` to our egress-only gateway. */
  deletedIpv6Routes?: { routeTableId: string; destinationCidr: string; targetId: string }[]
  /** The egress-only internet gateway this action had created, deleted. */
  deletedEgressOnlyGatewayId?: string
}

/** Whether a teardown removed anything: the one test of it, for the outputs and the summary. */
export function removedAnything(outcome: TeardownOutcome): boolean {
  return (
    outcome.deletedNatGatewayIds.length > 0 ||
    outcome.routeTableIds.length > 0 ||
    outcome.releasedAllocationIds.length > 0 ||
    outcome.deletedGatewayEndpoints.length > 0 ||
    outcome.deletedIpv6Routes !== undefined ||
    outcome.deletedEgressOnlyGatewayId !== undefined
  )
}

/**
 * The gateway is up, but the run did not finish everything: some routes could not be written,
 * the zones' addresses did not appear in time, or an address failed to associate. Carries what
 * was done, for the outputs.
 */
export class IncompleteRunError extends Error {
  readonly outcome: Outcome

  constructor(outcome: Outcome, message: string, options?: ErrorOptions) {
    super(message, options)
    this.name = 'IncompleteRunError'
    this.outcome = outcome
  }
}
