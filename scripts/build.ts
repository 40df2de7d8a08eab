/**
 * `npm run package`: bundles src/index.ts into dist/ with @vercel/ncc.
 *
 * Three things differ from `ncc build`, so that only the EC2 code the action uses is bundled:
 * - packages resolve through their `module` field first (ncc's CLI knows only `main`), so the AWS
 *   SDK comes as its ES-module build (`sideEffects: false`), which webpack can tree-shake;
 * - a few dependency files are rewritten as ncc reads them (scripts/bundle/sdk-transforms.ts), so
 *   that webpack may drop @actions/core's OIDC client (and undici) and see the SDK's ES modules;
 * - ncc runs twice: the first bundle shows which entries of the EC2 schema table webpack finds
 *   used, the second is built with the table cut to those (webpack only marks unused code, and
 *   ncc's minifier, which would remove it, does not compress).
 * .ci/run checks dist/index.js stays small, so a dependency update that undoes this fails loudly.
 */
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import {
  declareSideEffectFree,
  markSchemas,
  preferEsModules,
  pruneSchemas,
  usedSchemas
} from './bundle/sdk-transforms.ts'
import { renderLicenses } from './bundle/licenses.ts'

const root = path.resolve(import.meta.dirname, '..')
const outDir = path.join(root, 'dist')

interface Rewrite {
  /** Matches the path of a file webpack reads; each rule must match at least one. */
  file: RegExp
  rewrite: (source: string) => string
}
const SCHEMA_TABLE = /\/node_modules\/@aws-sdk\/client-ec2\/dist-es\/schemas\/schemas_0\.js$/
const rewrites: Rewrite[] = [
  {
    file: /\/node_modules\/@actions\/(core|http-client)\/package\.json$/,
    rewrite: declareSideEffectFree
  },
  { file: /\/node_modules\/@(aws-sdk|smithy)\/[^/]+\/package\.json$/, rewrite: preferEsModules },
  { file: SCHEMA_TABLE, rewrite: markSchemas }
]
const applied = new Set<Rewrite>()

/**
 * ncc has no loader option, and webpack reads every file through node:fs (wrapped by graceful-fs,
 * which copies fs.readFile when it loads), so the rewrites hook fs.readFile before ncc loads.
 */
function rewriteWhileReading(): void {
  const readFile = fs.readFile
  const patched = (file: unknown, ...rest: unknown[]): void => {
    const callback = rest.at(-1) as (error: Error | null, data?: Buffer) => void
    const rule =
      typeof file === 'string' && rewrites.find(({ file: pattern }) => pattern.test(file))
    if (!rule) return (readFile as (...args: unknown[]) => void)(file, ...rest)
    readFile(file as string, 'utf8', (error, source) => {
      if (error) return callback(error)
      applied.add(rule)
      callback(null, Buffer.from(rule.rewrite(source)))
    })
  }
  fs.readFile = patched as typeof fs.readFile
}

interface Output {
  code: string
  assets: Record<string, { source: string | Buffer }>
}
type Ncc = (entry: string, options: Record<string, unknown>) => Promise<Output>

rewriteWhileReading()
const ncc = createRequire(import.meta.url)('@vercel/ncc') as Ncc

/** The source maps are made only to list what was bundled (for the licenses), and not kept. */
async function bundle(): Promise<Output> {
  applied.clear()
  const output = await ncc(path.join(root, 'src/index.ts'), {
    mainFields: ['module', 'main'],
    sourceMap: true,
    sourceMapRegister: false,
    quiet: true,
    // webpack's disk cache would outlive the rewrites it was built with.
    cache: false
  })
  const missed = rewrites.filter(rule => !applied.has(rule)).map(rule => rule.file.source)
  if (missed.length > 0) {
    throw new Error(
      `build: no file bundled matches ${missed.join(', ')}; has a dependency's layout changed?`
    )
  }
  return output
}

// First bundle: which schemas webpack finds used. Second: the table pruned to those.
const used = usedSchemas((await bundle()).code)
const table = rewrites.find(rule => rule.file === SCHEMA_TABLE) as Rewrite
table.rewrite = source => markSchemas(pruneSchemas(source, used))
const { code, assets } = await bundle()

const files = new Map<string, string | Buffer>([['index.js', code]])
const sources: string[] = []
for (const [name, { source }] of Object.entries(assets)) {
  if (name.endsWith('.map'))
    sources.push(...(JSON.parse(source.toString()) as { sources: string[] }).sources)
  else files.set(name, source)
}
files.set('licenses.txt', renderLicenses(root, sources))

fs.rmSync(outDir, { recursive: true, force: true })
fs.mkdirSync(outDir)
for (const [name, source] of files) {
  const content = name.endsWith('.js')
    ? source.toString().replace(/\n*\/\/# sourceMappingURL=\S+\s*$/, '\n')
    : source
  fs.writeFileSync(path.join(outDir, name), content)
}
console.log(`dist/index.js: ${(code.length / 1e6).toFixed(2)} MB, ${used.size} EC2 schemas kept`)
