/**
 * The real secrets-metadata adapter against the GitHub API stand-in: every page of a listing is
 * read, names and dates only; each failure is one fixed outcome (a token without "Secrets: read"
 * is one warning naming the permission, the check skipped); retried faults give up in time; and
 * the token is never in anything the adapter or the check returns, even when GitHub's answers
 * carry it.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { readSourceSecrets } from '../../src/engine/staleness/sources.js'
import { checkStaleness } from '../../src/engine/staleness/staleness.js'
import { secretsMetadata, type SecretsMetadataOptions } from '../../src/github/secrets-metadata.js'
import { GitHubStandin } from '../../standin/github.js'

const TOKEN = 'github_pat_CANARYtoken0000000000000000'
const ISSUES_ONLY = 'ghs_CANARYjobtoken00000000000000'
const EDITED = new Date('2026-03-05T09:30:15Z')

let github: GitHubStandin
const port = (over: Partial<SecretsMetadataOptions> = {}) =>
  secretsMetadata({
    token: TOKEN,
    repository: 'club/registration',
    apiUrl: github.url,
    backoffMs: 10,
    timeoutMs: 5000,
    ...over
  })

/** Everything a caller could print of these results: the token must be in none of it. */
const expectNoToken = (...results: unknown[]) => {
  for (const r of results) {
    expect(JSON.stringify(r)).not.toContain('CANARY')
  }
}

beforeAll(async () => {
  github = await GitHubStandin.start()
})
afterAll(() => github.stop())
beforeEach(() => {
  github.reset()
  github.secrets.allowRead(TOKEN)
  github.allow(ISSUES_ONLY, 'write')
})

describe('a listing', () => {
  test('gives each repository secret’s name and updated_at, every page, 100 a page', async () => {
    for (let i = 0; i < 230; i++)
      github.secrets.setRepositorySecret(`S_${String(i).padStart(3, '0')}`, EDITED)
    const listing = await port().repositorySecrets()
    expect(listing.status).toBe('listed')
    if (listing.status !== 'listed') return
    expect(listing.secrets).toHaveLength(230)
    expect(listing.secrets[229]).toEqual({ name: 'S_229', updatedAt: EDITED })
    expect(github.calls().map((c) => [c.path, c.query])).toEqual(
      [1, 2, 3].map((page) => [
        '/repos/club/registration/actions/secrets',
        { per_page: '100', page: String(page) }
      ])
    )
  })

  test('of an environment: its own secrets, its name encoded in the path', async () => {
    github.secrets.setEnvironmentSecret('pre prod', 'stripe_secret_key_prod', EDITED)
    const listing = await port().environmentSecrets('pre prod')
    expect(listing).toEqual({
      status: 'listed',
      secrets: [{ name: 'STRIPE_SECRET_KEY_PROD', updatedAt: EDITED }]
    })
    expect(github.calls()[0]?.path).toBe('/repos/club/registration/environments/pre%20prod/secrets')
  })

  test('of an empty repository: no secrets, one call', async () => {
    expect(await port().repositorySecrets()).toEqual({ status: 'listed', secrets: [] })
    expect(github.calls()).toHaveLength(1)
  })
})

describe('each failure is one fixed outcome', () => {
  test('a token without "Secrets: read" (the job’s own): 403, one warning naming the permission', async () => {
    github.secrets.setErrorText(ISSUES_ONLY)
    const adapter = port({ token: ISSUES_ONLY })
    const [repo, env] = [
      await adapter.repositorySecrets(),
      await adapter.environmentSecrets('prod')
    ]
    expect(repo).toEqual({ status: 'failed', reason: 'no-permission' })
    const reading = await readSourceSecrets(adapter, 'prod')
    const result = checkStaleness({
      environment: 'prod',
      workflow: 'Deploy secrets (prod)',
      now: new Date(),
      targets: [],
      github: reading,
      catalogueKeys: []
    })
    expect(result.warnings).toHaveLength(1)
    expect(result.warnings[0]?.message).toMatch(/\(403\): give it "Secrets: read"/)
    expectNoToken(repo, env, reading, result)
  })

  test('an unknown token: 401, bad-token, its text never passed on', async () => {
    github.secrets.setErrorText('github_pat_CANARYother')
    const listing = await port({ token: 'github_pat_CANARYother' }).repositorySecrets()
    expect(listing).toEqual({ status: 'failed', reason: 'bad-token' })
    expectNoToken(listing)
  })

  test('an environment GitHub does not know: 404; the check goes on with the repository’s', async () => {
    github.secrets.setRepositorySecret('SLACK_WEBHOOK_ADMIN', EDITED)
    expect(await port().environmentSecrets('staging')).toEqual({
      status: 'failed',
      reason: 'not-found'
    })
    expect(await readSourceSecrets(port(), 'staging')).toEqual({
      status: 'read',
      secrets: { environment: [], repository: [{ name: 'SLACK_WEBHOOK_ADMIN', updatedAt: EDITED }] }
    })
  })

  test('a repository the token may not see: 404, the check skipped', async () => {
    github.secrets.setRepository('club/other')
    expect(await readSourceSecrets(port(), 'prod')).toEqual({
      status: 'skipped',
      reason: 'not-found'
    })
  })

  test('a server error or a rate limit is retried; three in a row give up', async () => {
    github.secrets.failNext('server-error', 2)
    expect((await port().repositorySecrets()).status).toBe('listed')
    github.secrets.failNext('rate-limit', 1)
    expect((await port().repositorySecrets()).status).toBe('listed')
    const before = github.calls().length
    github.secrets.failNext('server-error', 3)
    expect(await port().repositorySecrets()).toEqual({ status: 'failed', reason: 'server-error' })
    github.secrets.failNext('rate-limit', 3)
    expect(await port().repositorySecrets()).toEqual({ status: 'failed', reason: 'rate-limited' })
    expect(github.calls().length - before).toBe(6)
  })

  test('an API URL the token may not go to: nothing is sent', async () => {
    for (const apiUrl of [
      'http://api.example.com',
      'ftp://127.0.0.1',
      'https://u:p@api.github.com',
      'not a url'
    ]) {
      expect(await port({ apiUrl }).repositorySecrets()).toEqual({
        status: 'failed',
        reason: 'insecure-url'
      })
    }
    expect(github.calls()).toEqual([])
  })

  test('a repository that is not owner/name: not-found, nothing sent', async () => {
    expect(await port({ repository: 'club' }).repositorySecrets()).toEqual({
      status: 'failed',
      reason: 'not-found'
    })
    expect(github.calls()).toEqual([])
  })
})

describe('a GitHub that answers badly', () => {
  let server: http.Server
  let url: string
  let reply: (res: http.ServerResponse) => void
  beforeAll(async () => {
    server = http.createServer((_req, res) => reply(res))
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(
    () =>
      new Promise<void>((ok) => {
        server.close(() => ok())
        server.closeAllConnections()
      })
  )

  test('an answer of another shape (a proxy’s page): unexpected-answer', async () => {
    reply = (res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end(`<html>${TOKEN}</html>`)
    const listing = await port({ apiUrl: url }).repositorySecrets()
    expect(listing).toEqual({ status: 'failed', reason: 'unexpected-answer' })
  })

  test('a redirect is not followed: unexpected-answer', async () => {
    reply = (res) => res.writeHead(301, { location: 'http://127.0.0.2/' }).end()
    expect(await port({ apiUrl: url }).repositorySecrets()).toEqual({
      status: 'failed',
      reason: 'unexpected-answer'
    })
  })

  test('no answer within the time limit: timeout, in time', async () => {
    reply = () => undefined
    const started = Date.now()
    const listing = await port({ apiUrl: url, timeoutMs: 300 }).repositorySecrets()
    expect(listing).toEqual({ status: 'failed', reason: 'timeout' })
    expect(Date.now() - started).toBeLessThan(2000)
  })

  test('nothing listening: network', async () => {
    const closed = http.createServer()
    await new Promise<void>((ok) => closed.listen(0, '127.0.0.1', ok))
    const dead = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`
    await new Promise<void>((ok) => closed.close(() => ok()))
    expect(await port({ apiUrl: dead }).repositorySecrets()).toEqual({
      status: 'failed',
      reason: 'network'
    })
  })
})
