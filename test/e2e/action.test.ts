/**
 * End to end: the committed dist/index.js on Node 24, run as a runner runs it, against the
 * Secrets Manager stand-in and moto's server (see backends.ts). State is checked through the
 * real SDK, as a Lambda would read it.
 */
import { expect, test } from '@jest/globals'
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  PutSecretValueCommand
} from '@aws-sdk/client-secrets-manager'
import { inspect, secretNames } from './harness.js'
import { rmSync } from 'node:fs'
import { dirname } from 'node:path'
import { environmentsFile, runAction, runnerEnv, type ActionRun } from '../../standin/runner.js'
import { describeEachBackend } from './backends.js'
import { expectNothingLeaked } from './expect-no-leak.js'
import { ALL, CANARY, NAMES, SOURCES, secretsInput } from './fixtures.js'

const noLeak = (run: ActionRun) => expectNothingLeaked(run, CANARY)

describeEachBackend('action against %s', (backend) => {
  const act = (inputs: Record<string, string>, extra: Record<string, string> = {}) =>
    runAction(
      { environment: 'dev', secrets: secretsInput(), ...inputs },
      runnerEnv(backend.url, { RUNNER_DEBUG: '1', ...extra })
    )

  test('fresh create: the four secrets hold exactly today’s JSON shapes, tagged with who wrote them', async () => {
    const run = await act({})
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(JSON.parse(run.outputs.created ?? '[]').sort()).toEqual(ALL)
    expect(run.outputs.updated).toBe('[]')
    expect(run.outputs.changed).toBe('true')
    expect((await inspect(backend.sm, NAMES.api)).json).toEqual({
      api_key: SOURCES.STRIPE_SECRET_KEY_DEV
    })
    expect((await inspect(backend.sm, NAMES.webhook)).json).toEqual({
      webhook_secret: SOURCES.STRIPE_WEBHOOK_SECRET_DEV
    })
    expect((await inspect(backend.sm, NAMES.admin)).json).toEqual({
      webhook_url: SOURCES.SLACK_WEBHOOK_ADMIN
    })
    expect((await inspect(backend.sm, NAMES.devops)).json).toEqual({
      webhook_url: SOURCES.SLACK_WEBHOOK_DEVOPS
    })
    const described = await backend.sm.send(new DescribeSecretCommand({ SecretId: NAMES.api }))
    const tags = Object.fromEntries((described.Tags ?? []).map((t) => [t.Key, t.Value]))
    expect(tags).toMatchObject({
      'managed-by': 'impressionnistes-secrets',
      environment: 'dev',
      repository: 'course-impressionnistes/registration',
      commit: 'a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2',
      'run-url': expect.stringMatching(
        /^https:\/\/github\.com\/course-impressionnistes\/registration\/actions\/runs\/\d+$/
      )
    })
    expect(described.Description).toContain('STRIPE_SECRET_KEY_DEV')
    expect(run.summary).toContain('| `impressionnistes/stripe/api_key` | 🆕 created | api_key |')
    expect(run.summary).toContain('4 secret(s) × $0.40/month ≈ **$1.60/month**')
    const result = JSON.parse(run.outputs.result ?? '[]') as {
      name: string
      action: string
      versionId: string
    }[]
    expect(result.map((r) => r.action)).toEqual(['created', 'created', 'created', 'created'])
    expect(result[0]?.versionId).toBe((await inspect(backend.sm, NAMES.api)).versionId)
    noLeak(run)
  })

  test('a rerun writes nothing and adds no version', async () => {
    expect((await act({})).code).toBe(0)
    const before = await inspect(backend.sm, NAMES.api)
    backend.standin?.resetCalls()
    const run = await act({})
    // Whose credentials (against the pin), then the state of four secrets: four DescribeSecret,
    // one BatchGetSecretValue.
    if (backend.standin)
      expect(backend.standin.calls()).toEqual({
        'sts:GetCallerIdentity': 1,
        DescribeSecret: 4,
        BatchGetSecretValue: 1
      })
    expect(run.code).toBe(0)
    expect(run.outputs.changed).toBe('false')
    expect(JSON.parse(run.outputs.unchanged ?? '[]').sort()).toEqual(ALL)
    const after = await inspect(backend.sm, NAMES.api)
    expect(after.versions).toBe(before.versions)
    expect(after.versionId).toBe(before.versionId)
    noLeak(run)
  })

  test('rotating one secret gives it one new version; AWSPREVIOUS holds the old value', async () => {
    expect((await act({})).code).toBe(0)
    const rotated = 'sk_test_CANARYrotatedKey0002'
    const run = await act(
      { secrets: secretsInput({ STRIPE_SECRET_KEY_DEV: rotated }) },
      { GITHUB_SHA: 'f'.repeat(40) }
    )
    expect(run.code).toBe(0)
    const tags =
      (await backend.sm.send(new DescribeSecretCommand({ SecretId: NAMES.api }))).Tags ?? []
    expect(tags.find((t) => t.Key === 'commit')?.Value).toBe('f'.repeat(40))
    expect(tags.find((t) => t.Key === 'managed-by')?.Value).toBe('impressionnistes-secrets')
    expect(run.outputs.updated).toBe(JSON.stringify([NAMES.api]))
    expect(JSON.parse(run.outputs.unchanged ?? '[]')).toHaveLength(3)
    const api = await inspect(backend.sm, NAMES.api)
    expect(api.json).toEqual({ api_key: rotated })
    expect(api.versions).toBe(2)
    expect(JSON.parse(api.previous ?? '{}')).toEqual({ api_key: SOURCES.STRIPE_SECRET_KEY_DEV })
    expect((await inspect(backend.sm, NAMES.admin)).versions).toBe(1)
    expect(run.summary).toContain('| `impressionnistes/stripe/api_key` | 🔄 updated | api_key |')
    noLeak(run)
  })

  test('fields another tool keeps in the same secret are preserved', async () => {
    await backend.sm.send(
      new CreateSecretCommand({
        Name: NAMES.api,
        SecretString: JSON.stringify({
          api_key: 'sk_test_CANARYold000000001',
          account: 'acct_CANARY1'
        })
      })
    )
    // Made outside this tool: adopted only in a confirmed account (ownership.test.ts).
    const run = await act({ 'expected-account-id': '123456789012' })
    expect(run.code).toBe(0)
    expect((await inspect(backend.sm, NAMES.api)).json).toEqual({
      api_key: SOURCES.STRIPE_SECRET_KEY_DEV,
      account: 'acct_CANARY1'
    })
    noLeak(run)
  })

  test('secrets the CDK stack made are adopted: tagged as ours, without a new version', async () => {
    // As SecretsStack left them: the right names and values, none of our tags.
    await backend.sm.send(
      new CreateSecretCommand({
        Name: NAMES.api,
        SecretString: JSON.stringify({ api_key: SOURCES.STRIPE_SECRET_KEY_DEV })
      })
    )
    await backend.sm.send(
      new CreateSecretCommand({
        Name: NAMES.webhook,
        SecretString: JSON.stringify({ webhook_secret: 'whsec_CANARYfromCdkStack01' })
      })
    )
    const run = await act({ 'expected-account-id': '123456789012' })
    expect(run.code).toBe(0)
    noLeak(run)
    const rows = Object.fromEntries(
      (JSON.parse(run.outputs.result ?? '[]') as { name: string; action: string }[]).map((r) => [
        r.name,
        r.action
      ])
    )
    expect([rows[NAMES.api], rows[NAMES.webhook]]).toEqual(['unchanged', 'updated'])
    expect(run.warnings.join('\n')).toContain(`${NAMES.api} existed without this tool's tags`)
    for (const [name, versions] of [
      [NAMES.api, 1],
      [NAMES.webhook, 2]
    ] as const) {
      const described = await backend.sm.send(new DescribeSecretCommand({ SecretId: name }))
      const tags = Object.fromEntries((described.Tags ?? []).map((t) => [t.Key, t.Value]))
      expect(tags).toMatchObject({ 'managed-by': 'impressionnistes-secrets', environment: 'dev' })
      expect((await inspect(backend.sm, name)).versions).toBe(versions)
    }
    // Adopted once: the next run has nothing to do.
    backend.standin?.resetCalls()
    const again = await act({})
    expect(again.warnings.join('\n')).not.toContain('existed without')
    if (backend.standin) expect(backend.standin.calls().TagResource ?? 0).toBe(0)
  })

  test('bad input writes nothing and names every GitHub secret to fix', async () => {
    backend.standin?.resetCalls()
    const run = await act({
      secrets: secretsInput({
        STRIPE_SECRET_KEY_DEV: 'sk_live_CANARYliveKeyInDev1',
        SLACK_WEBHOOK_ADMIN: undefined,
        STRIPE_WEBHOOK_SECRET_DEV: 'sk_test_CANARYwrongSlot0001'
      })
    })
    expect(run.code).toBe(1)
    const errors = run.errors.join('\n')
    expect(errors).toContain('STRIPE_SECRET_KEY_DEV is a LIVE-mode Stripe key')
    expect(errors).toContain('STRIPE_WEBHOOK_SECRET_DEV looks like a Stripe API key')
    expect(errors).toContain('SLACK_WEBHOOK_ADMIN is missing')
    expect(errors).toContain('Stopped before any write: 3 problem(s)')
    if (backend.standin) expect(backend.standin.calls()).toEqual({})
    expect(await secretNames(backend.sm)).toEqual([])
    noLeak(run)
  })

  test('a secrets input that is not a JSON object is refused without echoing it', async () => {
    const run = await act({ secrets: '{"STRIPE_SECRET_KEY_DEV": sk_test_CANARYbrokenJson01' })
    expect(run.code).toBe(1)
    expect(run.errors.join('\n')).toContain('The `secrets` input is not valid JSON')
    expect(await secretNames(backend.sm)).toEqual([])
    noLeak(run)
  })

  test('plan reports what sync would do and writes nothing', async () => {
    const run = await act({ mode: 'plan' })
    expect(run.code).toBe(0)
    expect(JSON.parse(run.outputs.created ?? '[]').sort()).toEqual(ALL)
    expect(run.outputs.changed).toBe('true')
    expect(run.summary).toContain('🆕 would create')
    expect(run.summary).toContain('nothing written')
    expect(await secretNames(backend.sm)).toEqual([])
    noLeak(run)
  })

  test('verify passes when in sync and fails naming the drifted secret, writing nothing', async () => {
    expect((await act({})).code).toBe(0)
    const clean = await act({ mode: 'verify' })
    expect(clean.code).toBe(0)
    expect(clean.summary).toContain('match the sources')
    await backend.sm.send(
      new PutSecretValueCommand({
        SecretId: NAMES.admin,
        SecretString: '{"webhook_url":"https://hooks.slack.com/services/T1/B1/CANARYbyHand"}'
      })
    )
    const drifted = await act({ mode: 'verify' })
    expect(drifted.code).toBe(1)
    expect(drifted.errors.join('\n')).toContain(
      `title=Secrets Manager differs from GitHub::${NAMES.admin} differs from SLACK_WEBHOOK_ADMIN (field webhook_url)`
    )
    expect(drifted.errors.join('\n')).toContain(`Drift: ${NAMES.admin}`)
    expect(drifted.summary).toContain('⚠️ drift')
    expect((await inspect(backend.sm, NAMES.admin)).json.webhook_url).toContain('CANARYbyHand')
    noLeak(clean)
    noLeak(drifted)
  })

  test('only touches the named targets', async () => {
    const run = await act({ only: 'stripe/api_key' })
    expect(run.code).toBe(0)
    expect(run.outputs.created).toBe(JSON.stringify([NAMES.api]))
    expect(await secretNames(backend.sm)).toEqual([NAMES.api])
  })

  test('credentials of another account than the pin: stops before any read or write', async () => {
    backend.standin?.resetCalls()
    const environments = environmentsFile({ dev: { account: '999999999999' } })
    const run = await act({ environments })
    expect(run.code).toBe(1)
    expect(run.errors.join('\n')).toContain(
      `The AWS credentials are for account 123456789012, but the environments file ${environments} pins dev to account 999999999999`
    )
    if (backend.standin) expect(backend.standin.calls()).toEqual({ 'sts:GetCallerIdentity': 1 })
    expect(await secretNames(backend.sm)).toEqual([])
    rmSync(dirname(dirname(environments)), { recursive: true, force: true })
  })

  test('an expected-account-id other than the pin’s is refused before any AWS call', async () => {
    backend.standin?.resetCalls()
    const run = await act({ 'expected-account-id': '999999999999' })
    expect(run.code).toBe(1)
    expect(run.errors.join('\n')).toContain(
      'The account to confirm (input expected-account-id 999999999999) differs from the account the environments file'
    )
    expect(run.errors.join('\n')).toContain('pins for dev (123456789012, line 2)')
    if (backend.standin) expect(backend.standin.calls()).toEqual({})
    expect(await secretNames(backend.sm)).toEqual([])
    const right = await act({ 'expected-account-id': '123456789012' })
    expect(right.code).toBe(0)
  })

  test('prod takes the prod values; a test key in prod is refused', async () => {
    const run = await act({ environment: 'prod' })
    expect(run.code).toBe(0)
    expect((await inspect(backend.sm, NAMES.api)).json).toEqual({
      api_key: SOURCES.STRIPE_SECRET_KEY_PROD
    })
    const bad = await act({
      environment: 'prod',
      secrets: secretsInput({ STRIPE_SECRET_KEY_PROD: 'sk_test_CANARYtestInProd01' })
    })
    expect(bad.code).toBe(1)
    expect(bad.errors.join('\n')).toContain('STRIPE_SECRET_KEY_PROD is a test-mode Stripe key')
    noLeak(bad)
  })
})
