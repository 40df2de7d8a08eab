/**
 * Build-time rewrites of dependency files, applied by scripts/build.ts while ncc reads them. They
 * change what the bundler may leave out, never what the kept code does.
 */
import ts from 'typescript'

/**
 * The EC2 client's schema table (dist-es/schemas/schemas_0.js, about 1.3 MB) describes all of
 * EC2's ~750 operations as top-level constants: arrays that refer to each other by name, and the
 * strings they share. Its trait objects use computed keys (`{ [_xN]: _m }`), which webpack counts
 * as possible side effects, so every entry survives tree-shaking, and ncc's minifier does not
 * remove dead code. The build therefore prunes the table in two steps:
 * 1. `markSchemas`: every array is wrapped in a call marked pure (it only builds an array) and
 *    labelled, so that a first bundle shows which ones webpack found used (`usedSchemas`);
 * 2. `pruneSchemas`: the table keeps those and what they refer to, nothing else.
 */

/** Webpack's replacement of the initializer of a pure top-level declaration nobody uses. */
const UNUSED = '/* unused pure expression or super */ null && ('
const LABEL = /\/\* schema:([\w$]+) \*\//g

interface Declaration {
  name: string
  /** Source range of the whole statement, for removal. */
  start: number
  end: number
  initializer: ts.Expression
  /** An array or string literal: pure, so it may go when unused. */
  prunable: boolean
}

function parse(source: string): { file: ts.SourceFile; declarations: Declaration[] } {
  const file = ts.createSourceFile(
    'schemas.js',
    source,
    ts.ScriptTarget.Latest,
    true,
    ts.ScriptKind.JS
  )
  const declarations: Declaration[] = []
  for (const statement of file.statements) {
    if (!ts.isVariableStatement(statement)) continue
    const [declaration, ...more] = statement.declarationList.declarations
    if (!declaration?.initializer || more.length > 0 || !ts.isIdentifier(declaration.name)) continue
    const init = declaration.initializer
    declarations.push({
      name: declaration.name.text,
      start: statement.getFullStart(),
      end: statement.getEnd(),
      initializer: init,
      prunable: ts.isArrayLiteralExpression(init) || ts.isStringLiteral(init)
    })
  }
  return { file, declarations }
}

export function markSchemas(source: string): string {
  const { file, declarations } = parse(source)
  let out = source
  for (const { name, initializer } of declarations.reverse()) {
    if (!ts.isArrayLiteralExpression(initializer)) continue
    const start = initializer.getStart(file)
    const end = initializer.getEnd()
    out = `${out.slice(0, start)}/*#__PURE__*/ (() => /* schema:${name} */ ${out.slice(start, end)})()${out.slice(end)}`
  }
  return out
}

/** The labelled arrays of a bundle built from `markSchemas` output that webpack kept. */
export function usedSchemas(bundle: string): Set<string> {
  const used = new Set<string>()
  for (const match of bundle.matchAll(LABEL)) {
    const before = bundle.slice(Math.max(0, match.index - 80), match.index)
    if (!before.includes(UNUSED)) used.add(match[1] as string)
  }
  return used
}

function referencedNames(node: ts.Node, into: Set<string>): void {
  if (ts.isIdentifier(node)) into.add(node.text)
  node.forEachChild(child => referencedNames(child, into))
}

/** Keeps `used`, every declaration that is not a plain literal, and what they refer to. */
export function pruneSchemas(source: string, used: ReadonlySet<string>): string {
  const { file, declarations } = parse(source)
  const byName = new Map(declarations.map(declaration => [declaration.name, declaration]))
  const starts = new Set(declarations.map(declaration => declaration.start))
  // Roots: every other statement (imports, registrations), the used entries, the non-literals.
  const pending: ts.Node[] = file.statements.filter(
    statement => !starts.has(statement.getFullStart())
  )
  const kept = new Set<string>()
  for (const declaration of declarations) {
    if (declaration.prunable && !used.has(declaration.name)) continue
    kept.add(declaration.name)
    pending.push(declaration.initializer)
  }
  while (pending.length > 0) {
    const names = new Set<string>()
    referencedNames(pending.pop() as ts.Node, names)
    for (const name of names) {
      const declaration = byName.get(name)
      if (!declaration || kept.has(name)) continue
      kept.add(name)
      pending.push(declaration.initializer)
    }
  }
  let out = source
  for (const { name, start, end } of declarations.reverse()) {
    if (!kept.has(name)) out = out.slice(0, start) + out.slice(end)
  }
  return out
}

/**
 * Declares a package free of module-level side effects (true of @actions/core and
 * @actions/http-client: their modules only define), so that webpack drops the modules whose
 * exports go unused. @actions/core imports @actions/http-client, and with it undici (~1 MB), only
 * for getIDToken (OIDC), and @actions/exec and @actions/io only for `platform`; the action uses
 * neither, so none of them is bundled. Should it start to, webpack bundles them again.
 */
export function declareSideEffectFree(packageJson: string): string {
  return JSON.stringify({ ...JSON.parse(packageJson), sideEffects: false }, null, 2)
}

type Conditions = { [condition: string]: string | Conditions }

/**
 * The SDK's packages map each entry point to `node` (CommonJS) before `import` (ES modules) in
 * their `exports`, and webpack, under ncc's conditions (`import`, `node`), takes the first match:
 * CommonJS, which it cannot tree-shake. Where an entry has both, `node` is dropped, so that ES
 * imports get the ES build, the one the SDK publishes for bundlers, and `require` keeps CommonJS.
 */
export function preferEsModules(packageJson: string): string {
  const pkg = JSON.parse(packageJson) as { exports?: Conditions }
  const visit = (conditions: Conditions): Conditions =>
    Object.fromEntries(
      Object.entries(conditions)
        .filter(([condition]) => !(condition === 'node' && 'import' in conditions))
        .map(([condition, target]) => [
          condition,
          typeof target === 'string' ? target : visit(target)
        ])
    )
  return JSON.stringify(pkg.exports ? { ...pkg, exports: visit(pkg.exports) } : pkg, null, 2)
}
