/**
 * In-place Elastic IP changes, in the order allowlists need: associate the new addresses, wait
 * until each is `succeeded`, and only then disassociate the old ones (their connections drain for
 * up to max-drain-duration-seconds), wait until they are gone, and release those the action
 * itself allocated. Elastic IPs the user supplied are only ever disassociated.
 */
import type { RunContext } from '../context.js'
import { errorMessage } from '../ec2/errors.js'
import {
  associateNatGatewayAddress,
  describeNatGateway,
  disassociateNatGatewayAddress
} from '../ec2/nat-gateways.js'
import { inZone, isHeld } from '../model/address-changes.js'
import type { AddressPlan } from '../model/plan.js'
import type { NatGateway, NatGatewayAddress } from '../model/resources.js'
import { releaseAddresses } from './release.js'
import { waitForAddresses, waitForAddressesGone } from './wait.js'

export interface AddressChangeResult {
  natGateway: NatGateway
  /** What did not finish: failed associations, a wait that timed out, addresses not released. */
  failures: string[]
}

const describeAddress = (a: NatGatewayAddress): string =>
  [
    a.AllocationId,
    a.PublicIp && `(${a.PublicIp})`,
    a.AvailabilityZone && `in ${a.AvailabilityZone}`
  ]
    .filter(Boolean)
    .join(' ')

/** The failed associations of the gateway among `allocationIds`, with EC2's failure message. */
export function failedAssociations(gateway: NatGateway, allocationIds: string[]): string[] {
  return (gateway.NatGatewayAddresses ?? [])
    .filter(a => a.Status === 'failed' && allocationIds.includes(a.AllocationId ?? ''))
    .map(
      a =>
        `Elastic IP ${describeAddress(a)} failed to associate: ${a.FailureMessage ?? 'EC2 gave no failure message.'}`
    )
}

/**
 * After an address write failed: done all the same if the gateway, read again, shows its result.
 * That is what a retry of a write whose answer was lost finds (EC2 refuses to do it twice).
 */
async function doneDespite(
  ctx: RunContext,
  natGatewayId: string,
  error: unknown,
  isDone: (gateway: NatGateway) => boolean
): Promise<void> {
  const gateway = await describeNatGateway(ctx.ec2, natGatewayId)
  if (!gateway || !isDone(gateway)) throw error
  ctx.log.info(`${natGatewayId}: ${errorMessage(error)}; the gateway shows the change made.`)
}

async function addAddresses(
  ctx: RunContext,
  natGateway: NatGateway,
  plan: AddressPlan
): Promise<AddressChangeResult> {
  const id = natGateway.NatGatewayId
  for (const { zone, allocationIds } of plan.add) {
    await associateNatGatewayAddress(ctx.ec2, id, allocationIds, zone).catch(error =>
      doneDespite(ctx, id, error, gateway =>
        allocationIds.every(allocationId =>
          (gateway.NatGatewayAddresses ?? []).some(
            a => a.AllocationId === allocationId && isHeld(a) && (!zone || inZone(a, zone))
          )
        )
      )
    )
    ctx.log.info(`${id}: associating ${allocationIds.join(', ')}${zone ? ` in ${zone}` : ''}.`)
  }
  const added = (a: NatGatewayAddress) =>
    plan.add.some(
      ({ zone, allocationIds }) =>
        allocationIds.includes(a.AllocationId ?? '') && (zone === undefined || inZone(a, zone))
    )
  const addedIds = plan.add.flatMap(a => a.allocationIds)
  const settled = (gateway: NatGateway) => {
    const addresses = (gateway.NatGatewayAddresses ?? []).filter(added)
    return (
      addresses.length >= addedIds.length &&
      addresses.every(
        a => a.Status === undefined || a.Status === 'succeeded' || a.Status === 'failed'
      )
    )
  }
  const wait = await waitForAddresses(ctx, natGateway, settled, 'the new addresses')
  const failures = failedAssociations(wait.natGateway, addedIds)
  if (!wait.settled) {
    failures.push(
      `The new Elastic IPs of ${id} were not all associated after ${ctx.config.waitTimeoutSeconds} s (wait-timeout-seconds); a rerun waits again.`
    )
  }
  return { natGateway: wait.natGateway, failures }
}

async function removeAddresses(
  ctx: RunContext,
  natGateway: NatGateway,
  plan: AddressPlan
): Promise<AddressChangeResult> {
  const id = natGateway.NatGatewayId
  const drain = ctx.config.maxDrainDurationSeconds
  const disassociated = plan.remove.map(r => r.allocationId)
  if (plan.remove.length > 0) {
    await disassociateNatGatewayAddress(
      ctx.ec2,
      id,
      plan.remove.map(r => r.associationId),
      drain
    ).catch(error =>
      doneDespite(
        ctx,
        id,
        error,
        gateway =>
          !(gateway.NatGatewayAddresses ?? []).some(
            a => disassociated.includes(a.AllocationId ?? '') && isHeld(a)
          )
      )
    )
    ctx.log.info(
      `${id}: disassociating ${disassociated.join(', ')} (connections drain for up to ${drain} s).`
    )
  }
  // With those an earlier run disassociated, to be released once gone.
  const removedIds = [...new Set([...disassociated, ...plan.release])]
  const wait = await waitForAddressesGone(
    ctx,
    natGateway,
    a => removedIds.includes(a.AllocationId ?? ''),
    'the removed addresses to drain'
  )
  if (!wait.settled) {
    return {
      natGateway: wait.natGateway,
      failures: [
        `The removed Elastic IPs of ${id} are still draining after ${ctx.config.waitTimeoutSeconds} s (wait-timeout-seconds); they stop taking new connections already, and a rerun waits again.`
      ]
    }
  }
  ctx.log.info(`${id}: ${removedIds.join(', ')} disassociated; the Elastic IPs stay allocated.`)
  const { leftovers } = await releaseAddresses(
    ctx,
    plan.release,
    'allocated by this action and no longer used'
  )
  return { natGateway: wait.natGateway, failures: leftovers }
}

export async function applyAddressChanges(
  ctx: RunContext,
  natGateway: NatGateway,
  plan: AddressPlan
): Promise<AddressChangeResult> {
  let current: AddressChangeResult = { natGateway, failures: [] }
  if (plan.add.length > 0) current = await addAddresses(ctx, natGateway, plan)
  if (plan.remove.length === 0 && plan.release.length === 0) return current
  if (current.failures.length > 0) {
    // The old addresses stay until the new ones work, so an allowlist is never left short.
    ctx.log.warning(
      `${natGateway.NatGatewayId}: not removing any address while the new ones do not work.`
    )
    return current
  }
  return removeAddresses(ctx, current.natGateway, plan)
}
