/**
 * The README's rotation runbook, replayed on the stand-in with the committed bundle, the way the
 * deploy workflows run it: roll the key, edit the GitHub secret, run the workflow (with the
 * environment's consumers), confirm (new version current, the old one AWSPREVIOUS, the Lambdas
 * refreshed, the drift check's audit and verify clean).
 */
import { expect, test } from '@jest/globals'
import { inspect } from './harness.js'
import { ROOT, runAction, runnerEnv } from '../../standin/runner.js'
import { startStandin, useBackend } from './backends.js'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expectNothingLeaked } from './expect-no-leak.js'
import { CANARY, NAMES, secretsInput } from './fixtures.js'

const README = readFileSync(join(ROOT, 'README.md'), 'utf8')
const ACCOUNT = '123456789012'
const CONSUMERS = 'stripe/api_key: registration-payment, registration-refund'
const OLD_KEY = { STRIPE_SECRET_KEY_DEV: 'sk_test_CANARYbeforeRotation01' }
const NEW_KEY = { STRIPE_SECRET_KEY_DEV: 'sk_test_CANARYafterRotation002' }

const backend = useBackend(startStandin, { resetEachTest: false })

/** The deploy workflow's step: environment, the job's secrets, the account, the consumers. */
const deploy = (over: Record<string, unknown>, inputs: Record<string, string> = {}) =>
  runAction(
    {
      environment: 'dev',
      secrets: secretsInput(over),
      'expected-account-id': ACCOUNT,
      consumers: CONSUMERS,
      ...inputs
    },
    runnerEnv(backend.url)
  )

test('the README gives the rotation runbook this test follows', () => {
  const runbook = README.slice(README.indexOf('### Rotate a secret'))
  for (const step of [
    'Roll the key at the provider, with an overlap',
    'Edit the GitHub secret',
    'Run the workflow',
    'Confirm',
    'Expire the old key'
  ])
    expect(runbook).toContain(step)
})

test('rotating the dev Stripe key: edit, run, confirm — refreshed, audit and verify clean', async () => {
  const standin = backend.standin
  if (!standin) throw new Error('the stand-in is needed to seed the Lambdas')
  standin.putFunction({ name: 'registration-payment', variables: { TABLE: 'registrations' } })
  standin.putFunction({ name: 'registration-refund', variables: { TABLE: 'refunds' } })
  // Before: the secrets as the last deploy left them.
  expect((await deploy(OLD_KEY)).code).toBe(0)
  const before = await inspect(backend.sm, NAMES.api)

  // 1. the key is rolled at Stripe (the old one still works); 2. the GitHub secret is edited;
  // 3. the workflow is run by hand.
  const run = await deploy(NEW_KEY)
  expect(run.code).toBe(0)
  expectNothingLeaked(run, CANARY)

  // 4. Confirm: the new key is current, the old one AWSPREVIOUS, one new version only.
  const after = await inspect(backend.sm, NAMES.api)
  expect(after.json).toEqual({ api_key: NEW_KEY.STRIPE_SECRET_KEY_DEV })
  expect(JSON.parse(after.previous ?? 'null')).toEqual({ api_key: OLD_KEY.STRIPE_SECRET_KEY_DEV })
  expect(after.versionId).not.toBe(before.versionId)
  expect(JSON.parse(run.outputs.updated ?? '[]')).toEqual([NAMES.api])
  expect(run.summary).toContain('🔄 updated')
  // … the consumers were refreshed to the new version, their own variables kept …
  const refreshed = JSON.parse(run.outputs.refreshed ?? '[]') as {
    function: string
    result: string
  }[]
  expect(refreshed.map((r) => [r.function, r.result]).sort()).toEqual([
    ['registration-payment', 'refreshed'],
    ['registration-refund', 'refreshed']
  ])
  for (const [name, table] of [
    ['registration-payment', 'registrations'],
    ['registration-refund', 'refunds']
  ] as const) {
    expect(standin.lambdaFunction(name)?.variables).toEqual({
      TABLE: table,
      IMPRESSIONNISTES_SECRETS_VERSION: after.versionId
    })
  }
  // … and the drift check is clean: prod's audit (no value read) and dev's verify.
  standin.resetCalls()
  const audit = await runAction(
    { environment: 'dev', mode: 'audit', 'expected-account-id': ACCOUNT },
    runnerEnv(backend.url)
  )
  expect(audit.code).toBe(0)
  expect(Object.keys(standin.calls()).sort()).toEqual([
    'DescribeSecret',
    'ListSecretVersionIds',
    'sts:GetCallerIdentity'
  ])
  const verify = await deploy(NEW_KEY, { mode: 'verify' })
  expect(verify.code).toBe(0)
  expectNothingLeaked(verify, CANARY)
}, 120_000)
