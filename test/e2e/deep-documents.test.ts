/**
 * A document another tool nested deep (a valid 40 KB document, one field 20,000 arrays deep, as
 * JSON.parse reads it), end to end through both bundles against the stand-in and moto: our field
 * is edited beside it byte for byte, by the action and the CLI, never an unexpected failure.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals'
import { rmSync } from 'node:fs'
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { runAction, runnerEnv } from '../../standin/runner.js'
import { describeEachBackend } from './backends.js'
import { laptopEnv, runCli, secretsFolder } from './cli-harness.js'
import { expectNothingLeaked } from './expect-no-leak.js'
import { CANARY, NAMES, SECRETS_FILE, SOURCES, secretsInput } from './fixtures.js'
import { seedSecret, stateOf } from './seed.js'

const OURS = { 'managed-by': 'impressionnistes-secrets', environment: 'dev' }
const DEEP = `${'['.repeat(20_000)}1${']'.repeat(20_000)}`
const OLD = 'sk_test_CANARYoldValue00001'
const withKey = (key: string) => `{"other": ${DEEP}, "api_key": ${JSON.stringify(key)}}`

describeEachBackend('a field of another tool nested 20,000 levels deep, against %s', (backend) => {
  let sm: SecretsManagerClient
  let folder: string
  const act = (inputs: Record<string, string>) =>
    runAction(
      { environment: 'dev', secrets: secretsInput(), only: 'stripe/api_key', ...inputs },
      runnerEnv(backend.url)
    )

  beforeAll(async () => {
    sm = backend.sm
    folder = secretsFolder(SECRETS_FILE)
  }, 30_000)
  afterAll(async () => {
    rmSync(folder, { recursive: true, force: true })
  })

  test('verify reports the drift, and a sync writes our field beside it', async () => {
    expect(withKey(OLD).length).toBeGreaterThan(40_000)
    await seedSecret(backend, sm, { name: NAMES.api, doc: withKey(OLD), tags: OURS })
    const verify = await act({ mode: 'verify' })
    expect([verify.code, verify.visible]).toEqual([1, expect.stringContaining('differs from')])
    expect(verify.visible).not.toContain('Unexpected failure')
    const sync = await act({})
    expect(sync.visible).not.toContain('Unexpected failure')
    expect(sync.code).toBe(0)
    expect(sync.outputs.updated).toBe(JSON.stringify([NAMES.api]))
    expectNothingLeaked(sync, CANARY)
    expect((await stateOf(sm, NAMES.api)).doc).toBe(withKey(SOURCES.STRIPE_SECRET_KEY_DEV))
  })

  test('the CLI’s deploy adds our field after it', async () => {
    const doc = `{"other": ${DEEP}}`
    await seedSecret(backend, sm, { name: NAMES.api, doc, tags: OURS })
    const run = await runCli(['deploy', '--env', 'dev'], {
      env: laptopEnv(backend.url),
      cwd: folder
    })
    expect(run.all).not.toContain('Unexpected failure')
    expect(run.code).toBe(0)
    expect(run.all).not.toContain(CANARY)
    expect((await stateOf(sm, NAMES.api)).doc).toBe(
      `{"other": ${DEEP},"api_key": ${JSON.stringify(SOURCES.STRIPE_SECRET_KEY_DEV)}}`
    )
  })
})
