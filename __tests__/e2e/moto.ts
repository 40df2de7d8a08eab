/** moto_server on a free loopback port for a test file, and the networks the tests build in it. */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { afterAll, beforeAll, describe } from '@jest/globals'
import {
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  EC2Client
} from '@aws-sdk/client-ec2'
import { STEP_TIMEOUT_MS } from '../timeouts.js'
import { freePort } from './harness.js'

export const MOTO_INSTALL_HINT =
  'moto_server is not on PATH, so the moto end-to-end tests are skipped. Install it with ' +
  '`pip install "moto[server]"` to run them (CI requires it).'

export function motoAvailable(): boolean {
  return spawnSync('moto_server', ['--help'], { stdio: 'ignore' }).status === 0
}

export interface Moto {
  endpoint: string
  reset(): Promise<void>
  stop(): Promise<void>
}

export async function startMoto(): Promise<Moto> {
  const port = await freePort()
  const endpoint = `http://127.0.0.1:${port}`
  const child: ChildProcess = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
    stdio: 'ignore'
  })
  const deadline = Date.now() + STEP_TIMEOUT_MS
  for (;;) {
    try {
      const answer = await fetch(`${endpoint}/moto-api/`)
      if (answer.ok) break
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill()
      throw new Error(`moto_server did not start on ${endpoint}`)
    }
    await new Promise(resolve => setTimeout(resolve, 200))
  }
  return {
    endpoint,
    reset: async () => void (await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' })),
    stop: async () => {
      child.kill('SIGTERM')
      if (child.exitCode === null) await new Promise(resolve => child.once('exit', resolve))
    }
  }
}

export interface MotoSession {
  endpoint: string
  /** An SDK client for moto, to build the world and read it back. */
  ec2: EC2Client
}

/**
 * A describe() block with moto started for it (Region eu-west-1). Where moto_server is missing it
 * is skipped with a message saying how to install it; under CI it fails instead.
 */
export function describeWithMoto(name: string, body: (session: MotoSession) => void): void {
  const available = motoAvailable()
  if (!available && process.env.CI) throw new Error(MOTO_INSTALL_HINT.replace('skipped', 'not run'))
  if (!available) console.warn(MOTO_INSTALL_HINT)
  ;(available ? describe : describe.skip)(name, () => {
    const session = {} as MotoSession
    let moto: Moto | undefined
    beforeAll(async () => {
      moto = await startMoto()
      session.endpoint = moto.endpoint
      session.ec2 = new EC2Client({
        region: 'eu-west-1',
        endpoint: moto.endpoint,
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' }
      })
    })
    afterAll(async () => {
      session.ec2?.destroy()
      await moto?.stop()
    })
    body(session)
  })
}

export interface MotoNetwork {
  vpcId: string
  internetGatewayId?: string
  publicSubnetId: string
  publicRouteTableId: string
  privateSubnetIds: string[]
  privateRouteTableIds: string[]
}

/**
 * A VPC (dual-stack with `ipv6`) with a public subnet (routed to an internet gateway, unless there
 * is none) and private subnets, each with its own route table, built through the EC2 API as a
 * user would.
 */
export async function createNetwork(
  ec2: EC2Client,
  { withInternetGateway = true, privateSubnets = 2, ipv6 = false } = {}
): Promise<MotoNetwork> {
  const zone = `${await ec2.config.region()}a`
  const vpcId =
    (
      await ec2.send(
        new CreateVpcCommand({ CidrBlock: '10.0.0.0/16', AmazonProvidedIpv6CidrBlock: ipv6 })
      )
    ).Vpc?.VpcId ?? ''
  const subnet = async (cidr: string) =>
    (
      await ec2.send(
        new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: cidr, AvailabilityZone: zone })
      )
    ).Subnet?.SubnetId ?? ''
  const table = async (subnetId: string) => {
    const id =
      (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable?.RouteTableId ?? ''
    await ec2.send(new AssociateRouteTableCommand({ RouteTableId: id, SubnetId: subnetId }))
    return id
  }
  const publicSubnetId = await subnet('10.0.0.0/24')
  const publicRouteTableId = await table(publicSubnetId)
  let internetGatewayId: string | undefined
  if (withInternetGateway) {
    internetGatewayId = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway
      ?.InternetGatewayId
    await ec2.send(
      new AttachInternetGatewayCommand({ InternetGatewayId: internetGatewayId, VpcId: vpcId })
    )
    await ec2.send(
      new CreateRouteCommand({
        RouteTableId: publicRouteTableId,
        DestinationCidrBlock: '0.0.0.0/0',
        GatewayId: internetGatewayId
      })
    )
  }
  const privateSubnetIds: string[] = []
  const privateRouteTableIds: string[] = []
  for (let i = 1; i <= privateSubnets; i++) {
    privateSubnetIds.push(await subnet(`10.0.${i}.0/24`))
    privateRouteTableIds.push(await table(privateSubnetIds[i - 1] as string))
  }
  return {
    vpcId,
    ...(internetGatewayId && { internetGatewayId }),
    publicSubnetId,
    publicRouteTableId,
    privateSubnetIds,
    privateRouteTableIds
  }
}

/** The inputs of a zonal run in the network: its private tables, its public subnet. */
export function zonalInputs(
  net: MotoNetwork,
  extra: Record<string, string> = {}
): Record<string, string> {
  return {
    'vpc-id': net.vpcId,
    'route-table-ids': net.privateRouteTableIds.join(', '),
    'availability-mode': 'zonal',
    'subnet-id': net.publicSubnetId,
    ...extra
  }
}
