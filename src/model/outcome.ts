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
}

/** Whether a teardown removed anything: the one test of it, for the outputs and the summary. */
export function removedAnything(outcome: TeardownOutcome): boolean {
  return (
    outcome.deletedNatGatewayIds.length > 0 ||
    outcome.routeTableIds.length > 0 ||
    outcome.releasedAllocationIds.length > 0 ||
    outcome.deletedGatewayEndpoints.length > 0
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
