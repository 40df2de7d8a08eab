/** The plans: what a run will write, decided before any write. */
import type { CreateNatGatewayCommandInput } from '@aws-sdk/client-ec2'
import type { AddressAddition, AddressRemoval } from './address-changes.js'
import type { Config } from './config.js'
import type { GatewayEndpointService } from './gateway-endpoints.js'
import type { PrivateIpChange } from './private-ips.js'
import type { RouteTargetKind } from './routes.js'
import type { Problem } from './problems.js'
import type { NatGateway, RouteTable } from './resources.js'

/**
 * Zonal automatic only: where the gateway's Elastic IP comes from. An address serves only the
 * zones of its network border group, so one is allocated in the group of the subnet's zone (a
 * Local Zone has its own), when EC2 names it.
 */
export type AutomaticAddress =
  { kind: 'allocate'; networkBorderGroup?: string } | { kind: 'reuse'; allocationId: string }

/**
 * In-place Elastic IP changes of an adopted gateway, in this order: associate the new ones, wait
 * until they are `succeeded`, then disassociate the old ones (draining) and release those of them
 * the action itself allocated. Elastic IPs the user supplied are never released.
 */
export interface AddressPlan {
  add: AddressAddition[]
  remove: AddressRemoval[]
  /**
   * Of the removed, and of those an earlier run's removal left draining: those this action
   * allocated for the gateway (tagged so), released once gone.
   */
  release: string[]
}

export type GatewayPlan =
  | {
      action: 'adopt'
      natGateway: NatGateway
      addresses?: AddressPlan
      /** A private gateway's secondary private IPs, assigned or unassigned (draining) in place. */
      privateIps?: PrivateIpChange
    }
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

export type CreatePlan = Extract<GatewayPlan, { action: 'create' }>

export interface RoutePlan {
  routeTableId: string
  action: 'keep' | 'create' | 'replace'
  /** For `replace`: what the destination routes to now, and why it is replaced. */
  currentTarget?: string
  reason?: 'blackhole' | 'route-conflict: replace' | 'zone'
}

/** An IPv6 route of a table (nat64, ipv6-egress): its destination and what it goes to. */
export interface Ipv6RoutePlan extends RoutePlan {
  destinationCidr: string
  target: RouteTargetKind
}

/** ipv6-egress: the VPC's egress-only internet gateway is used as it is, or one is created. */
export type EgressOnlyGatewayPlan =
  { action: 'use'; egressOnlyInternetGatewayId: string } | { action: 'create' }

/** What nat64 and ipv6-egress write, and what the run warns about. */
export interface Ipv6Plan {
  routes: Ipv6RoutePlan[]
  egressOnlyGateway?: EgressOnlyGatewayPlan
  /** nat64, when the run writes: the routed subnets whose DNS64 is off. */
  dns64OffSubnetIds: string[]
}

/** A table `route-table-ids: auto` leaves out, and why. */
export interface SkippedRouteTable {
  routeTableId: string
  reason: string
}

/** One service's gateway endpoint: every routed table served already, or what to write. */
export type GatewayEndpointPlan = { service: GatewayEndpointService } & (
  | { action: 'keep'; vpcEndpointIds: string[] }
  | { action: 'create'; routeTableIds: string[] }
  | { action: 'add'; vpcEndpointId: string; routeTableIds: string[] }
)

export interface Plan {
  gateway: GatewayPlan
  routes: RoutePlan[]
  /** With `route-table-ids: auto`: the VPC's tables left out, and why. */
  skippedRouteTables: SkippedRouteTable[]
  /** One per service of gateway-endpoints, in the order of GATEWAY_ENDPOINT_SERVICES. */
  gatewayEndpoints: GatewayEndpointPlan[]
  /** With wait-for-zone-addresses: the routed tables, whose subnets' zones are waited for. */
  routedTables?: RouteTable[]
  /** With nat64 or ipv6-egress. */
  ipv6?: Ipv6Plan
}

/** One zone of a run with a gateway per zone: its gateway's Config (one zonal gateway) and plan. */
export interface ZonePlan {
  zone: string
  zoneId: string
  subnetId: string
  config: Config
  plan: Plan
}

/**
 * A gateway per zone (`subnet-ids`): each zone's plan, applied concurrently; then the gateways of
 * this name whose subnet is no longer listed are retired (after their zone's routes have moved),
 * as a teardown of just them.
 */
export interface PerZonePlan {
  zones: ZonePlan[]
  retire: TeardownPlan
  skippedRouteTables: SkippedRouteTable[]
  /** Over the tables of every zone. */
  gatewayEndpoints: GatewayEndpointPlan[]
}

export interface TeardownPlan {
  /** Our gateways with this name that are not yet deleted. */
  natGateways: NatGateway[]
  /** Tables whose destination route points to one of them. */
  routes: { routeTableId: string; natGatewayId: string }[]
  /** IPv6 routes to delete: 64:ff9b::/96 to our gateway, ::/0 to our egress-only gateway. */
  ipv6Routes: { routeTableId: string; destinationCidr: string; targetId: string }[]
  /** ipv6-egress: the egress-only internet gateway this action made, when nothing else uses it. */
  deleteEgressOnlyGatewayId?: string
  releaseAllocationIds: string[]
  /** With gateway-endpoints: the endpoints of those services this action made. */
  gatewayEndpoints: { service: GatewayEndpointService; vpcEndpointId: string }[]
}

/** Whether applying a teardown plan removes anything: the one test of it, for the log and plan-json. */
export function teardownRemoves(plan: TeardownPlan): boolean {
  return (
    plan.natGateways.length > 0 ||
    plan.routes.length > 0 ||
    plan.releaseAllocationIds.length > 0 ||
    plan.gatewayEndpoints.length > 0 ||
    plan.ipv6Routes.length > 0 ||
    plan.deleteEgressOnlyGatewayId !== undefined
  )
}

/**
 * The keys of a plan's steps: apply marks each step done (RunContext.progress), and the summary
 * of a run that fails while writing lists what was done and what is left by them.
 */
export const stepKey = {
  gateway: 'gateway',
  addresses: 'addresses',
  privateIps: 'private-ips',
  route: (routeTableId: string) => `route:${routeTableId}`,
  ipv6Route: (routeTableId: string, cidr: string) => `route:${routeTableId}:${cidr}`,
  egressOnlyGateway: 'egress-only-gateway',
  gatewayEndpoint: (service: string) => `gateway-endpoint:${service}`,
  deleteRoute: (routeTableId: string) => `delete-route:${routeTableId}`,
  deleteIpv6Route: (routeTableId: string, cidr: string) => `delete-route:${routeTableId}:${cidr}`,
  deleteEgressOnlyGateway: (id: string) => `delete-egress-only-gateway:${id}`,
  deleteGateway: (natGatewayId: string) => `delete-gateway:${natGatewayId}`,
  release: (allocationId: string) => `release:${allocationId}`,
  deleteGatewayEndpoint: (service: string) => `delete-gateway-endpoint:${service}`,
  /** A step of one zone's plan, with a gateway per zone: each zone has its own `gateway` step. */
  inZone: (subnetId: string, key: string) => `${subnetId}:${key}`
} as const

/** One step of a plan, as the log and the summary show it. */
export interface PlanStep {
  key: string
  line: string
}

/** A plan, or the problems that stop the run before any write. */
export type PlanResult<P> = { plan: P; problems: [] } | { plan?: undefined; problems: Problem[] }
