/** The read-only EC2 calls of `state: absent`. */
import type { EC2Client } from '@aws-sdk/client-ec2'
import type { RunContext } from '../context.js'
import { describeVpcEgressOnlyGateways } from '../ec2/egress-only-gateways.js'
import { describeVpcRouteTables } from '../ec2/route-tables.js'
import type { Config } from '../model/config.js'
import { ownEgressOnlyGateway } from '../model/ipv6.js'
import type { RouteTable } from '../model/resources.js'
import { findManagedAddresses } from '../ec2/addresses.js'
import { findManagedNatGateways } from '../ec2/nat-gateways.js'
import { describeVpc } from '../ec2/network.js'
import { LIVE_STATES } from '../model/gateway-states.js'
import type { TeardownWorld } from '../model/world.js'
import { observeGatewayEndpoints, observeRouteTables } from './ensure-world.js'

/**
 * ipv6-egress: the egress-only internet gateway this action made, if any. Only then, every table
 * of the VPC: it is deleted only when no route of anyone else goes to it.
 */
async function observeOwnEgressOnlyGateway(
  ec2: EC2Client,
  config: Config,
  routeTables: Promise<RouteTable[]>
): Promise<Pick<TeardownWorld, 'ownEgressOnlyGateway' | 'vpcRouteTables'>> {
  if (config.ipv6Egress === 'none') return {}
  const own = ownEgressOnlyGateway(
    await describeVpcEgressOnlyGateways(ec2, config.vpcId),
    config.name
  )
  if (!own) return {}
  const vpcRouteTables =
    config.routeTableIds === 'auto'
      ? await routeTables
      : await describeVpcRouteTables(ec2, config.vpcId)
  return { ownEgressOnlyGateway: own, vpcRouteTables }
}

export async function observeTeardown({ ec2, config }: RunContext): Promise<TeardownWorld> {
  const routeTables = observeRouteTables(ec2, config)
  const [managedGateways, tables, addresses, gatewayEndpoints, egress] = await Promise.all([
    // A gateway already deleting still needs its wait and its addresses released.
    findManagedNatGateways(ec2, config.vpcId, [...LIVE_STATES, 'deleting']),
    routeTables,
    findManagedAddresses(ec2, config.name),
    observeGatewayEndpoints(ec2, config),
    observeOwnEgressOnlyGateway(ec2, config, routeTables)
  ])
  // Nothing of ours there: the VPC may not exist (a wrong vpc-id or Region), which is not the
  // same as nothing to tear down. One more read, only then.
  const vpcMissing =
    managedGateways.length === 0 && (await describeVpc(ec2, config.vpcId)) === undefined
  return {
    managedGateways,
    routeTables: tables,
    gatewayEndpoints,
    addresses,
    ...egress,
    ...(vpcMissing && { vpcMissing })
  }
}
