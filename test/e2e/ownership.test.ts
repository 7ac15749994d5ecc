/**
 * Secrets this tool did not write, end to end through both bundles (dist/index.js and
 * dist/cli/index.js on Node 24), against the stand-in and moto: another tool's, another
 * environment's, made by hand or by the CDK stack (adopted only in a confirmed account and when
 * their value passes the environment's rule), in every writing mode; and the fields of other
 * tools kept byte for byte. Every seeded value carries the canary, and every channel is searched.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals'
import { secretNames } from './harness.js'
import { runAction, runnerEnv, type ActionRun } from '../../standin/runner.js'
import { describeEachBackend } from './backends.js'
import { rmSync } from 'node:fs'
import { laptopEnv, runCli, secretsFolder, type CliRun } from './cli-harness.js'
import { expectNothingLeaked } from './expect-no-leak.js'
import { CANARY, NAMES, SECRETS_FILE, SOURCES, secretsInput } from './fixtures.js'
import { cloudFormationTags, seedSecret, stateOf, type Seeded } from './seed.js'

/** The account both back ends answer GetCallerIdentity with. */
const ACCOUNT = '123456789012'
const OURS = { 'managed-by': 'impressionnistes-secrets', environment: 'dev' }
const LIVE_KEY = 'sk_live_CANARYliveKeyInAws01'
const HAND_MADE = 'sk_test_CANARYmadeByHand001'
const NEW_KEY = 'sk_test_CANARYupdateStripe01'

const WRITES = ['CreateSecret', 'PutSecretValue', 'TagResource', 'UpdateSecretVersionStage']
const apiDoc = (key: string) => JSON.stringify({ api_key: key })

describeEachBackend('secrets this tool does not own, against %s', (backend) => {
  let folder: string
  const act = (inputs: Record<string, string>, extra: Record<string, string> = {}) =>
    runAction(
      { environment: 'dev', secrets: secretsInput(), ...inputs },
      runnerEnv(backend.url, { RUNNER_DEBUG: '1', ...extra })
    )
  const cli = (args: string[], extra: Record<string, string> = {}) =>
    runCli(args, { env: laptopEnv(backend.url, extra), cwd: folder })
  const seed = (s: Seeded) => seedSecret(backend, backend.sm, s)
  const confirmed = { 'expected-account-id': ACCOUNT }
  const noLeak = (run: ActionRun) => expectNothingLeaked(run, CANARY)
  const cliNoLeak = (run: CliRun) => expect(run.all).not.toContain(CANARY)

  /** Nothing was written: the seeded secret as it was, and no write call at all. */
  async function untouched(name: string, before: Awaited<ReturnType<typeof stateOf>>) {
    expect(await stateOf(backend.sm, name)).toEqual(before)
    if (backend.standin) {
      const calls = backend.standin.calls()
      for (const op of WRITES) expect([op, calls[op] ?? 0]).toEqual([op, 0])
    }
  }

  beforeAll(async () => {
    folder = secretsFolder(SECRETS_FILE)
  }, 30_000)
  afterAll(async () => {
    rmSync(folder, { recursive: true, force: true })
  })

  describe('another tool’s (managed-by=terraform)', () => {
    beforeEach(() =>
      seed({
        name: NAMES.api,
        doc: apiDoc('sk_test_CANARYterraform0001'),
        tags: { 'managed-by': 'terraform', owner: 'platform' }
      })
    )

    test('the action refuses it before any write, naming terraform and the hand-over', async () => {
      const before = await stateOf(backend.sm, NAMES.api)
      backend.standin?.resetCalls()
      const run = await act(confirmed)
      expect(run.code).toBe(1)
      const errors = run.errors.join('\n')
      expect(errors).toContain(`${NAMES.api} is managed by "terraform" (its managed-by tag)`)
      expect(errors).toContain(
        `aws secretsmanager untag-resource --secret-id ${NAMES.api} --tag-keys managed-by`
      )
      expect(errors).toContain(
        `aws secretsmanager tag-resource --secret-id ${NAMES.api} --tags Key=managed-by,Value=impressionnistes-secrets Key=environment,Value=dev`
      )
      expect(run.errors.at(-1)).toContain('Stopped before any write')
      noLeak(run)
      await untouched(NAMES.api, before)
      // Any refusal stops the whole run: the three missing secrets were not created either.
      expect(await secretNames(backend.sm)).toEqual([NAMES.api])
    })

    test('the CLI’s deploy and update-stripe refuse it too', async () => {
      const before = await stateOf(backend.sm, NAMES.api)
      backend.standin?.resetCalls()
      const deploy = await cli(['deploy', '--env', 'dev', '--expected-account-id', ACCOUNT])
      expect(deploy.code).toBe(1)
      expect(deploy.stderr).toContain(`${NAMES.api} is managed by "terraform"`)
      cliNoLeak(deploy)
      const update = await cli(
        ['update-stripe', '--env', 'dev', '--expected-account-id', ACCOUNT],
        {
          STRIPE_API_KEY: NEW_KEY
        }
      )
      expect(update.code).toBe(1)
      expect(update.stderr).toContain(`${NAMES.api} is managed by "terraform"`)
      cliNoLeak(update)
      await untouched(NAMES.api, before)
    })
  })

  test('tagged environment=prod, without managed-by: a dev run refuses it, account confirmed', async () => {
    await seed({
      name: NAMES.api,
      doc: apiDoc('sk_test_CANARYtaggedProd0001'),
      tags: { environment: 'prod' }
    })
    const before = await stateOf(backend.sm, NAMES.api)
    backend.standin?.resetCalls()
    const run = await act(confirmed)
    expect(run.code).toBe(1)
    expect(run.errors.join('\n')).toContain(
      `${NAMES.api} is tagged for environment "prod" (its environment tag), but this run is for "dev"`
    )
    noLeak(run)
    const deploy = await cli(['deploy', '--env', 'dev', '--expected-account-id', ACCOUNT])
    expect(deploy.code).toBe(1)
    expect(deploy.stderr).toContain(`${NAMES.api} is tagged for environment "prod"`)
    cliNoLeak(deploy)
    await untouched(NAMES.api, before)
  })

  test('made outside this tool and holding a live key: never adopted by dev, even with the account confirmed', async () => {
    await seed({ name: NAMES.api, doc: apiDoc(LIVE_KEY) })
    const before = await stateOf(backend.sm, NAMES.api)
    backend.standin?.resetCalls()
    const run = await act(confirmed)
    expect(run.code).toBe(1)
    const said = `${NAMES.api} already exists without this tool's managed-by tag, and its current api_key (sk_live_…y01 (sha256 `
    const errors = run.errors.join('\n')
    expect(errors).toContain(said.replace('…y01', `…${LIVE_KEY.slice(-4)}`))
    expect(errors).toContain(
      'is a LIVE-mode Stripe key, and this environment must use a test-mode key (sk_test_… or rk_test_…). So it was not adopted, and nothing was written.'
    )
    noLeak(run)
    for (const args of [
      ['deploy', '--env', 'dev', '--expected-account-id', ACCOUNT],
      ['update-stripe', '--env', 'dev', '--expected-account-id', ACCOUNT]
    ]) {
      const refused = await cli(args, { STRIPE_API_KEY: NEW_KEY })
      expect(refused.code).toBe(1)
      expect(refused.stderr).toContain('is a LIVE-mode Stripe key')
      expect(refused.stderr).toContain('So it was not adopted, and nothing was written.')
      cliNoLeak(refused)
    }
    await untouched(NAMES.api, before)
  })

  test('made outside this tool, no account confirmed: stopped before any write, saying how to confirm it', async () => {
    await seed({ name: NAMES.api, doc: apiDoc(HAND_MADE) })
    const before = await stateOf(backend.sm, NAMES.api)
    backend.standin?.resetCalls()
    const run = await act({})
    expect(run.code).toBe(1)
    const error = run.errors.find((e) => e.includes(NAMES.api)) ?? ''
    expect(error).toContain('title=AWS account not confirmed')
    expect(error).toContain(
      `${NAMES.api} already exists without this tool's managed-by tag (made by hand, or by the CDK SecretsStack).`
    )
    expect(error).toContain("Set the step's `expected-account-id` input")
    noLeak(run)
    if (backend.standin)
      expect(backend.standin.calls()).toEqual({
        'sts:GetCallerIdentity': 1,
        DescribeSecret: 4,
        BatchGetSecretValue: 1
      })
    expect(await secretNames(backend.sm)).toEqual([NAMES.api])
    const deploy = await cli(['deploy', '--env', 'dev'])
    expect(deploy.code).toBe(1)
    expect(deploy.stderr).toContain('Pass --expected-account-id <id> (make … ACCOUNT=<id>)')
    cliNoLeak(deploy)
    const update = await cli(['update-stripe', '--env', 'dev'], { STRIPE_API_KEY: NEW_KEY })
    expect(update.code).toBe(1)
    expect(update.stderr).toContain('--expected-account-id')
    await untouched(NAMES.api, before)
  })

  test('made outside this tool, account confirmed, value valid: adopted (tagged), other fields kept', async () => {
    await seed({
      name: NAMES.api,
      doc: `{"api_key": "${HAND_MADE}", "account": "acct_CANARYkept"}`
    })
    const run = await act(confirmed)
    expect(run.code).toBe(0)
    expect(run.outputs.updated).toBe(JSON.stringify([NAMES.api]))
    expect(run.warnings.join('\n')).toContain(`${NAMES.api} existed without this tool's tags`)
    noLeak(run)
    const after = await stateOf(backend.sm, NAMES.api)
    expect(after.tags).toMatchObject(OURS)
    expect(after.doc).toBe(
      `{"api_key": ${JSON.stringify(SOURCES.STRIPE_SECRET_KEY_DEV)}, "account": "acct_CANARYkept"}`
    )

    await backend.reset()
    await seed({ name: NAMES.api, doc: apiDoc(SOURCES.STRIPE_SECRET_KEY_DEV) })
    const deploy = await cli(['deploy', '--env', 'dev', '--expected-account-id', ACCOUNT])
    expect(deploy.code).toBe(0)
    expect(deploy.stderr).toContain(`warning: ${NAMES.api} existed without this tool's tags`)
    cliNoLeak(deploy)
    const adopted = await stateOf(backend.sm, NAMES.api)
    expect(adopted.tags).toMatchObject(OURS)
    expect(adopted.versions).toBe(1) // the value was right: tagged only
  })

  test('a secret a CloudFormation stack made: a warning that a deploy of that stack writes it back', async () => {
    await seed({
      name: NAMES.api,
      doc: apiDoc(SOURCES.STRIPE_SECRET_KEY_DEV),
      awsTags: cloudFormationTags('SecretsStack-dev', 'StripeApiKeySecret1A2B3C4D')
    })
    const plan = await act({ mode: 'plan', ...confirmed })
    expect(plan.code).toBe(0)
    const warning = plan.warnings.find((w) => w.includes('CloudFormation')) ?? ''
    expect(warning).toContain(
      `${NAMES.api} was made by the CloudFormation stack "SecretsStack-dev" (its aws:cloudformation tags). Once this tool writes it, a later deploy of that stack writes the stack's old value back over it.`
    )
    expect(warning).toContain('docs/migrate-from-cdk.md#4-retire-the-cdk-stack-keeping-its-secrets')
    noLeak(plan)
  })

  describe('rollback', () => {
    const twoVersions = (tags: Record<string, string>): Seeded => ({
      name: NAMES.api,
      doc: apiDoc('sk_test_CANARYfirstVersion01'),
      later: [apiDoc('sk_test_CANARYsecondVersion1')],
      tags
    })

    test.each([
      ['another tool’s', { 'managed-by': 'terraform' }, 'is managed by "terraform"'],
      [
        'another environment’s, made outside this tool',
        { environment: 'prod' },
        'is tagged for environment "prod"'
      ],
      [
        'made outside this tool',
        {},
        `${NAMES.api} is not managed by impressionnistes-secrets (no managed-by tag`
      ]
    ])('refuses a secret that is %s: AWSCURRENT stays', async (_what, tags, said) => {
      await seed(twoVersions(tags))
      const before = await stateOf(backend.sm, NAMES.api)
      backend.standin?.resetCalls()
      const run = await act({ mode: 'rollback', only: 'stripe/api_key', ...confirmed })
      expect(run.code).toBe(1)
      expect(run.errors.join('\n')).toContain(said)
      noLeak(run)
      const viaCli = await cli([
        'rollback',
        'stripe/api_key',
        '--env',
        'dev',
        '--expected-account-id',
        ACCOUNT
      ])
      expect(viaCli.code).toBe(1)
      expect(viaCli.stderr).toContain(said)
      cliNoLeak(viaCli)
      await untouched(NAMES.api, before)
    })
  })

  describe('fields of other tools, byte for byte', () => {
    /**
     * Numbers JSON.parse cannot give back as written (a 23-digit id, 1.10, 1E400, -0.0), escapes,
     * key order, tabs, CRLF and spaces around our field: only our field's value may change.
     */
    const around = (literal: string) =>
      '{\r\n  "account_ref": 12345678901234567890123,\r\n\t"ratio" : 1.10, "big": 1E400, "neg": -0.0,\n' +
      '  "label": "caf\\u00e9 \\ud83d\\ude00 \\/ CANARYotherTool",\n' +
      `  "api_key"  :\t${literal} ,\n` +
      '  "nested": {"z": 1.0, "a": [2.50, 1e-7, 100000000000000000001]}\n}\n'
    const OLD = JSON.stringify('sk_test_CANARYoldKeyInDoc01')

    test('the action writes only our field’s value; the same value escaped differently is unchanged', async () => {
      await seed({ name: NAMES.api, doc: around(OLD), tags: OURS })
      await seed({ name: NAMES.webhook, doc: '{ "kept" : 1.10 }', tags: OURS })
      const run = await act({})
      expect(run.code).toBe(0)
      noLeak(run)
      expect((await stateOf(backend.sm, NAMES.api)).doc).toBe(
        around(JSON.stringify(SOURCES.STRIPE_SECRET_KEY_DEV))
      )
      // Absent: added after the last member, the rest as it was.
      expect((await stateOf(backend.sm, NAMES.webhook)).doc).toBe(
        `{ "kept" : 1.10,"webhook_secret": ${JSON.stringify(SOURCES.STRIPE_WEBHOOK_SECRET_DEV)} }`
      )
      // Our value written with \u escapes is still our value: nothing to write.
      await backend.reset()
      const escaped = `"${[...SOURCES.STRIPE_SECRET_KEY_DEV].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}"`
      await seed({ name: NAMES.api, doc: around(escaped), tags: OURS })
      const again = await act({ only: 'stripe/api_key' })
      expect(again.code).toBe(0)
      expect(again.outputs.unchanged).toBe(JSON.stringify([NAMES.api]))
      const kept = await stateOf(backend.sm, NAMES.api)
      expect([kept.doc, kept.versions]).toEqual([around(escaped), 1])
    })

    test('the CLI’s update-stripe writes only our field’s value', async () => {
      await seed({ name: NAMES.api, doc: around(OLD), tags: OURS })
      const run = await cli(['update-stripe', '--env', 'dev'], { STRIPE_API_KEY: NEW_KEY })
      expect(run.code).toBe(0)
      cliNoLeak(run)
      expect((await stateOf(backend.sm, NAMES.api)).doc).toBe(around(JSON.stringify(NEW_KEY)))
    })

    test('a document holding our field twice is refused, not half-written', async () => {
      const twice = `{"api_key": ${OLD}, "api_key": "sk_test_CANARYsecondCopy001"}`
      await seed({ name: NAMES.api, doc: twice, tags: OURS })
      const before = await stateOf(backend.sm, NAMES.api)
      backend.standin?.resetCalls()
      const run = await act({})
      expect(run.code).toBe(1)
      expect(run.errors.join('\n')).toContain(
        `${NAMES.api} holds the field "api_key" more than once`
      )
      noLeak(run)
      await untouched(NAMES.api, before)
    })
  })
})
