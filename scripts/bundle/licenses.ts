/**
 * dist/licenses.txt: the license of every package bundled. ncc's license plugin misses the
 * modules webpack concatenates or keeps as ES modules, which is most of the SDK's ES-module
 * build, so the list comes from the bundle's source maps instead (every file that contributed
 * code), rendered as the plugin renders it: sorted by name, then license, then license text.
 */
import fs from 'node:fs'
import path from 'node:path'

/** `webpack://…/node_modules/@scope/name/…` → `@scope/name`, for the last node_modules. */
const PACKAGE = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules\/)/

function packageDir(root: string, name: string): string {
  return path.join(root, 'node_modules', name)
}

function licenseText(dir: string): string | undefined {
  const file = fs
    .readdirSync(dir)
    .sort()
    .find(entry => /^licen[cs]e/i.test(entry))
  return file && fs.readFileSync(path.join(dir, file), 'utf8')
}

/** `sources` of the bundle's source maps, as webpack wrote them. */
export function renderLicenses(root: string, sources: string[]): string {
  const names = new Set(sources.flatMap(source => PACKAGE.exec(source)?.[1] ?? []))
  const entries = [...names].sort().map(name => {
    const dir = packageDir(root, name)
    const { license } = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'))
    return `${[name, license, licenseText(dir)].filter(Boolean).join('\n')}\n\n`
  })
  return `${entries.join('').trim()}\n`
}
