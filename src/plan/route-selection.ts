/**
 * Which route tables a run routes: the listed ones, or with `route-table-ids: auto` the VPC's
 * private ones. Pure; the reasons for leaving a table out go to the log and the summary.
 */
import type { Config } from '../model/config.js'
import type { SkippedRouteTable } from '../model/plan.js'
import type { NatGateway, RouteTable } from '../model/resources.js'
import { internetGatewayOf } from '../model/routes.js'

export interface RouteTableSelection {
  routeTableIds: string[]
  skipped: SkippedRouteTable[]
}

/** Why an automatically found table is not routed, or undefined when it is private and in use. */
function reasonToSkip(table: RouteTable, gateways: NatGateway[]): string | undefined {
  const owner = gateways.find(gateway => gateway.RouteTableId === table.RouteTableId)
  if (owner) return `the own route table of the regional NAT gateway ${owner.NatGatewayId}`
  const igw = internetGatewayOf(table)
  if (igw) return `public: it routes to the internet gateway ${igw}`
  const associations = table.Associations ?? []
  if (!associations.some(a => a.Main || a.SubnetId)) return 'associated with no subnet'
  return undefined
}

export function selectRouteTables(
  config: Config,
  tables: RouteTable[],
  gateways: NatGateway[]
): RouteTableSelection {
  if (config.routeTableIds !== 'auto') return { routeTableIds: config.routeTableIds, skipped: [] }
  const selection: RouteTableSelection = { routeTableIds: [], skipped: [] }
  for (const table of tables) {
    const routeTableId = table.RouteTableId
    const reason = reasonToSkip(table, gateways)
    if (reason) selection.skipped.push({ routeTableId, reason })
    else selection.routeTableIds.push(routeTableId)
  }
  return selection
}
