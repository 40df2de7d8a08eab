/**
 * `npm run release -- 1.2.3`: prepares release v1.2.3 in the working copy, for a maintainer to
 * push; the release workflow (.github/workflows/release.yml) does the rest when the tag arrives.
 *
 * 1. Refuses a version that is not X.Y.Z, a tree with changes, a tag that exists, and a CHANGELOG
 *    with nothing under "## Unreleased".
 * 2. Runs the checks (`npm run all`: format, lint, tests, bundle), then refuses if they failed or
 *    left the tree changed (dist/ not the bundle of the source, or unformatted files).
 * 3. Sets the version in package.json (and package-lock.json), turns "## Unreleased" into
 *    "## 1.2.3 - <date>" under a new, empty "## Unreleased", commits, and tags v1.2.3 (annotated).
 *
 * `--dry-run` does steps 1 and 2 and prints what step 3 would change, changing nothing.
 * `--check <command>` replaces `npm run all` (the tests of this script use it).
 * `node scripts/release.ts notes 1.2.3` prints that version's CHANGELOG section: the release notes.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'

const UNRELEASED = '## Unreleased'
const VERSION = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/

class Refusal extends Error {}

/** The section of `version` in a CHANGELOG: from its heading to the next one, trimmed. */
function releaseNotes(changelog: string, version: string): string | undefined {
  const sections = changelog.split(/^(?=## )/m)
  const section = sections.find(s => s.startsWith(`## ${version} `) || s === `## ${version}\n`)
  return section?.replace(/^## .*\n/, '').trim()
}

/** The CHANGELOG with the Unreleased section turned into `version`'s, under a new empty one. */
function changelogFor(changelog: string, version: string, date: string): string {
  const [head, ...rest] = changelog.split(/^(?=## )/m)
  const unreleased = rest.find(s => s.startsWith(`${UNRELEASED}\n`))
  if (!unreleased || unreleased.slice(UNRELEASED.length).trim() === '') {
    throw new Refusal(`CHANGELOG.md: nothing under "${UNRELEASED}" to release as ${version}.`)
  }
  if (rest.some(s => s.startsWith(`## ${version} `))) {
    throw new Refusal(`CHANGELOG.md already has a section for ${version}.`)
  }
  const released = unreleased.replace(UNRELEASED, `## ${version} - ${date}`)
  return [head, `${UNRELEASED}\n\n`, ...rest.map(s => (s === unreleased ? released : s))].join('')
}

function git(...args: string[]): string {
  return execFileSync('git', args, { encoding: 'utf8' }).trim()
}

/** package.json and package-lock.json with `version`, formatted as npm writes them. */
function versionedManifests(version: string): { path: string; text: string }[] {
  return ['package.json', 'package-lock.json']
    .filter(path => existsSync(path))
    .map(path => {
      const json = JSON.parse(readFileSync(path, 'utf8'))
      json.version = version
      if (json.packages?.['']) json.packages[''].version = version
      return { path, text: `${JSON.stringify(json, null, 2)}\n` }
    })
}

function prepare(version: string, dryRun: boolean, check: string): void {
  if (!VERSION.test(version)) {
    throw new Refusal(`The version must be X.Y.Z (for example 1.2.3), got "${version}".`)
  }
  const tag = `v${version}`
  const dirty = git('status', '--porcelain')
  if (dirty !== '') {
    throw new Refusal(`The working tree has changes; commit or stash them first:\n${dirty}`)
  }
  if (git('tag', '--list', tag) !== '') throw new Refusal(`The tag ${tag} exists already.`)
  const date = new Date().toISOString().slice(0, 10)
  const changelog = changelogFor(readFileSync('CHANGELOG.md', 'utf8'), version, date)

  console.log(`Checks: ${check}`)
  const result = spawnSync(check, { shell: true, stdio: 'inherit' })
  if (result.status !== 0) {
    throw new Refusal(`The checks failed (${check}, exit ${result.status}); nothing was changed.`)
  }
  const changed = git('status', '--porcelain')
  if (changed !== '') {
    throw new Refusal(
      `The checks changed the tree: dist/ is not the bundle of the source, or a file is not formatted. Commit the result, then release:\n${changed}`
    )
  }

  const manifests = versionedManifests(version)
  const plan = [
    ...manifests.map(m => `set "version": "${version}" in ${m.path}`),
    `CHANGELOG.md: "${UNRELEASED}" becomes "## ${version} - ${date}"`,
    `commit "Release ${tag}", tag ${tag} (annotated)`
  ]
  if (dryRun) {
    console.log(
      ['Dry run: nothing changed. A release would:', ...plan.map(p => `  ${p}`)].join('\n')
    )
    return
  }
  for (const { path, text } of manifests) writeFileSync(path, text)
  writeFileSync('CHANGELOG.md', changelog)
  git('add', 'CHANGELOG.md', ...manifests.map(m => m.path))
  git('commit', '--quiet', '-m', `Release ${tag}`)
  git('tag', '--annotate', tag, '-m', tag)
  console.log(
    [
      ...plan.map(p => `done: ${p}`),
      `Push the commit and the tag; the release workflow checks, attests and publishes ${tag}, then moves v${version.split('.')[0]}:`,
      `  git push origin HEAD ${tag}`
    ].join('\n')
  )
}

function main(): void {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      'dry-run': { type: 'boolean', default: false },
      check: { type: 'string', default: 'npm run all' }
    }
  })
  if (positionals[0] === 'notes' && positionals[1]) {
    const version = positionals[1].replace(/^v/, '')
    const notes = releaseNotes(readFileSync('CHANGELOG.md', 'utf8'), version)
    if (!notes) throw new Refusal(`CHANGELOG.md has no section "## ${version}".`)
    process.stdout.write(`${notes}\n`)
    return
  }
  if (positionals.length !== 1) {
    throw new Refusal(
      'Usage: npm run release -- 1.2.3 [--dry-run] | node scripts/release.ts notes 1.2.3'
    )
  }
  prepare(positionals[0] as string, values['dry-run'], values.check)
}

try {
  main()
} catch (error) {
  if (!(error instanceof Refusal)) throw error
  console.error(`release: ${error.message}`)
  process.exitCode = 1
}
