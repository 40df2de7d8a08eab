/**
 * Which route tables a run routes: the listed ones, or with `route-table-ids: auto` the VPC's
 * private ones. Pure; the reasons for leaving a table out go to the log and the summary.
 */
import type { Config } from '../model/config.js'
import type { SkippedRouteTable } from '../model/plan.js'
import type { RouteTable } from '../model/resources.js'
import type { CoreWorld } from '../model/world.js'
import { internetGatewayOf } from '../model/routes.js'

export interface RouteTableSelection {
  routeTableIds: string[]
  skipped: SkippedRouteTable[]
}

/** Why an automatically found table is not routed, or undefined when it is private and in use. */
function reasonToSkip(config: Config, table: RouteTable, core: RoutedWorld): string | undefined {
  const owner = core.managedGateways.find(gateway => gateway.RouteTableId === table.RouteTableId)
  if (owner) return `the own route table of the regional NAT gateway ${owner.NatGatewayId}`
  const igw = internetGatewayOf(table)
  if (igw) return `public: it routes to the internet gateway ${igw}`
  // A private zonal gateway's subnet has no internet route: its table is told apart by the subnet.
  if (config.gateway.mode === 'zonal' && core.hostSubnetRouteTableId === table.RouteTableId) {
    return `it routes ${config.gateway.subnetId}, the subnet that hosts the NAT gateway`
  }
  const associations = table.Associations ?? []
  if (!associations.some(a => a.Main || a.SubnetId)) return 'associated with no subnet'
  return undefined
}

/** What the selection looks at: the tables, our gateways, and the zonal gateway's own table. */
type RoutedWorld = Pick<CoreWorld, 'routeTables' | 'managedGateways' | 'hostSubnetRouteTableId'>

export function selectRouteTables(config: Config, core: RoutedWorld): RouteTableSelection {
  if (config.routeTableIds !== 'auto') return { routeTableIds: config.routeTableIds, skipped: [] }
  const selection: RouteTableSelection = { routeTableIds: [], skipped: [] }
  for (const table of core.routeTables) {
    const routeTableId = table.RouteTableId
    const reason = reasonToSkip(config, table, core)
    if (reason) selection.skipped.push({ routeTableId, reason })
    else selection.routeTableIds.push(routeTableId)
  }
  return selection
}
