/**
 * The `consumers` input (and the CLI's --consumer): after a sync or rollback that changed a
 * secret, the Lambda functions that read it get IMPRESSIONNISTES_SECRETS_VERSION set to the new
 * version id, their other variables kept, guarded by their RevisionId. The committed bundles,
 * against the stand-in (every case, with its call log) and moto's Lambda (the main cases).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals'
import { inspect } from './harness.js'
import { runAction, runnerEnv, type ActionRun } from '../../standin/runner.js'
import { startStandin, type Backend, describeEachBackend, useBackend } from './backends.js'
import type { Standin } from '../../standin/server.js'
import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  CreateFunctionCommand,
  GetFunctionConfigurationCommand,
  LambdaClient
} from '@aws-sdk/client-lambda'
import { laptopEnv, runCli, secretsFolder } from './cli-harness.js'
import { expectNothingLeaked } from './expect-no-leak.js'
import { CANARY, NAMES, SECRETS_FILE, secretsInput } from './fixtures.js'

const VARIABLE = 'IMPRESSIONNISTES_SECRETS_VERSION'
/** In the functions' own variables: must never be printed either. */
const FN_CANARY = 'FNCANARY'
const VARIABLES: Record<string, string> = {
  TABLE: 'registrations',
  API_TOKEN: `tok_${FN_CANARY}_0001_abcdefgh`,
  QUOTED: `say "hi" \\ back ${FN_CANARY}`,
  UNICODE: `café ✓ 日本 ${FN_CANARY}`,
  PADDED: `  ${FN_CANARY} padded  `,
  EMPTY: '',
  MULTI_LINE: `line one\nline two ${FN_CANARY}`
}
const PAYMENT = 'registration-payment'
const REFUND = 'registration-refund'
const TWO = `stripe/api_key: ${PAYMENT}, ${REFUND}`
const ROTATED = { STRIPE_SECRET_KEY_DEV: 'sk_test_CANARYrotated00000001' }

type Refreshed = { function: string; target: string; result: string; reason?: string }[]
const refreshedOf = (run: ActionRun): Refreshed =>
  JSON.parse(run.outputs.refreshed ?? 'null') as Refreshed
const versionOf = (run: ActionRun, name: string) =>
  (JSON.parse(run.outputs.result ?? '[]') as { name: string; versionId: string }[]).find(
    (r) => r.name === name
  )?.versionId

function expectQuiet(run: ActionRun): void {
  expectNothingLeaked(run, CANARY)
  expect(run.visible).not.toContain(FN_CANARY)
  expect(run.visible).not.toContain('registrations')
}

/** A minimal zip archive (no entry): enough for moto's CreateFunction. */
const EMPTY_ZIP = Buffer.from('504b0506' + '00'.repeat(18), 'hex')

/** Functions on either back end: the stand-in's seeding, or moto's CreateFunction (and a role). */
function functionsOn(backend: Backend) {
  const lambda = new LambdaClient({
    endpoint: backend.url,
    region: 'eu-west-3',
    credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'test' },
    maxAttempts: 1
  })
  const roleArn = 'arn:aws:iam::123456789012:role/consumer-role'
  return {
    lambda,
    async create(name: string, variables: Record<string, string>): Promise<void> {
      if (backend.standin) {
        backend.standin.putFunction({ name, variables })
        return
      }
      await lambda.send(
        new CreateFunctionCommand({
          FunctionName: name,
          Runtime: 'nodejs22.x',
          Role: roleArn,
          Handler: 'index.handler',
          Code: { ZipFile: EMPTY_ZIP },
          Environment: { Variables: variables }
        })
      )
    },
    /** moto's CreateFunction needs the role to exist in its IAM (an unsigned query call). */
    async prepare(): Promise<void> {
      if (backend.standin) return
      const body = new URLSearchParams({
        Action: 'CreateRole',
        Version: '2010-05-08',
        RoleName: 'consumer-role',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Service: 'lambda.amazonaws.com' },
              Action: 'sts:AssumeRole'
            }
          ]
        })
      })
      const res = await fetch(backend.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          // moto's server picks the service from the credential scope.
          authorization:
            'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0'
        },
        body
      })
      if (res.status !== 200) throw new Error(`moto CreateRole: ${res.status} ${await res.text()}`)
    },
    async variables(name: string): Promise<Record<string, string> | undefined> {
      const out = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name }))
      return out.Environment?.Variables
    }
  }
}

describeEachBackend('consumers refreshed after a change, against %s', (backend) => {
  let fns: ReturnType<typeof functionsOn>
  const act = (inputs: Record<string, string>, over: Record<string, unknown> = {}) =>
    runAction(
      { environment: 'dev', secrets: secretsInput(over), ...inputs },
      runnerEnv(backend.url)
    )

  beforeAll(async () => {
    fns = functionsOn(backend)
  }, 30_000)
  afterAll(async () => {
    fns?.lambda.destroy()
  })
  beforeEach(async () => {
    await fns.prepare()
    await fns.create(PAYMENT, VARIABLES)
    await fns.create(REFUND, { TABLE: 'registrations' })
  })

  test('a rotated key refreshes its two consumers; their other variables are kept byte for byte, never printed', async () => {
    expect((await act({})).code).toBe(0)
    const run = await act({ consumers: TWO }, ROTATED)
    expect(run.code).toBe(0)
    expectQuiet(run)
    const version = versionOf(run, NAMES.api)
    expect(version).toBe((await inspect(backend.sm, NAMES.api)).versionId)
    expect(refreshedOf(run)).toEqual([
      { function: PAYMENT, target: 'stripe/api_key', result: 'refreshed' },
      { function: REFUND, target: 'stripe/api_key', result: 'refreshed' }
    ])
    expect(await fns.variables(PAYMENT)).toEqual({ ...VARIABLES, [VARIABLE]: version })
    expect(await fns.variables(REFUND)).toEqual({ TABLE: 'registrations', [VARIABLE]: version })
    expect(run.stdout).toMatch(new RegExp(`${PAYMENT}\\s+stripe/api_key\\s+🔁 refreshed`))
    expect(run.summary).toContain(`| \`${PAYMENT}\` | \`stripe/api_key\` | 🔁 refreshed | — |`)
    expect(run.summary).toContain('published version or an alias')
    expect(run.warnings).toEqual([])
  })

  test('a secret that did not change refreshes nothing', async () => {
    expect((await act({})).code).toBe(0)
    backend.standin?.resetCalls()
    const run = await act({ consumers: TWO })
    expect(run.code).toBe(0)
    expectQuiet(run)
    expect(refreshedOf(run)).toEqual([
      {
        function: PAYMENT,
        target: 'stripe/api_key',
        result: 'skipped',
        reason: 'the secret did not change'
      },
      {
        function: REFUND,
        target: 'stripe/api_key',
        result: 'skipped',
        reason: 'the secret did not change'
      }
    ])
    if (backend.standin) {
      const lambdaCalls = backend.standin.log().filter((c) => c.operation.startsWith('lambda:'))
      expect(lambdaCalls).toEqual([])
    }
    expect(await fns.variables(PAYMENT)).toEqual(VARIABLES)
  })

  test('a consumer that does not exist is reported by name; the secret is still written, the step green', async () => {
    expect((await act({})).code).toBe(0)
    const run = await act({ consumers: `stripe/api_key: ${PAYMENT}, ghost-function` }, ROTATED)
    expect(run.code).toBe(0)
    expectQuiet(run)
    expect((await inspect(backend.sm, NAMES.api)).json).toEqual({
      api_key: ROTATED.STRIPE_SECRET_KEY_DEV
    })
    expect(refreshedOf(run)).toEqual([
      { function: PAYMENT, target: 'stripe/api_key', result: 'refreshed' },
      {
        function: 'ghost-function',
        target: 'stripe/api_key',
        result: 'failed',
        reason: 'the function does not exist in this account and region'
      }
    ])
    expect(run.warnings.join('\n')).toContain(
      'Lambda function ghost-function was not refreshed: the function does not exist'
    )
    expect(run.summary).toContain('| `ghost-function` | `stripe/api_key` | ❌ not refreshed |')
  })
})

describe('consumers, against the stand-in (call log, concurrency, failures)', () => {
  const backend = useBackend()
  let standin: Standin
  const act = (inputs: Record<string, string>, over: Record<string, unknown> = {}) =>
    runAction(
      { environment: 'dev', secrets: secretsInput(over), ...inputs },
      runnerEnv(backend.url)
    )
  const lambdaLog = () => standin.log().filter((c) => c.operation.startsWith('lambda:'))

  beforeAll(() => {
    standin = backend.standin as Standin
  })
  beforeEach(async () => {
    standin.setLambdaUpdateMs(0)
    standin.putFunction({ name: PAYMENT, variables: VARIABLES })
    standin.putFunction({ name: REFUND, variables: { TABLE: 'registrations' } })
    expect((await act({})).code).toBe(0)
    standin.resetCalls()
  })

  test('each update names the RevisionId just read, and the step waits until Lambda has applied it', async () => {
    standin.setLambdaUpdateMs(600)
    const before = standin.lambdaFunction(PAYMENT)?.revisionId
    const run = await act({ consumers: TWO }, ROTATED)
    expect(run.code).toBe(0)
    expect(standin.lambdaFunction(PAYMENT)?.revisionIdsGiven).toEqual([before])
    for (const fn of [PAYMENT, REFUND]) {
      const calls = lambdaLog().filter((c) => c.secretIds[0] === fn)
      const update = calls.find((c) => c.operation === 'lambda:UpdateFunctionConfiguration')
      const last = calls.at(-1)
      expect(update?.status).toBe(200)
      expect(last?.operation).toBe('lambda:GetFunctionConfiguration')
      // The last poll came after the update's 600 ms: it saw Successful.
      expect((last?.start ?? 0) - (update?.end ?? 0)).toBeGreaterThanOrEqual(550)
      expect(standin.lambdaFunction(fn)?.updates).toBe(1)
    }
    expect(refreshedOf(run).map((r) => r.result)).toEqual(['refreshed', 'refreshed'])
  })

  test('a deploy that changes the function meanwhile is kept: the update is refused, read again, retried', async () => {
    standin.interfere(PAYMENT, (v) => {
      v.DEPLOYED = 'by-the-ci'
    })
    const run = await act({ consumers: `stripe/api_key: ${PAYMENT}` }, ROTATED)
    expect(run.code).toBe(0)
    expectQuiet(run)
    const updates = lambdaLog().filter((c) => c.operation === 'lambda:UpdateFunctionConfiguration')
    expect(updates.map((c) => c.status)).toEqual([412, 200])
    expect(updates[0]?.errorCode).toBe('PreconditionFailedException')
    expect(standin.lambdaFunction(PAYMENT)?.variables).toEqual({
      ...VARIABLES,
      DEPLOYED: 'by-the-ci',
      [VARIABLE]: versionOf(run, NAMES.api)
    })
    expect(refreshedOf(run)).toEqual([
      { function: PAYMENT, target: 'stripe/api_key', result: 'refreshed' }
    ])
  })

  test('a function that keeps changing is given up after 3 attempts, never overwritten; the secret is written', async () => {
    for (let i = 1; i <= 3; i++)
      standin.interfere(PAYMENT, (v) => {
        v.DEPLOYED = `deploy-${i}`
      })
    const run = await act({ consumers: `stripe/api_key: ${PAYMENT}` }, ROTATED)
    expect(run.code).toBe(0)
    expectQuiet(run)
    const updates = lambdaLog().filter((c) => c.operation === 'lambda:UpdateFunctionConfiguration')
    expect(updates.map((c) => c.status)).toEqual([412, 412, 412])
    expect(standin.lambdaFunction(PAYMENT)?.variables).toEqual({
      ...VARIABLES,
      DEPLOYED: 'deploy-3'
    })
    const [row] = refreshedOf(run)
    expect(row).toMatchObject({ function: PAYMENT, result: 'failed' })
    expect(row?.reason).toContain('kept changing while it was being updated (3 attempts')
    expect((await inspect(backend.sm, NAMES.api)).json).toEqual({
      api_key: ROTATED.STRIPE_SECRET_KEY_DEV
    })
  })

  test('an update already in progress is waited for before ours, which Lambda would refuse meanwhile', async () => {
    standin.putFunction({ name: PAYMENT, variables: VARIABLES, inProgressMs: 700 })
    const run = await act({ consumers: `stripe/api_key: ${PAYMENT}` }, ROTATED)
    expect(run.code).toBe(0)
    expect(lambdaLog().some((c) => c.status === 409)).toBe(false)
    expect(refreshedOf(run)).toEqual([
      { function: PAYMENT, target: 'stripe/api_key', result: 'refreshed' }
    ])
    expect(standin.lambdaFunction(PAYMENT)?.variables[VARIABLE]).toBe(versionOf(run, NAMES.api))
  })

  test('a rollback refreshes the consumers with the version made current again', async () => {
    const first = (await inspect(backend.sm, NAMES.api)).versionId
    expect((await act({}, ROTATED)).code).toBe(0)
    const run = await act({ mode: 'rollback', only: 'stripe/api_key', consumers: TWO }, ROTATED)
    expect(run.code).toBe(0)
    expectQuiet(run)
    expect(versionOf(run, NAMES.api)).toBe(first)
    expect(standin.lambdaFunction(PAYMENT)?.variables[VARIABLE]).toBe(first)
    expect(standin.lambdaFunction(REFUND)?.variables[VARIABLE]).toBe(first)
    expect(refreshedOf(run).map((r) => r.result)).toEqual(['refreshed', 'refreshed'])
  })

  test('a function reading two changed secrets gets one update with both version ids', async () => {
    const run = await act(
      {
        consumers: `stripe/api_key: ${PAYMENT}\nstripe/webhook_secret: ${PAYMENT}, ${REFUND}`
      },
      { ...ROTATED, STRIPE_WEBHOOK_SECRET_DEV: 'whsec_CANARYrotated0000001' }
    )
    expect(run.code).toBe(0)
    const updates = lambdaLog().filter(
      (c) => c.operation === 'lambda:UpdateFunctionConfiguration' && c.secretIds[0] === PAYMENT
    )
    expect(updates).toHaveLength(1)
    expect(standin.lambdaFunction(PAYMENT)?.variables[VARIABLE]).toBe(
      `${versionOf(run, NAMES.api)},${versionOf(run, NAMES.webhook)}`
    )
    expect(refreshedOf(run)).toHaveLength(3)
  })

  test('what cannot be refreshed is said, by name and reason, and nothing is lost', async () => {
    standin.putFunction({
      name: 'sealed-fn',
      variables: VARIABLES,
      variablesError: 'KMSAccessDeniedException'
    })
    // One variable away from Lambda's 4 KB: ours would go over.
    standin.putFunction({
      name: 'full-fn',
      variables: { BIG: `${FN_CANARY}${'x'.repeat(4096 - 20 - FN_CANARY.length)}` }
    })
    standin.putFunction({ name: 'failing-fn', failUpdates: 'SubnetOutOfIPAddresses' })
    const run = await act({ consumers: 'stripe/api_key: sealed-fn, full-fn, failing-fn' }, ROTATED)
    expect(run.code).toBe(0)
    expectQuiet(run)
    const reasons = Object.fromEntries(refreshedOf(run).map((r) => [r.function, r.reason]))
    expect(reasons['sealed-fn']).toBe(
      "Lambda could not read the function's environment variables (KMSAccessDeniedException), so they were left as they are"
    )
    expect(reasons['full-fn']).toBe("its environment variables would exceed Lambda's 4 KB limit")
    expect(reasons['failing-fn']).toBe(
      'Lambda could not apply the update (SubnetOutOfIPAddresses); the function keeps its previous configuration'
    )
    const updated = lambdaLog()
      .filter((c) => c.operation === 'lambda:UpdateFunctionConfiguration')
      .map((c) => c.secretIds[0])
    expect(updated).toEqual(['failing-fn'])
    expect(run.warnings).toHaveLength(3)

    // A role without the function in ConsumerFunctions.
    standin.putFunction({ name: 'denied-fn' })
    standin.addFault({
      operation: 'lambda:UpdateFunctionConfiguration',
      kind: 'accessDenied',
      times: 10
    })
    const denied = await act(
      { consumers: 'stripe/api_key: denied-fn' },
      { STRIPE_SECRET_KEY_DEV: 'sk_test_CANARYrotated00000002' }
    )
    expect(denied.code).toBe(0)
    expect(refreshedOf(denied)[0]?.reason).toBe(
      "AWS denied lambda:UpdateFunctionConfiguration: add the function to the deploy role's ConsumerFunctions (infra/github-deploy-role.yml)"
    )
  })

  test('SnapStart (published versions only) is refreshed on $LATEST, with a warning that says so', async () => {
    standin.putFunction({ name: PAYMENT, variables: VARIABLES, snapStart: true })
    const run = await act({ consumers: `stripe/api_key: ${PAYMENT}` }, ROTATED)
    expect(run.code).toBe(0)
    expect(refreshedOf(run)[0]).toMatchObject({ result: 'refreshed' })
    expect(refreshedOf(run)[0]?.reason).toContain('only $LATEST was refreshed')
    expect(run.warnings.join('\n')).toContain('Publish a new version and point the alias at it')
  })

  test('consumers are checked before anything is read: an alias, an unknown target, a pasted key', async () => {
    const run = await act(
      {
        consumers: `stripe/api_key: ${PAYMENT}:live\nstripe/apikey: ${PAYMENT}\nslack/admin_webhook: sk_test_CANARYpasted00000`
      },
      ROTATED
    )
    expect(run.code).toBe(1)
    expectQuiet(run)
    const errors = run.errors.join('\n')
    expect(errors).toContain(`"${PAYMENT}:live" names a published version or an alias`)
    expect(errors).toContain('looks like a secret, not a function name')
    expect(standin.log()).toEqual([])
    // The unknown target is found by the engine, once the input parses: still before any call.
    const unknown = await act({ consumers: `stripe/apikey: ${PAYMENT}` }, ROTATED)
    expect(unknown.code).toBe(1)
    expect(unknown.errors.join('\n')).toContain(
      'consumers: "stripe/apikey" is not a secret of the catalogue in dev'
    )
    expect(standin.log()).toEqual([])
  })

  test('plan and verify never call Lambda', async () => {
    for (const mode of ['plan', 'verify']) {
      const run = await act({ mode, consumers: TWO }, ROTATED)
      expect(refreshedOf(run)).toEqual([])
    }
    expect(lambdaLog()).toEqual([])
  })
})

describe('consumers from the CLI (update-stripe, rollback) and make', () => {
  const backend = useBackend(startStandin, { resetEachTest: false })
  let standin: Standin
  let folder: string
  beforeAll(() => {
    standin = backend.standin as Standin
    folder = secretsFolder(SECRETS_FILE)
  })
  afterAll(() => rmSync(folder, { recursive: true, force: true }))

  test('update-stripe --consumer, then rollback --consumers-file: each refreshes, in text and JSON', async () => {
    standin.putFunction({ name: PAYMENT, variables: VARIABLES })
    standin.putFunction({ name: REFUND })
    const env = laptopEnv(backend.url)
    expect((await runCli(['deploy', '--env', 'dev'], { env, cwd: folder })).code).toBe(0)
    const update = await runCli(
      [
        'update-stripe',
        '--env',
        'dev',
        '--consumer',
        `stripe/api_key: ${PAYMENT}`,
        '--consumer',
        `stripe/api_key: ${REFUND}`
      ],
      { env: { ...env, STRIPE_API_KEY: ROTATED.STRIPE_SECRET_KEY_DEV }, cwd: folder }
    )
    expect(update.code).toBe(0)
    expect(update.all).not.toContain(CANARY)
    expect(update.all).not.toContain(FN_CANARY)
    expect(update.stdout).toMatch(new RegExp(`${PAYMENT}\\s+stripe/api_key\\s+🔁 refreshed`))
    expect(update.stdout).toMatch(new RegExp(`${REFUND}\\s+stripe/api_key\\s+🔁 refreshed`))
    const rotatedVersion = standin.lambdaFunction(PAYMENT)?.variables[VARIABLE]
    expect(rotatedVersion).toMatch(/^[0-9a-f-]{36}$/)

    const file = join(folder, 'consumers.txt')
    writeFileSync(file, `# who reads the key\nstripe/api_key: ${PAYMENT}, ${REFUND}\n`)
    const rollback = await runCli(
      ['rollback', 'stripe/api_key', '--env', 'dev', '--consumers-file', file, '--json'],
      { env, cwd: folder }
    )
    expect(rollback.code).toBe(0)
    const report = JSON.parse(rollback.stdout) as {
      rows: { versionId: string }[]
      refreshed: Refreshed
    }
    expect(report.refreshed.map((r) => [r.function, r.result])).toEqual([
      [PAYMENT, 'refreshed'],
      [REFUND, 'refreshed']
    ])
    const now = report.rows[0]?.versionId
    expect(now).not.toBe(rotatedVersion)
    expect(standin.lambdaFunction(PAYMENT)?.variables).toEqual({ ...VARIABLES, [VARIABLE]: now })
    expect(rollback.all).not.toContain(FN_CANARY)
  })

  test('a bad --consumer is a usage error before any AWS call, quoting no pasted key', async () => {
    standin.resetCalls()
    const run = await runCli(
      ['update-stripe', '--env', 'dev', '--consumer', 'stripe/api_key: sk_live_CANARYxxxxxxxxxxxx'],
      {
        env: { ...laptopEnv(backend.url), STRIPE_API_KEY: 'sk_test_CANARYunused0000001' },
        cwd: folder
      }
    )
    expect(run.code).toBe(2)
    expect(run.stderr).toContain(
      '--consumer (1), line 1: (not shown: it could be a secret) looks like a secret'
    )
    expect(run.all).not.toContain(CANARY)
    expect(standin.log()).toEqual([])
  })
})
