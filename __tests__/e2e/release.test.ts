/**
 * scripts/release.ts (`npm run release -- 1.2.3`) as a maintainer runs it, in a throwaway git
 * repository with a package.json and a CHANGELOG.md: never in this repository. `--check` stands
 * in for `npm run all`, so that a passing, a failing and a tree-changing check can be chosen.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const SCRIPT = fileURLToPath(new URL('../../scripts/release.ts', import.meta.url))

const CHANGELOG = `# Changelog

Intro.

## Unreleased

### Fixed

- A fix.

## 1.0.0 - 2026-01-01

- The first release.
`

let repo: string
/** The environment of every process here: a git identity, and no GIT_DIR leading elsewhere. */
const env = Object.fromEntries(
  Object.entries({
    ...process.env,
    GIT_AUTHOR_NAME: 'Release Test',
    GIT_AUTHOR_EMAIL: 'release-test@example.com',
    GIT_COMMITTER_NAME: 'Release Test',
    GIT_COMMITTER_EMAIL: 'release-test@example.com'
  }).filter(([key]) => !['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE'].includes(key))
)

function run(
  file: string,
  args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise(resolve => {
    execFile(file, args, { cwd: repo, env }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr })
    })
  })
}
const release = (...args: string[]) => run(process.execPath, [SCRIPT, ...args])
const git = async (...args: string[]) => (await run('git', args)).stdout.trim()

beforeEach(async () => {
  repo = mkdtempSync(join(tmpdir(), 'release-'))
  writeFileSync(
    join(repo, 'package.json'),
    `${JSON.stringify({ name: 'x', version: '1.0.0' }, null, 2)}\n`
  )
  writeFileSync(join(repo, 'CHANGELOG.md'), CHANGELOG)
  await git('init', '--quiet', '--initial-branch=main')
  await git('add', '.')
  await git('commit', '--quiet', '-m', 'start')
})
afterEach(() => rmSync(repo, { recursive: true, force: true }))

/** A tree with no change to start from. */
const clean = () => {}

describe('npm run release', () => {
  it('--dry-run: runs the checks, says what it would change, and changes nothing', async () => {
    const head = await git('rev-parse', 'HEAD')
    const out = await release('1.2.3', '--dry-run', '--check', 'echo checks ran')
    expect(out).toMatchObject({ code: 0 })
    expect(out.stdout).toContain('checks ran')
    expect(out.stdout).toContain('Dry run: nothing changed.')
    expect(out.stdout).toMatch(/"## Unreleased" becomes "## 1\.2\.3 - \d{4}-\d{2}-\d{2}"/)
    expect(out.stdout).toContain('tag v1.2.3')
    expect(await git('status', '--porcelain')).toBe('')
    expect(await git('rev-parse', 'HEAD')).toBe(head)
    expect(await git('tag', '--list')).toBe('')
  })

  it.each<[string, string, string[], RegExp, (dir: string) => void]>([
    [
      'a tree with changes',
      '1.2.3',
      ['--check', 'true'],
      /working tree has changes[\s\S]*stray\.txt/,
      dir => writeFileSync(join(dir, 'stray.txt'), 'x')
    ],
    ['a failing check', '1.2.3', ['--check', 'false'], /checks failed \(false, exit 1\)/, clean],
    [
      'a check that changes the tree (dist/ not the bundle of the source)',
      '1.2.3',
      ['--check', 'echo rebuilt > bundle.js'],
      /checks changed the tree[\s\S]*bundle\.js/,
      clean
    ],
    ['a version that is not X.Y.Z', '1.2', ['--check', 'true'], /must be X\.Y\.Z/, clean]
  ])(
    'refuses %s, in a dry run too, and commits nothing',
    async (_, version, args, message, dirty) => {
      const head = await git('rev-parse', 'HEAD')
      for (const dry of [['--dry-run'], []]) {
        dirty(repo)
        const out = await release(version, ...dry, ...args)
        expect(out.code).toBe(1)
        expect(out.stderr).toMatch(message)
        expect(await git('status', '--porcelain', '--', 'package.json', 'CHANGELOG.md')).toBe('')
        await git('clean', '--quiet', '--force')
      }
      expect(await git('rev-parse', 'HEAD')).toBe(head)
      expect(await git('tag', '--list')).toBe('')
    }
  )

  it('refuses a CHANGELOG with nothing under Unreleased, and a tag that exists', async () => {
    writeFileSync(join(repo, 'CHANGELOG.md'), CHANGELOG.replace(/### Fixed\n\n- A fix.\n\n/, ''))
    await git('commit', '--quiet', '-am', 'empty')
    expect((await release('1.2.3', '--check', 'true')).stderr).toMatch(
      /nothing under "## Unreleased"/
    )
    await git('tag', 'v1.0.0')
    expect((await release('1.0.0', '--check', 'true')).stderr).toMatch(/tag v1\.0\.0 exists/)
  })

  it('prepares the version, the CHANGELOG heading and the tag; notes prints the section', async () => {
    const out = await release('1.2.3', '--check', 'true')
    expect(out).toMatchObject({ code: 0 })
    expect(out.stdout).toContain('git push origin HEAD v1.2.3')
    expect(JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).version).toBe('1.2.3')
    const changelog = readFileSync(join(repo, 'CHANGELOG.md'), 'utf8')
    expect(changelog).toMatch(
      /## Unreleased\n\n## 1\.2\.3 - \d{4}-\d{2}-\d{2}\n\n### Fixed\n\n- A fix\.\n\n## 1\.0\.0/
    )
    expect(await git('status', '--porcelain')).toBe('')
    expect(await git('log', '-1', '--format=%s')).toBe('Release v1.2.3')
    expect(await git('cat-file', '-t', 'v1.2.3')).toBe('tag')
    expect(await git('rev-parse', 'v1.2.3^{commit}')).toBe(await git('rev-parse', 'HEAD'))

    const notes = await release('notes', 'v1.2.3')
    expect(notes).toMatchObject({ code: 0, stdout: '### Fixed\n\n- A fix.\n' })
    expect((await release('notes', '9.9.9')).stderr).toMatch(/no section "## 9\.9\.9"/)
  })
})
