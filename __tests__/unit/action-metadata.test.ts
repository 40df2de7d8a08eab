/** action.yml and the code agree: the inputs read, the outputs set, the runtime. */
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { NAT } from '../../__fixtures__/ec2.js'
import { INPUTS } from '../../src/config/inputs.js'
import { OUTPUT_NAMES, outputs, teardownOutputs } from '../../src/report/outputs.js'

const metadata = readFileSync(new URL('../../action.yml', import.meta.url), 'utf8')

/** The keys two spaces deep under a top-level section, each with its YAML block. */
function blocks(name: string): Map<string, string> {
  const body = metadata.split(new RegExp(`^${name}:\\n`, 'm'))[1]?.split(/^\S/m)[0] ?? ''
  const entries = new Map<string, string>()
  for (const block of body.split(/^(?= {2}\S)/m)) {
    const key = /^ {2}([\w-]+):/.exec(block)?.[1]
    if (key) entries.set(key, block)
  }
  return entries
}

/** The keys of a section, each with its description. */
function section(name: string): Map<string, string> {
  const described = [...blocks(name)].map(([key, block]): [string, string] => [
    key,
    /description:\s*(?:>-\s*)?(\S.*)/.exec(block)?.[1] ?? ''
  ])
  return new Map(described)
}

/** A scalar field of a block, unquoted; undefined when the block does not set it. */
function field(block: string, key: string): string | undefined {
  const raw = new RegExp(`^ {4}${key}: *(.*)$`, 'm').exec(block)?.[1]
  return raw?.replace(/^'(.*)'$/, '$1')
}

describe('action.yml', () => {
  it('declares exactly the inputs the code reads, each described', () => {
    const inputs = section('inputs')
    expect([...inputs.keys()].sort()).toEqual(Object.keys(INPUTS).sort())
    for (const [name, description] of inputs)
      expect([name, description]).toEqual([name, expect.stringMatching(/\S{3}/)])
  })

  it('gives each input the default and the required flag the code applies', () => {
    const declared = [...blocks('inputs')].map(([name, block]) => ({
      name,
      required: field(block, 'required') === 'true',
      default: field(block, 'default') ?? ''
    }))
    const inCode = Object.entries(INPUTS).map(([name, definition]) => ({ name, ...definition }))
    expect(declared).toEqual(expect.arrayContaining(inCode))
    expect(declared).toHaveLength(inCode.length)
  })

  it('declares exactly the outputs the code sets, each described', () => {
    const declared = section('outputs')
    expect([...declared.keys()].sort()).toEqual([...OUTPUT_NAMES].sort())
    const set = [
      outputs({
        natGateway: { NatGatewayId: NAT },
        created: false,
        routes: [],
        gatewayEndpoints: []
      }),
      teardownOutputs({
        deletedNatGatewayIds: [],
        routeTableIds: [],
        releasedAllocationIds: [],
        deletedGatewayEndpoints: []
      })
    ]
    for (const names of set.map(Object.keys))
      expect(OUTPUT_NAMES).toEqual(expect.arrayContaining(names))
    for (const [name, description] of declared)
      expect([name, description]).toEqual([name, expect.stringMatching(/\S{3}/)])
  })

  it('runs dist/index.js on node24, as the main step and again as the post step', () => {
    expect(metadata).toMatch(/^runs:\n {2}using: node24\n {2}main: dist\/index.js$/m)
    expect(metadata).toMatch(/^ {2}post: dist\/index.js$/m)
  })
})
