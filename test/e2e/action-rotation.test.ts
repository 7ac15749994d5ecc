/**
 * The daily check calls a Stripe rotation done only when the old key is dead: after a write that
 * replaced the key, the audit probes the previous version. In progress (a warning with the
 * write's date), overdue after rotation-overlap-days (the check fails and the alert issue names
 * the key to roll), complete (the issue closes). The committed bundle, against the AWS stand-in
 * (which can date a version back), the Stripe and Slack stand-in and the GitHub API stand-in.
 */
import { afterAll, beforeAll, beforeEach, expect, test } from '@jest/globals'
import { runAction, runnerEnv } from '../../standin/runner.js'
import { GitHubStandin } from '../../standin/github.js'
import { ProviderStandin } from '../../standin/providers.js'
import { useBackend } from './backends.js'
import { expectNothingLeaked } from './expect-no-leak.js'
import { CANARY, NAMES, SOURCES, secretsInput } from './fixtures.js'
import { inspect } from './harness.js'

const TOKEN = 'ghs_standinWriteToken000000000000000000'
const KEY = SOURCES.STRIPE_SECRET_KEY_DEV
const ROTATED = 'sk_test_CANARYrotatedKey0002'
const DAY = 24 * 60 * 60 * 1000

const backend = useBackend()
let github: GitHubStandin
let providers: ProviderStandin

beforeAll(async () => {
  github = await GitHubStandin.start()
  providers = await ProviderStandin.start()
})
afterAll(async () => {
  await github.stop()
  await providers.stop()
})
beforeEach(() => {
  github.reset()
  github.allow(TOKEN, 'write')
  providers.reset()
  for (const key of [KEY, ROTATED]) providers.seedKey(key, { state: 'alive', account: 'acct_1Dev' })
  providers.seedHook(SOURCES.SLACK_WEBHOOK_ADMIN, { state: 'alive' })
  providers.seedHook(SOURCES.SLACK_WEBHOOK_DEVOPS, { state: 'alive' })
})

const env = () => runnerEnv(backend.url, { GITHUB_API_URL: github.url, ...providers.env })
const sync = (over: Record<string, unknown> = {}) =>
  runAction({ environment: 'dev', secrets: secretsInput(over), probe: 'on' }, env())
const audit = () =>
  runAction(
    {
      environment: 'dev',
      mode: 'audit',
      probe: 'on',
      'alert-issue': 'true',
      'github-token': TOKEN,
      'rotation-overlap-days': '3'
    },
    env()
  )

test('a Stripe key rotation: in progress, overdue (the alert issue opens, is kept), complete (it closes)', async () => {
  expect((await sync()).code).toBe(0)
  expect((await sync({ STRIPE_SECRET_KEY_DEV: ROTATED })).code).toBe(0)
  const written = await inspect(backend.sm, NAMES.api)
  const synced = providers.requests.length

  // The old key still works, within the overlap: a warning with the write's date.
  backend.standin?.resetCalls()
  const inProgress = await audit()
  expect(inProgress.code).toBe(0)
  // The rotation check works from the audit's own DescribeSecret answers: one call a secret.
  expect(backend.standin?.calls().DescribeSecret).toBe(Object.keys(NAMES).length)
  expectNothingLeaked(inProgress, CANARY)
  expect(inProgress.warnings.join('\n')).toMatch(
    new RegExp(
      `${NAMES.api} was replaced on \\d{4}-\\d{2}-\\d{2}: rotation in progress, the previous key still works\\.`
    )
  )
  expect(github.list()).toEqual([])

  // Four days later (overlap three): the check fails, the issue says which key to roll.
  backend.standin?.setVersionCreated(
    NAMES.api,
    written.versionId ?? '',
    new Date(Date.now() - 4 * DAY)
  )
  const overdue = await audit()
  expect(overdue.code).toBe(1)
  expectNothingLeaked(overdue, CANARY)
  let [issue] = github.list()
  expect(github.list()).toHaveLength(1)
  expect(issue?.state).toBe('open')
  expect(issue?.body).toContain(
    `${NAMES.api} was replaced on ${new Date(Date.now() - 4 * DAY).toISOString().slice(0, 10)}: rotation overdue, the previous key still works after 3 days. Roll it in the Stripe dashboard`
  )
  const kept = await audit()
  expect(kept.code).toBe(1)
  ;[issue] = github.list()
  expect(github.list()).toHaveLength(1)
  expect(issue?.state).toBe('open')

  // Rolled in the dashboard: the previous key is dead, the rotation complete, the issue closed.
  providers.seedKey(KEY, { state: 'expired' })
  const complete = await audit()
  expect(complete.code).toBe(0)
  expectNothingLeaked(complete, CANARY)
  expect(complete.summary).toContain('rotation complete, the previous key no longer works.')
  expect(complete.stdout).toContain('rotation complete')
  ;[issue] = github.list()
  expect(issue?.state).toBe('closed')
  // The audits asked only GET /v1/account with the previous key, and (the signing secret being
  // new) GET /v1/events with the current one: never a body, nothing else.
  const audits = providers.requests.slice(synced)
  expect(audits.filter((r) => r.path === '/v1/account')).toHaveLength(4)
  for (const r of audits) {
    expect([r.method, r.body]).toEqual(['GET', ''])
    const key = r.path === '/v1/account' ? KEY : ROTATED
    expect(r.headers.authorization).toBe(`Bearer ${key}`)
    if (r.path !== '/v1/account') expect(r.path).toMatch(/^\/v1\/events\?/)
  }
})

test('after a new signing secret, the audit says how many deliveries Stripe reports failed since', async () => {
  expect((await sync()).code).toBe(0)
  providers.seedKey(KEY, { state: 'alive', account: 'acct_1Dev', failedEvents: 2 })
  const run = await audit()
  expect(run.code).toBe(0)
  expectNothingLeaked(run, CANARY)
  expect(run.warnings.join('\n')).toMatch(
    new RegExp(
      `${NAMES.webhook} was written on .*, and Stripe reports 2 event deliveries that failed since`
    )
  )
})

test('probe: off checks no rotation, and reads no value', async () => {
  expect((await sync()).code).toBe(0)
  expect((await sync({ STRIPE_SECRET_KEY_DEV: ROTATED })).code).toBe(0)
  providers.reset()
  backend.standin?.resetCalls()
  const run = await runAction({ environment: 'dev', mode: 'audit', probe: 'off' }, env())
  expect(run.code).toBe(0)
  // The only warning left is the staleness check's "skipped: no token", said once.
  expect(run.warnings).toEqual([expect.stringContaining('GitHub edits were not checked')])
  expect(providers.calls()).toBe(0)
  expect(backend.standin?.calls().GetSecretValue ?? 0).toBe(0)
})

test('an audit role that may not read values: said once in the summary, the audit still passes', async () => {
  expect((await sync()).code).toBe(0)
  expect((await sync({ STRIPE_SECRET_KEY_DEV: ROTATED })).code).toBe(0)
  backend.standin?.addFault({ operation: 'GetSecretValue', kind: 'accessDenied', times: 5 })
  const run = await audit()
  expect(run.code).toBe(0)
  expectNothingLeaked(run, CANARY)
  const said = run.summary.split('\n').filter((l) => l.includes('Rotation not checked'))
  expect(said).toEqual([
    "- Rotation not checked: this audit's role may not read the secrets' values (secretsmanager:GetSecretValue), so the previous Stripe key could not be probed. Give the scheduled check a role that may read them (the template's probe role), or run the CLI's probe command. ([how to fix](https://github.com/course-impressionnistes/registration/blob/a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2/docs/troubleshooting.md#rotation-not-checked-a-role-that-may-not-read-values))"
  ])
  expect(github.list()).toEqual([])
})
