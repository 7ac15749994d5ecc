/**
 * The probes in the CLI: the committed dist/cli/index.js asks the Stripe and Slack stand-in
 * (STRIPE_API_BASE, SLACK_HOOKS_BASE on this machine) before deploy, update-stripe and rollback
 * write; `probe` asks about what an environment holds now and writes nothing. No provider text and
 * no value reaches stdout or stderr.
 */
import { afterAll, beforeAll, beforeEach, expect, test } from '@jest/globals'
import { rmSync } from 'node:fs'
import { ProviderStandin } from '../../standin/providers.js'
import { describeEachBackend } from './backends.js'
import { laptopEnv, runCli, secretsFolder, type CliRun } from './cli-harness.js'
import { CANARY, NAMES, SECRETS_FILE, SOURCES } from './fixtures.js'
import { inspect, secretNames } from './harness.js'

const KEY = SOURCES.STRIPE_SECRET_KEY_DEV
const ROTATED = 'sk_test_CANARYrotatedKey0002'

let providers: ProviderStandin
beforeAll(async () => {
  providers = await ProviderStandin.start()
})
afterAll(() => providers.stop())
beforeEach(() => {
  providers.reset()
  providers.seedKey(KEY, { state: 'alive', account: 'acct_1Dev' })
  providers.seedKey(ROTATED, { state: 'alive', account: 'acct_1Dev' })
  providers.seedHook(SOURCES.SLACK_WEBHOOK_ADMIN, { state: 'alive' })
  providers.seedHook(SOURCES.SLACK_WEBHOOK_DEVOPS, { state: 'alive' })
})

/** Nothing of a value nor of a provider's answer, and only the empty message to a hook. */
function expectProbedCleanly(run: CliRun): void {
  expect(run.all).not.toContain(CANARY)
  expect(run.all).not.toMatch(/API Key provided|does not have the required permissions/)
  for (const r of providers.requests.filter((q) => q.method === 'POST'))
    expect(r.body).toBe('{"text":""}')
}

describeEachBackend('the CLI probes, against %s', (backend) => {
  let folder: string
  beforeAll(() => {
    folder = secretsFolder(SECRETS_FILE)
  })
  afterAll(() => rmSync(folder, { recursive: true, force: true }))
  const cli = (args: string[], extra: Record<string, string> = {}) =>
    runCli(args, {
      env: laptopEnv(backend.url, { ...providers.env, ...extra }),
      cwd: folder,
      probes: true
    })

  test('deploy with a rolled Stripe key writes nothing; --no-probe asks nothing', async () => {
    providers.seedKey(KEY, { state: 'expired' })
    const run = await cli(['deploy', '--env', 'dev'])
    expect(run.code).toBe(1)
    expectProbedCleanly(run)
    expect(run.stderr).toContain(
      'error: stripe_secret_key_dev is a Stripe key that Stripe reports as expired (api_key_expired)'
    )
    expect(await secretNames(backend.sm)).toEqual([])
    providers.reset()
    const offline = await cli(['deploy', '--env', 'dev', '--no-probe'])
    expect(offline.code).toBe(0)
    expect(providers.calls()).toBe(0)
  })

  test('an answer that cannot tell: a warning and the write; --require-probe stops it', async () => {
    providers.seedHook(SOURCES.SLACK_WEBHOOK_DEVOPS, { state: 'fault', fault: 'server-error' })
    const required = await cli(['deploy', '--env', 'dev', '--require-probe'])
    expect(required.code).toBe(1)
    expect(required.stderr).toContain('error: slack_webhook_devops could not be probed at Slack')
    expect(await secretNames(backend.sm)).toEqual([])
    const run = await cli(['deploy', '--env', 'dev'])
    expect(run.code).toBe(0)
    expectProbedCleanly(run)
    expect(run.stderr).toContain('warning: slack_webhook_devops could not be probed at Slack')
    expect(await secretNames(backend.sm)).toHaveLength(4)
  })

  test('update-stripe, rollback to an expired key refused, then forced; probe says what holds', async () => {
    expect((await cli(['deploy', '--env', 'dev'])).code).toBe(0)
    const first = await inspect(backend.sm, NAMES.api)
    const update = await cli(['update-stripe', '--env', 'dev'], { STRIPE_API_KEY: ROTATED })
    expect(update.code).toBe(0)
    expectProbedCleanly(update)

    // probe: what the environment holds now, nothing written (the new key rolled in the dashboard).
    providers.seedKey(ROTATED, { state: 'expired' })
    const probed = await cli(['probe', '--env', 'dev'])
    expect(probed.code).toBe(1)
    expectProbedCleanly(probed)
    expect(probed.stdout).toMatch(new RegExp(`${NAMES.admin}\\s+alive`))
    expect(probed.stdout).toMatch(new RegExp(`${NAMES.api}\\s+dead`))
    expect(probed.stderr).toContain(
      `error: ${NAMES.api} is a Stripe key that Stripe reports as expired`
    )
    backend.standin?.resetCalls()
    const shown = await cli(['show', '--stripe', '--probe', '--env', 'dev'])
    expect(shown.code).toBe(1)
    // The values show read are the ones probed: read once (the stand-in counts the calls).
    if (backend.standin) expect(backend.standin.calls().BatchGetSecretValue).toBe(1)
    expectProbedCleanly(shown)
    expect(shown.stdout).toMatch(/api_key: sk_test_…0002 .*· dead/)
    expect(shown.stdout).not.toContain(NAMES.admin)
    const listed = await cli(['list', '--probe', '--env', 'dev'])
    expect(listed.code).toBe(1)
    expectProbedCleanly(listed)
    expect(listed.stdout).toMatch(/· alive$/m)
    expect(listed.stdout).toMatch(/· dead$/m)
    providers.seedKey(ROTATED, { state: 'alive', account: 'acct_1Dev' })
    providers.seedKey(KEY, { state: 'expired' })
    const refused = await cli(['rollback', 'stripe/api_key', '--env', 'dev'])
    expect(refused.code).toBe(1)
    expectProbedCleanly(refused)
    expect(refused.stderr).toContain(`${NAMES.api} was not rolled back: version`)
    expect(refused.stderr).toContain('#a-rollback-refused-by-a-failed-probe)')
    expect((await inspect(backend.sm, NAMES.api)).json).toEqual({ api_key: ROTATED })
    const forced = await cli(['rollback', 'stripe/api_key', '--env', 'dev', '--force'])
    expect(forced.code).toBe(0)
    expectProbedCleanly(forced)
    expect(forced.stderr).toContain(
      'the rollback was forced. (how to fix: docs/troubleshooting.md#a-forced-rollback)'
    )
    expect((await inspect(backend.sm, NAMES.api)).versionId).toBe(first.versionId)
  })

  test('a new signing secret alone is checked with the key the environment keeps in AWS', async () => {
    expect((await cli(['deploy', '--env', 'dev'])).code).toBe(0)
    providers.reset()
    providers.seedKey(KEY, { state: 'alive', account: 'acct_1Dev', endpoints: [] })
    const run = await cli(['update-stripe', '--env', 'dev'], {
      STRIPE_WEBHOOK_SECRET: 'whsec_CANARYnewSigningSecret1'
    })
    expect(run.code).toBe(0)
    expectProbedCleanly(run)
    expect(run.stderr).toContain(
      'warning: STRIPE_WEBHOOK_SECRET is a webhook signing secret, but the Stripe account has no enabled webhook endpoint in test mode'
    )
    expect(providers.requests.map((r) => [r.path, r.headers.authorization])).toEqual([
      ['/v1/webhook_endpoints', `Bearer ${KEY}`]
    ])
  })

  test('an override to another host is refused with no call made', async () => {
    backend.standin?.resetCalls()
    const run = await cli(['probe', '--env', 'dev'], { SLACK_HOOKS_BASE: 'http://10.0.0.1:80' })
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('SLACK_HOOKS_BASE may only point at a loopback address')
    expect(run.all).not.toContain('10.0.0.1')
    expect(providers.calls()).toBe(0)
    if (backend.standin) expect(backend.standin.calls()).toEqual({})
  })
})
