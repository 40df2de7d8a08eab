// Every implemented EC2 action, by name.
import { addressHandlers } from './addresses.ts'
import type { HandlerMap } from './context.ts'
import { egressOnlyGatewayHandlers } from './egress-only-gateways.ts'
import { natGatewayAddressHandlers } from './nat-gateway-addresses.ts'
import { natGatewayHandlers } from './nat-gateways.ts'
import { networkHandlers } from './network.ts'
import { routeTableHandlers } from './route-tables.ts'
import { tagHandlers } from './tags.ts'
import { vpcEndpointHandlers } from './vpc-endpoints.ts'
import { worldHandlers } from './world.ts'

export const handlers: HandlerMap = {
  ...natGatewayHandlers,
  ...natGatewayAddressHandlers,
  ...routeTableHandlers,
  ...addressHandlers,
  ...networkHandlers,
  ...tagHandlers,
  ...vpcEndpointHandlers,
  ...egressOnlyGatewayHandlers,
  ...worldHandlers
}
