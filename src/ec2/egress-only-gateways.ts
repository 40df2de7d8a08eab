import {
  CreateEgressOnlyInternetGatewayCommand,
  DeleteEgressOnlyInternetGatewayCommand,
  type EC2Client,
  paginateDescribeEgressOnlyInternetGateways
} from '@aws-sdk/client-ec2'
import { type EgressOnlyInternetGateway, type Tag, withId } from '../model/resources.js'

/**
 * The egress-only internet gateways attached to the VPC, whoever made them. EC2 offers no VPC
 * filter for them (only tags), so every page is read and the attachments compared here.
 */
export async function describeVpcEgressOnlyGateways(
  ec2: EC2Client,
  vpcId: string
): Promise<EgressOnlyInternetGateway[]> {
  const found: EgressOnlyInternetGateway[] = []
  const pages = paginateDescribeEgressOnlyInternetGateways({ client: ec2, pageSize: 255 }, {})
  for await (const page of pages) {
    found.push(...withId(page.EgressOnlyInternetGateways, 'EgressOnlyInternetGatewayId'))
  }
  // EC2 reports the attachment `attached`; a gateway being deleted shows `detached` or none.
  return found.filter(gateway =>
    gateway.Attachments?.some(a => a.VpcId === vpcId && a.State !== 'detached')
  )
}

export async function createEgressOnlyGateway(
  ec2: EC2Client,
  input: { vpcId: string; tags: Tag[]; clientToken: string }
): Promise<EgressOnlyInternetGateway> {
  const answer = await ec2.send(
    new CreateEgressOnlyInternetGatewayCommand({
      VpcId: input.vpcId,
      ClientToken: input.clientToken,
      TagSpecifications: [{ ResourceType: 'egress-only-internet-gateway', Tags: input.tags }]
    })
  )
  const [gateway] = withId(
    answer.EgressOnlyInternetGateway && [answer.EgressOnlyInternetGateway],
    'EgressOnlyInternetGatewayId'
  )
  if (!gateway) {
    throw new Error('CreateEgressOnlyInternetGateway answered without a gateway ID.')
  }
  return gateway
}

export async function deleteEgressOnlyGateway(ec2: EC2Client, id: string): Promise<void> {
  await ec2.send(new DeleteEgressOnlyInternetGatewayCommand({ EgressOnlyInternetGatewayId: id }))
}
