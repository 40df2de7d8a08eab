// The emulated world: VPCs, subnets, internet gateways, route tables, Elastic IPs, NAT gateways.
// Plain data plus seeding helpers; NAT gateway lifecycle lives in lifecycle.ts.
import type { Tag } from './protocol.ts'
import { hexId, makeRng } from './random.ts'
import type { Rng } from './random.ts'
import { advance, createNatGateway } from './lifecycle.ts'
import type { NatGatewaySpec } from './lifecycle.ts'

export const ACCOUNT_ID = '123456789012'

export interface Zone {
  name: string
  id: string
}

export interface Vpc {
  id: string
  cidr: string
  /** Amazon-provided IPv6 blocks (a /56 each); none for an IPv4-only VPC. */
  ipv6Cidrs: string[]
  tags: Tag[]
}

/** An egress-only internet gateway: attached to one VPC from its creation. */
export interface EgressOnlyInternetGateway {
  id: string
  vpcId: string
  tags: Tag[]
}

export interface InternetGateway {
  id: string
  vpcId: string | undefined
  tags: Tag[]
}

export interface Subnet {
  id: string
  vpcId: string
  zone: string
  zoneId: string
  cidr: string
  mapPublicIpOnLaunch: boolean
  /** ModifySubnetAttribute EnableDns64: Route 53 Resolver synthesizes 64:ff9b::/96 addresses. */
  enableDns64: boolean
  tags: Tag[]
  nextHost: number
}

export interface Route {
  destinationCidrBlock?: string
  destinationIpv6CidrBlock?: string
  gatewayId?: string
  natGatewayId?: string
  egressOnlyInternetGatewayId?: string
  origin: 'CreateRouteTable' | 'CreateRoute'
  /** Eventual consistency: invisible to DescribeRouteTables until the call counter passes this. */
  hiddenUntilCall?: number
}

export interface RouteTableAssociation {
  id: string
  subnetId?: string
  gatewayId?: string
  main: boolean
}

export interface RouteTable {
  id: string
  vpcId: string
  routes: Route[]
  associations: RouteTableAssociation[]
  tags: Tag[]
  /** Set on the route table AWS creates for a regional NAT gateway. */
  natGatewayId?: string
}

/** A gateway VPC endpoint (S3 or DynamoDB). */
export interface VpcEndpoint {
  id: string
  vpcId: string
  serviceName: string
  routeTableIds: string[]
  tags: Tag[]
  state: 'available' | 'deleted'
}

export interface AddressAssociation {
  associationId: string
  networkInterfaceId: string
  privateIpAddress: string
  natGatewayId?: string
}

export interface Address {
  allocationId: string
  publicIp: string
  tags: Tag[]
  association?: AddressAssociation
  /** The network border group (default: the Region, as for every zone of the emulated Region). */
  networkBorderGroup?: string
  /** `rnat` for the addresses a regional NAT gateway allocates itself (automatic mode). */
  serviceManaged?: string
  /** Eventual consistency after a gateway deletion: ReleaseAddress fails until then. */
  releaseBlockedUntil?: number
  releaseBlockedCode?: string
}

export type NatState = 'pending' | 'failed' | 'available' | 'deleting' | 'deleted'

export interface NatAddress {
  allocationId?: string
  publicIp?: string
  privateIp?: string
  networkInterfaceId?: string
  associationId?: string
  isPrimary: boolean
  status: string
  availabilityZone?: string
  availabilityZoneId?: string
  failureMessage?: string
  /** AssociateNatGatewayAddress: `associating` until then, then `succeeded` or `failed`. */
  settlesAt?: number
  /** Set when the association will fail (border group mismatch, injected fault). */
  pendingFailure?: string
  /** DisassociateNatGatewayAddress: `disassociating` until then (the drain), then gone. */
  goneAt?: number
}

export interface NatGateway {
  id: string
  vpcId: string
  subnetId?: string
  availabilityMode: 'zonal' | 'regional'
  connectivityType: 'public' | 'private'
  state: NatState
  createTime: Date
  deleteTime?: Date
  readyAt: number
  deletedAt?: number
  failureCode?: string
  failureMessage?: string
  /** A failure decided in advance (fault injection): applied when provisioning ends. */
  injectedFailure?: { code: string; message: string }
  addresses: NatAddress[]
  tags: Tag[]
  clientToken?: string
  requestFingerprint?: string
  routeTableId?: string
  autoProvisionZones?: 'enabled' | 'disabled'
  autoScalingIps?: 'enabled' | 'disabled'
  /** Regional automatic mode: zones get addresses from this time on. */
  autoExpandAt?: number
  /** Eventual consistency: invisible to DescribeNatGateways / CreateRoute until this call. */
  hiddenUntilCall?: number
  /** Eventual consistency for ReleaseAddress after deletion (ms, error code). */
  releaseBlock?: { ms: number; code: string }
}

export interface WorldOptions {
  region: string
  provisioningMs: number
  deletingMs: number
  autoExpansionMs: number
  /** Elastic IPs per Region (AWS default quota: 5). */
  addressLimit: number
  /** Elastic IPs per public NAT gateway (AWS default quota: 2); per zone for a regional one. */
  natGatewayAddressQuota: number
  /** NAT gateways per zone in the account (AWS default quota: 5). */
  natGatewaysPerZone: number
  /** AssociateNatGatewayAddress: associating → succeeded after this long. */
  associationMs: number
  /** DisassociateNatGatewayAddress: when the last connection closes, if before the drain time. */
  drainMs: number
  idSeed: number
}

export interface RouteSpec {
  /** An IPv4 CIDR block, or an IPv6 one (it has a colon). */
  destination: string
  gatewayId?: string
  natGatewayId?: string
  egressOnlyInternetGatewayId?: string
}

// "Regional and zone codes": eu-west-1 → euw1, ap-southeast-2 → apse2.
const DIRECTIONS: Record<string, string> = {
  north: 'n',
  south: 's',
  east: 'e',
  west: 'w',
  central: 'c',
  northeast: 'ne',
  northwest: 'nw',
  southeast: 'se',
  southwest: 'sw'
}

export function zoneIdPrefix(region: string): string {
  const [geo, dir, num] = region.split('-')
  return `${geo ?? ''}${DIRECTIONS[dir ?? ''] ?? (dir ?? '').slice(0, 1)}${num ?? ''}`
}

export function ipToInt(ip: string): number {
  return ip.split('.').reduce((acc, o) => acc * 256 + Number(o), 0)
}

export function intToIp(n: number): string {
  return [24, 16, 8, 0].map(s => Math.floor(n / 2 ** s) % 256).join('.')
}

const PUBLIC_RANGES = ['203.0.113.', '198.51.100.', '192.0.2.']

export class World {
  readonly options: WorldOptions
  readonly region: string
  readonly zones: Zone[]
  vpcs = new Map<string, Vpc>()
  subnets = new Map<string, Subnet>()
  internetGateways = new Map<string, InternetGateway>()
  routeTables = new Map<string, RouteTable>()
  addresses = new Map<string, Address>()
  natGateways = new Map<string, NatGateway>()
  vpcEndpoints = new Map<string, VpcEndpoint>()
  egressOnlyInternetGateways = new Map<string, EgressOnlyInternetGateway>()
  /** ClientToken → NAT gateway ID; `vpce:<token>` → VPC endpoint ID. */
  clientTokens = new Map<string, string>()
  /** Incremented by the server for every request; drives eventual-consistency windows. */
  callSeq = 0
  private rng: Rng
  private publicIpCounter = 0
  private subnetCounter = 0

  constructor(options: Partial<WorldOptions> = {}) {
    this.options = {
      region: options.region ?? 'eu-west-1',
      provisioningMs: options.provisioningMs ?? 1000,
      deletingMs: options.deletingMs ?? 1000,
      autoExpansionMs: options.autoExpansionMs ?? 0,
      addressLimit: options.addressLimit ?? 5,
      natGatewayAddressQuota: options.natGatewayAddressQuota ?? 2,
      natGatewaysPerZone: options.natGatewaysPerZone ?? 5,
      associationMs: options.associationMs ?? 500,
      drainMs: options.drainMs ?? 1000,
      idSeed: options.idSeed ?? 42
    }
    this.region = this.options.region
    const prefix = zoneIdPrefix(this.region)
    this.zones = ['a', 'b', 'c'].map((l, i) => ({
      name: `${this.region}${l}`,
      id: `${prefix}-az${i + 1}`
    }))
    this.rng = makeRng(this.options.idSeed)
  }

  /** Empties the world (IDs restart from the same seed). */
  reset(): void {
    this.vpcs.clear()
    this.subnets.clear()
    this.internetGateways.clear()
    this.routeTables.clear()
    this.addresses.clear()
    this.natGateways.clear()
    this.vpcEndpoints.clear()
    this.egressOnlyInternetGateways.clear()
    this.clientTokens.clear()
    this.callSeq = 0
    this.publicIpCounter = 0
    this.subnetCounter = 0
    this.rng = makeRng(this.options.idSeed)
  }

  newId(prefix: string): string {
    return hexId(this.rng, prefix)
  }

  nextPublicIp(): string {
    const n = this.publicIpCounter++
    const range = PUBLIC_RANGES[Math.floor(n / 254) % PUBLIC_RANGES.length] as string
    return `${range}${(n % 254) + 1}`
  }

  /** A zone by name (`eu-west-1a`), ID (`euw1-az1`) or letter (`a`). */
  zone(ref: string): Zone | undefined {
    return this.zones.find(z => z.name === ref || z.id === ref || z.name === this.region + ref)
  }

  /** The internet gateway attached to a VPC, if any. */
  internetGatewayOf(vpcId: string): InternetGateway | undefined {
    return [...this.internetGateways.values()].find(g => g.vpcId === vpcId)
  }

  /** Advances NAT gateway lifecycles to `now` (done before every request). */
  advance(now = Date.now()): void {
    advance(this, now)
  }

  // ---- seeding helpers ----

  /**
   * A VPC with its main route table (local route) and, optionally, an attached internet gateway
   * and an Amazon-provided IPv6 block (with its own local route).
   */
  addVpc(
    opts: { cidr?: string; withInternetGateway?: boolean; ipv6?: boolean; tags?: Tag[] } = {}
  ): {
    vpcId: string
    mainRouteTableId: string
    internetGatewayId?: string
  } {
    const id = this.newId('vpc')
    const cidr = opts.cidr ?? '10.0.0.0/16'
    this.vpcs.set(id, { id, cidr, ipv6Cidrs: [], tags: [...(opts.tags ?? [])] })
    if (opts.ipv6) this.addVpcIpv6Cidr(id)
    const mainRouteTableId = this.addRouteTable(id, { main: true })
    const internetGatewayId = opts.withInternetGateway
      ? this.addInternetGateway({ vpcId: id })
      : undefined
    return internetGatewayId
      ? { vpcId: id, mainRouteTableId, internetGatewayId }
      : { vpcId: id, mainRouteTableId }
  }

  /**
   * AssociateVpcCidrBlock AmazonProvidedIpv6CidrBlock: a /56 from the documentation range, and its
   * local route in every table of the VPC.
   */
  addVpcIpv6Cidr(vpcId: string): string {
    const vpc = this.must(this.vpcs.get(vpcId), vpcId)
    const cidr = `2001:db8:${(0x100 + this.vpcs.size * 16 + vpc.ipv6Cidrs.length).toString(16)}::/56`
    vpc.ipv6Cidrs.push(cidr)
    for (const table of this.routeTables.values()) {
      if (table.vpcId !== vpcId) continue
      table.routes.push({
        destinationIpv6CidrBlock: cidr,
        gatewayId: 'local',
        origin: 'CreateRouteTable'
      })
    }
    return cidr
  }

  /** An egress-only internet gateway attached to the VPC (the user's own, without our tags). */
  addEgressOnlyInternetGateway(vpcId: string, opts: { tags?: Tag[] } = {}): string {
    this.must(this.vpcs.get(vpcId), vpcId)
    const id = this.newId('eigw')
    this.egressOnlyInternetGateways.set(id, { id, vpcId, tags: [...(opts.tags ?? [])] })
    return id
  }

  /** ModifySubnetAttribute EnableDns64. */
  setDns64(subnetId: string, enabled: boolean): void {
    this.must(this.subnets.get(subnetId), subnetId).enableDns64 = enabled
  }

  addInternetGateway(opts: { vpcId?: string; tags?: Tag[] } = {}): string {
    const id = this.newId('igw')
    this.internetGateways.set(id, { id, vpcId: opts.vpcId, tags: [...(opts.tags ?? [])] })
    return id
  }

  attachInternetGateway(igwId: string, vpcId: string): void {
    this.must(this.internetGateways.get(igwId), igwId).vpcId = vpcId
  }

  detachInternetGateway(igwId: string): void {
    this.must(this.internetGateways.get(igwId), igwId).vpcId = undefined
  }

  /** A subnet in `zone` (name, ID or letter); its CIDR is the next /24 of the VPC unless given. */
  addSubnet(
    vpcId: string,
    zone: string,
    opts: { public?: boolean; cidr?: string; dns64?: boolean; tags?: Tag[] } = {}
  ): string {
    const vpc = this.must(this.vpcs.get(vpcId), vpcId)
    const z = this.must(this.zone(zone), zone)
    const id = this.newId('subnet')
    const base = ipToInt(vpc.cidr.split('/')[0] as string)
    const cidr = opts.cidr ?? `${intToIp(base + 256 * this.subnetCounter++)}/24`
    this.subnets.set(id, {
      id,
      vpcId,
      zone: z.name,
      zoneId: z.id,
      cidr,
      mapPublicIpOnLaunch: opts.public ?? false,
      enableDns64: opts.dns64 ?? false,
      tags: [...(opts.tags ?? [])],
      nextHost: 4
    })
    return id
  }

  /** A route table with the local route, the given routes and subnet associations. */
  addRouteTable(
    vpcId: string,
    opts: { subnetIds?: string[]; routes?: RouteSpec[]; tags?: Tag[]; main?: boolean } = {}
  ): string {
    const vpc = this.must(this.vpcs.get(vpcId), vpcId)
    const id = this.newId('rtb')
    const table: RouteTable = {
      id,
      vpcId,
      routes: [
        { destinationCidrBlock: vpc.cidr, gatewayId: 'local', origin: 'CreateRouteTable' },
        ...vpc.ipv6Cidrs.map(cidr => ({
          destinationIpv6CidrBlock: cidr,
          gatewayId: 'local',
          origin: 'CreateRouteTable' as const
        }))
      ],
      associations: [],
      tags: [...(opts.tags ?? [])]
    }
    if (opts.main) table.associations.push({ id: this.newId('rtbassoc'), main: true })
    for (const r of opts.routes ?? []) {
      const route: Route = r.destination.includes(':')
        ? { destinationIpv6CidrBlock: r.destination, origin: 'CreateRoute' }
        : { destinationCidrBlock: r.destination, origin: 'CreateRoute' }
      if (r.gatewayId) route.gatewayId = r.gatewayId
      if (r.natGatewayId) route.natGatewayId = r.natGatewayId
      if (r.egressOnlyInternetGatewayId) {
        route.egressOnlyInternetGatewayId = r.egressOnlyInternetGatewayId
      }
      table.routes.push(route)
    }
    this.routeTables.set(id, table)
    for (const s of opts.subnetIds ?? []) this.associateSubnet(id, s)
    return id
  }

  /** Associates a subnet with a route table (moving it from any previous table). */
  associateSubnet(routeTableId: string, subnetId: string): string {
    this.must(this.subnets.get(subnetId), subnetId)
    for (const t of this.routeTables.values()) {
      t.associations = t.associations.filter(a => a.subnetId !== subnetId)
    }
    const assocId = this.newId('rtbassoc')
    this.must(this.routeTables.get(routeTableId), routeTableId).associations.push({
      id: assocId,
      subnetId,
      main: false
    })
    return assocId
  }

  /** An allocated, unassociated Elastic IP. */
  addAddress(opts: { tags?: Tag[]; publicIp?: string; networkBorderGroup?: string } = {}): string {
    const allocationId = this.newId('eipalloc')
    this.addresses.set(allocationId, {
      allocationId,
      publicIp: opts.publicIp ?? this.nextPublicIp(),
      tags: [...(opts.tags ?? [])],
      ...(opts.networkBorderGroup && { networkBorderGroup: opts.networkBorderGroup })
    })
    return allocationId
  }

  /** Marks an Elastic IP as used by something else (e.g. an instance's interface). */
  associateAddress(allocationId: string): string {
    const a = this.must(this.addresses.get(allocationId), allocationId)
    const associationId = this.newId('eipassoc')
    a.association = {
      associationId,
      networkInterfaceId: this.newId('eni'),
      privateIpAddress: '10.255.0.10'
    }
    return associationId
  }

  /** A NAT gateway created directly in the world (already `available` unless a state is given). */
  addNatGateway(spec: NatGatewaySpec & { state?: 'pending' | 'available' }): string {
    const gw = createNatGateway(this, spec, Date.now(), { provisioningMs: 0 })
    if (spec.state === 'pending') gw.readyAt = Date.now() + this.options.provisioningMs
    this.advance()
    return gw.id
  }

  /** Next private IP of a subnet (for gateway interfaces). */
  nextPrivateIp(subnetId: string | undefined, vpcId: string): string {
    const subnet = subnetId ? this.subnets.get(subnetId) : undefined
    if (subnet) return intToIp(ipToInt(subnet.cidr.split('/')[0] as string) + subnet.nextHost++)
    const vpc = this.must(this.vpcs.get(vpcId), vpcId)
    return intToIp(ipToInt(vpc.cidr.split('/')[0] as string) + 4 + Math.floor(this.rng() * 250))
  }

  /** A JSON-friendly dump of the whole state. */
  snapshot(): Record<string, unknown> {
    this.advance()
    return {
      region: this.region,
      zones: this.zones,
      vpcs: [...this.vpcs.values()],
      subnets: [...this.subnets.values()],
      internetGateways: [...this.internetGateways.values()],
      routeTables: [...this.routeTables.values()],
      addresses: [...this.addresses.values()],
      natGateways: [...this.natGateways.values()],
      vpcEndpoints: [...this.vpcEndpoints.values()],
      egressOnlyInternetGateways: [...this.egressOnlyInternetGateways.values()],
      callSeq: this.callSeq
    }
  }

  private must<T>(v: T | undefined, id: string): T {
    if (v === undefined) throw new Error(`emulator world: unknown ${id}`)
    return v
  }
}
