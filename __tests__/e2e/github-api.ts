/**
 * A local stand-in for the GitHub REST API, on 127.0.0.1: the endpoints the action calls (the
 * token's user; list, create, update issue comments), answering as GitHub does, with the token
 * checked. GET /user answers 403 as it does for GITHUB_TOKEN, unless `login` is set (a personal
 * access token); a comment's author is `author`, or the token's identity when it wrote it. The action
 * reaches it through GITHUB_API_URL, as it reaches GitHub Enterprise Server.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface IssueComment {
  id: number
  body: string
  issueNumber: number
  repository: string
  /** Its author's login; github-actions[bot] when not given. */
  author?: string
}

export interface FakeGitHub {
  url: string
  comments: IssueComment[]
  /** Every request, as `METHOD path`. */
  requests: string[]
  /** When set, writes are refused as GitHub refuses a token without pull-requests: write. */
  readOnly: boolean
  /** The login of a personal access token; unset, the token is GITHUB_TOKEN. */
  login?: string
  close(): Promise<void>
}

async function body(request: IncomingMessage): Promise<Record<string, unknown>> {
  let text = ''
  for await (const chunk of request) text += chunk
  return text ? (JSON.parse(text) as Record<string, unknown>) : {}
}

export async function startFakeGitHub(token: string): Promise<FakeGitHub> {
  const state: Omit<FakeGitHub, 'url' | 'close'> = { comments: [], requests: [], readOnly: false }
  let nextId = 1000
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const send = (status: number, value: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' })
      response.end(JSON.stringify(value))
    }
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1')
      state.requests.push(`${request.method} ${url.pathname}`)
      const origin = `http://${request.headers.host}`
      const render = (c: IssueComment) => ({
        id: c.id,
        body: c.body,
        html_url: `${origin}/${c.repository}/pull/${c.issueNumber}#issuecomment-${c.id}`,
        user: { login: c.author ?? 'github-actions[bot]' }
      })
      if (request.headers.authorization !== `token ${token}`) {
        return send(401, { message: 'Bad credentials', status: '401' })
      }
      const list = /^\/repos\/([^/]+\/[^/]+)\/issues\/(\d+)\/comments$/.exec(url.pathname)
      const one = /^\/repos\/([^/]+\/[^/]+)\/issues\/comments\/(\d+)$/.exec(url.pathname)
      const refuse = () =>
        send(403, {
          message: 'Resource not accessible by integration',
          documentation_url: 'https://docs.github.com/rest/issues/comments',
          status: '403'
        })
      if (url.pathname === '/user' && request.method === 'GET') {
        return state.login ? send(200, { login: state.login, type: 'User' }) : refuse()
      }
      if (list && request.method === 'GET') {
        const [, repository, number] = list
        const page = Number(url.searchParams.get('page') ?? '1')
        const perPage = Number(url.searchParams.get('per_page') ?? '30')
        const all = state.comments.filter(
          c => c.repository === repository && c.issueNumber === Number(number)
        )
        const slice = all.slice((page - 1) * perPage, page * perPage)
        if (page * perPage < all.length) {
          const next = new URL(url)
          next.searchParams.set('page', String(page + 1))
          response.setHeader('link', `<${origin}${next.pathname}${next.search}>; rel="next"`)
        }
        return send(200, slice.map(render))
      }
      if (list && request.method === 'POST') {
        if (state.readOnly) return refuse()
        const [, repository = '', number] = list
        const comment = {
          id: nextId++,
          body: String((await body(request)).body),
          issueNumber: Number(number),
          repository,
          author: state.login ?? 'github-actions[bot]'
        }
        state.comments.push(comment)
        return send(201, render(comment))
      }
      if (one && request.method === 'PATCH') {
        if (state.readOnly) return refuse()
        const comment = state.comments.find(c => c.id === Number(one[2]))
        if (!comment) return send(404, { message: 'Not Found', status: '404' })
        comment.body = String((await body(request)).body)
        return send(200, render(comment))
      }
      send(404, { message: 'Not Found', status: '404' })
    })()
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>(resolve => server.close(() => resolve()))
  })
}
