// AllocateAddress, ReleaseAddress, DescribeAddresses (VPC Elastic IPs).
import { Ec2Error, str, strList, tagSpecs } from '../protocol.ts'
import type { XmlValue } from '../protocol.ts'
import { applyFilters, byIds } from '../filters.ts'
import { ACCOUNT_ID } from '../state.ts'
import type { Address, World } from '../state.ts'
import { tagSet } from './context.ts'
import type { Context, HandlerMap } from './context.ts'

export function renderAddress(world: World, a: Address): XmlValue {
  return {
    allocationId: a.allocationId,
    associationId: a.association?.associationId,
    domain: 'vpc',
    networkInterfaceId: a.association?.networkInterfaceId,
    networkInterfaceOwnerId: a.association ? ACCOUNT_ID : undefined,
    privateIpAddress: a.association?.privateIpAddress,
    tagSet: tagSet(a.tags),
    publicIpv4Pool: 'amazon',
    networkBorderGroup: a.networkBorderGroup ?? world.region,
    serviceManaged: a.serviceManaged,
    publicIp: a.publicIp
  }
}

// API reference: AllocateAddress (Domain vpc; TagSpecifications elastic-ip; AddressLimitExceeded)
function allocate(ctx: Context): Record<string, XmlValue> {
  const { world, params: p } = ctx
  const domain = str(p, 'Domain') ?? 'vpc'
  if (domain !== 'vpc' && domain !== 'standard') {
    throw new Ec2Error('InvalidParameterValue', `Invalid value '${domain}' for domain`)
  }
  if (str(p, 'Address') || str(p, 'PublicIpv4Pool') || str(p, 'IpamPoolId')) {
    throw new Ec2Error('UnsupportedOperation', 'The emulator allocates Amazon-pool addresses only')
  }
  const tags = tagSpecs(p, 'elastic-ip')
  const owned = [...world.addresses.values()].filter(a => !a.serviceManaged).length
  if (owned >= world.options.addressLimit) {
    throw new Ec2Error('AddressLimitExceeded', 'The maximum number of addresses has been reached.')
  }
  // NetworkBorderGroup: the group the address serves (a Local Zone's); the Region's by default.
  const networkBorderGroup = str(p, 'NetworkBorderGroup') ?? world.region
  const allocationId = world.addAddress({ tags, networkBorderGroup })
  const a = world.addresses.get(allocationId) as Address
  return {
    publicIp: a.publicIp,
    domain: 'vpc',
    allocationId,
    publicIpv4Pool: 'amazon',
    networkBorderGroup
  }
}

// API reference: ReleaseAddress (InvalidIPAddress.InUse while associated)
function release(ctx: Context): Record<string, XmlValue> {
  const { world, params: p } = ctx
  const id = str(p, 'AllocationId')
  if (!id) {
    if (str(p, 'PublicIp')) {
      throw new Ec2Error(
        'InvalidParameterValue',
        'You must specify an allocation id when releasing a VPC elastic IP address'
      )
    }
    throw new Ec2Error('MissingParameter', 'The request must contain the parameter AllocationId')
  }
  const a = world.addresses.get(id)
  if (!a)
    throw new Ec2Error('InvalidAllocationID.NotFound', `The allocation ID '${id}' does not exist`)
  if (a.association || a.serviceManaged) {
    throw new Ec2Error('InvalidIPAddress.InUse', `Address ${a.publicIp} is in use.`)
  }
  // ReleaseAddress right after a gateway deletion fails for a while (docs/ec2-behaviour.md).
  if (a.releaseBlockedUntil !== undefined && ctx.now < a.releaseBlockedUntil) {
    const code = a.releaseBlockedCode ?? 'InvalidIPAddress.InUse'
    throw new Ec2Error(code, `Address ${a.publicIp} is in use.`)
  }
  world.addresses.delete(id)
  return { return: true }
}

// API reference: DescribeAddresses (no pagination)
function describe(ctx: Context): Record<string, XmlValue> {
  const { world, params: p } = ctx
  const all = [...world.addresses.values()]
  let selected = all
  const ids = strList(p, 'AllocationId')
  if (ids.length) {
    selected = byIds(
      ids,
      id => world.addresses.get(id),
      'InvalidAllocationID.NotFound',
      m => `The allocation IDs '${m}' do not exist`
    )
  }
  const ips = strList(p, 'PublicIp')
  if (ips.length) {
    const byIp = byIds(
      ips,
      ip => all.find(a => a.publicIp === ip),
      'InvalidAddress.NotFound',
      m => `Address '${m}' not found.`
    )
    selected = selected.filter(a => byIp.includes(a))
  }
  const filtered = applyFilters(selected, p, {
    'allocation-id': a => [a.allocationId],
    'association-id': a => [a.association?.associationId],
    domain: () => ['vpc'],
    'public-ip': a => [a.publicIp],
    'network-interface-id': a => [a.association?.networkInterfaceId],
    'network-interface-owner-id': a => [a.association ? ACCOUNT_ID : undefined],
    'private-ip-address': a => [a.association?.privateIpAddress],
    'network-border-group': () => [world.region],
    'public-ipv4-pool': () => ['amazon'],
    'instance-id': () => []
  })
  return { addressesSet: filtered.map(a => renderAddress(world, a)) }
}

export const addressHandlers: HandlerMap = {
  AllocateAddress: allocate,
  ReleaseAddress: release,
  DescribeAddresses: describe
}
