import { randomUUID } from 'node:crypto'
import {
  AllocateAddressCommand,
  type AllocateAddressCommandOutput,
  DescribeAddressesCommand,
  type EC2Client,
  ReleaseAddressCommand
} from '@aws-sdk/client-ec2'
import {
  GATEWAY_TAG_KEY,
  OWNER_TAG,
  RUN_TAG_KEY,
  tagValue,
  VPC_TAG_KEY
} from '../model/identity.js'
import { type Address, type Tag, withId } from '../model/resources.js'

/** The Elastic IPs with these allocation IDs that exist (a filter does not fail on unknown IDs). */
export async function describeAddresses(
  ec2: EC2Client,
  allocationIds: string[]
): Promise<Address[]> {
  if (allocationIds.length === 0) return []
  const answer = await ec2.send(
    new DescribeAddressesCommand({ Filters: [{ Name: 'allocation-id', Values: allocationIds }] })
  )
  return withId(answer.Addresses, 'AllocationId')
}

async function describeAddressesTagged(ec2: EC2Client, tags: Record<string, string>) {
  const answer = await ec2.send(
    new DescribeAddressesCommand({
      Filters: Object.entries(tags).map(([key, value]) => ({ Name: `tag:${key}`, Values: [value] }))
    })
  )
  // Checked in code too: some endpoints ignore tag filters.
  return withId(answer.Addresses, 'AllocationId').filter(address =>
    Object.entries(tags).every(([key, value]) => tagValue(address.Tags, key) === value)
  )
}

/**
 * Addresses the action allocated for a gateway of this name, in any VPC of the Region (tagged so
 * at allocation), in use or not: the caller keeps those of its VPC (`addressOwnership`).
 */
export function findManagedAddresses(ec2: EC2Client, gatewayName: string): Promise<Address[]> {
  return describeAddressesTagged(ec2, {
    [OWNER_TAG.key]: OWNER_TAG.value,
    [GATEWAY_TAG_KEY]: gatewayName
  })
}

/**
 * Addresses the action allocated for this gateway in this VPC that nothing uses: left by a run
 * that was stopped between allocating and creating the gateway. Never an address merely "free":
 * only one we tagged for this gateway and VPC.
 */
export async function findReusableAddresses(
  ec2: EC2Client,
  gatewayName: string,
  vpcId: string
): Promise<Address[]> {
  const addresses = await describeAddressesTagged(ec2, {
    [OWNER_TAG.key]: OWNER_TAG.value,
    [GATEWAY_TAG_KEY]: gatewayName,
    [VPC_TAG_KEY]: vpcId
  })
  return addresses.filter(address => !address.AssociationId && !address.NetworkInterfaceId)
}

/** Addresses this workflow run allocated for this gateway and VPC (by its provenance run tag). */
export function findRunAddresses(
  ec2: EC2Client,
  where: { gatewayName: string; vpcId: string; run: string }
): Promise<Address[]> {
  return describeAddressesTagged(ec2, {
    [OWNER_TAG.key]: OWNER_TAG.value,
    [GATEWAY_TAG_KEY]: where.gatewayName,
    [VPC_TAG_KEY]: where.vpcId,
    [RUN_TAG_KEY]: where.run
  })
}

/** The tag that makes one allocation findable: AllocateAddress takes no ClientToken. */
export const ALLOCATION_TAG_KEY = 'ensure-nat-gateway:allocation'

/** The address allocated with this allocation tag, if EC2 has it. */
async function findAllocation(ec2: EC2Client, token: string): Promise<Address | undefined> {
  const [found] = await describeAddressesTagged(ec2, { [ALLOCATION_TAG_KEY]: token })
  return found
}

/**
 * Allocates an Elastic IP, at most once. The SDK sends a request again when its answer is lost
 * (a timeout or a reset after EC2 did the work), and AllocateAddress has no ClientToken, so each
 * sending would allocate another address. Each allocation therefore carries a tag of its own,
 * and every attempt after the first looks the address up by that tag before allocating again.
 * In `networkBorderGroup` when given; EC2's default is the Region's own group.
 */
export async function allocateAddress(
  ec2: EC2Client,
  tags: Tag[],
  networkBorderGroup?: string
): Promise<Address> {
  const token = randomUUID()
  const tagged = [...tags, { Key: ALLOCATION_TAG_KEY, Value: token }]
  const command = new AllocateAddressCommand({
    Domain: 'vpc',
    ...(networkBorderGroup && { NetworkBorderGroup: networkBorderGroup }),
    TagSpecifications: [{ ResourceType: 'elastic-ip', Tags: tagged }]
  })
  let attempts = 0
  command.middlewareStack.add(
    next => async args => {
      const found = attempts++ > 0 ? await findAllocation(ec2, token) : undefined
      if (!found) return next(args)
      const output: AllocateAddressCommandOutput = {
        AllocationId: found.AllocationId,
        PublicIp: found.PublicIp,
        NetworkBorderGroup: found.NetworkBorderGroup,
        $metadata: {}
      }
      return { output, response: {} } as Awaited<ReturnType<typeof next>>
    },
    // Inside the SDK's retry loop (which is high in the same step): once per attempt.
    { step: 'finalizeRequest', priority: 'low', name: 'ensureNatGatewayAllocateOnce' }
  )
  const answer = await ec2.send(command)
  if (!answer.AllocationId) throw new Error('AllocateAddress answered without an allocation ID.')
  return {
    AllocationId: answer.AllocationId,
    PublicIp: answer.PublicIp,
    Tags: tagged,
    ...(answer.NetworkBorderGroup && { NetworkBorderGroup: answer.NetworkBorderGroup })
  }
}

export async function releaseAddress(ec2: EC2Client, allocationId: string): Promise<void> {
  await ec2.send(new ReleaseAddressCommand({ AllocationId: allocationId }))
}
