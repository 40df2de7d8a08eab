import { describe, expect, it } from '@jest/globals'
import { gatewayServiceName } from '../../src/model/gateway-endpoints.js'

describe('gatewayServiceName', () => {
  it.each([
    ['eu-west-1', 's3', 'com.amazonaws.eu-west-1.s3'],
    ['us-gov-west-1', 'dynamodb', 'com.amazonaws.us-gov-west-1.dynamodb'],
    // The China Regions name gateway services like every other Region; `cn.com.amazonaws.…` is
    // the interface form (docs/ec2-behaviour.md, "Gateway endpoints").
    ['cn-north-1', 's3', 'com.amazonaws.cn-north-1.s3'],
    ['cn-northwest-1', 'dynamodb', 'com.amazonaws.cn-northwest-1.dynamodb']
  ] as const)('%s, %s → %s', (region, service, name) => {
    expect(gatewayServiceName(region, service)).toBe(name)
  })
})
