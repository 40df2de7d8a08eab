/**
 * Deletes an inventory of live-test resources in the order EC2 requires: NAT gateways (and the
 * wait until they are gone, since they hold an interface in a subnet and map public addresses),
 * then route tables, subnets, the internet gateway, the Elastic IPs and last the VPC. A failure
 * is noted and the rest goes on, so one stuck resource does not keep the others alive; the caller
 * gets the list of what could not be deleted.
 */
import {
  DeleteInternetGatewayCommand,
  DeleteNatGatewayCommand,
  DeleteRouteTableCommand,
  DeleteSubnetCommand,
  DeleteVpcCommand,
  DescribeNatGatewaysCommand,
  DetachInternetGatewayCommand,
  DisassociateRouteTableCommand,
  ReleaseAddressCommand
} from '@aws-sdk/client-ec2'
import type { EC2Client } from '@aws-sdk/client-ec2'
import { errorCode, sleep } from './aws.ts'
import type { Inventory } from './inventory.ts'

export interface DeleteOptions {
  /** Between polls of a gateway's deletion, and between retries (AWS: seconds). */
  pollMs: number
  /** How long a NAT gateway may take to be deleted. */
  timeoutMs: number
  log: (line: string) => void
}

/**
 * EC2 is eventually consistent after a gateway is deleted: its interface and address mapping
 * linger for a while, so the deletions that depend on them are retried for these codes.
 */
const LINGERING = ['DependencyViolation', 'InvalidIPAddress.InUse', 'AuthFailure']
const GONE = [
  'InvalidVpcID.NotFound',
  'InvalidSubnetID.NotFound',
  'InvalidRouteTableID.NotFound',
  'InvalidInternetGatewayID.NotFound',
  'InvalidAllocationID.NotFound',
  'InvalidAssociationID.NotFound',
  'NatGatewayNotFound',
  'InvalidNatGatewayID.NotFound'
]

async function waitUntilGone(
  ec2: EC2Client,
  ids: string[],
  options: DeleteOptions
): Promise<string[]> {
  const deadline = Date.now() + options.timeoutMs
  let waiting = ids
  while (waiting.length > 0 && Date.now() < deadline) {
    await sleep(options.pollMs)
    // A filter, not NatGatewayIds: a gateway EC2 no longer shows is gone, not an error.
    const out = await ec2.send(
      new DescribeNatGatewaysCommand({ Filter: [{ Name: 'nat-gateway-id', Values: waiting }] })
    )
    waiting = (out.NatGateways ?? [])
      .filter(g => g.State !== 'deleted')
      .map(g => g.NatGatewayId ?? '')
  }
  return waiting
}

export async function deleteInventory(
  ec2: EC2Client,
  inventory: Inventory,
  options: DeleteOptions
): Promise<string[]> {
  const failures: string[] = []
  /** Runs one deletion; retries while a dependency lingers; a resource already gone is success. */
  async function attempt(what: string, call: () => Promise<unknown>, retries = 0): Promise<void> {
    for (let left = retries; ; left--) {
      try {
        await call()
        options.log(`deleted ${what}`)
        return
      } catch (e) {
        const code = errorCode(e)
        if (GONE.includes(code)) return options.log(`already gone: ${what}`)
        if (!LINGERING.includes(code) || left <= 0) {
          failures.push(`${what}: ${code} ${(e as Error).message}`)
          return options.log(`could not delete ${what}: ${code} ${(e as Error).message}`)
        }
        await sleep(options.pollMs)
      }
    }
  }
  const retries = Math.max(1, Math.ceil(options.timeoutMs / 4 / options.pollMs))

  for (const g of inventory.natGateways.filter(g => g.State !== 'deleting')) {
    await attempt(`NAT gateway ${g.NatGatewayId}`, () =>
      ec2.send(new DeleteNatGatewayCommand({ NatGatewayId: g.NatGatewayId }))
    )
  }
  const natIds = inventory.natGateways.map(g => g.NatGatewayId ?? '')
  const stuck = natIds.length > 0 ? await waitUntilGone(ec2, natIds, options) : []
  for (const id of stuck) failures.push(`NAT gateway ${id}: not deleted in time`)

  for (const t of inventory.routeTables) {
    for (const a of t.Associations ?? []) {
      if (a.Main) continue
      await attempt(`association ${a.RouteTableAssociationId} of ${t.RouteTableId}`, () =>
        ec2.send(new DisassociateRouteTableCommand({ AssociationId: a.RouteTableAssociationId }))
      )
    }
    await attempt(`route table ${t.RouteTableId}`, () =>
      ec2.send(new DeleteRouteTableCommand({ RouteTableId: t.RouteTableId }))
    )
  }
  for (const s of inventory.subnets) {
    await attempt(
      `subnet ${s.SubnetId}`,
      () => ec2.send(new DeleteSubnetCommand({ SubnetId: s.SubnetId })),
      retries
    )
  }
  for (const g of inventory.internetGateways) {
    for (const a of g.Attachments ?? []) {
      await attempt(
        `attachment of ${g.InternetGatewayId} to ${a.VpcId}`,
        () =>
          ec2.send(
            new DetachInternetGatewayCommand({
              InternetGatewayId: g.InternetGatewayId,
              VpcId: a.VpcId
            })
          ),
        retries
      )
    }
    await attempt(`internet gateway ${g.InternetGatewayId}`, () =>
      ec2.send(new DeleteInternetGatewayCommand({ InternetGatewayId: g.InternetGatewayId }))
    )
  }
  for (const a of inventory.addresses) {
    await attempt(
      `Elastic IP ${a.AllocationId} (${a.PublicIp})`,
      () => ec2.send(new ReleaseAddressCommand({ AllocationId: a.AllocationId })),
      retries
    )
  }
  for (const v of inventory.vpcs) {
    await attempt(
      `VPC ${v.VpcId}`,
      () => ec2.send(new DeleteVpcCommand({ VpcId: v.VpcId })),
      retries
    )
  }
  return failures
}
