/**
 * Which gateway serves a route table when there is a gateway per zone: the one in the zone of the
 * subnets the table serves. One decision, shared by every route a run writes to those gateways:
 * a table is refused (or, with `route-table-ids: auto`, skipped) when it serves no subnet, serves
 * subnets in more than one zone, or serves a zone that has no gateway.
 */
import type { RouteTable, Subnet } from '../model/resources.js'
import { isMainTable, routedSubnetIds } from '../model/routes.js'

/** A subnet of subnet-ids and its zone: where one gateway stands. */
export interface GatewayZone {
  subnetId: string
  zone: string
  zoneId: string
}

export type TableZone =
  | { routeTableId: string; gateway: GatewayZone }
  | { routeTableId: string; refusal: { message: string; fix: string } }

/** What the VPC looks like, as far as a main table's implicit subnets go. */
export interface VpcLayout {
  /** Every subnet of the VPC, or at least those the tables serve. */
  subnets: Subnet[]
  /** Every route table of the VPC: a subnet in none of their associations uses the main table. */
  routeTables: RouteTable[]
}

/** Whether deciding a table's zone needs the VPC's subnets and tables (it is the main table). */
export function needsVpcLayout(table: RouteTable): boolean {
  return isMainTable(table)
}

export function tableZone(table: RouteTable, gateways: GatewayZone[], vpc: VpcLayout): TableZone {
  const routeTableId = table.RouteTableId
  const served = routedSubnetIds(table, vpc.subnets, vpc.routeTables)
  const listed = gateways.map(g => `${g.zone} (${g.subnetId})`).join(', ')
  if (served.length === 0) {
    return {
      routeTableId,
      refusal: {
        message: isMainTable(table)
          ? 'is the main route table and no subnet uses it implicitly, so it is in no zone and no gateway is its own.'
          : 'is associated with no subnet, so it is in no zone and no gateway is its own.',
        fix: 'Associate it with the private subnets of one zone first, or remove it from route-table-ids.'
      }
    }
  }
  const zones = new Map<string, string[]>()
  for (const subnetId of served) {
    const zone = vpc.subnets.find(s => s.SubnetId === subnetId)?.AvailabilityZone ?? 'unknown'
    zones.set(zone, [...(zones.get(zone) ?? []), subnetId])
  }
  if (zones.size > 1) {
    const spread = [...zones].map(([zone, ids]) => `${zone} (${ids.join(', ')})`).join(', ')
    return {
      routeTableId,
      refusal: {
        message: `serves subnets in ${zones.size} zones: ${spread}; with a gateway per zone each table goes to the gateway of its own zone, and this one has no single zone.`,
        fix: 'Give the subnets of each zone their own route table (as terraform-aws-modules/vpc and CDK do), or remove this table from route-table-ids.'
      }
    }
  }
  const [zone = 'unknown'] = zones.keys()
  const gateway = gateways.find(g => g.zone === zone)
  if (!gateway) {
    return {
      routeTableId,
      refusal: {
        message: `serves subnets in ${zone}, which has no subnet in subnet-ids (gateways: ${listed}); its traffic would cross zones.`,
        fix: `Add a public subnet of ${zone} to subnet-ids, or remove this table from route-table-ids.`
      }
    }
  }
  return { routeTableId, gateway }
}
