/**
 * The rewrites scripts/build.ts applies to dependency files while bundling. The bundle itself is
 * checked by the end-to-end tests, which run dist/index.js.
 */
import { describe, expect, it } from '@jest/globals'
import {
  declareSideEffectFree,
  markSchemas,
  preferEsModules,
  pruneSchemas,
  usedSchemas
} from '../../scripts/bundle/sdk-transforms.ts'

// The shape of @aws-sdk/client-ec2's dist-es/schemas/schemas_0.js, cut down.
const TABLE = `const _A = "Address";
const _B = "Bucket";
const _xN = "xmlName";
const n0 = "com.amazonaws.ec2";
import { TypeRegistry } from "@smithy/core/schema";
const _s_registry = new TypeRegistry(n0);
var SensitiveString = [0, n0, _B, 8, 0];
export var Address$ = [3, n0, _A,
    0,
    [_A],
    [[() => SensitiveString, { [_xN]: _A }]]
];
export var Bucket$ = [3, n0, _B, 0, [_B], [0]];
export var DescribeAddresses$ = [9, n0, _A, 0, () => Address$, () => Address$];
`

describe('the EC2 schema table', () => {
  it('marks each array pure and labelled, the rest untouched', () => {
    const marked = markSchemas(TABLE)
    expect(marked).toContain(
      'export var Bucket$ = /*#__PURE__*/ (() => /* schema:Bucket$ */ [3, n0, _B, 0, [_B], [0]])();'
    )
    expect(marked).toContain('const _s_registry = new TypeRegistry(n0);')
    expect(marked).toContain('const _A = "Address";')
  })

  it('reads which labelled arrays webpack kept, not the ones it replaced as unused', () => {
    const bundle = [
      'var DescribeAddresses$ = /*#__PURE__*/ (() => /* schema:DescribeAddresses$ */ [9])();',
      'var Bucket$ = /*#__PURE__*/ (/* unused pure expression or super */ null && ((() => /* schema:Bucket$ */ [3])()));'
    ].join('\n')
    expect([...usedSchemas(bundle)]).toEqual(['DescribeAddresses$'])
  })

  it('keeps the used entries, what they refer to and the statements with effects', () => {
    const pruned = pruneSchemas(TABLE, new Set(['DescribeAddresses$']))
    for (const kept of [
      'DescribeAddresses$',
      'Address$',
      'SensitiveString',
      '_A =',
      '_xN =',
      'n0 =',
      '_s_registry',
      'import'
    ]) {
      expect(pruned).toContain(kept)
    }
    expect(pruned).not.toContain('Bucket$')
    // _B is still used by SensitiveString, which Address$ refers to.
    expect(pruned).toContain('const _B = "Bucket";')
  })
})

describe('package.json rewrites', () => {
  it('drops the `node` condition where an `import` one gives the ES build', () => {
    const pkg = {
      name: '@smithy/core',
      exports: {
        '.': {
          types: './t.d.ts',
          node: './dist-cjs/index.js',
          import: './dist-es/index.js',
          require: './dist-cjs/index.js'
        },
        './only-node': { node: './dist-cjs/x.js', require: './dist-cjs/x.js' }
      }
    }
    expect(JSON.parse(preferEsModules(JSON.stringify(pkg))).exports).toEqual({
      '.': { types: './t.d.ts', import: './dist-es/index.js', require: './dist-cjs/index.js' },
      './only-node': { node: './dist-cjs/x.js', require: './dist-cjs/x.js' }
    })
  })

  it('declares a package free of side effects, the rest as it was', () => {
    const pkg = { name: '@actions/http-client', main: 'lib/index.js', sideEffects: true }
    expect(JSON.parse(declareSideEffectFree(JSON.stringify(pkg)))).toEqual({
      ...pkg,
      sideEffects: false
    })
  })
})
