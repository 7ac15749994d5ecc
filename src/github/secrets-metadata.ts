/**
 * GitHub's secrets metadata, for the staleness check: the names and `updated_at` of a
 * repository's Actions secrets and of one environment's, every page. GitHub never gives a value
 * (the API has none to give), and nothing here asks for one. Node's own fetch, so that the CLI's
 * bundle needs no Octokit. Every answer is compared against fixed sets and dropped: GitHub's text
 * is never printed, and the token goes only into the Authorization header of an https request
 * (or http to a loopback address, for the stand-in).
 *
 *   GET {GITHUB_API_URL}/repos/{owner}/{repo}/actions/secrets?per_page=100&page=N
 *   GET {GITHUB_API_URL}/repos/{owner}/{repo}/environments/{environment_name}/secrets?…
 */
import type {
  GitHubSecretMeta,
  GitHubSecretsPort,
  ListingFailure,
  SecretsListing
} from '../engine/staleness/port.js'

export interface SecretsMetadataOptions {
  /** A fine-grained token or GitHub App token with "Secrets: read" on the repository. */
  token: string
  /** owner/name, as GITHUB_REPOSITORY gives it. */
  repository: string
  /** GITHUB_API_URL as the runner sets it (GitHub Enterprise Server too); https://api.github.com by default. */
  apiUrl?: string | undefined
  /** One listing's time limit, every page and retry included (default 15 s). */
  timeoutMs?: number
  /** Attempts per page (default 3): only a rate limit, a 5xx or a failed connection is retried. */
  tries?: number
  /** The first pause between attempts (default 250 ms), doubled after each. */
  backoffMs?: number
}

export const DEFAULT_API_URL = 'https://api.github.com'
const PER_PAGE = 100
/** GitHub keeps at most 100 secrets a repository and 100 an environment: far more than enough. */
const MAX_PAGES = 20
const BODY_LIMIT = 512 * 1024
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]'])

/** The API's base without a trailing "/", or undefined when the token may not be sent there. */
export function apiBase(apiUrl: string | undefined): string | undefined {
  let url: URL
  try {
    url = new URL(apiUrl || DEFAULT_API_URL)
  } catch {
    return undefined
  }
  const secure =
    url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname))
  if (!secure || url.username || url.password || url.search || url.hash) return undefined
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`
}

type Attempt = { failed: ListingFailure; retry: boolean } | { status: 200; body: string }

/** The body, or undefined when it is longer than any listing GitHub gives (never read whole). */
async function readCapped(response: Response): Promise<string | undefined> {
  if (!response.body) return ''
  const reader = response.body.getReader() as ReadableStreamDefaultReader<Uint8Array>
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) return Buffer.concat(chunks).toString('utf8')
    chunks.push(value)
    size += value.byteLength
    if (size > BODY_LIMIT) {
      await reader.cancel().catch(() => undefined)
      return undefined
    }
  }
}

/** One request; what its answer means, never what it says. */
async function attempt(url: string, token: string, signal: AbortSignal): Promise<Attempt> {
  let response: Response
  try {
    response = await fetch(url, {
      headers: {
        accept: 'application/vnd.github+json',
        authorization: `Bearer ${token}`,
        'x-github-api-version': '2022-11-28',
        'user-agent': 'impressionnistes-secrets'
      },
      redirect: 'manual',
      signal
    })
  } catch {
    return { failed: signal.aborted ? 'timeout' : 'network', retry: !signal.aborted }
  }
  const { status, headers } = response
  const limited =
    status === 429 ||
    (status === 403 && (headers.get('x-ratelimit-remaining') === '0' || headers.has('retry-after')))
  if (status === 200) {
    const body = await readCapped(response).catch(() => null)
    if (body === null) return { failed: signal.aborted ? 'timeout' : 'network', retry: true }
    return body === undefined ? { failed: 'unexpected-answer', retry: false } : { status, body }
  }
  await response.body?.cancel().catch(() => undefined)
  if (limited) return { failed: 'rate-limited', retry: true }
  if (status === 401) return { failed: 'bad-token', retry: false }
  if (status === 403) return { failed: 'no-permission', retry: false }
  if (status === 404) return { failed: 'not-found', retry: false }
  if (status >= 500) return { failed: 'server-error', retry: true }
  return { failed: 'unexpected-answer', retry: false }
}

const pause = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((done) => {
    if (signal.aborted) return done()
    const timer = setTimeout(done, ms)
    signal.addEventListener('abort', () => (clearTimeout(timer), done()), { once: true })
  })

interface Page {
  total: number
  secrets: GitHubSecretMeta[]
}

/** `{ total_count, secrets: [{ name, updated_at }] }`, or undefined for anything else. */
function parsePage(body: string): Page | undefined {
  let json: unknown
  try {
    json = JSON.parse(body)
  } catch {
    return undefined
  }
  const { total_count: total, secrets } = (json ?? {}) as Record<string, unknown>
  if (typeof total !== 'number' || !Array.isArray(secrets)) return undefined
  const read: GitHubSecretMeta[] = []
  for (const entry of secrets as unknown[]) {
    const { name, updated_at: updated } = (entry ?? {}) as Record<string, unknown>
    const updatedAt = typeof updated === 'string' ? new Date(updated) : undefined
    if (typeof name !== 'string' || name === '' || !updatedAt || Number.isNaN(updatedAt.getTime()))
      return undefined
    read.push({ name, updatedAt })
  }
  return { total, secrets: read }
}

interface Settings {
  base: string
  token: string
  timeoutMs: number
  tries: number
  backoffMs: number
}

/** One page, retried as the settings allow. */
async function fetchPage(
  url: string,
  s: Settings,
  signal: AbortSignal
): Promise<Page | ListingFailure> {
  let wait = s.backoffMs
  let last: ListingFailure = 'timeout'
  for (let i = 0; i < s.tries && !signal.aborted; i++) {
    if (i > 0) {
      await pause(wait, signal)
      wait *= 2
      if (signal.aborted) return 'timeout'
    }
    const answer = await attempt(url, s.token, signal)
    if ('status' in answer) return parsePage(answer.body) ?? 'unexpected-answer'
    last = answer.failed
    if (!answer.retry) return last
  }
  return signal.aborted ? 'timeout' : last
}

/** Every page of one listing: until GitHub's total_count is reached or a page comes back empty. */
async function listAll(path: string, s: Settings): Promise<SecretsListing> {
  const signal = AbortSignal.timeout(s.timeoutMs)
  const secrets: GitHubSecretMeta[] = []
  for (let page = 1; page <= MAX_PAGES; page++) {
    const read = await fetchPage(`${s.base}${path}?per_page=${PER_PAGE}&page=${page}`, s, signal)
    if (typeof read === 'string') return { status: 'failed', reason: read }
    secrets.push(...read.secrets)
    if (read.secrets.length === 0 || secrets.length >= read.total) break
  }
  return { status: 'listed', secrets }
}

/** The port for one repository; each call resolves, none throws. */
export function secretsMetadata(options: SecretsMetadataOptions): GitHubSecretsPort {
  const base = apiBase(options.apiUrl)
  const [owner, repo, ...rest] = options.repository.split('/')
  const settings: Settings | undefined = base
    ? {
        base,
        token: options.token,
        timeoutMs: options.timeoutMs ?? 15_000,
        tries: Math.max(1, options.tries ?? 3),
        backoffMs: options.backoffMs ?? 250
      }
    : undefined
  const list = async (path: (repoPath: string) => string): Promise<SecretsListing> => {
    if (!settings) return { status: 'failed', reason: 'insecure-url' }
    if (!owner || !repo || rest.length > 0) return { status: 'failed', reason: 'not-found' }
    return listAll(
      path(`/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}`),
      settings
    )
  }
  const settled = (listing: Promise<SecretsListing>): Promise<SecretsListing> =>
    listing.catch(() => ({ status: 'failed', reason: 'unexpected-answer' }))
  return {
    repositorySecrets: () => settled(list((r) => `${r}/actions/secrets`)),
    environmentSecrets: (environment) =>
      settled(list((r) => `${r}/environments/${encodeURIComponent(environment)}/secrets`))
  }
}
