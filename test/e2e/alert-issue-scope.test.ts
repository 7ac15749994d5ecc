/**
 * Which run may close an alert issue, end to end through the action's bundle against the
 * stand-in and moto (and GitHub's API stand-in): only a clean run of the same check of the same
 * environment. A clean audit leaves a failing verify's issue open; a verify that fails without
 * drift (a refusal) updates the issue, never closes it; an issue of the old kind (one per check)
 * is still found by its title, and closed by its own check only.
 */
import { afterAll, beforeAll, beforeEach, expect, test } from '@jest/globals'
import { TagResourceCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { GitHubStandin } from '../../standin/github.js'
import { runAction, runnerEnv } from '../../standin/runner.js'
import { describeEachBackend } from './backends.js'
import { NAMES, secretsInput } from './fixtures.js'

const TOKEN = 'ghs_standinWriteToken000000000000000000'
const LABEL = 'impressionnistes-secrets'
/** A valid dev key GitHub holds after a rotation nobody synced: verify fails, audit does not. */
const ROTATED = { STRIPE_SECRET_KEY_DEV: 'sk_test_CANARYrotatedNotSynced1' }

describeEachBackend('which run closes the alert issue, against %s', (backend) => {
  let sm: SecretsManagerClient
  let github: GitHubStandin
  const run = (inputs: Record<string, string>, over: Record<string, unknown> = {}) =>
    runAction(
      { environment: 'dev', secrets: secretsInput(over), ...inputs },
      runnerEnv(backend.url, { GITHUB_API_URL: github.url })
    )
  const check = (mode: 'audit' | 'verify', over: Record<string, unknown> = {}) =>
    run({ mode, 'alert-issue': 'true', 'github-token': TOKEN }, over)
  const states = () => github.list().map((i) => [i.title, i.state])

  beforeAll(async () => {
    sm = backend.sm
    github = await GitHubStandin.start()
  }, 30_000)
  afterAll(async () => {
    await github?.stop()
  })
  beforeEach(async () => {
    github.reset()
    github.allow(TOKEN, 'write')
    expect((await run({})).code).toBe(0)
  })

  test('a clean audit leaves a failing verify’s issue open', async () => {
    expect((await check('verify', ROTATED)).code).toBe(1)
    const audit = await check('audit')
    expect(audit.code).toBe(0)
    expect(audit.stdout).not.toContain('Closed alert issue')
    expect(states()).toEqual([['impressionnistes-secrets: dev: verify failing', 'open']])
    // Its own clean run closes it.
    expect((await check('verify')).code).toBe(0)
    expect(states()).toEqual([['impressionnistes-secrets: dev: verify failing', 'closed']])
  })

  test('a verify that fails without drift updates the issue, never closes it', async () => {
    expect((await check('verify', ROTATED)).code).toBe(1)
    // The secret now reads as another environment's: a refusal, not a difference.
    await sm.send(
      new TagResourceCommand({ SecretId: NAMES.api, Tags: [{ Key: 'environment', Value: 'prod' }] })
    )
    const refused = await check('verify')
    expect(refused.code).toBe(1)
    expect(refused.stdout).toContain('Updated alert issue #1.')
    const [issue] = github.list()
    expect(issue?.state).toBe('open')
    expect(issue?.body).toContain('was written for environment "prod"')
  })

  test('an issue of the old kind (one per check) is found by its title, and closed by its own check only', async () => {
    const legacy = (mode: string) => ({
      title: `impressionnistes-secrets: the ${mode} of dev is failing`,
      body: '<!-- impressionnistes-secrets alert: environment=dev -->\nfailing',
      state: 'open' as const,
      state_reason: null,
      labels: [LABEL]
    })
    github.seed(legacy('verify'))
    github.seed(legacy('audit'))
    expect((await check('audit')).code).toBe(0)
    expect(states()).toEqual([
      ['impressionnistes-secrets: the verify of dev is failing', 'open'],
      ['impressionnistes-secrets: the audit of dev is failing', 'closed']
    ])
    expect((await check('verify', ROTATED)).stdout).toContain('Updated alert issue #1.')
    expect(github.list()).toHaveLength(2)
  })
})
