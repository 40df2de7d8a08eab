/**
 * Making the gateway exist: adopt ours, or create it with a deterministic ClientToken so that a
 * retried or concurrent run converges on one gateway. An Elastic IP this run took for a gateway
 * that could not be made is released.
 */
import type { CreateNatGatewayCommandInput } from '@aws-sdk/client-ec2'
import type { RunContext } from '../context.js'
import { allocateAddress } from '../ec2/addresses.js'
import { ErrorCode, hasErrorCode } from '../ec2/errors.js'
import { createNatGateway, findManagedNatGateways } from '../ec2/nat-gateways.js'
import { CONCURRENT_CREATE_WINDOW_MS, pollUntil } from '../ec2/retry.js'
import { isLive } from '../model/gateway-states.js'
import { addressTags, clientToken, gatewaysNamed, withProvenance } from '../model/identity.js'
import type { CreatePlan, GatewayPlan } from '../model/plan.js'
import type { NatGateway } from '../model/resources.js'
import { releaseAddresses, releaseAfterFailure } from './release.js'

/** CreateNatGateway attempts, each with a fresh ClientToken when the last one cannot be used. */
const CREATE_ATTEMPTS = 5

export interface GatewayResult {
  natGateway: NatGateway
  created: boolean
  /** Elastic IPs this run took for the gateway: released if the gateway cannot be made. */
  runAddresses: string[]
}

/** Our gateway with this run's name, looked for a while: a concurrent run has just created it. */
async function findOwnGatewayEventually(ctx: RunContext): Promise<NatGateway | undefined> {
  const { ec2, config, clock } = ctx
  // A zonal gateway's twin is in its subnet: with a gateway per zone, each has this name.
  const { gateway } = config
  const same = (found: NatGateway) =>
    gateway.mode !== 'zonal' || found.SubnetId === gateway.subnetId
  const result = await pollUntil(
    async () =>
      gatewaysNamed(await findManagedNatGateways(ec2, config.vpcId), config.name).find(same),
    found => found !== undefined,
    { clock, withinMs: CONCURRENT_CREATE_WINDOW_MS }
  )
  return result.done ? result.value : undefined
}

/**
 * The request with the run's provenance added to its tags. Added here, after planning: the plan
 * and the ClientToken stay the same whichever run applies them.
 */
function withRunProvenance(
  ctx: RunContext,
  request: CreateNatGatewayCommandInput
): CreateNatGatewayCommandInput {
  return {
    ...request,
    TagSpecifications: request.TagSpecifications?.map(spec => ({
      ...spec,
      Tags: withProvenance(spec.Tags ?? [], ctx.provenance)
    }))
  }
}

async function sendCreate(
  ctx: RunContext,
  plan: CreatePlan,
  request: CreateNatGatewayCommandInput
): Promise<{ natGateway: NatGateway; created: boolean }> {
  let salt = plan.tokenSalt
  for (let attempt = 1; attempt <= CREATE_ATTEMPTS; attempt++) {
    // The token covers the planned request, not an automatic address: concurrent runs with the
    // same inputs send the same token whichever address each of them allocated.
    const ClientToken = clientToken(plan.request, salt)
    ctx.journal?.creating('nat-gateway')
    try {
      const natGateway = await createNatGateway(ctx.ec2, {
        ...withRunProvenance(ctx, request),
        ClientToken
      })
      if (isLive(natGateway.State ?? 'pending')) {
        ctx.journal?.natGateway(natGateway.NatGatewayId, true)
        return { natGateway, created: true }
      }
      ctx.journal?.notCreated('nat-gateway')
      // EC2 still remembers this token for a gateway that has since failed or been deleted.
      ctx.log.info(
        `EC2 answered with ${natGateway.NatGatewayId} (${natGateway.State}), an earlier gateway made with the same ClientToken; creating a new one.`
      )
      salt = natGateway.NatGatewayId
    } catch (error) {
      // Any other error leaves the create in flight: if EC2 made the gateway all the same, the
      // post step finds it by this run's tag.
      if (!hasErrorCode(error, ErrorCode.idempotentParameterMismatch)) throw error
      ctx.journal?.notCreated('nat-gateway')
      // Another run sent the same token with another automatic address: it is making this gateway.
      const existing = await findOwnGatewayEventually(ctx)
      if (existing) {
        ctx.log.info(`Another run is creating this gateway: adopting ${existing.NatGatewayId}.`)
        ctx.journal?.natGateway(existing.NatGatewayId, false)
        return { natGateway: existing, created: false }
      }
      salt = request.AllocationId ?? `attempt-${attempt}`
    }
  }
  throw new Error(`CreateNatGateway did not give a usable gateway in ${CREATE_ATTEMPTS} attempts.`)
}

async function createGateway(ctx: RunContext, plan: CreatePlan): Promise<GatewayResult> {
  const { ec2, config, log } = ctx
  let automaticId: string | undefined
  if (plan.automaticAddress?.kind === 'allocate') {
    // Tagged at allocation, so a run stopped before CreateNatGateway leaves a findable address.
    ctx.journal?.creating('address')
    const address = await allocateAddress(
      ec2,
      withProvenance(addressTags(config.name, config.vpcId, config.tags), ctx.provenance),
      plan.automaticAddress.networkBorderGroup
    )
    automaticId = address.AllocationId
    ctx.journal?.allocated(automaticId)
    log.info(`Allocated Elastic IP ${automaticId} (${address.PublicIp}) for the gateway.`)
  } else if (plan.automaticAddress?.kind === 'reuse') {
    automaticId = plan.automaticAddress.allocationId
    log.info(`Reusing Elastic IP ${automaticId}, allocated for this gateway by an earlier run.`)
  }
  const runAddresses = automaticId ? [automaticId] : []
  const request = automaticId ? { ...plan.request, AllocationId: automaticId } : plan.request
  const result = await sendCreate(ctx, plan, request).catch(error =>
    releaseAfterFailure(ctx, runAddresses, error)
  )
  if (!result.created) {
    // The gateway another run made has its own address; ours is not needed.
    const { leftovers } = await releaseAddresses(ctx, runAddresses, 'not needed by that gateway')
    leftovers.forEach(line => log.warning(line))
    return { ...result, runAddresses: [] }
  }
  log.info(`Created NAT gateway ${result.natGateway.NatGatewayId}.`)
  return { ...result, runAddresses }
}

export async function ensureGateway(ctx: RunContext, plan: GatewayPlan): Promise<GatewayResult> {
  if (plan.action === 'adopt') {
    ctx.log.info(`Found NAT gateway ${plan.natGateway.NatGatewayId} (${plan.natGateway.State}).`)
    ctx.journal?.natGateway(plan.natGateway.NatGatewayId, false)
    return { natGateway: plan.natGateway, created: false, runAddresses: [] }
  }
  return createGateway(ctx, plan)
}
