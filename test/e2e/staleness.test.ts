/**
 * Nothing stale goes unseen: the committed bundle, with Secrets Manager at the stand-in and
 * GitHub's API (GITHUB_API_URL) at its stand-in, which records every call. A GitHub secret edited
 * after the value in AWS was written is flagged by audit and verify, an older edit is not; a value
 * over its maxAgeDays is flagged; the check reads no value (audit makes no GetSecretValue call);
 * a token that may not read secrets is one warning; no token is ever printed.
 *
 * Stand-in only: moto 5.2.1 answers the time of the listing as every version's CreatedDate
 * (test/standin-version-dates.test.ts pins that difference), so on moto every value looks just
 * written and none of these findings can be provoked.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runAction, runnerEnv, type ActionRun } from '../../standin/runner.js'
import { GitHubStandin } from '../../standin/github.js'
import { useBackend } from './backends.js'
import { expectNothingLeaked } from './expect-no-leak.js'
import { CANARY, NAMES, secretsInput } from './fixtures.js'

/** A fine-grained token with "Secrets: read", carrying the canary: it must never be printed. */
const READER = 'github_pat_CANARYsecretsReader0000000000001'
/** The job's token: it may write issues, never read secrets. */
const ISSUES = 'ghs_CANARYissuesOnlyToken00000000000001'
const DAY = 24 * 60 * 60 * 1000

const backend = useBackend()
let github: GitHubStandin
let catalogue: string

const env = () => runnerEnv(backend.url, { GITHUB_API_URL: github.url })
const run = (inputs: Record<string, string>) =>
  runAction({ environment: 'dev', catalogue, 'github-token': ISSUES, ...inputs }, env())
const sync = () => run({ secrets: secretsInput() })
const audit = (extra: Record<string, string> = {}) =>
  run({ mode: 'audit', 'github-secrets-token': READER, ...extra })
const verify = (extra: Record<string, string> = {}) =>
  run({ mode: 'verify', secrets: secretsInput(), 'github-secrets-token': READER, ...extra })

/** The value of `name` in AWS was written `days` ago (its current version's creation). */
function writtenDaysAgo(name: string, days: number): Date {
  const secret = backend.standin?.secret(name)
  const current = secret?.versions.at(-1)
  if (!current) throw new Error(`${name} has no version`)
  const when = new Date(Date.now() - days * DAY)
  backend.standin?.setVersionCreated(name, current.versionId, when)
  return when
}

/** Every dev source on GitHub, edited `days` ago; `fresh` (environment secrets) edited later. */
function githubEdited(days: number, fresh: Record<string, number> = {}) {
  for (const name of [
    'STRIPE_SECRET_KEY_DEV',
    'STRIPE_WEBHOOK_SECRET_DEV',
    'SLACK_WEBHOOK_ADMIN',
    'SLACK_WEBHOOK_DEVOPS',
    'STRIPE_SECRET_KEY_PROD',
    'STRIPE_WEBHOOK_SECRET_PROD'
  ])
    github.secrets.setRepositorySecret(name, new Date(Date.now() - days * DAY))
  github.secrets.setEnvironmentSecret('dev')
  for (const [name, ago] of Object.entries(fresh))
    github.secrets.setEnvironmentSecret('dev', name, new Date(Date.now() - ago * DAY))
}

const expectNoToken = (r: ActionRun) => {
  expectNothingLeaked(r, CANARY)
  for (const token of [READER, ISSUES]) expect(r.visible).not.toContain(token)
}

beforeAll(async () => {
  github = await GitHubStandin.start()
  const dir = mkdtempSync(join(tmpdir(), 'imp-stale-'))
  const base = JSON.parse(
    readFileSync(
      join(import.meta.dirname, '../../src/engine/catalogue/default-catalogue.json'),
      'utf8'
    )
  ) as { secrets: { target: string; maxAgeDays?: number }[] }
  for (const s of base.secrets) if (s.target === 'slack/admin_webhook') s.maxAgeDays = 30
  catalogue = join(dir, 'catalogue.json')
  writeFileSync(catalogue, JSON.stringify(base))
})
afterAll(async () => {
  await github.stop()
})
beforeEach(() => {
  github.reset()
  github.allow(ISSUES, 'write')
  github.secrets.allowRead(READER)
})

describe('a GitHub secret edited after the value in AWS was written', () => {
  test('is flagged by audit, naming the secret and the workflow, without reading any value', async () => {
    expect((await sync()).code).toBe(0)
    const written = Object.values(NAMES).map((name) => writtenDaysAgo(name, 10))[0] as Date
    githubEdited(20, { STRIPE_SECRET_KEY_DEV: 2 })
    backend.standin?.resetCalls()

    const r = await audit()
    expect(r.code).toBe(1)
    expect(r.errors.join('\n')).toMatch(
      /STRIPE_SECRET_KEY_DEV was edited on GitHub at .* UTC, after the value in AWS was written at .* UTC: run the deploy workflow "Deploy secrets \(dev\)"\./
    )
    expect(r.errors.join('\n')).not.toMatch(/SLACK_WEBHOOK_ADMIN was edited/)
    expect(r.summary).toContain(NAMES.api)
    // The summary dates each value by its version's creation, not by the last tag write.
    expect(r.summary).toContain('| Value written |')
    expect(r.summary).toContain(`${written.toISOString().slice(0, 16).replace('T', ' ')} UTC |`)
    expect(backend.standin?.calls().GetSecretValue ?? 0).toBe(0)
    expect(backend.standin?.calls().BatchGetSecretValue ?? 0).toBe(0)
    expect(github.calls().every((c) => c.method === 'GET')).toBe(true)
    expectNoToken(r)
  })

  test('is flagged by verify too, even when the value pasted is the same', async () => {
    expect((await sync()).code).toBe(0)
    for (const name of Object.values(NAMES)) writtenDaysAgo(name, 10)
    githubEdited(20, { STRIPE_SECRET_KEY_DEV: 1 })

    const r = await verify()
    expect(r.code).toBe(1)
    expect(r.errors.join('\n')).toContain('STRIPE_SECRET_KEY_DEV was edited on GitHub at')
    expectNoToken(r)
  })

  test('an edit older than the write is not flagged', async () => {
    expect((await sync()).code).toBe(0)
    for (const name of Object.values(NAMES)) writtenDaysAgo(name, 10)
    githubEdited(20)

    const [a, v] = [await audit(), await verify()]
    expect(a.code).toBe(0)
    expect(v.code).toBe(0)
    expect(a.visible).not.toContain('was edited on GitHub')
    expect(a.visible).not.toContain('GitHub edits were not checked')
  })
})

describe('a value older than its maxAgeDays', () => {
  test('is flagged by audit, with or without a token', async () => {
    expect((await sync()).code).toBe(0)
    writtenDaysAgo(NAMES.admin, 45)
    githubEdited(60)

    for (const r of [await audit(), await audit({ 'github-secrets-token': '' })]) {
      expect(r.code).toBe(1)
      expect(r.errors.join('\n')).toMatch(
        /SLACK_WEBHOOK_ADMIN is 45 days old in AWS \(written at .*\), older than its policy of 30 days \(maxAgeDays\)/
      )
    }
  })
})

describe('without the means to read GitHub, the check says so once and the rest runs', () => {
  test('no token: one warning saying the check was skipped and why', async () => {
    expect((await sync()).code).toBe(0)
    const r = await audit({ 'github-secrets-token': '' })
    expect(r.code).toBe(0)
    const skipped = r.warnings.filter((w) => w.includes('GitHub edits were not checked'))
    expect(skipped).toHaveLength(1)
    expect(skipped[0]).toContain("no token that may read secrets' metadata was given")
    expect(github.calls().filter((c) => c.path.includes('/secrets'))).toEqual([])
  })

  test('a token without "Secrets: read": one warning naming the permission, the audit unchanged', async () => {
    expect((await sync()).code).toBe(0)
    githubEdited(20)
    const r = await audit({ 'github-secrets-token': ISSUES })
    expect(r.code).toBe(0)
    const skipped = r.warnings.filter((w) => w.includes('GitHub edits were not checked'))
    expect(skipped).toHaveLength(1)
    expect(skipped[0]).toContain('"Secrets: read"')
    expectNoToken(r)
  })
})

describe('a secret on one side only is named, not failed', () => {
  test('a GitHub secret no catalogue entry names, by its name only', async () => {
    expect((await sync()).code).toBe(0)
    githubEdited(20)
    github.secrets.setRepositorySecret('LEFTOVER_KEY', new Date())
    // The check's own token, kept as a repository secret, is rightly there: never named.
    github.secrets.setRepositorySecret('SECRETS_METADATA_TOKEN', new Date())
    const r = await audit()
    expect(r.code).toBe(0)
    expect(r.warnings.join('\n')).toContain(
      'GitHub holds a secret the catalogue does not name: LEFTOVER_KEY.'
    )
    expect(r.visible).not.toContain('SECRETS_METADATA_TOKEN')
  })
})
