import { randomUUID } from 'node:crypto'
import {
  AllocateAddressCommand,
  type AllocateAddressCommandOutput,
  DescribeAddressesCommand,
  type EC2Client,
  ReleaseAddressCommand
} from '@aws-sdk/client-ec2'
import { GATEWAY_TAG_KEY, isManaged, OWNER_TAG, tagValue } from '../model/identity.js'
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

/** Addresses the action allocated for this gateway (tagged so at allocation), in use or not. */
export async function findManagedAddresses(
  ec2: EC2Client,
  gatewayName: string
): Promise<Address[]> {
  const answer = await ec2.send(
    new DescribeAddressesCommand({
      Filters: [
        { Name: `tag:${OWNER_TAG.key}`, Values: [OWNER_TAG.value] },
        { Name: `tag:${GATEWAY_TAG_KEY}`, Values: [gatewayName] }
      ]
    })
  )
  return withId(answer.Addresses, 'AllocationId').filter(
    address => isManaged(address.Tags) && tagValue(address.Tags, GATEWAY_TAG_KEY) === gatewayName
  )
}

/**
 * Addresses the action allocated for this gateway that nothing uses: left by a run that was
 * stopped between allocating and creating the gateway. Never an address merely "free": only one
 * we tagged for this gateway.
 */
export async function findReusableAddresses(
  ec2: EC2Client,
  gatewayName: string
): Promise<Address[]> {
  const addresses = await findManagedAddresses(ec2, gatewayName)
  return addresses.filter(address => !address.AssociationId && !address.NetworkInterfaceId)
}

/** The tag that makes one allocation findable: AllocateAddress takes no ClientToken. */
export const ALLOCATION_TAG_KEY = 'ensure-nat-gateway:allocation'

/** The address allocated with this allocation tag, if EC2 has it. */
async function findAllocation(ec2: EC2Client, token: string): Promise<Address | undefined> {
  const answer = await ec2.send(
    new DescribeAddressesCommand({
      Filters: [{ Name: `tag:${ALLOCATION_TAG_KEY}`, Values: [token] }]
    })
  )
  return withId(answer.Addresses, 'AllocationId').find(
    address => tagValue(address.Tags, ALLOCATION_TAG_KEY) === token
  )
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
