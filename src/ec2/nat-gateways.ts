import {
  CreateNatGatewayCommand,
  DeleteNatGatewayCommand,
  type CreateNatGatewayCommandInput,
  DescribeNatGatewaysCommand,
  type EC2Client,
  type NatGateway,
  paginateDescribeNatGateways
} from '@aws-sdk/client-ec2'
import { isManaged, OWNER_TAG } from '../identity.js'
import { hasErrorCode } from './errors.js'

/** States in which a gateway counts as existing; failed and deleted ones stay listed for an hour. */
export const LIVE_STATES = ['pending', 'available']
/** Gone or going: still listed for about an hour, and still holding their ClientToken. */
export const RETIRED_STATES = ['failed', 'deleting', 'deleted']

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
  for await (const page of pages) found.push(...(page.NatGateways ?? []))
  return found.filter(
    gateway =>
      gateway.VpcId === vpcId && states.includes(gateway.State ?? '') && isManaged(gateway.Tags)
  )
}

/** One gateway by ID; undefined while EC2 does not know it (yet). */
export async function describeNatGateway(
  ec2: EC2Client,
  natGatewayId: string
): Promise<NatGateway | undefined> {
  try {
    const answer = await ec2.send(new DescribeNatGatewaysCommand({ NatGatewayIds: [natGatewayId] }))
    return answer.NatGateways?.find(gateway => gateway.NatGatewayId === natGatewayId)
  } catch (error) {
    if (hasErrorCode(error, 'NatGatewayNotFound', 'InvalidNatGatewayID.NotFound')) return undefined
    throw error
  }
}

export async function createNatGateway(
  ec2: EC2Client,
  input: CreateNatGatewayCommandInput
): Promise<NatGateway> {
  const answer = await ec2.send(new CreateNatGatewayCommand(input))
  if (!answer.NatGateway?.NatGatewayId) {
    throw new Error('CreateNatGateway answered without a NAT gateway ID.')
  }
  return answer.NatGateway
}

/** Deletes a gateway; one EC2 no longer knows counts as deleted. */
export async function deleteNatGateway(ec2: EC2Client, natGatewayId: string): Promise<void> {
  try {
    await ec2.send(new DeleteNatGatewayCommand({ NatGatewayId: natGatewayId }))
  } catch (error) {
    if (!hasErrorCode(error, 'NatGatewayNotFound', 'InvalidNatGatewayID.NotFound')) throw error
  }
}
