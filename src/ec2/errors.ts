/**
 * The EC2 error codes the action acts on, in one place. EC2 spells some of them two ways across
 * operations (`InvalidNatGatewayID` and `InvalidNatGatewayId`); each group lists every spelling
 * seen. docs/ec2-behaviour.md says when each occurs.
 */
export const ErrorCode = {
  /** DescribeNatGateways / DeleteNatGateway on an ID EC2 does not know (yet, or any more). */
  natGatewayNotFound: ['NatGatewayNotFound', 'InvalidNatGatewayID.NotFound'],
  /**
   * CreateRoute / ReplaceRoute naming a gateway that was created a moment ago: a NAT gateway, or
   * an egress-only internet gateway (its code is not documented; both spellings EC2 uses for IDs).
   */
  routeTargetNotVisibleYet: [
    'InvalidNatGatewayID.NotFound',
    'InvalidNatGatewayId.NotFound',
    'InvalidEgressOnlyInternetGatewayId.NotFound',
    'InvalidEgressOnlyInternetGatewayID.NotFound'
  ],
  /** The same ClientToken was sent with other parameters: another run is creating the gateway. */
  idempotentParameterMismatch: 'IdempotentParameterMismatch',
  routeAlreadyExists: 'RouteAlreadyExists',
  routeNotFound: 'InvalidRoute.NotFound',
  /** ReplaceRoute on a route deleted since it was read, with "There is no route defined for". */
  invalidParameterValue: 'InvalidParameterValue',
  allocationNotFound: 'InvalidAllocationID.NotFound',
  /** ReleaseAddress for a minute or two after the address's gateway failed or was deleted. */
  addressStillInUse: [
    'InvalidIPAddress.InUse',
    'AuthFailure',
    'InvalidNetworkInterfaceID.NotFound'
  ],
  /** Throttling; every other `…LimitExceeded` code is a quota (docs/elastic-ips.md). */
  requestLimitExceeded: 'RequestLimitExceeded'
} as const

/**
 * An account quota ran out: EC2 names such errors `…LimitExceeded` (the code for the Elastic IPs
 * per NAT gateway quota is not documented), except throttling.
 */
export function isQuotaError(error: unknown): boolean {
  const code = errorCode(error)
  return (
    code !== undefined && code.endsWith('LimitExceeded') && code !== ErrorCode.requestLimitExceeded
  )
}

/** EC2 error codes arrive as the `name` of the SDK's ServiceException. */
export function errorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'name' in error) {
    return String((error as { name: unknown }).name)
  }
  return undefined
}

export function hasErrorCode(error: unknown, ...codes: readonly string[]): boolean {
  const code = errorCode(error)
  return code !== undefined && codes.includes(code)
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
