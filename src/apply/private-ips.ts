/**
 * A private gateway's secondary private IPs changed in place. An increase assigns (EC2 picks the
 * addresses in the gateway's subnet) and waits until each is `succeeded`; a decrease unassigns the
 * planned addresses, which take no new connections and keep their open ones for up to
 * max-drain-duration-seconds, and waits until they have left the gateway.
 */
import type { RunContext } from '../context.js'
import {
  assignPrivateNatGatewayAddress,
  unassignPrivateNatGatewayAddress
} from '../ec2/nat-gateways.js'
import { type PrivateIpChange, secondaryPrivateAddresses } from '../model/private-ips.js'
import type { NatGateway, NatGatewayAddress } from '../model/resources.js'
import type { AddressChangeResult } from './addresses.js'
import { waitForAddresses, waitForAddressesGone } from './wait.js'

const inUse = (a: NatGatewayAddress) => a.Status === undefined || a.Status === 'succeeded'

async function assign(
  ctx: RunContext,
  natGateway: NatGateway,
  change: PrivateIpChange
): Promise<AddressChangeResult> {
  const id = natGateway.NatGatewayId
  const added = await assignPrivateNatGatewayAddress(ctx.ec2, id, change.assign)
  ctx.log.info(
    `${id}: assigning ${change.assign} secondary private IPs (${change.from} → ${change.to})${added.length > 0 ? `: ${added.join(', ')}` : ''}.`
  )
  const failedNew = (gateway: NatGateway) =>
    secondaryPrivateAddresses(gateway).filter(
      a => a.Status === 'failed' && added.includes(a.PrivateIp ?? '')
    )
  // Settled when as many are in use (or newly failed) as asked, and none is still assigning.
  const settled = (gateway: NatGateway) => {
    const secondary = secondaryPrivateAddresses(gateway)
    return (
      secondary.filter(inUse).length + failedNew(gateway).length >= change.to &&
      !secondary.some(a => a.Status === 'assigning')
    )
  }
  const wait = await waitForAddresses(ctx, natGateway, settled, 'the new private IPs')
  const failures = failedNew(wait.natGateway).map(
    a =>
      `Secondary private IP ${a.PrivateIp} failed to assign: ${a.FailureMessage ?? 'EC2 gave no failure message.'}`
  )
  if (!wait.settled) {
    failures.push(
      `The new secondary private IPs of ${id} were not all assigned after ${ctx.config.waitTimeoutSeconds} s (wait-timeout-seconds); a rerun waits again.`
    )
  }
  return { natGateway: wait.natGateway, failures }
}

async function unassign(
  ctx: RunContext,
  natGateway: NatGateway,
  change: PrivateIpChange
): Promise<AddressChangeResult> {
  const id = natGateway.NatGatewayId
  const drain = ctx.config.maxDrainDurationSeconds
  await unassignPrivateNatGatewayAddress(ctx.ec2, id, change.unassign, drain)
  ctx.log.info(
    `${id}: unassigning ${change.unassign.join(', ')} (${change.from} → ${change.to} secondary private IPs; connections drain for up to ${drain} s).`
  )
  const wait = await waitForAddressesGone(
    ctx,
    natGateway,
    a => change.unassign.includes(a.PrivateIp ?? ''),
    'the unassigned private IPs to drain'
  )
  if (!wait.settled) {
    return {
      natGateway: wait.natGateway,
      failures: [
        `The unassigned private IPs of ${id} are still draining after ${ctx.config.waitTimeoutSeconds} s (wait-timeout-seconds); they take no new connections already and leave once drained.`
      ]
    }
  }
  ctx.log.info(`${id}: ${change.unassign.join(', ')} unassigned.`)
  return { natGateway: wait.natGateway, failures: [] }
}

export function applyPrivateIpChange(
  ctx: RunContext,
  natGateway: NatGateway,
  change: PrivateIpChange
): Promise<AddressChangeResult> {
  return change.assign > 0 ? assign(ctx, natGateway, change) : unassign(ctx, natGateway, change)
}
