/**
 * The pull-request comment is updated only when the token's own identity wrote it: a comment by
 * anyone else that holds the marker is left alone and a new one is written. Against the local
 * server that answers as the GitHub REST API (GITHUB_API_URL).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { type FakeGitHub, startFakeGitHub } from '../e2e/github-api.js'
import { commentMarker } from '../../src/report/comment.js'

const TOKEN = 'ghs_testTokenForTheLocalApi0123456789'
const IDENTITY = 'eu-west-1/vpc-0abc1234def567890/preview'
const REPOSITORY = 'octo-org/infra'
let github: FakeGitHub
const apiUrl = process.env.GITHUB_API_URL
// @actions/github takes its API base from GITHUB_API_URL when it is loaded.
let upsertPullRequestComment: (typeof import('../../src/github/comment.js'))['upsertPullRequestComment']

beforeAll(async () => {
  github = await startFakeGitHub(TOKEN)
  process.env.GITHUB_API_URL = github.url
  ;({ upsertPullRequestComment } = await import('../../src/github/comment.js'))
})
afterAll(async () => {
  process.env.GITHUB_API_URL = apiUrl
  if (apiUrl === undefined) delete process.env.GITHUB_API_URL
  await github?.close()
})
beforeEach(() => {
  github.comments.length = 0
  github.login = undefined
})

const target = { token: TOKEN, repository: REPOSITORY, pullRequest: 17, identity: IDENTITY }
const body = (text: string) => `${commentMarker(IDENTITY)}\n${text}`
const comment = (id: number, text: string, author?: string) => ({
  id,
  body: body(text),
  issueNumber: 17,
  repository: REPOSITORY,
  ...(author && { author })
})

describe('upsertPullRequestComment: whose comment is updated', () => {
  it("GITHUB_TOKEN: another user's comment holding the marker is left alone; a new one is written", async () => {
    github.comments.push(comment(1, 'copied marker, planted', 'mallory'))
    const first = await upsertPullRequestComment(target, body('run 1'))
    expect(first.action).toBe('created')
    expect(github.comments.find(c => c.id === 1)?.body).toBe(body('copied marker, planted'))
    const [ours] = github.comments.filter(c => c.id !== 1)
    expect(ours).toMatchObject({ author: 'github-actions[bot]', body: body('run 1') })

    const second = await upsertPullRequestComment(target, body('run 2'))
    expect(second.action).toBe('updated')
    expect(github.comments).toHaveLength(2)
    expect(github.comments.find(c => c.id === ours?.id)?.body).toBe(body('run 2'))
    expect(github.comments.find(c => c.id === 1)?.body).toBe(body('copied marker, planted'))
  })

  it("a personal access token: its user's comment is updated, github-actions[bot]'s is not", async () => {
    github.login = 'octo-deployer'
    github.comments.push(comment(1, 'by the workflow token'), comment(2, 'mine', 'Octo-Deployer'))
    const result = await upsertPullRequestComment(target, body('run 2'))
    expect(result.action).toBe('updated')
    expect(github.comments.map(c => [c.id, c.body])).toEqual([
      [1, body('by the workflow token')],
      [2, body('run 2')]
    ])
    expect(github.requests).toContain('GET /user')
  })
})
