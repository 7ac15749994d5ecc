// GitHub's secrets metadata on the GitHub API stand-in (mounted by github.ts), as GitHub's REST
// reference describes it: names and dates, never a value.
//
//   GET /repos/{owner}/{repo}/actions/secrets?per_page=&page=                       repository
//   GET /repos/{owner}/{repo}/environments/{environment_name}/secrets?per_page=&page=  environment
//
// Both answer `{ total_count, secrets: [{ name, created_at, updated_at }] }`, names sorted,
// `per_page` (default 30, at most 100) a page, with a Link header (rel="next", "last", "first",
// "prev") as GitHub gives. A token allowed to read secrets reads; a token the stand-in knows
// otherwise (an issues token, as the job's GITHUB_TOKEN) gets 403 "Resource not accessible by
// personal access token"; an environment never seeded, or another repository when one is set,
// 404. Switches: a number of server errors or rate limits to answer first, and a text that every
// error body carries (a canary: the adapter must never pass a body on).

export interface SecretsAnswer {
  status: number
  body: unknown
  headers: Record<string, string>
}

interface Dates {
  created: Date
  updated: Date
}

type Fault = 'server-error' | 'rate-limit'

const REPO = /^\/repos\/([^/]+)\/([^/]+)\/actions\/secrets$/
const ENV = /^\/repos\/([^/]+)\/([^/]+)\/environments\/([^/]+)\/secrets$/

export class GitHubSecretsRoutes {
  private repository = new Map<string, Dates>()
  private environments = new Map<string, Map<string, Dates>>()
  private readers = new Set<string>()
  private only: string | undefined
  private faults: Fault[] = []
  private errorText = ''

  /** Lets `token` read secrets' metadata ("Secrets: read"). */
  allowRead(token: string): void {
    this.readers.add(token)
  }

  /** Answers 404 for every repository but this one (owner/name); by default all are one. */
  setRepository(fullName: string): void {
    this.only = fullName.toLowerCase()
  }

  /** A repository secret; GitHub upper-cases names. `createdAt` defaults to `updatedAt`. */
  setRepositorySecret(name: string, updatedAt: Date, createdAt = updatedAt): void {
    this.repository.set(name.toUpperCase(), { created: createdAt, updated: updatedAt })
  }

  /** An environment secret, creating the environment; with no name, an empty environment. */
  setEnvironmentSecret(environment: string, name?: string, updatedAt = new Date()): void {
    const secrets = this.environments.get(environment) ?? new Map<string, Dates>()
    this.environments.set(environment, secrets)
    if (name) secrets.set(name.toUpperCase(), { created: updatedAt, updated: updatedAt })
  }

  /** The next `times` secrets calls fail so, before any other check. */
  failNext(fault: Fault, times = 1): void {
    for (let i = 0; i < times; i++) this.faults.push(fault)
  }

  /** A text put into every error body's message. */
  setErrorText(text: string): void {
    this.errorText = text
  }

  reset(): void {
    this.repository.clear()
    this.environments.clear()
    this.readers.clear()
    this.faults = []
    this.only = undefined
    this.errorText = ''
  }

  /**
   * The answer to a secrets call; undefined when the path is not one. `known`: the stand-in
   * knows the token for something else (issues).
   */
  answer(
    call: { method: string; path: string; query: Record<string, string> },
    token: string,
    known: boolean,
    base: string
  ): SecretsAnswer | undefined {
    const repo = REPO.exec(call.path)
    const env = ENV.exec(call.path)
    const match = repo ?? env
    if (!match || call.method !== 'GET') return undefined
    const fault = this.faults.shift()
    if (fault === 'server-error') return this.error(502, 'Server Error')
    if (fault === 'rate-limit')
      return this.error(403, 'API rate limit exceeded', { 'x-ratelimit-remaining': '0' })
    if (!this.readers.has(token)) {
      return known
        ? this.error(403, 'Resource not accessible by personal access token')
        : this.error(401, 'Bad credentials')
    }
    const fullName = `${match[1] ?? ''}/${match[2] ?? ''}`.toLowerCase()
    if (this.only !== undefined && fullName !== this.only) return this.error(404, 'Not Found')
    const secrets = env ? this.environments.get(decodeURIComponent(env[3] ?? '')) : this.repository
    if (!secrets) return this.error(404, 'Not Found')
    return this.page(secrets, call, base)
  }

  private page(
    secrets: Map<string, Dates>,
    call: { path: string; query: Record<string, string> },
    base: string
  ): SecretsAnswer {
    const perPage = Math.min(100, Math.max(1, Number(call.query.per_page ?? 30) || 30))
    const page = Math.max(1, Number(call.query.page ?? 1) || 1)
    const names = [...secrets.keys()].sort()
    const last = Math.max(1, Math.ceil(names.length / perPage))
    const shown = names.slice((page - 1) * perPage, page * perPage).map((name) => {
      const dates = secrets.get(name) as Dates
      return {
        name,
        created_at: dates.created.toISOString().replace(/\.\d{3}Z$/, 'Z'),
        updated_at: dates.updated.toISOString().replace(/\.\d{3}Z$/, 'Z')
      }
    })
    const link = (p: number, rel: string) =>
      `<${base}${call.path}?per_page=${perPage}&page=${p}>; rel="${rel}"`
    const links = [
      ...(page < last ? [link(page + 1, 'next'), link(last, 'last')] : []),
      ...(page > 1 ? [link(1, 'first'), link(page - 1, 'prev')] : [])
    ]
    return {
      status: 200,
      body: { total_count: names.length, secrets: shown },
      headers: links.length ? { link: links.join(', ') } : {}
    }
  }

  private error(status: number, message: string, headers: Record<string, string> = {}) {
    return {
      status,
      body: {
        message: this.errorText ? `${message}: ${this.errorText}` : message,
        documentation_url: 'https://docs.github.com/rest/actions/secrets',
        status: String(status)
      },
      headers
    }
  }
}
