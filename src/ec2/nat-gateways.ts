import {
  AssignPrivateNatGatewayAddressCommand,
  AssociateNatGatewayAddressCommand,
  CreateNatGatewayCommand,
  DeleteNatGatewayCommand,
  type CreateNatGatewayCommandInput,
  DescribeNatGatewaysCommand,
  DisassociateNatGatewayAddressCommand,
  type EC2Client,
  paginateDescribeNatGateways,
  UnassignPrivateNatGatewayAddressCommand
} from '@aws-sdk/client-ec2'
import { LIVE_STATES } from '../model/gateway-states.js'
import { isManaged, OWNER_TAG } from '../model/identity.js'
import { type NatGateway, withId } from '../model/resources.js'
import { isZoneId } from '../model/ids.js'
import { ErrorCode, errorMessage, hasErrorCode, isQuotaError } from './errors.js'

/**
 * Our gateways in the VPC, whatever their name. The tag filter keeps the answer small on AWS;
 * the check in code is what we rely on, as some endpoints (moto) ignore tag filters.
 */
export async function findManagedNatGateways(
  ec2: EC2Client,
  vpcId: string,
  states: string[] = LIVE_STATES
): Promise<NatGateway[]> {
  const found: NatGateway[] = []
  const pages = paginateDescribeNatGateways(
    { client: ec2, pageSize: 1000 },
    {
      Filter: [
        { Name: 'vpc-id', Values: [vpcId] },
        { Name: 'state', Values: states },
        { Name: `tag:${OWNER_TAG.key}`, Values: [OWNER_TAG.value] }
      ]
    }
  )
  for await (const page of pages) found.push(...withId(page.NatGateways, 'NatGatewayId'))
  return found.filter(
    gateway =>
      gateway.VpcId === vpcId && states.includes(gateway.State ?? '') && isManaged(gateway.Tags)
  )
}

/** The gateways with these IDs that EC2 still lists, in any state (a filter: unknown IDs are no error). */
export async function describeNatGateways(ec2: EC2Client, ids: string[]): Promise<NatGateway[]> {
  if (ids.length === 0) return []
  const answer = await ec2.send(
    new DescribeNatGatewaysCommand({ Filter: [{ Name: 'nat-gateway-id', Values: ids }] })
  )
  return withId(answer.NatGateways, 'NatGatewayId').filter(g => ids.includes(g.NatGatewayId))
}

/** One gateway by ID; undefined while EC2 does not know it (yet). */
export async function describeNatGateway(
  ec2: EC2Client,
  natGatewayId: string
): Promise<NatGateway | undefined> {
  try {
    const answer = await ec2.send(new DescribeNatGatewaysCommand({ NatGatewayIds: [natGatewayId] }))
    return withId(answer.NatGateways, 'NatGatewayId').find(g => g.NatGatewayId === natGatewayId)
  } catch (error) {
    if (hasErrorCode(error, ...ErrorCode.natGatewayNotFound)) return undefined
    throw error
  }
}

/**
 * Several gateways in one call, by a filter: unlike NatGatewayIds, a filter does not fail the
 * whole call for an ID EC2 does not know yet (right after its create); that one is just missing.
 */
export async function describeNatGatewaysById(
  ec2: EC2Client,
  natGatewayIds: string[]
): Promise<NatGateway[]> {
  const answer = await ec2.send(
    new DescribeNatGatewaysCommand({ Filter: [{ Name: 'nat-gateway-id', Values: natGatewayIds }] })
  )
  return withId(answer.NatGateways, 'NatGatewayId').filter(g =>
    natGatewayIds.includes(g.NatGatewayId)
  )
}

export async function createNatGateway(
  ec2: EC2Client,
  input: CreateNatGatewayCommandInput
): Promise<NatGateway> {
  const answer = await ec2.send(new CreateNatGatewayCommand(input))
  const [natGateway] = withId(answer.NatGateway && [answer.NatGateway], 'NatGatewayId')
  if (!natGateway) throw new Error('CreateNatGateway answered without a NAT gateway ID.')
  return natGateway
}

/** Deletes a gateway; one EC2 no longer knows counts as deleted. */
export async function deleteNatGateway(ec2: EC2Client, natGatewayId: string): Promise<void> {
  try {
    await ec2.send(new DeleteNatGatewayCommand({ NatGatewayId: natGatewayId }))
  } catch (error) {
    if (!hasErrorCode(error, ...ErrorCode.natGatewayNotFound)) throw error
  }
}

/** A quota error, said so: which quota, its default, and where to raise it. */
function explainQuota(error: unknown): never {
  if (!isQuotaError(error)) throw error
  throw new Error(
    `${errorMessage(error)} This is the Amazon VPC quota "Elastic IP addresses per public NAT gateway" ` +
      '(2 by default). Request an increase in the Service Quotas console (Amazon Virtual Private Cloud), ' +
      'or list fewer Elastic IPs.',
    { cause: error }
  )
}

/**
 * Associates Elastic IPs with a public gateway: a zonal one's secondary addresses, or a regional
 * one's addresses in `zone` (a zone name or a zone ID).
 */
export async function associateNatGatewayAddress(
  ec2: EC2Client,
  natGatewayId: string,
  allocationIds: string[],
  zone?: string
): Promise<void> {
  const where =
    zone === undefined
      ? {}
      : isZoneId(zone)
        ? { AvailabilityZoneId: zone }
        : { AvailabilityZone: zone }
  try {
    await ec2.send(
      new AssociateNatGatewayAddressCommand({
        NatGatewayId: natGatewayId,
        AllocationIds: allocationIds,
        ...where
      })
    )
  } catch (error) {
    explainQuota(error)
  }
}

/** Disassociates addresses by association ID; each keeps its open connections up to the drain time. */
export async function disassociateNatGatewayAddress(
  ec2: EC2Client,
  natGatewayId: string,
  associationIds: string[],
  maxDrainDurationSeconds: number
): Promise<void> {
  await ec2.send(
    new DisassociateNatGatewayAddressCommand({
      NatGatewayId: natGatewayId,
      AssociationIds: associationIds,
      MaxDrainDurationSeconds: maxDrainDurationSeconds
    })
  )
}

/**
 * Assigns `count` more secondary private IPs to a private gateway; EC2 picks them in its subnet.
 * Returns the private IPs it answers with (each `assigning`).
 */
export async function assignPrivateNatGatewayAddress(
  ec2: EC2Client,
  natGatewayId: string,
  count: number
): Promise<string[]> {
  const answer = await ec2.send(
    new AssignPrivateNatGatewayAddressCommand({
      NatGatewayId: natGatewayId,
      PrivateIpAddressCount: count
    })
  )
  return (answer.NatGatewayAddresses ?? []).flatMap(a => (a.PrivateIp ? [a.PrivateIp] : []))
}

/** Unassigns secondary private IPs; each keeps its open connections up to the drain time. */
export async function unassignPrivateNatGatewayAddress(
  ec2: EC2Client,
  natGatewayId: string,
  privateIps: string[],
  maxDrainDurationSeconds: number
): Promise<void> {
  await ec2.send(
    new UnassignPrivateNatGatewayAddressCommand({
      NatGatewayId: natGatewayId,
      PrivateIpAddresses: privateIps,
      MaxDrainDurationSeconds: maxDrainDurationSeconds
    })
  )
}
