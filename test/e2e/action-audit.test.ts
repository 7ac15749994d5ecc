/**
 * `mode: audit` in the action (the committed bundle): the check that needs no value. Each case
 * proves, from the stand-in's call log, that the run made metadata calls only (DescribeSecret,
 * and STS for the account): no GetSecretValue, no BatchGetSecretValue, no write.
 */
import { describe, expect, test } from '@jest/globals'
import {
  DeleteSecretCommand,
  PutSecretValueCommand,
  RotateSecretCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateSecretVersionStageCommand
} from '@aws-sdk/client-secrets-manager'
import { inspect } from './harness.js'
import { runAction, runnerEnv, type ActionRun } from '../../standin/runner.js'
import { describeEachBackend, useBackend } from './backends.js'
import { expectNothingLeaked } from './expect-no-leak.js'
import { ALL, CANARY, NAMES, secretsInput } from './fixtures.js'

/** Metadata only: the tags and labels, and when each version was written (the values' age). */
const METADATA_ONLY = new Set(['DescribeSecret', 'ListSecretVersionIds', 'sts:GetCallerIdentity'])

const backend = useBackend()
const standin = () => backend.standin!
const sync = (over: Record<string, unknown> = {}) =>
  runAction({ environment: 'dev', secrets: secretsInput(over) }, runnerEnv(backend.url))
/** An audit as drift-check.yml runs it: no `secrets` input at all. */
const audit = (inputs: Record<string, string> = {}) =>
  runAction(
    { environment: 'dev', mode: 'audit', 'expected-account-id': '123456789012', ...inputs },
    runnerEnv(backend.url)
  )
/** Every operation the stand-in saw since the last resetCalls(). */
const operations = () =>
  [
    ...new Set(
      standin()
        .log()
        .map((c) => c.operation)
    )
  ].sort()
const findings = (run: ActionRun) =>
  (JSON.parse(run.outputs.result ?? '[]') as { name: string; action: string }[])
    .filter((r) => r.action === 'flagged')
    .map((r) => r.name)

/** Audits, and checks the run read no value: only metadata calls, no canary anywhere. */
async function auditReadingNoValue(inputs: Record<string, string> = {}): Promise<ActionRun> {
  standin().resetCalls()
  const run = await audit(inputs)
  const ops = operations()
  expect(ops.filter((op) => !METADATA_ONLY.has(op))).toEqual([])
  expect(ops).toContain('DescribeSecret')
  expectNothingLeaked(run, CANARY)
  return run
}

describe('audit reads metadata only and names what is wrong', () => {
  test('clean: after a sync, every secret is as the tool left it; exit 0, no value read', async () => {
    expect((await sync()).code).toBe(0)
    const run = await auditReadingNoValue()
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('audit dev (impressionnistes/*, eu-west-3, account 123456789012)')
    expect(run.stdout).toContain('all 4 secret(s) as this tool left them; no value read')
    const result = JSON.parse(run.outputs.result ?? '[]') as { name: string; action: string }[]
    expect(result.map((r) => [r.name, r.action]).sort()).toEqual(ALL.map((n) => [n, 'unchanged']))
    expect(run.outputs.changed).toBe('false')
    expect(run.summary).toContain('✔️ as written')
  })

  test('edited: someone PutSecretValue by hand; audit names it, with both version ids', async () => {
    expect((await sync()).code).toBe(0)
    const ours = await inspect(backend.sm, NAMES.api)
    await backend.sm.send(
      new PutSecretValueCommand({
        SecretId: NAMES.api,
        SecretString: '{"api_key":"sk_test_CANARYeditedByHand01"}'
      })
    )
    const theirs = await inspect(backend.sm, NAMES.api)
    const run = await auditReadingNoValue()
    expect(run.code).toBe(1)
    expect(findings(run)).toEqual([NAMES.api])
    const errors = run.errors.join('\n')
    expect(errors).toContain(
      `${NAMES.api}: its current version (${theirs.versionId ?? ''}) is not the one this tool last wrote or rolled back to (${ours.versionId ?? ''})`
    )
    expect(errors).toContain('title=Secret not as this tool left it')
    expect(run.stdout).toContain(`Audit: ${NAMES.api} not as this tool left it`)
    expect(run.summary).toContain('⚠️ changed outside')
  })

  test('a put of the very same value is still a version the tool did not write', async () => {
    expect((await sync()).code).toBe(0)
    const same = await inspect(backend.sm, NAMES.webhook)
    await backend.sm.send(
      new PutSecretValueCommand({ SecretId: NAMES.webhook, SecretString: same.value })
    )
    const run = await auditReadingNoValue()
    expect(findings(run)).toEqual([NAMES.webhook])
  })

  test('a label moved by hand (UpdateSecretVersionStage) is found too', async () => {
    expect((await sync()).code).toBe(0)
    const first = await inspect(backend.sm, NAMES.api)
    expect((await sync({ STRIPE_SECRET_KEY_DEV: 'sk_test_CANARYsecondValue01' })).code).toBe(0)
    const second = await inspect(backend.sm, NAMES.api)
    await backend.sm.send(
      new UpdateSecretVersionStageCommand({
        SecretId: NAMES.api,
        VersionStage: 'AWSCURRENT',
        MoveToVersionId: first.versionId,
        RemoveFromVersionId: second.versionId
      })
    )
    expect(findings(await auditReadingNoValue())).toEqual([NAMES.api])
  })

  test('missing: a secret deleted for good is named as missing', async () => {
    expect((await sync()).code).toBe(0)
    await backend.sm.send(
      new DeleteSecretCommand({ SecretId: NAMES.admin, ForceDeleteWithoutRecovery: true })
    )
    const run = await auditReadingNoValue()
    expect(run.code).toBe(1)
    expect(findings(run)).toEqual([NAMES.admin])
    expect(run.errors.join('\n')).toContain(`${NAMES.admin} does not exist in Secrets Manager`)
  })

  test('deleted: a secret scheduled for deletion is named, with the restore command', async () => {
    expect((await sync()).code).toBe(0)
    await backend.sm.send(
      new DeleteSecretCommand({ SecretId: NAMES.devops, RecoveryWindowInDays: 7 })
    )
    const run = await auditReadingNoValue()
    expect(run.code).toBe(1)
    expect(findings(run)).toEqual([NAMES.devops])
    expect(run.errors.join('\n')).toContain(`${NAMES.devops} is scheduled for deletion`)
    expect(run.errors.join('\n')).toContain(
      `aws secretsmanager restore-secret --secret-id ${NAMES.devops}`
    )
  })

  test('rotation on, another environment, another manager: each named, with its reason', async () => {
    expect((await sync()).code).toBe(0)
    await backend.sm.send(
      new RotateSecretCommand({
        SecretId: NAMES.api,
        RotationLambdaARN: 'arn:aws:lambda:eu-west-3:123456789012:function:rotate',
        RotationRules: { AutomaticallyAfterDays: 30 }
      })
    )
    await backend.sm.send(
      new TagResourceCommand({
        SecretId: NAMES.webhook,
        Tags: [{ Key: 'environment', Value: 'prod' }]
      })
    )
    await backend.sm.send(
      new TagResourceCommand({
        SecretId: NAMES.admin,
        Tags: [{ Key: 'managed-by', Value: 'terraform' }]
      })
    )
    const run = await auditReadingNoValue()
    expect(run.code).toBe(1)
    expect(findings(run).sort()).toEqual([NAMES.admin, NAMES.api, NAMES.webhook].sort())
    const errors = run.errors.join('\n')
    expect(errors).toContain(`${NAMES.api} has automatic rotation turned on`)
    expect(errors).toContain(`${NAMES.webhook} is tagged for environment "prod", not "dev"`)
    expect(errors).toContain(
      `${NAMES.admin} is tagged managed-by=terraform, not impressionnistes-secrets`
    )
  })

  test('with the secrets input given too, audit still reads no value and prints none', async () => {
    expect((await sync()).code).toBe(0)
    const run = await auditReadingNoValue({ secrets: secretsInput() })
    expect(run.code).toBe(0)
  })

  test('access denied on DescribeSecret stops the audit, naming the action', async () => {
    expect((await sync()).code).toBe(0)
    standin().addFault({ operation: 'DescribeSecret', kind: 'accessDenied', times: 10 })
    const run = await auditReadingNoValue()
    expect(run.code).toBe(1)
    expect(run.errors.join('\n')).toContain('secretsmanager:DescribeSecret')
  })
})

describe('what the tool records at write time keeps audit right', () => {
  test('a rollback records the version it moved to: audit clean after it', async () => {
    expect((await sync()).code).toBe(0)
    const rotated = { STRIPE_SECRET_KEY_DEV: 'sk_test_CANARYbadRotation001' }
    expect((await sync(rotated)).code).toBe(0)
    const back = await runAction(
      {
        environment: 'dev',
        mode: 'rollback',
        only: 'stripe/api_key',
        secrets: secretsInput(rotated)
      },
      runnerEnv(backend.url)
    )
    expect(back.code).toBe(0)
    expect(standin().secret(NAMES.api)?.tags['written-version']).toBe(
      (await inspect(backend.sm, NAMES.api)).versionId
    )
    expect((await auditReadingNoValue()).code).toBe(0)
  })

  test('secrets written before the tag existed: audit says so; a sync that changes nothing records it', async () => {
    expect((await sync()).code).toBe(0)
    for (const name of ALL)
      await backend.sm.send(
        new UntagResourceCommand({ SecretId: name, TagKeys: ['written-version'] })
      )
    const before = await auditReadingNoValue()
    expect(before.code).toBe(1)
    expect(findings(before).sort()).toEqual(ALL)
    expect(before.errors.join('\n')).toContain(
      'carries no record of the version this tool last wrote'
    )
    standin().resetCalls()
    const again = await sync()
    expect(again.code).toBe(0)
    expect(again.outputs.changed).toBe('false')
    // Tags only: no new version.
    expect(standin().calls().PutSecretValue).toBeUndefined()
    expect((await auditReadingNoValue()).code).toBe(0)
  })

  test('the tag failing after a write is a warning; audit then reports the secret until a sync records it', async () => {
    expect((await sync()).code).toBe(0)
    standin().addFault({ operation: 'TagResource', kind: 'accessDenied' })
    const write = await sync({ STRIPE_SECRET_KEY_DEV: 'sk_test_CANARYtagFails0001' })
    expect(write.code).toBe(0)
    expect(write.warnings.join('\n')).toContain(
      `${NAMES.api} was written, but its tags were not refreshed`
    )
    expect(write.warnings.join('\n')).toContain('audit reports it as changed outside this tool')
    expect(findings(await auditReadingNoValue())).toEqual([NAMES.api])
    // The next sync writes nothing new, and records the version that holds the right value.
    expect((await sync({ STRIPE_SECRET_KEY_DEV: 'sk_test_CANARYtagFails0001' })).code).toBe(0)
    expect((await auditReadingNoValue()).code).toBe(0)
  })
})

describe('the secrets input', () => {
  test('is required by every mode but audit, with a clear error and no AWS call', async () => {
    for (const mode of ['sync', 'plan', 'verify', 'rollback']) {
      standin().resetCalls()
      const run = await runAction(
        { environment: 'dev', mode, only: 'stripe/api_key' },
        runnerEnv(backend.url)
      )
      expect([mode, run.code]).toEqual([mode, 1])
      expect(run.errors.join('\n')).toContain(
        'The `secrets` input is empty. Every mode but audit needs it: pass `secrets: ${{ toJSON(secrets) }}`.'
      )
      expect(standin().calls()).toEqual({})
    }
  })
})

describeEachBackend(
  'audit against %s: version ids are our tokens, so the record holds',
  (other) => {
    const run = (inputs: Record<string, string>) =>
      runAction({ environment: 'dev', ...inputs }, runnerEnv(other.url))
    const flagged = async () => findings(await run({ mode: 'audit' }))

    test('sync, audit clean; a hand edit flagged; a rollback to ours clean again', async () => {
      expect((await run({ secrets: secretsInput() })).code).toBe(0)
      expect(await flagged()).toEqual([])
      await other.sm.send(
        new PutSecretValueCommand({
          SecretId: NAMES.api,
          SecretString: '{"api_key":"sk_test_CANARYeditedByHand01"}'
        })
      )
      expect(await flagged()).toEqual([NAMES.api])
      const back = await run({ mode: 'rollback', only: 'stripe/api_key', secrets: secretsInput() })
      expect(back.code).toBe(0)
      expect(await flagged()).toEqual([])
    })
  }
)
