/**
 * The staleness check, as tables: a GitHub edit after the value in AWS was written is flagged
 * (environment secret first, then repository secret, names matched case aside), an older edit is
 * not; a value older than its maxAgeDays is; names on one side only are told by name; a skipped
 * GitHub side is one warning and the ages are still checked.
 */
import { describe, expect, test } from '@jest/globals'
import { ageInDays, describeAge, olderThan } from '../../src/engine/staleness/age.js'
import type { GitHubSecretsPort, SecretsListing } from '../../src/engine/staleness/port.js'
import { readSourceSecrets, type SourceReading } from '../../src/engine/staleness/sources.js'
import {
  checkStaleness,
  type StalenessInput,
  type StalenessTarget
} from '../../src/engine/staleness/staleness.js'

const at = (iso: string) => new Date(iso)
const WRITTEN = at('2026-03-01T10:00:00Z')
const NOW = at('2026-03-10T08:00:00Z')

const apiKey: StalenessTarget = {
  target: 'impressionnistes/stripe/api_key',
  sourceKey: 'stripe_secret_key_prod',
  current: { versionId: 'v1', createdDate: WRITTEN }
}
const hook: StalenessTarget = {
  target: 'impressionnistes/slack/admin_webhook',
  sourceKey: 'slack_webhook_admin',
  current: { versionId: 'v2', createdDate: WRITTEN }
}

const read = (
  environment: [string, string][],
  repository: [string, string][] = []
): SourceReading => ({
  status: 'read',
  secrets: {
    environment: environment.map(([name, t]) => ({ name, updatedAt: at(t) })),
    repository: repository.map(([name, t]) => ({ name, updatedAt: at(t) }))
  }
})

const input = (over: Partial<StalenessInput>): StalenessInput => ({
  environment: 'prod',
  workflow: 'Deploy secrets (prod)',
  now: NOW,
  targets: [apiKey, hook],
  github: read(
    [['STRIPE_SECRET_KEY_PROD', '2026-02-01T00:00:00Z']],
    [['SLACK_WEBHOOK_ADMIN', '2026-02-01T00:00:00Z']]
  ),
  catalogueKeys: ['stripe_secret_key_dev', 'stripe_secret_key_prod', 'slack_webhook_admin'],
  ...over
})

describe('an edit on GitHub after the value in AWS was written', () => {
  test('is flagged, naming the GitHub secret, both times and the workflow to run', () => {
    const result = checkStaleness(
      input({ github: read([['STRIPE_SECRET_KEY_PROD', '2026-03-05T09:30:15Z']]) })
    )
    expect(result.problems).toEqual([
      {
        source: 'STRIPE_SECRET_KEY_PROD',
        target: 'impressionnistes/stripe/api_key',
        kind: 'audit',
        code: 'edited-after-sync',
        message:
          'was edited on GitHub at 2026-03-05 09:30:15 UTC, after the value in AWS was written at 2026-03-01 10:00:00 UTC: run the deploy workflow "Deploy secrets (prod)".'
      }
    ])
  })

  test.each<[string, string, number]>([
    ['an older edit', '2026-02-28T23:59:59Z', 0],
    ['an edit at the very moment of the write', '2026-03-01T10:00:00Z', 0],
    ['an edit a second after it', '2026-03-01T10:00:01Z', 1]
  ])('%s: %i finding(s)', (_name, edited, count) => {
    const result = checkStaleness(input({ github: read([['STRIPE_SECRET_KEY_PROD', edited]]) }))
    expect(result.problems).toHaveLength(count)
  })

  test('the environment secret is the one the workflow sees, before the repository one', () => {
    const newRepo = read(
      [['STRIPE_SECRET_KEY_PROD', '2026-02-01T00:00:00Z']],
      [['STRIPE_SECRET_KEY_PROD', '2026-03-09T00:00:00Z']]
    )
    expect(checkStaleness(input({ github: newRepo, targets: [apiKey] })).problems).toEqual([])
    const newEnv = read(
      [['STRIPE_SECRET_KEY_PROD', '2026-03-09T00:00:00Z']],
      [['STRIPE_SECRET_KEY_PROD', '2026-02-01T00:00:00Z']]
    )
    expect(checkStaleness(input({ github: newEnv, targets: [apiKey] })).problems).toHaveLength(1)
  })

  test('a repository secret counts when the environment has none of that name', () => {
    const result = checkStaleness(
      input({
        github: read([], [['SLACK_WEBHOOK_ADMIN', '2026-03-02T00:00:00Z']]),
        targets: [hook]
      })
    )
    expect(result.problems.map((p) => p.source)).toEqual(['SLACK_WEBHOOK_ADMIN'])
  })

  test('names match whatever their case, and are told as GitHub shows them', () => {
    const result = checkStaleness(
      input({
        github: read([['Stripe_Secret_Key_Prod', '2026-03-05T00:00:00Z']]),
        targets: [apiKey]
      })
    )
    expect(result.problems.map((p) => p.source)).toEqual(['STRIPE_SECRET_KEY_PROD'])
    expect(result.warnings).toEqual([])
  })

  test('an edit before a run that found the values equal is not stale (the same value pasted again)', () => {
    const github = read([['STRIPE_SECRET_KEY_PROD', '2026-03-05T00:00:00Z']])
    const confirmed = { ...apiKey, confirmedAt: at('2026-03-06T00:00:00Z') }
    expect(checkStaleness(input({ github, targets: [confirmed] })).problems).toEqual([])
  })

  test('a target not in AWS is not compared', () => {
    const absent = { target: apiKey.target, sourceKey: apiKey.sourceKey }
    const github = read([['STRIPE_SECRET_KEY_PROD', '2026-03-05T00:00:00Z']])
    expect(checkStaleness(input({ github, targets: [absent] })).problems).toEqual([])
  })
})

describe('a value older than its policy', () => {
  test.each<[string, number, string, boolean]>([
    ['older than maxAgeDays', 7, '2026-03-08T10:00:01Z', true],
    ['exactly maxAgeDays old', 7, '2026-03-08T10:00:00Z', false],
    ['younger', 30, '2026-03-10T08:00:00Z', false]
  ])('%s: flagged %s', (_name, maxAgeDays, now, flagged) => {
    const result = checkStaleness(input({ now: at(now), targets: [{ ...apiKey, maxAgeDays }] }))
    expect(result.problems.length > 0).toBe(flagged)
  })

  test('says its age, when it was written and the policy, and fails the check', () => {
    const result = checkStaleness(input({ targets: [{ ...apiKey, maxAgeDays: 5 }] }))
    expect(result.problems).toEqual([
      expect.objectContaining({
        source: 'STRIPE_SECRET_KEY_PROD',
        kind: 'audit',
        message:
          'is 8 days old in AWS (written at 2026-03-01 10:00:00 UTC), older than its policy of 5 days (maxAgeDays): rotate it at the provider, update the GitHub secret, then run the deploy workflow "Deploy secrets (prod)".'
      })
    ])
  })

  test('is flagged even when the GitHub side was skipped', () => {
    const result = checkStaleness(
      input({
        github: { status: 'skipped', reason: 'no-token' },
        targets: [{ ...apiKey, maxAgeDays: 5 }]
      })
    )
    expect(result.problems).toHaveLength(1)
  })
})

describe('names on one side only', () => {
  test('a GitHub secret no catalogue entry names is told by name, a warning', () => {
    const github = read(
      [
        ['STRIPE_SECRET_KEY_PROD', '2026-02-01T00:00:00Z'],
        ['OLD_MAILER_KEY', '2026-01-01T00:00:00Z']
      ],
      [
        ['SLACK_WEBHOOK_ADMIN', '2026-02-01T00:00:00Z'],
        ['OLD_MAILER_KEY', '2026-01-01T00:00:00Z']
      ]
    )
    const result = checkStaleness(input({ github }))
    expect(result.problems).toEqual([])
    expect(result.warnings).toEqual([
      {
        code: 'github-secret-not-in-catalogue',
        message:
          'GitHub holds a secret the catalogue does not name: OLD_MAILER_KEY. Nothing syncs it: add it to the catalogue, or delete it on GitHub if nothing uses it.'
      }
    ])
  })

  test("another environment's source, and the expected names, are not unknown", () => {
    const github = read(
      [['STRIPE_SECRET_KEY_PROD', '2026-02-01T00:00:00Z']],
      [
        ['SLACK_WEBHOOK_ADMIN', '2026-02-01T00:00:00Z'],
        ['STRIPE_SECRET_KEY_DEV', '2026-02-01T00:00:00Z'],
        ['SECRETS_READ_TOKEN', '2026-02-01T00:00:00Z']
      ]
    )
    expect(checkStaleness(input({ github, expected: ['secrets_read_token'] })).warnings).toEqual([])
  })

  test('a name that reads like a key pasted in the wrong place is not shown', () => {
    const github = read([], [['SK_LIVE_51ABCDEF', '2026-01-01T00:00:00Z']])
    const [warning] = checkStaleness(input({ github, targets: [] })).warnings
    expect(warning?.message).not.toMatch(/51ABCDEF/)
    expect(warning?.message).toMatch(/not shown/)
  })

  test('a catalogue source missing on GitHub is told by its name, a warning', () => {
    const result = checkStaleness(input({ github: read([], []), targets: [hook] }))
    expect(result.warnings).toEqual([
      {
        source: 'SLACK_WEBHOOK_ADMIN',
        target: 'impressionnistes/slack/admin_webhook',
        code: 'catalogue-secret-not-on-github',
        message:
          'is named by the catalogue for environment prod, but GitHub has no such environment or repository secret.'
      }
    ])
    expect(result.problems).toEqual([])
  })
})

describe('reading the GitHub side', () => {
  const port = (repo: SecretsListing, env: SecretsListing): GitHubSecretsPort => ({
    repositorySecrets: () => Promise.resolve(repo),
    environmentSecrets: () => Promise.resolve(env)
  })
  const listed = (name: string): SecretsListing => ({
    status: 'listed',
    secrets: [{ name, updatedAt: WRITTEN }]
  })

  test('without a token: skipped, one warning naming the permission', async () => {
    const reading = await readSourceSecrets(undefined, 'prod')
    expect(reading).toEqual({ status: 'skipped', reason: 'no-token' })
    const { warnings } = checkStaleness(input({ github: reading }))
    expect(warnings).toHaveLength(1)
    expect(warnings[0]?.message).toMatch(/^GitHub edits were not checked: .*"Secrets: read"/)
  })

  test('a token without the permission on both listings: one warning, naming the permission', async () => {
    const denied: SecretsListing = { status: 'failed', reason: 'no-permission' }
    const reading = await readSourceSecrets(port(denied, denied), 'prod')
    const { warnings, problems } = checkStaleness(input({ github: reading }))
    expect(problems).toEqual([])
    expect(warnings.map((w) => w.message)).toEqual([
      'GitHub edits were not checked: the token may not read secrets (403): give it "Secrets: read" (a fine-grained token or a GitHub App with "Secrets: read" on this repository; the job\'s own token cannot). The rest of the check ran.'
    ])
  })

  test('an environment GitHub does not know has no secrets; the repository ones still count', async () => {
    const reading = await readSourceSecrets(
      port(listed('SLACK_WEBHOOK_ADMIN'), { status: 'failed', reason: 'not-found' }),
      'prod'
    )
    expect(reading).toEqual({
      status: 'read',
      secrets: {
        environment: [],
        repository: [{ name: 'SLACK_WEBHOOK_ADMIN', updatedAt: WRITTEN }]
      }
    })
  })

  test('a repository GitHub does not show skips the check', async () => {
    const reading = await readSourceSecrets(
      port({ status: 'failed', reason: 'not-found' }, listed('X')),
      'prod'
    )
    expect(reading).toEqual({ status: 'skipped', reason: 'not-found' })
  })

  test('any other failure of the environment listing skips the check', async () => {
    const reading = await readSourceSecrets(
      port(listed('X'), { status: 'failed', reason: 'timeout' }),
      'prod'
    )
    expect(reading).toEqual({ status: 'skipped', reason: 'timeout' })
  })
})

describe('a value’s honest age', () => {
  test.each<[string, string, number, string]>([
    ['2026-03-10T07:59:59Z', '2026-03-10T08:00:00Z', 0, 'less than a day'],
    ['2026-03-09T08:00:00Z', '2026-03-10T08:00:00Z', 1, '1 day'],
    ['2026-01-01T00:00:00Z', '2026-03-10T08:00:00Z', 68, '68 days'],
    ['2026-03-11T00:00:00Z', '2026-03-10T08:00:00Z', 0, 'less than a day']
  ])('written %s, at %s: %i days', (created, now, days, words) => {
    expect(ageInDays(at(created), at(now))).toBe(days)
    expect(describeAge(ageInDays(at(created), at(now)))).toBe(words)
  })

  test('older than a policy only past its last millisecond', () => {
    expect(olderThan(WRITTEN, 1, at('2026-03-02T10:00:00.000Z'))).toBe(false)
    expect(olderThan(WRITTEN, 1, at('2026-03-02T10:00:00.001Z'))).toBe(true)
  })
})
