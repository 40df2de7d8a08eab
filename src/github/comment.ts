/**
 * The pull-request comment, through @actions/github's REST client (which takes its API base from
 * GITHUB_API_URL). Loaded only when comment-on-pull-request is set: the client is most of the
 * start-up of a run that does not need it.
 */
import { getOctokit } from '@actions/github'
import { commentMarker } from '../report/comment.js'

export interface CommentTarget {
  token: string
  /** `owner/name` */
  repository: string
  pullRequest: number
  /** The gateway identity; the comment that carries its marker is this identity's. */
  identity: string
}

/** The author of every comment written with a workflow's GITHUB_TOKEN. */
export const GITHUB_ACTIONS_LOGIN = 'github-actions[bot]'

type Octokit = ReturnType<typeof getOctokit>

/**
 * The login the token writes comments as. A personal access token answers GET /user. An
 * installation token (GITHUB_TOKEN, and any GitHub App's) may not call it and gets 403: that is
 * taken as GITHUB_TOKEN, whose comments are by github-actions[bot]. Another App's token then
 * never matches its own comment and writes a new one each run, which is the safe side: it never
 * edits a comment it did not write.
 */
async function tokenLogin(octokit: Octokit): Promise<string> {
  try {
    const { data } = await octokit.rest.users.getAuthenticated()
    return data.login
  } catch (error) {
    if ((error as { status?: unknown }).status === 403) return GITHUB_ACTIONS_LOGIN
    throw error
  }
}

/**
 * Creates the identity's comment, or updates it in place: one comment per identity, ever. Only a
 * comment the token's own identity wrote is updated: anyone who can comment can copy the marker,
 * and their comment is left as it is.
 */
export async function upsertPullRequestComment(
  target: CommentTarget,
  body: string
): Promise<{ action: 'created' | 'updated'; url: string }> {
  const octokit = getOctokit(target.token)
  const [owner = '', repo = ''] = target.repository.split('/')
  const issue = { owner, repo, issue_number: target.pullRequest }
  const marker = commentMarker(target.identity)
  const [login, comments] = await Promise.all([
    tokenLogin(octokit),
    octokit.paginate(octokit.rest.issues.listComments, { ...issue, per_page: 100 })
  ])
  // Logins are case-insensitive on GitHub.
  const ours = comments.find(
    comment =>
      comment.user?.login.toLowerCase() === login.toLowerCase() && comment.body?.includes(marker)
  )
  if (ours) {
    const { data } = await octokit.rest.issues.updateComment({
      owner,
      repo,
      comment_id: ours.id,
      body
    })
    return { action: 'updated', url: data.html_url }
  }
  const { data } = await octokit.rest.issues.createComment({ ...issue, body })
  return { action: 'created', url: data.html_url }
}
