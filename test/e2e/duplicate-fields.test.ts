/**
 * A document holding our field twice (a stale copy kept first, GitHub's value last, so that
 * JSON.parse alone sees nothing to do), however the key is spelt, end to end through both bundles
 * against the stand-in and moto: refused by sync, plan, verify, an adoption and the CLI's deploy,
 * update-stripe and show, naming the secret and what to do; nothing written, no value printed.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals'
import { rmSync } from 'node:fs'
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { runAction, runnerEnv, type ActionRun } from '../../standin/runner.js'
import { describeEachBackend } from './backends.js'
import { laptopEnv, runCli, secretsFolder } from './cli-harness.js'
import { expectNothingLeaked } from './expect-no-leak.js'
import { CANARY, NAMES, SECRETS_FILE, SOURCES, secretsInput } from './fixtures.js'
import { seedSecret, stateOf } from './seed.js'

const ACCOUNT = '123456789012'
const OURS = { 'managed-by': 'impressionnistes-secrets', environment: 'dev' }
const STALE = 'sk_test_CANARYstaleOldKey01'
const GITHUB = SOURCES.STRIPE_SECRET_KEY_DEV
const WRITES = ['CreateSecret', 'PutSecretValue', 'TagResource', 'UpdateSecretVersionStage']
const SAYS = `${NAMES.api} holds the field "api_key" more than once`
const WHAT_TO_DO = 'Keep one "api_key" by hand'

/** The stale copy first, GitHub's value last: JSON.parse keeps the last. */
const SPELLINGS = [
  ['plainly', `{"api_key": "${STALE}", "api_key": "${GITHUB}"}`],
  ['with an escape', `{"api_key": "${STALE}", "\\u0061pi_key": "${GITHUB}"}`]
] as const

describeEachBackend('a document holding our field twice, against %s', (backend) => {
  let sm: SecretsManagerClient
  let folder: string
  const act = (inputs: Record<string, string>) =>
    runAction(
      { environment: 'dev', secrets: secretsInput(), only: 'stripe/api_key', ...inputs },
      runnerEnv(backend.url)
    )
  const cli = (args: string[], extra: Record<string, string> = {}) =>
    runCli(args, { env: laptopEnv(backend.url, extra), cwd: folder })

  /** Refused by name and what to do; nothing written; no value in any channel. */
  async function refused(run: ActionRun | { code: number | null; all: string }, doc: string) {
    const text = 'visible' in run ? run.visible : run.all
    expect(run.code).toBe(1)
    expect(text).toContain(SAYS)
    expect(text).toContain(WHAT_TO_DO)
    expect(text).not.toContain(CANARY)
    if ('visible' in run) expectNothingLeaked(run, CANARY)
    expect((await stateOf(sm, NAMES.api)).doc).toBe(doc)
    const calls = backend.standin?.calls() ?? {}
    for (const op of WRITES) expect([op, calls[op] ?? 0]).toEqual([op, 0])
  }

  beforeAll(async () => {
    sm = backend.sm
    folder = secretsFolder(SECRETS_FILE)
  }, 30_000)
  afterAll(async () => {
    rmSync(folder, { recursive: true, force: true })
  })

  test.each(SPELLINGS)('spelt %s: sync, plan and verify refuse it', async (_how, doc) => {
    await seedSecret(backend, sm, { name: NAMES.api, doc, tags: OURS })
    backend.standin?.resetCalls()
    await refused(await act({}), doc)
    const plan = await act({ mode: 'plan' })
    await refused(plan, doc)
    const verify = await act({ mode: 'verify' })
    await refused(verify, doc)
    expect(verify.visible).not.toContain('match the sources')
  })

  test.each(SPELLINGS)('spelt %s: not adopted in a confirmed account', async (_how, doc) => {
    await seedSecret(backend, sm, { name: NAMES.api, doc })
    backend.standin?.resetCalls()
    await refused(await act({ 'expected-account-id': ACCOUNT }), doc)
  })

  test.each(SPELLINGS)(
    'spelt %s: the CLI’s deploy, update-stripe and show refuse it',
    async (_how, doc) => {
      await seedSecret(backend, sm, { name: NAMES.api, doc, tags: OURS })
      backend.standin?.resetCalls()
      await refused(await cli(['deploy', '--env', 'dev']), doc)
      await refused(await cli(['update-stripe', '--env', 'dev'], { STRIPE_API_KEY: GITHUB }), doc)
      const show = await cli(['show', '--env', 'dev', '--stripe'])
      expect(show.code).toBe(1)
      expect(show.all).toContain('holds the field "api_key" more than once')
      expect(show.all).not.toContain(CANARY)
    }
  )
})
