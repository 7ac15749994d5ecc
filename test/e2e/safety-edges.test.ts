/**
 * The edges of the safety rules, where a small slip in src/ would go unnoticed otherwise: rollback
 * checks the account and moves all or nothing, every write carries our token, redaction holds at
 * its boundaries and in the job summary, a lost create race writes the re-planned document, and
 * the CLI never quotes a pasted value back. Each test fails when its slip is put back in src/ and
 * the bundle rebuilt. The committed bundles, against the stand-in and moto; every channel a user or a later
 * step sees is checked for the canary.
 */
import { beforeEach, describe, expect, test } from '@jest/globals'
import { CreateSecretCommand } from '@aws-sdk/client-secrets-manager'
import { Standin } from '../../standin/server.js'
import { inspect } from './harness.js'
import { runAction, runnerEnv } from '../../standin/runner.js'
import { describeEachBackend, useBackend, startStandin } from './backends.js'
import { laptopEnv, runCli } from './cli-harness.js'
import { expectNothingLeaked } from './expect-no-leak.js'
import { ALL, CANARY, NAMES, SOURCES, secretsInput } from './fixtures.js'

/** The account both back ends answer GetCallerIdentity with. */
const ACCOUNT = '123456789012'
/**
 * Our ClientRequestTokens are version 8 UUIDs (src/engine/apply/token.ts); the token becomes the
 * version id. A write sent without one gets the random (version 4) UUID the SDK makes up instead.
 */
const UUID_V8 = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

type Row = { name: string; action: string; versionId: string | null }
const resultOf = (outputs: Record<string, string>) => JSON.parse(outputs.result ?? '[]') as Row[]

describeEachBackend('rollback, tokens and redaction at their edges, against %s', (backend) => {
  const act = (inputs: Record<string, string>, over: Record<string, unknown> = {}) =>
    runAction(
      { environment: 'dev', secrets: secretsInput(over), ...inputs },
      runnerEnv(backend.url)
    )
  /** The four secrets created, then the API key rotated: it has a previous version, the rest not. */
  const rotated = 'sk_test_CANARYbadRotation002'
  async function syncedThenRotated() {
    expect((await act({})).code).toBe(0)
    const first = await inspect(backend.sm, NAMES.api)
    expect((await act({}, { STRIPE_SECRET_KEY_DEV: rotated })).code).toBe(0)
    const bad = await inspect(backend.sm, NAMES.api)
    expect(bad.versionId).not.toBe(first.versionId)
    return { first, bad }
  }

  test('rollback checks expected-account-id against the pin before any AWS call: another account moves nothing', async () => {
    const { first, bad } = await syncedThenRotated()
    backend.standin?.resetCalls()
    const only = { mode: 'rollback', only: 'stripe/api_key' }

    const wrong = await act(
      { ...only, 'expected-account-id': '210987654321' },
      { STRIPE_SECRET_KEY_DEV: rotated }
    )

    expect(wrong.code).toBe(1)
    expect(wrong.errors.join('\n')).toContain(
      `The account to confirm (input expected-account-id 210987654321) differs from the account the environments file`
    )
    expect(resultOf(wrong.outputs)).toEqual([])
    if (backend.standin) expect(backend.standin.calls()).toEqual({})
    expect((await inspect(backend.sm, NAMES.api)).versionId).toBe(bad.versionId)
    expectNothingLeaked(wrong, CANARY)

    // The same rollback in the right account goes ahead: the check, not the rollback, stopped it.
    const right = await act(
      { ...only, 'expected-account-id': ACCOUNT },
      { STRIPE_SECRET_KEY_DEV: rotated }
    )
    expect(right.code).toBe(0)
    expect((await inspect(backend.sm, NAMES.api)).versionId).toBe(first.versionId)
  })

  test('rollback of two targets, one refused: neither moves', async () => {
    const { bad } = await syncedThenRotated()
    const webhook = await inspect(backend.sm, NAMES.webhook)
    backend.standin?.resetCalls()

    // The webhook secret has had one value only: it has no AWSPREVIOUS to go back to.
    const run = await act(
      { mode: 'rollback', only: 'stripe/api_key,stripe/webhook_secret' },
      { STRIPE_SECRET_KEY_DEV: rotated }
    )

    expect(run.code).toBe(1)
    expect(run.errors.join('\n')).toContain(`${NAMES.webhook} has no AWSPREVIOUS version`)
    expect(resultOf(run.outputs)).toEqual([
      { name: NAMES.api, action: 'skipped', versionId: null },
      { name: NAMES.webhook, action: 'refused', versionId: null }
    ])
    expect(run.outputs.changed).toBe('false')
    const api = await inspect(backend.sm, NAMES.api)
    expect(api.versionId).toBe(bad.versionId)
    expect(api.json).toEqual({ api_key: rotated })
    expect((await inspect(backend.sm, NAMES.webhook)).versionId).toBe(webhook.versionId)
    if (backend.standin) {
      const calls = backend.standin.calls()
      expect(calls.UpdateSecretVersionStage ?? 0).toBe(0)
      expect(calls.TagResource ?? 0).toBe(0)
    }
    expectNothingLeaked(run, CANARY)
  })

  test('every version written carries our ClientRequestToken: its id is our UUID, not one the SDK made up', async () => {
    const run = await act({})
    expect(run.code).toBe(0)
    const created = resultOf(run.outputs)
    expect(created.map((r) => r.name).sort()).toEqual(ALL)
    for (const row of created) {
      expect(row.action).toBe('created')
      expect(row.versionId).toMatch(UUID_V8)
      expect((await inspect(backend.sm, row.name)).versionId).toBe(row.versionId)
    }

    const update = await act({}, { STRIPE_SECRET_KEY_DEV: 'sk_test_CANARYnextKey000003' })
    expect(update.code).toBe(0)
    const [updated] = resultOf(update.outputs).filter((r) => r.action === 'updated')
    expect(updated?.name).toBe(NAMES.api)
    expect(updated?.versionId).toMatch(UUID_V8)
    expect((await inspect(backend.sm, NAMES.api)).versionId).toBe(updated?.versionId)
    expectNothingLeaked(update, CANARY)
  })
})

describe('redaction at its edges and the create race, against the stand-in', () => {
  const backend = useBackend()
  let standin: Standin
  beforeEach(() => {
    standin = backend.standin as Standin
    standin.setLatency(0)
  })

  /**
   * A value of the `secrets` input put in another input by mistake (the wrong secret picked for
   * expected-account-id): the input's problem quotes what it got, so only redaction keeps the
   * value out of the log, the annotations and the job summary.
   */
  const misplaced = (value: string, inputs: Record<string, string> = {}, extra = {}) =>
    runAction(
      {
        environment: 'dev',
        secrets: secretsInput({ DB_PASSWORD: value, ...extra }),
        'expected-account-id': value,
        ...inputs
      },
      runnerEnv(standin.url)
    )
  const quotedProblem = 'Input "expected-account-id" must be a 12-digit AWS account id; got "***".'

  test('the job summary is written from the redacted report: a value with "|" is not escaped past redaction', async () => {
    const run = await misplaced('hunter2|CANARYpipe0001')

    // Since inputs are checked before they are echoed, a value that is no account id is not
    // quoted at all: the summary and the annotation say so, and hold no piece of it.
    const notShown =
      'Input "expected-account-id" must be a 12-digit AWS account id; got (not shown: it could be a secret).'
    expect(run.code).toBe(1)
    expect(run.summary).toContain(notShown)
    expect(run.errors.join('\n')).toContain(notShown)
    expect(run.summary).not.toContain('hunter2')
    expect(standin.calls()).toEqual({})
    expectNothingLeaked(run, CANARY)
  })

  test('a secret inside a longer one: the longer is redacted whole, its tail never shows', async () => {
    const short = 'CANARYshort0001'
    const long = `${short}-tailCANARY0002`
    // The short one is added first, the long one is the one quoted.
    const run = await misplaced(long, {}, { DB_USER: short })

    expect(run.code).toBe(1)
    expect(run.errors.join('\n')).toContain(quotedProblem)
    expect(run.summary).toContain(quotedProblem)
    expect(run.visible).not.toContain('-tail')
    expectNothingLeaked(run, CANARY)
  })

  test('Redactor.MIN at its boundary: 8 characters are redacted everywhere, 7 leave ordinary text readable', async () => {
    // 'CANARY08' is 8 characters: redacted. 'clubapp' is 7: a value that short (here also the
    // prefix) is not redacted by us, so the names in the log stay readable.
    const run = await misplaced('CANARY08', { prefix: 'clubapp' }, { APP_NAME: 'clubapp' })

    expect(run.code).toBe(1)
    expect(run.errors.join('\n')).toContain(quotedProblem)
    expect(run.summary).toContain(quotedProblem)
    expectNothingLeaked(run, CANARY)
    const scope = 'dev (clubapp/*, eu-west-3)'
    expect(run.stdout.split('\n').filter((l) => !l.startsWith('::add-mask::'))).toContain(
      `sync stopped before any write: ${scope}`
    )
    expect(run.summary).toContain(
      `### impressionnistes-secrets: sync stopped before any write: ${scope}`
    )
  })

  test('create race: the re-planned document is written (their other field kept), not the first plan', async () => {
    const theirs = { api_key: 'sk_test_CANARYotherRun0001', account: 'acct_1CANARYxyz' }
    // Every answer comes 400 ms after its call is run: the run's reads find nothing, then the
    // secret is created before its CreateSecret arrives.
    standin.setLatency(400)
    const running = runAction(
      { environment: 'dev', secrets: secretsInput() },
      runnerEnv(standin.url)
    )
    const deadline = Date.now() + 20_000
    for (;;) {
      const calls = standin.calls()
      if ((calls.BatchGetSecretValue ?? 0) >= 1 && (calls.DescribeSecret ?? 0) >= 4) break
      if (Date.now() > deadline) throw new Error('the run never read the secrets')
      await new Promise((r) => setTimeout(r, 5))
    }
    expect(standin.calls().CreateSecret ?? 0).toBe(0)
    await backend.sm.send(
      new CreateSecretCommand({
        Name: NAMES.api,
        SecretString: JSON.stringify(theirs),
        Tags: [
          { Key: 'managed-by', Value: 'impressionnistes-secrets' },
          { Key: 'environment', Value: 'dev' }
        ]
      })
    )
    const run = await running
    standin.setLatency(0)

    expect(run.code).toBe(0)
    const rows = resultOf(run.outputs)
    expect(rows.find((r) => r.name === NAMES.api)?.action).toBe('updated')
    const api = await inspect(backend.sm, NAMES.api)
    expect(api.json).toEqual({ ...theirs, api_key: SOURCES.STRIPE_SECRET_KEY_DEV })
    expect(api.previous).toBe(JSON.stringify(theirs))
    expect(rows.find((r) => r.name === NAMES.api)?.versionId).toBe(api.versionId)
    expect(ALL.filter((n) => rows.find((r) => r.name === n)?.action === 'created')).toHaveLength(3)
    expectNothingLeaked(run, CANARY)
  })
})

describe('the CLI never quotes a pasted value back', () => {
  const backend = useBackend(startStandin, { resetEachTest: false })
  const cli = (args: string[]) => runCli(args, { env: laptopEnv(backend.url) })
  const HIDDEN = '(not shown: it could be a secret)'

  test.each([
    // Under 21 characters, each of these would pass for a word but for looksLikeSecret.
    ['a Stripe test key as the command', ['sk_test_CANARY01'], `Unknown command ${HIDDEN}.`],
    ['a restricted live key as the command', ['rk_live_CANARY01234'], `Unknown command ${HIDDEN}.`],
    ['a webhook secret as --env', ['plan', '--env', 'whsec_CANARY0001'], `got ${HIDDEN}.`],
    [
      'a long token-like word as an extra argument',
      ['plan', '--env', 'dev', 'CANARYabcdefghij012345'],
      `plan takes no argument; got 1 (${HIDDEN}).`
    ],
    [
      'a Stripe test key as the rollback target',
      ['rollback', 'sk_test_CANARY0123456789', '--env', 'dev'],
      'That target is not in the catalogue'
    ]
  ])('%s', async (_what, args, said) => {
    const run = await cli(args)
    expect(run.code).toBe(2)
    expect(run.all).toContain(said)
    expect(run.all).not.toContain(CANARY)
  })

  test.each([
    ['a typo of a command', ['deplyo'], 'Unknown command "deplyo"; did you mean deploy?'],
    ['a 20-character word', ['deploy-everything-na'], 'Unknown command "deploy-everything-na".'],
    ['an environment name', ['plan', '--env', 'staging'], 'got "staging".'],
    [
      'a rollback target',
      ['rollback', 'stripe/api_kye', '--env', 'dev'],
      '"stripe/api_kye" is not in the catalogue'
    ]
  ])('%s is quoted back', async (_what, args, said) => {
    const run = await cli(args)
    expect(run.code).toBe(2)
    expect(run.all).toContain(said)
  })
})
