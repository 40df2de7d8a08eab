import {
  CreateRouteCommand,
  DeleteRouteCommand,
  type EC2Client,
  type Filter,
  paginateDescribeRouteTables,
  ReplaceRouteCommand
} from '@aws-sdk/client-ec2'
import type { Destination } from '../model/config.js'
import type { RouteTargetParameter } from '../model/routes.js'
import { type RouteTable, withId } from '../model/resources.js'
import type { RouteTarget } from '../model/routes.js'
import { ErrorCode, hasErrorCode } from './errors.js'

/** EC2 takes at most 200 values in one filter. */
const FILTER_VALUES_LIMIT = 200

async function describeRouteTablesWhere(ec2: EC2Client, filters: Filter[]): Promise<RouteTable[]> {
  const found: RouteTable[] = []
  const pages = paginateDescribeRouteTables({ client: ec2, pageSize: 100 }, { Filters: filters })
  for await (const page of pages) found.push(...withId(page.RouteTables, 'RouteTableId'))
  return found
}

/**
 * The route tables with these IDs that exist. A filter, unlike RouteTableIds, does not fail the
 * whole call on one unknown ID, so every missing table can be reported at once.
 */
export async function describeRouteTables(ec2: EC2Client, ids: string[]): Promise<RouteTable[]> {
  const found: RouteTable[] = []
  for (let start = 0; start < ids.length; start += FILTER_VALUES_LIMIT) {
    const chunk = ids.slice(start, start + FILTER_VALUES_LIMIT)
    found.push(
      ...(await describeRouteTablesWhere(ec2, [{ Name: 'route-table-id', Values: chunk }]))
    )
  }
  return found
}

/** Every route table of the VPC, for `route-table-ids: auto`. */
export async function describeVpcRouteTables(ec2: EC2Client, vpcId: string): Promise<RouteTable[]> {
  return describeRouteTablesWhere(ec2, [{ Name: 'vpc-id', Values: [vpcId] }])
}

/** The table that routes a subnet: its explicit association, else the VPC's main table. */
export async function findSubnetRouteTable(
  ec2: EC2Client,
  vpcId: string,
  subnetId: string
): Promise<RouteTable | undefined> {
  const [explicit] = await describeRouteTablesWhere(ec2, [
    { Name: 'association.subnet-id', Values: [subnetId] }
  ])
  if (explicit) return explicit
  const [main] = await describeRouteTablesWhere(ec2, [
    { Name: 'vpc-id', Values: [vpcId] },
    { Name: 'association.main', Values: ['true'] }
  ])
  return main
}

function destinationParameter(destination: Destination) {
  return destination.family === 'ipv6'
    ? { DestinationIpv6CidrBlock: destination.cidr }
    : { DestinationCidrBlock: destination.cidr }
}

function targetParameter(target: RouteTarget) {
  return target.kind === 'egress-only-internet-gateway'
    ? { EgressOnlyInternetGatewayId: target.id }
    : { NatGatewayId: target.id }
}

/** The route to the target, as CreateRoute and ReplaceRoute both take it. */
function routeTo(routeTableId: string, destination: Destination, target: RouteTarget) {
  return {
    RouteTableId: routeTableId,
    ...targetParameter(target),
    ...destinationParameter(destination)
  }
}

export async function createRoute(
  ec2: EC2Client,
  routeTableId: string,
  destination: Destination,
  target: RouteTarget
): Promise<void> {
  await ec2.send(new CreateRouteCommand(routeTo(routeTableId, destination, target)))
}

export async function replaceRoute(
  ec2: EC2Client,
  routeTableId: string,
  destination: Destination,
  target: RouteTarget
): Promise<void> {
  await ec2.send(new ReplaceRouteCommand(routeTo(routeTableId, destination, target)))
}

/** Points the destination back at a target of any kind (`parameter` is ReplaceRoute's field). */
export async function restoreRoute(
  ec2: EC2Client,
  routeTableId: string,
  destination: Destination,
  target: { parameter: RouteTargetParameter; id: string }
): Promise<void> {
  await ec2.send(
    new ReplaceRouteCommand({
      RouteTableId: routeTableId,
      ...destinationParameter(destination),
      [target.parameter]: target.id
    })
  )
}

/** Deletes the destination's route; one that is already gone counts as deleted. */
export async function deleteRoute(
  ec2: EC2Client,
  routeTableId: string,
  destination: Destination
): Promise<void> {
  try {
    await ec2.send(
      new DeleteRouteCommand({ RouteTableId: routeTableId, ...destinationParameter(destination) })
    )
  } catch (error) {
    if (!hasErrorCode(error, ErrorCode.routeNotFound)) throw error
  }
}
