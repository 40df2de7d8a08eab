/**
 * The checks after each step of a live run, read back from EC2 rather than from the action's
 * outputs: the gateway (state, mode, subnet, connectivity), its addresses, its tags, the routes,
 * and after a teardown or a cleanup that nothing is left. Each check is one line, `ok` or `FAIL`;
 * the caller fails the step when any failed.
 */
import {
  DescribeAddressesCommand,
  DescribeNatGatewaysCommand,
  DescribeRouteTablesCommand
} from '@aws-sdk/client-ec2'
import type { EC2Client, NatGateway } from '@aws-sdk/client-ec2'
import { CREATED_TAG, RUN_TAG, tagValue } from './aws.ts'
import { describeInventory, findTagged, NOT_DELETED, ofRun } from './inventory.ts'

/** The ownership tag the README documents; checked as the contract it is, not imported. */
export const OWNER_TAG = { key: 'ensure-nat-gateway:managed', value: 'true' }
const DEFAULT_ROUTE = '0.0.0.0/0'

export interface CheckResult {
  passed: string[]
  failed: string[]
}

class Checks implements CheckResult {
  passed: string[] = []
  failed: string[] = []
  that(ok: boolean, what: string, actual?: unknown): void {
    if (ok) this.passed.push(what)
    else
      this.failed.push(actual === undefined ? what : `${what} (found: ${JSON.stringify(actual)})`)
  }
}

export interface PresentSpec {
  runId: string
  vpcId: string
  routeTableIds: string[]
  natGatewayId: string
  mode: 'regional' | 'zonal'
  subnetId?: string
  connectivity: 'public' | 'private'
  /** Manual mode: exactly these Elastic IPs. */
  allocationIds?: string[]
  /** The action's `public-ips` output: each must be one of the gateway's. */
  publicIps?: string[]
}

const sameSet = (a: string[], b: string[]) =>
  a.length === b.length && [...a].sort().every((x, i) => x === [...b].sort()[i])

async function gateway(ec2: EC2Client, id: string): Promise<NatGateway | undefined> {
  const out = await ec2.send(
    new DescribeNatGatewaysCommand({ Filter: [{ Name: 'nat-gateway-id', Values: [id] }] })
  )
  return out.NatGateways?.[0]
}

async function defaultRoutes(ec2: EC2Client, routeTableIds: string[]) {
  const out = await ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: routeTableIds }))
  return routeTableIds.map(id => ({
    id,
    route: out.RouteTables?.find(t => t.RouteTableId === id)?.Routes?.find(
      r => r.DestinationCidrBlock === DEFAULT_ROUTE
    )
  }))
}

export async function checkPresent(ec2: EC2Client, spec: PresentSpec): Promise<CheckResult> {
  const checks = new Checks()
  const gw = await gateway(ec2, spec.natGatewayId)
  checks.that(gw !== undefined, `NAT gateway ${spec.natGatewayId} exists`)
  if (!gw) return checks
  checks.that(gw.State === 'available', 'the gateway is available', gw.State)
  checks.that(gw.VpcId === spec.vpcId, `it is in ${spec.vpcId}`, gw.VpcId)
  // A gateway that does not say its mode is zonal: that is all there was before regional ones.
  const mode = gw.AvailabilityMode ?? 'zonal'
  checks.that(mode === spec.mode, `it is ${spec.mode}`, gw.AvailabilityMode)
  checks.that(
    gw.ConnectivityType === spec.connectivity,
    `it is ${spec.connectivity}`,
    gw.ConnectivityType
  )
  if (spec.mode === 'zonal') {
    checks.that(gw.SubnetId === spec.subnetId, `it is in subnet ${spec.subnetId}`, gw.SubnetId)
  }

  checks.that(
    tagValue(gw.Tags, OWNER_TAG.key) === OWNER_TAG.value,
    'it carries the ownership tag',
    gw.Tags
  )
  checks.that(
    tagValue(gw.Tags, RUN_TAG) === spec.runId,
    `it carries ${RUN_TAG}=${spec.runId}`,
    gw.Tags
  )
  checks.that(tagValue(gw.Tags, CREATED_TAG) !== undefined, `it carries ${CREATED_TAG}`, gw.Tags)

  const addresses = gw.NatGatewayAddresses ?? []
  const publicIps = addresses.map(a => a.PublicIp).filter((ip): ip is string => !!ip)
  if (spec.connectivity === 'private') {
    checks.that(publicIps.length === 0, 'it has no public IP', publicIps)
  } else if (spec.mode === 'zonal') {
    checks.that(
      addresses.some(a => a.IsPrimary && a.PublicIp && a.Status === 'succeeded'),
      'its primary address has a public IP',
      addresses
    )
  }
  if (spec.allocationIds) {
    const used = addresses.map(a => a.AllocationId ?? '')
    checks.that(
      sameSet(used, spec.allocationIds),
      `it uses exactly ${spec.allocationIds.join(', ')}`,
      used
    )
  }
  for (const ip of spec.publicIps ?? []) {
    checks.that(publicIps.includes(ip), `the reported IP ${ip} is the gateway's`, publicIps)
  }
  // Elastic IPs the account owns (not those a regional gateway manages itself) must be sweepable.
  const allocationIds = addresses.map(a => a.AllocationId).filter((id): id is string => !!id)
  if (allocationIds.length > 0) {
    const out = await ec2.send(new DescribeAddressesCommand({ AllocationIds: allocationIds }))
    for (const a of (out.Addresses ?? []).filter(a => !a.ServiceManaged)) {
      checks.that(
        tagValue(a.Tags, RUN_TAG) === spec.runId,
        `Elastic IP ${a.AllocationId} carries ${RUN_TAG}=${spec.runId}`,
        a.Tags
      )
    }
  }

  for (const { id, route } of await defaultRoutes(ec2, spec.routeTableIds)) {
    checks.that(
      route?.NatGatewayId === spec.natGatewayId && route.State === 'active',
      `${id}: ${DEFAULT_ROUTE} → ${spec.natGatewayId}, active`,
      route
    )
  }
  return checks
}

export interface AbsentSpec {
  runId: string
  vpcId: string
  routeTableIds: string[]
  natGatewayId: string
  /** Manual mode: the Elastic IPs the user gave, which a teardown must leave allocated. */
  allocationIds?: string[]
}

export async function checkAbsent(ec2: EC2Client, spec: AbsentSpec): Promise<CheckResult> {
  const checks = new Checks()
  const gw = await gateway(ec2, spec.natGatewayId)
  checks.that(
    gw === undefined || gw.State === 'deleted',
    `NAT gateway ${spec.natGatewayId} is deleted`,
    gw?.State
  )
  const live = await ec2.send(
    new DescribeNatGatewaysCommand({
      Filter: [
        { Name: 'vpc-id', Values: [spec.vpcId] },
        { Name: 'state', Values: NOT_DELETED }
      ]
    })
  )
  const liveIds = (live.NatGateways ?? []).map(g => g.NatGatewayId)
  checks.that(liveIds.length === 0, `no NAT gateway left in ${spec.vpcId}`, liveIds)
  for (const { id, route } of await defaultRoutes(ec2, spec.routeTableIds)) {
    checks.that(route === undefined, `${id}: no ${DEFAULT_ROUTE} route`, route)
  }
  const allocated = await ec2.send(
    new DescribeAddressesCommand({
      Filters: [
        { Name: `tag:${OWNER_TAG.key}`, Values: [OWNER_TAG.value] },
        { Name: `tag:${RUN_TAG}`, Values: [spec.runId] }
      ]
    })
  )
  const left = (allocated.Addresses ?? []).map(a => a.AllocationId)
  checks.that(left.length === 0, 'no Elastic IP the action allocated is left', left)
  if (spec.allocationIds?.length) {
    const given = await ec2.send(
      new DescribeAddressesCommand({ AllocationIds: spec.allocationIds })
    )
    for (const a of given.Addresses ?? []) {
      checks.that(
        a.AssociationId === undefined,
        `the given Elastic IP ${a.AllocationId} is still allocated and free`,
        a.AssociationId
      )
    }
  }
  return checks
}

/** After the cleanup: nothing carries the run's tag (NAT gateways in state `deleted` aside). */
export async function checkGone(ec2: EC2Client, runId: string): Promise<CheckResult> {
  const checks = new Checks()
  const left = describeInventory(await findTagged(ec2, ofRun(runId)))
  checks.that(left.length === 0, `nothing carries ${RUN_TAG}=${runId}`, left)
  return checks
}
