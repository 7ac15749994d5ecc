// A GitHub REST API stand-in on 127.0.0.1 for the alert issue: just the calls the action makes,
// as GitHub's REST reference describes them, so that Octokit (GITHUB_API_URL pointed here) talks
// to it unmodified.
//
//   GET   /repos/{owner}/{repo}/issues?state=&labels=&per_page=   list issues (and pull requests)
//   POST  /repos/{owner}/{repo}/issues                             create an issue (201)
//   PATCH /repos/{owner}/{repo}/issues/{issue_number}              update title, body, state
//   GET   …/actions/secrets, …/environments/{name}/secrets         secrets' metadata (github-secrets.ts)
//
// Tokens: "Authorization: token T" (or "Bearer T"). Each token is given a permission: `write`
// may do all three, `read` may only list (a write gets 403 "Resource not accessible by
// integration", as a GITHUB_TOKEN without issues: write does); an unknown token gets 401.

import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { GitHubSecretsRoutes } from './github-secrets.js'

export interface StandinIssue {
  number: number
  title: string
  body: string
  state: 'open' | 'closed'
  state_reason: string | null
  labels: string[]
  pull_request?: { url: string }
}

export interface GitHubCall {
  method: string
  /** The path without the query. */
  path: string
  query: Record<string, string>
  /** The JSON body sent, if any. */
  body?: Record<string, unknown>
  status: number
}

type Permission = 'write' | 'read'

export class GitHubStandin {
  private readonly server: http.Server
  private address = ''
  private issues: StandinIssue[] = []
  private records: GitHubCall[] = []
  private readonly tokens = new Map<string, Permission>()
  /** Secrets' metadata: names and dates (github-secrets.ts). */
  readonly secrets = new GitHubSecretsRoutes()

  private constructor() {
    this.server = http.createServer((req, res) => void this.onRequest(req, res))
  }

  static async start(): Promise<GitHubStandin> {
    const standin = new GitHubStandin()
    await new Promise<void>((ok) => standin.server.listen(0, '127.0.0.1', ok))
    standin.address = `http://127.0.0.1:${(standin.server.address() as AddressInfo).port}`
    return standin
  }

  get url(): string {
    return this.address
  }

  stop(): Promise<void> {
    return new Promise((ok) => {
      this.server.close(() => ok())
      this.server.closeAllConnections()
    })
  }

  /** Lets `token` in with this permission on issues. */
  allow(token: string, permission: Permission): void {
    this.tokens.set(token, permission)
  }

  /** Puts an issue (or, with pull_request, a pull request) in the repository. */
  seed(issue: Omit<StandinIssue, 'number'>): StandinIssue {
    const made = { ...issue, number: this.issues.length + 1 }
    this.issues.push(made)
    return made
  }

  /** Deep copies of every issue, in creation order. */
  list(): StandinIssue[] {
    return this.issues.map((i) => structuredClone(i))
  }

  calls(): GitHubCall[] {
    return this.records.map((c) => structuredClone(c))
  }

  reset(): void {
    this.issues = []
    this.records = []
    this.secrets.reset()
  }

  private async onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const raw = await new Promise<string>((ok) => {
      let text = ''
      req.on('data', (d: Buffer) => (text += d.toString()))
      req.on('end', () => ok(text))
    })
    let body: Record<string, unknown> | undefined
    try {
      body = raw ? (JSON.parse(raw) as Record<string, unknown>) : undefined
    } catch {
      body = undefined
    }
    const call: GitHubCall = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      ...(body ? { body } : {}),
      status: 0
    }
    this.records.push(call)
    const authorization = req.headers.authorization ?? ''
    const token = /^(?:token|bearer) (.+)$/i.exec(authorization)?.[1] ?? ''
    const secrets = this.secrets.answer(call, token, this.tokens.has(token), this.address)
    const [status, answer] = secrets
      ? [secrets.status, secrets.body]
      : this.answer(call, authorization)
    call.status = status
    const text = JSON.stringify(answer)
    res.writeHead(status, {
      ...secrets?.headers,
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(text))
    })
    res.end(text)
  }

  private answer(call: GitHubCall, authorization: string): [number, unknown] {
    const token = /^(?:token|bearer) (.+)$/i.exec(authorization)?.[1] ?? ''
    const permission = this.tokens.get(token)
    if (!permission) {
      return [
        401,
        { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' }
      ]
    }
    const forbidden: [number, unknown] = [
      403,
      {
        message: 'Resource not accessible by integration',
        documentation_url: 'https://docs.github.com/rest/issues/issues',
        status: '403'
      }
    ]
    const list = /^\/repos\/[^/]+\/[^/]+\/issues$/.exec(call.path)
    const one = /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)$/.exec(call.path)
    if (list && call.method === 'GET') {
      const state = call.query.state ?? 'open'
      const labels = (call.query.labels ?? '').split(',').filter(Boolean)
      const perPage = Number(call.query.per_page ?? 30)
      const found = this.issues
        .filter((i) => state === 'all' || i.state === state)
        .filter((i) => labels.every((l) => i.labels.includes(l)))
        .sort((a, b) => b.number - a.number)
        .slice(0, perPage)
      return [200, found.map((i) => this.json(i))]
    }
    if (list && call.method === 'POST') {
      if (permission !== 'write') return forbidden
      const title = call.body?.title
      if (typeof title !== 'string' || title === '')
        return [
          422,
          { message: 'Validation Failed', errors: [{ field: 'title', code: 'missing' }] }
        ]
      const made = this.seed({
        title,
        body: typeof call.body?.body === 'string' ? call.body.body : '',
        state: 'open',
        state_reason: null,
        labels: Array.isArray(call.body?.labels) ? (call.body.labels as string[]) : []
      })
      return [201, this.json(made)]
    }
    if (one && call.method === 'PATCH') {
      if (permission !== 'write') return forbidden
      const issue = this.issues.find((i) => i.number === Number(one[1]))
      if (!issue) return [404, { message: 'Not Found' }]
      const b = call.body ?? {}
      if (typeof b.title === 'string') issue.title = b.title
      if (typeof b.body === 'string') issue.body = b.body
      if (b.state === 'open' || b.state === 'closed') {
        issue.state = b.state
        issue.state_reason =
          b.state === 'closed'
            ? typeof b.state_reason === 'string'
              ? b.state_reason
              : 'completed'
            : null
      }
      return [200, this.json(issue)]
    }
    return [404, { message: 'Not Found' }]
  }

  private json(i: StandinIssue) {
    return {
      number: i.number,
      title: i.title,
      body: i.body,
      state: i.state,
      state_reason: i.state_reason,
      labels: i.labels.map((name) => ({ name })),
      html_url: `https://github.com/o/r/issues/${i.number}`,
      ...(i.pull_request ? { pull_request: i.pull_request } : {})
    }
  }
}
