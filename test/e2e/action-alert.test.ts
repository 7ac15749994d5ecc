/**
 * Alerts that are not lost: `alert-issue: true` keeps one GitHub issue per environment open while
 * a check fails, and closes it on the first clean run. The committed bundle, with Octokit pointed
 * (GITHUB_API_URL) at a GitHub API stand-in on 127.0.0.1 and Secrets Manager at ours.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals'
import { PutSecretValueCommand } from '@aws-sdk/client-secrets-manager'
import { runAction, runnerEnv, type ActionRun } from '../../standin/runner.js'
import { useBackend } from './backends.js'
import { GitHubStandin } from '../../standin/github.js'
import { expectNothingLeaked } from './expect-no-leak.js'
import { CANARY, NAMES, SOURCES, secretsInput } from './fixtures.js'

const TOKEN = 'ghs_standinWriteToken000000000000000000'
const READ_ONLY = 'ghs_standinReadOnlyToken0000000000000000'
const LABEL = 'impressionnistes-secrets'

const backend = useBackend()
let github: GitHubStandin

const env = (extra: Record<string, string> = {}) =>
  runnerEnv(backend.url, { GITHUB_API_URL: github.url, ...extra })
const sync = (over: Record<string, unknown> = {}) =>
  runAction({ environment: 'dev', secrets: secretsInput(over) }, env())
const check = (mode: 'audit' | 'verify', environment = 'dev', extra: Record<string, string> = {}) =>
  runAction(
    {
      environment,
      mode,
      'alert-issue': 'true',
      'github-token': TOKEN,
      ...(mode === 'verify' ? { secrets: secretsInput() } : {}),
      ...extra
    },
    env()
  )
/** Someone changes the Stripe key by hand: audit and verify both fail on it. */
const editByHand = () =>
  backend.sm.send(
    new PutSecretValueCommand({
      SecretId: NAMES.api,
      SecretString: '{"api_key":"sk_test_CANARYeditedByHand01"}'
    })
  )
/** No value in the issue either: every title and body the stand-in holds. */
const expectNoLeakInIssues = () => {
  const text = github
    .list()
    .map((i) => `${i.title}\n${i.body}`)
    .join('\n')
  expect(text).not.toContain(CANARY)
  for (const value of Object.values(SOURCES)) expect(text).not.toContain(value)
  for (const call of github.calls()) expect(JSON.stringify(call)).not.toContain(CANARY)
}
const alertWarnings = (run: ActionRun) => run.warnings.filter((w) => w.includes('Alert issue'))

beforeAll(async () => {
  github = await GitHubStandin.start()
})
afterAll(async () => {
  await github.stop()
})
beforeEach(() => {
  github.reset()
  github.allow(TOKEN, 'write')
  github.allow(READ_ONLY, 'read')
})

describe('one issue per environment, open while the check fails', () => {
  test('audit fails: one issue opened, then updated (not duplicated), then closed by a clean run', async () => {
    expect((await sync()).code).toBe(0)
    await editByHand()

    const first = await check('audit')
    expect(first.code).toBe(1)
    expectNothingLeaked(first, CANARY)
    expect(first.stdout).toContain('Opened alert issue #1.')
    let [issue] = github.list()
    expect(github.list()).toHaveLength(1)
    expect(issue?.state).toBe('open')
    expect(issue?.labels).toEqual([LABEL])
    expect(issue?.title).toBe('impressionnistes-secrets: dev: audit failing')
    expect(issue?.body).toContain('<!-- impressionnistes-secrets alert: environment=dev -->')
    expect(issue?.body).toContain('### The audit of dev is failing, since ')
    expect(issue?.body).toContain(`- \`${NAMES.api}\`: ⚠️ changed outside`)
    expect(issue?.body).toContain(`${NAMES.api}: its current version (`)
    expect(issue?.body).toContain('/actions/runs/')

    // Still failing, and worse: the same issue, its body replaced.
    await backend.sm.send(
      new PutSecretValueCommand({
        SecretId: NAMES.webhook,
        SecretString: '{"webhook_secret":"whsec_CANARYeditedByHand1"}'
      })
    )
    const second = await check('audit')
    expect(second.code).toBe(1)
    expect(second.stdout).toContain('Updated alert issue #1.')
    ;[issue] = github.list()
    expect(github.list()).toHaveLength(1)
    expect(issue?.body).toContain(`- \`${NAMES.webhook}\`: ⚠️ changed outside`)

    // A sync puts GitHub's values back (and records their versions): the next audit is clean.
    expect((await sync()).code).toBe(0)
    const clean = await check('audit')
    expect(clean.code).toBe(0)
    expect(clean.stdout).toContain('Closed alert issue #1: nothing is failing any more.')
    ;[issue] = github.list()
    expect(issue?.state).toBe('closed')
    expect(issue?.state_reason).toBe('completed')
    expect(issue?.body).toContain('**Resolved:**')

    // Clean again: nothing to close, no call but the look-up.
    const before = github.calls().length
    expect((await check('audit')).code).toBe(0)
    expect(
      github
        .calls()
        .slice(before)
        .map((c) => c.method)
    ).toEqual(['GET'])
    expectNoLeakInIssues()
  })

  test('verify fails: names and reasons in the issue, never a value; each environment has its own', async () => {
    expect((await sync()).code).toBe(0)
    await editByHand()
    const dev = await check('verify')
    expect(dev.code).toBe(1)
    expectNothingLeaked(dev, CANARY)
    const prod = await check('audit', 'prod')
    expect(prod.code).toBe(1) // nothing synced to prod: all missing
    const issues = github.list()
    expect(issues.map((i) => i.title).sort()).toEqual([
      'impressionnistes-secrets: dev: verify failing',
      'impressionnistes-secrets: prod: audit failing'
    ])
    const devIssue = issues.find((i) => i.body.includes('environment=dev'))
    expect(devIssue?.body).toContain(`- \`${NAMES.api}\`: ⚠️ drift`)
    expect(devIssue?.body).toContain(`${NAMES.api} differs from STRIPE_SECRET_KEY_DEV`)
    // A clean dev run closes dev's issue only.
    expect((await sync()).code).toBe(0)
    expect((await check('verify')).code).toBe(0)
    expect(
      github
        .list()
        .map((i) => [i.title, i.state])
        .sort()
    ).toEqual([
      ['impressionnistes-secrets: dev: verify failing', 'closed'],
      ['impressionnistes-secrets: prod: audit failing', 'open']
    ])
    expectNoLeakInIssues()
  })

  test('the issue is found by label and marker: other issues and pull requests are left alone', async () => {
    github.seed({
      title: 'unrelated, same label',
      body: 'no marker',
      state: 'open',
      state_reason: null,
      labels: [LABEL]
    })
    github.seed({
      title: 'a pull request',
      body: '<!-- impressionnistes-secrets alert: environment=dev -->',
      state: 'open',
      state_reason: null,
      labels: [LABEL],
      pull_request: { url: 'https://api.github.com/repos/o/r/pulls/2' }
    })
    const run = await check('audit')
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('Opened alert issue #3.')
    const [unrelated, pr] = github.list()
    expect(unrelated?.body).toBe('no marker')
    expect(pr?.title).toBe('a pull request')
  })
})

describe('GitHub failing never changes the check’s result', () => {
  test('a token without issues: write gets a clear warning; the audit result is unchanged', async () => {
    expect((await sync()).code).toBe(0)
    await editByHand()
    const run = await check('audit', 'dev', { 'github-token': READ_ONLY })
    expect(run.code).toBe(1)
    expect(run.errors.join('\n')).toContain(`${NAMES.api}: its current version`)
    const [warning] = alertWarnings(run)
    expect(warning).toContain('GitHub answered 403')
    expect(warning).toContain('permissions: issues: write')
    expect(warning).toContain('The audit result above stands.')
    expect(warning).not.toContain(READ_ONLY)
    expect(github.list()).toEqual([])
    expect(JSON.parse(run.outputs.result ?? '[]')).toContainEqual(
      expect.objectContaining({ name: NAMES.api, action: 'flagged' })
    )
  })

  test('a clean audit stays green when GitHub cannot be reached or refuses the token', async () => {
    expect((await sync()).code).toBe(0)
    const unreachable = await runAction(
      { environment: 'dev', mode: 'audit', 'alert-issue': 'true', 'github-token': TOKEN },
      runnerEnv(backend.url, { GITHUB_API_URL: 'http://127.0.0.1:9' })
    )
    expect(unreachable.code).toBe(0)
    expect(alertWarnings(unreachable).join('\n')).toContain("GitHub's API could not be reached")
    const refused = await check('audit', 'dev', { 'github-token': 'ghs_unknownToken' })
    expect(refused.code).toBe(0)
    expect(alertWarnings(refused).join('\n')).toContain('GitHub refused the token (401)')
  })

  test('without alert-issue, GitHub is never called', async () => {
    expect((await sync()).code).toBe(0)
    await editByHand()
    const run = await runAction({ environment: 'dev', mode: 'audit', 'github-token': TOKEN }, env())
    expect(run.code).toBe(1)
    expect(github.calls()).toEqual([])
  })
})
