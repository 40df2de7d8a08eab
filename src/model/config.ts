/**
 * The run's configuration: what the inputs ask for, parsed and validated by config/. Domain types,
 * shared by every phase; config/ is the only producer.
 */
import type { GatewayEndpointService } from './gateway-endpoints.js'
import type { GatewaySpec, PerZoneGateways } from './gateway-spec.js'
import type { PlanDocument } from './plan-document.js'

export type RouteConflictPolicy = 'fail' | 'replace'

/** `ipv6-egress`: where each listed table's `::/0` goes, if anywhere. */
export type Ipv6Egress = 'none' | 'egress-only-internet-gateway'

export interface Destination {
  cidr: string
  family: 'ipv4' | 'ipv6'
}

export interface Config {
  region: string
  vpcId: string
  /** `present` ensures the gateway and routes; `absent` tears down what the action made. */
  state: 'present' | 'absent'
  /** Observe and plan, print the plan, write nothing. */
  dryRun: boolean
  /** The listed tables, or `auto`: the VPC's private route tables, found while observing. */
  routeTableIds: string[] | 'auto'
  /**
   * The gateway. With `perZone` it is only the first subnet's gateway, as a stand-in: a run
   * with several gateways plans each zone with its own Config (plan/zones.ts), never with this one.
   */
  gateway: GatewaySpec
  /** `subnet-ids` with more than one subnet: a zonal gateway per zone. */
  perZone?: PerZoneGateways
  /** The `Name` tag; with the ownership tag, the gateway's identity. */
  name: string
  tags: Record<string, string>
  destination: Destination
  routeConflict: RouteConflictPolicy
  /** Route `64:ff9b::/96` in each listed table to the table's NAT gateway (NAT64). */
  nat64: boolean
  /** Route `::/0` in each listed table to the VPC's egress-only internet gateway. */
  ipv6Egress: Ipv6Egress
  waitTimeoutSeconds: number
  /** DisassociateNatGatewayAddress: how long a removed address keeps its open connections. */
  maxDrainDurationSeconds: number
  /** Also ensure these services' gateway endpoints on the same route tables; sorted, each once. */
  gatewayEndpoints: GatewayEndpointService[]
  /** Regional automatic: wait until the zones of the routed subnets have public IPs. */
  waitForZoneAddresses: boolean
  /** The approved plan (an earlier dry run's plan-json): write only if this run's plan equals it. */
  expectedPlan?: PlanDocument
  /** A post step tears down at job end what this step ensured. */
  teardownAtJobEnd: boolean
  /** On a pull request, one comment per gateway identity with the plan or the outcome. */
  commentOnPullRequest: boolean
  /** For the pull-request comment; empty when none is given. */
  githubToken: string
}
