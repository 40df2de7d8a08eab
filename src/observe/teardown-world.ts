/** The read-only EC2 calls of `state: absent`. */
import type { RunContext } from '../context.js'
import { findManagedAddresses } from '../ec2/addresses.js'
import { findManagedNatGateways } from '../ec2/nat-gateways.js'
import { describeVpc } from '../ec2/network.js'
import { LIVE_STATES } from '../model/gateway-states.js'
import type { TeardownWorld } from '../model/world.js'
import { observeGatewayEndpoints, observeRouteTables } from './ensure-world.js'

export async function observeTeardown({ ec2, config }: RunContext): Promise<TeardownWorld> {
  const [managedGateways, routeTables, addresses, gatewayEndpoints] = await Promise.all([
    // A gateway already deleting still needs its wait and its addresses released.
    findManagedNatGateways(ec2, config.vpcId, [...LIVE_STATES, 'deleting']),
    observeRouteTables(ec2, config),
    findManagedAddresses(ec2, config.name),
    observeGatewayEndpoints(ec2, config)
  ])
  // Nothing of ours there: the VPC may not exist (a wrong vpc-id or Region), which is not the
  // same as nothing to tear down. One more read, only then.
  const vpcMissing =
    managedGateways.length === 0 && (await describeVpc(ec2, config.vpcId)) === undefined
  return {
    managedGateways,
    routeTables,
    gatewayEndpoints,
    addresses,
    ...(vpcMissing && { vpcMissing })
  }
}
