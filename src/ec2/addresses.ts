import {
  AllocateAddressCommand,
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

/** In `networkBorderGroup` when given; EC2's default is the Region's own group. */
export async function allocateAddress(
  ec2: EC2Client,
  tags: Tag[],
  networkBorderGroup?: string
): Promise<Address> {
  const answer = await ec2.send(
    new AllocateAddressCommand({
      Domain: 'vpc',
      ...(networkBorderGroup && { NetworkBorderGroup: networkBorderGroup }),
      TagSpecifications: [{ ResourceType: 'elastic-ip', Tags: tags }]
    })
  )
  if (!answer.AllocationId) throw new Error('AllocateAddress answered without an allocation ID.')
  return {
    AllocationId: answer.AllocationId,
    PublicIp: answer.PublicIp,
    Tags: tags,
    ...(answer.NetworkBorderGroup && { NetworkBorderGroup: answer.NetworkBorderGroup })
  }
}

export async function releaseAddress(ec2: EC2Client, allocationId: string): Promise<void> {
  await ec2.send(new ReleaseAddressCommand({ AllocationId: allocationId }))
}
