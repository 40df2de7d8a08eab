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

/** Creates the identity's comment, or updates it in place: one comment per identity, ever. */
export async function upsertPullRequestComment(
  target: CommentTarget,
  body: string
): Promise<{ action: 'created' | 'updated'; url: string }> {
  const octokit = getOctokit(target.token)
  const [owner = '', repo = ''] = target.repository.split('/')
  const issue = { owner, repo, issue_number: target.pullRequest }
  const marker = commentMarker(target.identity)
  const comments = await octokit.paginate(octokit.rest.issues.listComments, {
    ...issue,
    per_page: 100
  })
  const ours = comments.find(comment => comment.body?.includes(marker))
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
