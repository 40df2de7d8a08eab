/**
 * The post step of teardown-at-job-end, planned from the job record alone: undo what the job
 * created and wrote, by ID, and nothing it found. A route is undone only while it still points
 * where the job pointed it; a replaced route is put back to its earlier target; the gateway, the
 * Elastic IPs and the gateway endpoints go only if the job made them. Everything left says why.
 */
import { endpointLabel } from '../model/gateway-endpoints.js'
import {
  GATEWAY_TAG_KEY,
  isManaged,
  RUN_TAG_KEY,
  tagValue,
  VPC_TAG_KEY
} from '../model/identity.js'
import type { JobEndPlan, JobEndRoute, LeftResource } from '../model/job-end.js'
import type { JobRecord, RouteRecord } from '../model/job-record.js'
import type { Address, Tag } from '../model/resources.js'
import {
  describeRouteTarget,
  findRoute,
  routeTarget,
  routeTargetParameter
} from '../model/routes.js'
import type { JobEndWorld } from '../model/world.js'
import { routeLabel } from '../model/job-end.js'

function planRoute(record: RouteRecord, world: JobEndWorld, left: LeftResource[]): JobEndRoute[] {
  const label = routeLabel(record)
  if (record.change === 'kept') {
    left.push({ resource: label, reason: `it pointed to ${record.targetId} before this job` })
    return []
  }
  const table = world.routeTables.find(t => t.RouteTableId === record.routeTableId)
  const route = table && findRoute(table, record.destination)
  if (!route) return []
  if (routeTarget(route) !== record.targetId) {
    // Not written (the write did not happen), or changed by someone since: not this job's now.
    if (record.written) {
      left.push({
        resource: label,
        reason: `it points to ${describeRouteTarget(routeTarget(route))} now, not where this job pointed it`
      })
    }
    return []
  }
  const { previous } = record
  if (record.change === 'created' || !previous) return [{ record, action: 'delete' }]
  if (previous.blackhole) {
    return [
      {
        record,
        action: 'delete',
        note: `its earlier target ${previous.target} was gone already (blackhole)`
      }
    ]
  }
  if (!routeTargetParameter(previous.target)) {
    return [
      {
        record,
        action: 'delete',
        note: `its earlier target ${previous.target} is of a kind this action cannot route to`
      }
    ]
  }
  return [{ record, action: 'restore' }]
}

/** Carries this run's tag, and was made for this gateway: a create the record did not see end. */
function madeByThisRun(record: JobRecord, tags: Tag[] | undefined, nameKey: string): boolean {
  return (
    record.run !== undefined &&
    isManaged(tags) &&
    tagValue(tags, RUN_TAG_KEY) === record.run &&
    tagValue(tags, nameKey) === record.name
  )
}

function planGateways(record: JobRecord, world: JobEndWorld, plan: JobEndPlan): void {
  for (const gateway of world.natGateways) {
    const id = gateway.NatGatewayId
    const recorded = record.natGateways.find(g => g.natGatewayId === id)
    if (recorded && !recorded.created) {
      plan.left.push({
        resource: `NAT gateway ${id}`,
        reason: 'this job found it (it did not create it); its routes and Elastic IPs stay with it'
      })
      continue
    }
    const found =
      !recorded &&
      record.inFlight.includes('nat-gateway') &&
      madeByThisRun(record, gateway.Tags, 'Name')
    if (!recorded && !found) continue
    if (found) plan.foundByRunTag.push(`NAT gateway ${id}`)
    if (gateway.State === 'deleted' || gateway.State === 'failed') continue
    plan.natGateways.push(gateway)
  }
}

function planAddresses(record: JobRecord, world: JobEndWorld, plan: JobEndPlan): void {
  const deleted = new Set(
    plan.natGateways.flatMap(g => (g.NatGatewayAddresses ?? []).map(a => a.NetworkInterfaceId))
  )
  const ours = (a: Address) =>
    record.allocatedAddresses.includes(a.AllocationId) ||
    (record.inFlight.includes('address') &&
      madeByThisRun(record, a.Tags, GATEWAY_TAG_KEY) &&
      tagValue(a.Tags, VPC_TAG_KEY) === record.vpcId)
  for (const address of world.addresses.filter(ours)) {
    const id = address.AllocationId
    if (!record.allocatedAddresses.includes(id)) plan.foundByRunTag.push(`Elastic IP ${id}`)
    const user = address.NetworkInterfaceId
    if (!user || deleted.has(user)) {
      plan.releaseAllocationIds.push(id)
    } else {
      plan.remaining.push({
        resource: `Elastic IP ${id} (${address.PublicIp ?? 'no public IP'})`,
        reason: `this job allocated it, but it is associated with ${address.InstanceId ?? user} now; disassociate it, then release it (aws ec2 release-address --allocation-id ${id})`
      })
    }
  }
}

function planGatewayEndpoints(record: JobRecord, world: JobEndWorld, plan: JobEndPlan): void {
  for (const endpoint of world.gatewayEndpoints) {
    const id = endpoint.VpcEndpointId
    const recorded = record.gatewayEndpoints.find(e => e.vpcEndpointId === id)
    const service = recorded?.service ?? (endpoint.ServiceName?.endsWith('.s3') ? 's3' : 'dynamodb')
    if (recorded && !recorded.created) {
      const routeTableIds = recorded.addedRouteTableIds.filter(t =>
        (endpoint.RouteTableIds ?? []).includes(t)
      )
      if (routeTableIds.length > 0) {
        plan.detachRouteTables.push({ service, vpcEndpointId: id, routeTableIds })
      }
      plan.left.push({
        resource: `${endpointLabel(service)} ${id}`,
        reason: 'this job found it; only the route tables it added are taken off it'
      })
      continue
    }
    const found =
      !recorded &&
      record.inFlight.includes('gateway-endpoint') &&
      madeByThisRun(record, endpoint.Tags, GATEWAY_TAG_KEY)
    if (!recorded && !found) continue
    if (found) plan.foundByRunTag.push(`${endpointLabel(service)} ${id}`)
    plan.deleteGatewayEndpoints.push({ service, vpcEndpointId: id })
  }
}

export function planJobEnd(record: JobRecord, world: JobEndWorld): JobEndPlan {
  const plan: JobEndPlan = {
    routes: [],
    natGateways: [],
    releaseAllocationIds: [],
    deleteGatewayEndpoints: [],
    detachRouteTables: [],
    foundByRunTag: [],
    left: [],
    remaining: []
  }
  plan.routes = record.routes.flatMap(route => planRoute(route, world, plan.left))
  planGateways(record, world, plan)
  planAddresses(record, world, plan)
  planGatewayEndpoints(record, world, plan)
  return plan
}

/** Whether the plan removes anything. */
export function jobEndHasWrites(plan: JobEndPlan): boolean {
  return (
    plan.routes.length > 0 ||
    plan.natGateways.length > 0 ||
    plan.releaseAllocationIds.length > 0 ||
    plan.deleteGatewayEndpoints.length > 0 ||
    plan.detachRouteTables.length > 0
  )
}
