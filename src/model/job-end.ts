/** The post step of teardown-at-job-end: its plan and what it did (plan/job-end-plan.ts). */
import type { GatewayEndpointService } from './gateway-endpoints.js'
import type { RouteRecord } from './job-record.js'
import type { NatGateway } from './resources.js'

/** Something the post step does not remove, and why. */
export interface LeftResource {
  resource: string
  reason: string
}

export type JobEndRoute = { record: RouteRecord } & (
  { action: 'delete'; note?: string } | { action: 'restore' }
)

export interface JobEndPlan {
  routes: JobEndRoute[]
  /** The job's gateways not yet deleted: deleted and waited for. */
  natGateways: NatGateway[]
  releaseAllocationIds: string[]
  /** Endpoints the job created. */
  deleteGatewayEndpoints: { service: GatewayEndpointService; vpcEndpointId: string }[]
  /** Tables the job added to an endpoint it found, still on it. */
  detachRouteTables: {
    service: GatewayEndpointService
    vpcEndpointId: string
    routeTableIds: string[]
  }[]
  /** Resources found by this run's tag: made by a create the record had not seen answered. */
  foundByRunTag: string[]
  /** What the job found (adopted), or what others changed since: left on purpose. */
  left: LeftResource[]
  /** What the job made that cannot be removed: the post step fails and lists it. */
  remaining: LeftResource[]
}

export const routeLabel = (r: Pick<RouteRecord, 'routeTableId' | 'destination'>): string =>
  `route ${r.destination.cidr} in ${r.routeTableId}`

/** What the post step did: removed, left on purpose, and (the step fails) what remains. */
export interface JobEndOutcome {
  removed: { resource: string; note?: string }[]
  left: LeftResource[]
  remaining: LeftResource[]
  foundByRunTag: string[]
}
