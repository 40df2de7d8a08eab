import { describe, expect, it } from '@jest/globals'
import { errorXml, parseQuery, responseXml, strList, structList, tagSpecs } from '../protocol.ts'

describe('parseQuery', () => {
  it('builds nested lists from 1-based indexes, in index order', () => {
    const p = parseQuery(
      'Action=CreateNatGateway&AvailabilityZoneAddress.2.AvailabilityZoneId=euw1-az2' +
        '&AvailabilityZoneAddress.1.AvailabilityZone=eu-west-1a&AvailabilityZoneAddress.1.AllocationId.1=eipalloc-a' +
        '&AvailabilityZoneAddress.1.AllocationId.2=eipalloc-b&AvailabilityZoneAddress.2.AllocationId.1=eipalloc-c' +
        '&TagSpecification.1.ResourceType=natgateway&TagSpecification.1.Tag.1.Key=Name&TagSpecification.1.Tag.1.Value=a%20b'
    )
    expect(p['AvailabilityZoneAddress']).toEqual([
      { AvailabilityZone: 'eu-west-1a', AllocationId: ['eipalloc-a', 'eipalloc-b'] },
      { AvailabilityZoneId: 'euw1-az2', AllocationId: ['eipalloc-c'] }
    ])
    expect(strList(structList(p, 'AvailabilityZoneAddress')[1] ?? {}, 'AllocationId')).toEqual([
      'eipalloc-c'
    ])
    expect(tagSpecs(p, 'natgateway')).toEqual([{ Key: 'Name', Value: 'a b' }])
    expect(() => tagSpecs(p, 'elastic-ip')).toThrow(/not a valid taggable resource type/)
  })
})

describe('XML', () => {
  it('writes EC2 lists as <item> and escapes text', () => {
    expect(
      responseXml('X', 'rid', { tagSet: [{ key: 'a<b', value: '&' }], flag: true, none: undefined })
    ).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<XResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">' +
        '<requestId>rid</requestId><tagSet><item><key>a&lt;b</key><value>&amp;</value></item></tagSet>' +
        '<flag>true</flag></XResponse>'
    )
    expect(errorXml('Code.X', 'm', 'r')).toContain(
      '<Errors><Error><Code>Code.X</Code><Message>m</Message></Error></Errors><RequestID>r</RequestID>'
    )
  })
})
