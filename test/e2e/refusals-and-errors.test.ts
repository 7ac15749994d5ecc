/**
 * End to end, failure paths that need the stand-in's switches: refusals found while reading,
 * AWS errors while writing, a lost response, missing credentials, a catalogue file. Every run
 * is also searched for the canaries.
 */
import { describe, expect, test } from '@jest/globals'
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  RotateSecretCommand
} from '@aws-sdk/client-secrets-manager'
import { inspect, secretNames } from './harness.js'
import { environmentsFile, runAction, runnerEnv, type ActionRun } from '../../standin/runner.js'
import { useBackend } from './backends.js'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expectNothingLeaked } from './expect-no-leak.js'
import { ALL, CANARY, NAMES, SOURCES, secretsInput } from './fixtures.js'

const backend = useBackend()
const standin = () => backend.standin!
const act = (inputs: Record<string, string> = {}, extra: Record<string, string> = {}) =>
  runAction(
    { environment: 'dev', secrets: secretsInput(), ...inputs },
    runnerEnv(backend.url, { RUNNER_DEBUG: '1', ...extra })
  )
const writes = () => {
  const c = standin().calls()
  return (c.CreateSecret ?? 0) + (c.PutSecretValue ?? 0) + (c.TagResource ?? 0)
}
const noLeak = (run: ActionRun) => expectNothingLeaked(run, CANARY)

describe('refusals stop the whole run before its first write', () => {
  test('a secret scheduled for deletion: says how to restore it, writes nothing', async () => {
    await backend.sm.send(
      new CreateSecretCommand({
        Name: NAMES.webhook,
        SecretString: '{"webhook_secret":"whsec_CANARYold"}'
      })
    )
    await backend.sm.send(
      new DeleteSecretCommand({ SecretId: NAMES.webhook, RecoveryWindowInDays: 7 })
    )
    standin().resetCalls()
    const run = await act()
    expect(run.code).toBe(1)
    expect(run.errors.join('\n')).toContain(`${NAMES.webhook} is scheduled for deletion`)
    expect(run.errors.join('\n')).toContain(
      `aws secretsmanager restore-secret --secret-id ${NAMES.webhook}`
    )
    expect(writes()).toBe(0)
    expect(await secretNames(backend.sm)).toEqual([NAMES.webhook])
    noLeak(run)
  })

  test('a secret with rotation on: explains why we leave it alone, writes nothing', async () => {
    await backend.sm.send(
      new CreateSecretCommand({
        Name: NAMES.api,
        SecretString: '{"api_key":"sk_test_CANARYrotated0001"}'
      })
    )
    await backend.sm.send(
      new RotateSecretCommand({
        SecretId: NAMES.api,
        RotationLambdaARN: 'arn:aws:lambda:eu-west-3:123456789012:function:rotate',
        RotationRules: { AutomaticallyAfterDays: 30 }
      })
    )
    standin().resetCalls()
    const run = await act()
    expect(run.code).toBe(1)
    expect(run.errors.join('\n')).toContain('has automatic rotation turned on')
    expect(run.errors.join('\n')).toContain('cancel-rotate-secret')
    expect(writes()).toBe(0)
    noLeak(run)
  })

  test('after a refusal, a sync reports nothing as written: refused and held-back rows, empty outputs', async () => {
    await backend.sm.send(
      new CreateSecretCommand({ Name: NAMES.admin, SecretString: '"just a JSON string, CANARY"' })
    )
    const run = await act()
    expect(run.code).toBe(1)
    expect(run.outputs.created).toBe('[]')
    expect(run.outputs.updated).toBe('[]')
    expect(run.outputs.changed).toBe('false')
    const result = JSON.parse(run.outputs.result ?? '[]') as { name: string; action: string }[]
    expect(result.filter((r) => r.action === 'skipped')).toHaveLength(3)
    expect(result.filter((r) => r.action === 'refused')).toEqual([
      { name: NAMES.admin, action: 'refused', versionId: null }
    ])
    expect(run.summary).toContain(`| \`${NAMES.admin}\` | ⛔ refused |`)
    expect(run.summary).toContain('⏸️ not written')
    expect(await secretNames(backend.sm)).toEqual([NAMES.admin])
    noLeak(run)
  })

  test('a secret that is not a JSON object is not overwritten', async () => {
    await backend.sm.send(
      new CreateSecretCommand({
        Name: NAMES.admin,
        SecretString: 'https://hooks.slack.com/services/T/B/CANARYplain'
      })
    )
    const run = await act()
    expect(run.code).toBe(1)
    expect(run.errors.join('\n')).toContain(
      `${NAMES.admin} holds a value that is not a JSON object`
    )
    expect(await secretNames(backend.sm)).toEqual([NAMES.admin])
    expect(
      (await inspect(backend.sm, NAMES.admin).catch(() => ({ value: 'unparsable' }))).value
    ).toBeDefined()
    noLeak(run)
  })
})

describe('masking what is read from AWS', () => {
  test('the old value of our field is masked; other fields, often plain settings, are not', async () => {
    const old = 'https://hooks.slack.com/services/T0/B0/oldCANARYhook1'
    await backend.sm.send(
      new CreateSecretCommand({
        Name: NAMES.admin,
        SecretString: JSON.stringify({
          webhook_url: old,
          region: 'eu-west-3',
          owner: 'impressionnistes'
        }),
        // Ours already: one made outside this tool needs a confirmed account (ownership.test.ts).
        Tags: [
          { Key: 'managed-by', Value: 'impressionnistes-secrets' },
          { Key: 'environment', Value: 'dev' }
        ]
      })
    )
    const run = await act()
    expect(run.code).toBe(0)
    const masks = run.stdout.split('\n').filter((l) => l.startsWith('::add-mask::'))
    expect(masks).toContain(`::add-mask::${old}`)
    expect(masks).not.toContain('::add-mask::eu-west-3')
    expect(masks).not.toContain('::add-mask::impressionnistes')
    expect(run.stdout).toContain('sync dev (impressionnistes/*, eu-west-3, account 123456789012)')
    expect((await inspect(backend.sm, NAMES.admin)).json).toEqual({
      webhook_url: SOURCES.SLACK_WEBHOOK_ADMIN,
      region: 'eu-west-3',
      owner: 'impressionnistes'
    })
    noLeak(run)
  })
})

describe('AWS errors', () => {
  test('access denied on one write: the others land, each result is reported, a rerun converges', async () => {
    standin().addFault({ operation: 'CreateSecret', nth: 2, kind: 'accessDenied' })
    const run = await act()
    expect(run.code).toBe(1)
    const result = JSON.parse(run.outputs.result ?? '[]') as { name: string; action: string }[]
    expect(result.filter((r) => r.action === 'created')).toHaveLength(3)
    const failed = result.filter((r) => r.action === 'failed')
    expect(failed).toEqual([{ name: failed[0]?.name, action: 'failed', versionId: null }])
    const errors = run.errors.join('\n')
    expect(errors).toContain(`AWS denied secretsmanager:CreateSecret on ${failed[0]?.name}`)
    expect(errors).toContain(
      "The deploy role's policy must allow secretsmanager:CreateSecret on arn:aws:secretsmanager:eu-west-3:123456789012:secret:impressionnistes/*"
    )
    expect(errors).toContain('1 write(s) failed')
    expect(run.summary).toContain('❌ failed')
    noLeak(run)

    const rerun = await act()
    expect(rerun.code).toBe(0)
    expect(rerun.outputs.created).toBe(JSON.stringify([failed[0]?.name]))
    expect(await secretNames(backend.sm)).toEqual(ALL)
  })

  test('access denied while reading names the API action and stops before any write', async () => {
    standin().addFault({ operation: 'DescribeSecret', kind: 'accessDenied', times: 4 })
    const run = await act()
    expect(run.code).toBe(1)
    // Every denied call is reported, not only the first.
    const denied = run.errors.filter((e) =>
      e.includes('AWS denied secretsmanager:DescribeSecret on')
    )
    expect(denied).toHaveLength(4)
    expect(writes()).toBe(0)
  })

  test('a write whose response is lost is retried with the same token: one version, not two', async () => {
    expect((await act()).code).toBe(0)
    standin().addFault({ operation: 'PutSecretValue', kind: 'internal', applyBeforeEffect: false })
    const rotated = 'sk_test_CANARYafterLostReply1'
    const run = await act({ secrets: secretsInput({ STRIPE_SECRET_KEY_DEV: rotated }) })
    expect(run.code).toBe(0)
    expect(standin().calls().PutSecretValue).toBe(2)
    const api = await inspect(backend.sm, NAMES.api)
    expect(api.json).toEqual({ api_key: rotated })
    expect(api.versions).toBe(2)
    noLeak(run)
  })

  test('writing A, then B, then A again within one run and attempt: the last write lands', async () => {
    const sameRun = { GITHUB_RUN_ID: '4242', GITHUB_RUN_ATTEMPT: '1' }
    const b = 'sk_test_CANARYvalueBvalueB01'
    expect((await act({}, sameRun)).code).toBe(0)
    expect((await act({ secrets: secretsInput({ STRIPE_SECRET_KEY_DEV: b }) }, sameRun)).code).toBe(
      0
    )
    const back = await act({}, sameRun)
    expect(back.code).toBe(0)
    expect(back.outputs.updated).toBe(JSON.stringify([NAMES.api]))
    const api = await inspect(backend.sm, NAMES.api)
    expect(api.json).toEqual({ api_key: SOURCES.STRIPE_SECRET_KEY_DEV })
    expect(api.versions).toBe(3)
    expect((await act({ mode: 'verify' }, sameRun)).code).toBe(0)
  })

  test('a later run writing an older value back still makes a new version', async () => {
    expect((await act()).code).toBe(0)
    expect(
      (
        await act({
          secrets: secretsInput({ STRIPE_SECRET_KEY_DEV: 'sk_test_CANARYsecondValue01' })
        })
      ).code
    ).toBe(0)
    const back = await act()
    expect(back.code).toBe(0)
    expect(back.outputs.updated).toBe(JSON.stringify([NAMES.api]))
    const api = await inspect(backend.sm, NAMES.api)
    expect(api.json).toEqual({ api_key: SOURCES.STRIPE_SECRET_KEY_DEV })
    expect(api.versions).toBe(3)
  })
})

describe('credentials', () => {
  const noCredentials = { AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' }

  test('no credentials in a job without id-token: write says so', async () => {
    const run = await act({}, { ...noCredentials, ACTIONS_ID_TOKEN_REQUEST_URL: '' })
    expect(run.code).toBe(1)
    const errors = run.errors.join('\n')
    expect(errors).toContain('could not find credentials')
    expect(errors).toContain('permissions: id-token: write')
    expect(writes()).toBe(0)
  })

  test('no credentials with id-token available points at configure-aws-credentials', async () => {
    const run = await act({}, noCredentials)
    expect(run.code).toBe(1)
    expect(run.errors.join('\n')).toContain(
      'Run aws-actions/configure-aws-credentials with `role-to-assume` before this step'
    )
    expect(run.errors.join('\n')).not.toContain('id-token: write')
  })
})

describe('inputs and catalogue', () => {
  test('bad inputs are reported together before anything is read', async () => {
    const run = await act({
      mode: 'apply',
      region: 'Paris',
      'expected-account-id': '12345',
      tags: 'nokey'
    })
    expect(run.code).toBe(1)
    const errors = run.errors.join('\n')
    expect(errors).toContain(
      'Input "mode" must be one of sync, plan, verify, rollback, audit; got "apply"'
    )
    expect(errors).toContain('Input "region" is not an AWS region name')
    expect(errors).toContain('Input "expected-account-id" must be a 12-digit AWS account id')
    expect(errors).toContain('Input "tags": tags line 1 must be key=value')
    expect(standin().calls()).toEqual({})
    noLeak(run)
  })

  test('problems with inputs and with sources are reported together', async () => {
    const run = await act({
      region: 'mars',
      only: 'stripe/apikey, slack/admin_webhook',
      secrets: secretsInput({ SLACK_WEBHOOK_ADMIN: '' })
    })
    expect(run.code).toBe(1)
    const errors = run.errors.join('\n')
    expect(errors).toContain('Input "region" is not an AWS region name: "mars"')
    expect(errors).toContain('"only" names "stripe/apikey"')
    expect(errors).toContain('SLACK_WEBHOOK_ADMIN is empty')
    expect(errors).toContain('Stopped before any write: 3 problem(s)')
    expect(run.outputs.changed).toBe('false')
    expect(run.summary).toContain('stopped before any write')
    expect(standin().calls()).toEqual({})
  })

  test('secrets that look like ordinary words do not corrupt the outputs', async () => {
    const run = await act({
      secrets: secretsInput({ FEATURE_FLAG: 'true', SITE_NAME: 'impressionnistes' })
    })
    expect(run.code).toBe(0)
    expect(run.outputs.changed).toBe('true')
    expect(JSON.parse(run.outputs.created ?? '[]')).toContain(NAMES.api)
    expect(JSON.parse(run.outputs.result ?? '[]')).toHaveLength(4)
  })

  test('an unknown environment or only target lists what exists', async () => {
    const run = await act({ environment: 'staging', only: 'stripe/apikey' })
    expect(run.code).toBe(1)
    expect(run.errors.join('\n')).toContain(
      'environment "staging" is not in the catalogue; use one of: dev, prod'
    )
    expect(run.errors.join('\n')).toContain('known targets: stripe/api_key, stripe/webhook_secret')
    expect(standin().calls()).toEqual({})
  })

  test('a catalogue file adds a fifth secret and a third environment; prefix, tags and KMS key apply', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'imp-cat-'))
    const file = join(dir, 'catalogue.json')
    writeFileSync(
      file,
      JSON.stringify({
        environments: ['dev', 'staging', 'prod'],
        secrets: [
          {
            target: 'mail/smtp',
            field: 'password',
            source: { dev: 'smtp_dev', staging: 'smtp_staging', prod: 'smtp_prod' }
          },
          {
            target: 'stripe/api_key',
            field: 'api_key',
            source: { dev: 'k_dev', staging: 'stripe_secret_key_dev', prod: 'k_prod' },
            rule: { dev: 'stripe-test-key', staging: 'stripe-test-key', prod: 'stripe-live-key' }
          }
        ]
      })
    )
    const run = await act({
      environment: 'staging',
      catalogue: file,
      // The third environment is pinned too.
      environments: environmentsFile({ dev: {}, staging: {}, prod: {} }),
      prefix: 'acme',
      tags: 'team=registration',
      'kms-key-id': 'alias/acme-secrets',
      secrets: secretsInput({ SMTP_STAGING: 'smtp-CANARY-password' })
    })
    expect(run.code).toBe(0)
    expect(JSON.parse(run.outputs.created ?? '[]')).toEqual([
      'acme/mail/smtp',
      'acme/stripe/api_key'
    ])
    expect((await inspect(backend.sm, 'acme/mail/smtp')).json).toEqual({
      password: 'smtp-CANARY-password'
    })
    const stored = standin().secret('acme/mail/smtp')
    expect(stored?.tags).toMatchObject({ team: 'registration', environment: 'staging' })
    expect(stored?.kmsKeyId).toBe('alias/acme-secrets')
    noLeak(run)
  })

  test('a catalogue file that is not valid is reported without touching AWS', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'imp-cat-'))
    const file = join(dir, 'catalogue.json')
    writeFileSync(
      file,
      JSON.stringify({
        environments: ['dev'],
        secrets: [{ target: 'a', field: 'f', source: 'x', rule: 'stripe' }]
      })
    )
    const run = await act({ catalogue: file })
    expect(run.code).toBe(1)
    expect(run.errors.join('\n')).toContain('secrets.0.rule')
    expect(standin().calls()).toEqual({})
  })
})
