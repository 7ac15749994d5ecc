/**
 * The probes in the action: the committed bundle asks the Stripe and Slack stand-in
 * (standin/providers.ts, on this machine through STRIPE_API_BASE and SLACK_HOOKS_BASE) about
 * every value it is about to make current, before its first write. A dead value means zero
 * writes; an answer that cannot tell writes with a warning, and stops under `probe: require`;
 * no provider text reaches any channel; the one body a webhook ever gets is `{"text":""}`.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runAction, runnerEnv, STANDIN_ENVIRONMENTS, type ActionRun } from '../../standin/runner.js'
import { ProviderStandin, type HookState, type StripeKeyState } from '../../standin/providers.js'
import { describeEachBackend, startStandin, useBackend, type LiveBackend } from './backends.js'
import { expectNothingLeaked } from './expect-no-leak.js'
import { CANARY, NAMES, SOURCES, secretsInput } from './fixtures.js'
import { inspect, secretNames } from './harness.js'

let providers: ProviderStandin
let folder: string
beforeAll(async () => {
  providers = await ProviderStandin.start({ slowMs: 10_000 })
  folder = mkdtempSync(join(tmpdir(), 'imp-probe-pins-'))
})
afterAll(async () => {
  await providers.stop()
  rmSync(folder, { recursive: true, force: true })
})

/** The stand-in's environments file, with provider pins for dev. */
function pinned(pins: { stripeAccount?: string; slackWorkspace?: string }): string {
  const file = JSON.parse(readFileSync(STANDIN_ENVIRONMENTS, 'utf8')) as Record<string, object>
  const path = join(folder, `${Object.values(pins).join('-')}.json`)
  writeFileSync(path, JSON.stringify({ ...file, dev: { ...file.dev, ...pins } }))
  return path
}
beforeEach(() => providers.reset())

const KEY = SOURCES.STRIPE_SECRET_KEY_DEV
const ADMIN = SOURCES.SLACK_WEBHOOK_ADMIN
const DEVOPS = SOURCES.SLACK_WEBHOOK_DEVOPS

/** The dev values at their providers: alive unless given (a key `null` is one Stripe never knew). */
function seed(
  key: StripeKeyState | null = { state: 'alive', account: 'acct_1Dev' },
  admin: HookState = { state: 'alive' }
) {
  if (key) providers.seedKey(KEY, key)
  providers.seedHook(ADMIN, admin).seedHook(DEVOPS, { state: 'alive' })
}

const probing =
  (backend: LiveBackend) =>
  (inputs: Record<string, string> = {}, over: Record<string, unknown> = {}): Promise<ActionRun> =>
    runAction(
      { environment: 'dev', secrets: secretsInput(over), probe: 'on', ...inputs },
      runnerEnv(backend.url, providers.env)
    )

/** What every probe run must hold: nothing leaked, no body but the empty message to a hook. */
function expectProbedCleanly(run: ActionRun): void {
  expectNothingLeaked(run, CANARY)
  expect(run.visible).not.toMatch(/API Key provided|does not have the required permissions/)
  for (const r of providers.requests.filter((q) => q.method === 'POST'))
    expect(r.body).toBe('{"text":""}')
  for (const r of providers.requests.filter((q) => q.method === 'GET')) expect(r.body).toBe('')
}

describeEachBackend('the action probes before it writes, against %s', (backend) => {
  const act = probing(backend)

  test('all alive: each value asked once, side by side, then written', async () => {
    seed()
    const run = await act()
    expect(run.code).toBe(0)
    expectProbedCleanly(run)
    expect(
      providers.requests.map((r) => `${r.method} ${r.path.split('?')[0] ?? ''}`).sort()
    ).toEqual(
      [
        'GET /v1/account',
        'GET /v1/webhook_endpoints',
        `POST ${new URL(ADMIN).pathname}`,
        `POST ${new URL(DEVOPS).pathname}`
      ].sort()
    )
    expect(run.warnings).toEqual([])
    expect(await secretNames(backend.sm)).toHaveLength(4)
  })

  test('a rolled Stripe key stops the run before any write, naming the GitHub secret', async () => {
    seed({ state: 'expired' })
    const run = await act()
    expect(run.code).toBe(1)
    expectProbedCleanly(run)
    expect(run.errors.join('\n')).toContain(
      'STRIPE_SECRET_KEY_DEV is a Stripe key that Stripe reports as expired (api_key_expired)'
    )
    expect(await secretNames(backend.sm)).toEqual([])
  })

  test('an answer that cannot tell writes with a warning, and stops under probe: require', async () => {
    seed({ state: 'fault', fault: 'server-error' })
    const run = await act()
    expect(run.code).toBe(0)
    expectProbedCleanly(run)
    expect(run.warnings.join('\n')).toContain(
      'STRIPE_SECRET_KEY_DEV could not be probed at Stripe: the provider answered with a server error (5xx) on every try.'
    )
    expect(await secretNames(backend.sm)).toHaveLength(4)
    await backend.reset()
    const required = await act({ probe: 'require' })
    expect(required.code).toBe(1)
    expect(required.errors.join('\n')).toContain('STRIPE_SECRET_KEY_DEV could not be probed')
    expect(await secretNames(backend.sm)).toEqual([])
  })

  test('a rollback to an expired key is refused, and goes on when forced', async () => {
    seed()
    expect((await act()).code).toBe(0)
    const first = await inspect(backend.sm, NAMES.api)
    const rotated = 'sk_test_CANARYrotatedKey0002'
    providers.seedKey(rotated, { state: 'alive', account: 'acct_1Dev' })
    expect((await act({}, { STRIPE_SECRET_KEY_DEV: rotated })).code).toBe(0)
    // The first key was rolled in the dashboard since: going back to it would be an outage.
    providers.seedKey(KEY, { state: 'expired' })
    const refused = await act({ mode: 'rollback', only: 'stripe/api_key' })
    expect(refused.code).toBe(1)
    expectProbedCleanly(refused)
    expect(refused.errors.join('\n')).toContain(
      `${NAMES.api} was not rolled back: version ${first.versionId ?? ''}, the one it would make current, failed its probe`
    )
    expect((await inspect(backend.sm, NAMES.api)).json).toEqual({ api_key: rotated })

    const forced = await act({ mode: 'rollback', only: 'stripe/api_key', 'force-rollback': 'true' })
    expect(forced.code).toBe(0)
    expectProbedCleanly(forced)
    expect(forced.summary).toContain('the rollback was forced')
    expect((await inspect(backend.sm, NAMES.api)).versionId).toBe(first.versionId)
  })

  test('a key of another Stripe account than the pinned one is refused; a hook of another workspace, before any call', async () => {
    seed({ state: 'alive', account: 'acct_1Other' })
    const run = await act({ environments: pinned({ stripeAccount: 'acct_1Dev' }) })
    expect(run.code).toBe(1)
    expectProbedCleanly(run)
    expect(run.errors.join('\n')).toContain(
      "STRIPE_SECRET_KEY_DEV is a key of Stripe account acct_1Other, and environment dev is pinned to acct_1Dev (stripeAccount in the environments file): it is another account's key."
    )
    expect(await secretNames(backend.sm)).toEqual([])
    providers.reset()
    seed()
    const hooks = await act({ environments: pinned({ slackWorkspace: 'T0OTHER' }) })
    expect(hooks.code).toBe(1)
    expect(hooks.errors.join('\n')).toContain(
      'SLACK_WEBHOOK_ADMIN is a webhook of another Slack workspace than the one this environment is pinned to'
    )
    expect(providers.calls()).toBe(0)
    expect(await secretNames(backend.sm)).toEqual([])
    // The right pins: written.
    const right = await act({
      environments: pinned({ stripeAccount: 'acct_1Dev', slackWorkspace: 'T0CANARY' })
    })
    expect(right.code).toBe(0)
  })

  test('an override to another host is refused before any call', async () => {
    seed()
    backend.standin?.resetCalls()
    const run = await runAction(
      { environment: 'dev', secrets: secretsInput(), probe: 'on' },
      runnerEnv(backend.url, {
        ...providers.env,
        STRIPE_API_BASE: 'https://api.stripe.com.evil.example'
      })
    )
    expect(run.code).toBe(1)
    expect(run.errors.join('\n')).toContain(
      'STRIPE_API_BASE may only point at a loopback address (127.0.0.1, ::1 or localhost)'
    )
    expect(run.visible).not.toContain('evil')
    expect(providers.calls()).toBe(0)
    if (backend.standin) expect(backend.standin.calls()).toEqual({})
    expect(await secretNames(backend.sm)).toEqual([])
  })
})

describe('each provider answer gives its result, in the action', () => {
  const backend = useBackend(() => startStandin())
  const act = probing(backend)

  const stripe: [string, StripeKeyState | null, 'stops' | 'warns', RegExp][] = [
    ['expired', { state: 'expired' }, 'stops', /reports as expired \(api_key_expired\)/],
    ['unknown', null, 'stops', /is a Stripe key that Stripe does not know \(401\)/],
    [
      'restricted',
      { state: 'restricted', account: 'acct_1Dev' },
      'warns',
      /may not read its own account \(403\)/
    ],
    [
      'rate-limited',
      { state: 'fault', fault: 'rate-limited' },
      'warns',
      /"too many requests" \(429\) on every try/
    ],
    [
      'server error',
      { state: 'fault', fault: 'server-error' },
      'warns',
      /server error \(5xx\) on every try/
    ],
    [
      'dropped',
      { state: 'fault', fault: 'dropped' },
      'warns',
      /the connection failed or was dropped/
    ],
    // No answer within the 5 s limit (the stand-in would answer after 10 s).
    ['slow', { state: 'fault', fault: 'slow' }, 'warns', /did not answer within the time limit/]
  ]
  test.each(stripe)('Stripe key %s', async (_, state, result, says) => {
    seed(state)
    const run = await act()
    expectProbedCleanly(run)
    const said = (result === 'stops' ? run.errors : run.warnings).join('\n')
    expect(said).toMatch(says)
    expect(said).toContain('STRIPE_SECRET_KEY_DEV ')
    expect(run.code).toBe(result === 'stops' ? 1 : 0)
    expect(await secretNames(backend.sm)).toHaveLength(result === 'stops' ? 0 : 4)
  })

  const slack: [string, HookState, 'stops' | 'warns', string][] = [
    ...(
      [
        'no_service',
        'no_service_id',
        'no_active_hooks',
        'channel_not_found',
        'invalid_token',
        'channel_is_archived',
        'no_team',
        'team_disabled'
      ] as const
    ).map((code): [string, HookState, 'stops', string] => [
      code,
      { state: 'dead', code },
      'stops',
      `reports as dead (${code})`
    ]),
    ...(['action_prohibited', 'posting_to_general_channel_denied'] as const).map(
      (code): [string, HookState, 'warns', string] => [
        code,
        { state: 'blocked', code },
        'warns',
        `works but may not post (${code})`
      ]
    ),
    [
      'an unknown answer',
      { state: 'answer', status: 400, body: `bad_things ${CANARY}` },
      'warns',
      'an answer the probe does not know'
    ],
    ['429', { state: 'fault', fault: 'rate-limited' }, 'warns', '"too many requests" (429)'],
    ['500', { state: 'fault', fault: 'server-error' }, 'warns', 'server error (5xx) on every try'],
    [
      'dropped',
      { state: 'fault', fault: 'dropped' },
      'warns',
      'the connection failed or was dropped'
    ]
  ]
  test.each(['no_text', 'missing_text_or_fallback_or_attachments', 'invalid_payload'])(
    'Slack hook answering 400 %s: alive, written without a word',
    async (body) => {
      seed(undefined, { state: 'answer', status: 400, body })
      const run = await act()
      expectProbedCleanly(run)
      expect(run.code).toBe(0)
      expect(run.warnings).toEqual([])
      expect(await secretNames(backend.sm)).toHaveLength(4)
    }
  )

  test.each(slack)('Slack hook %s', async (_, state, result, says) => {
    seed(undefined, state)
    const run = await act()
    expectProbedCleanly(run)
    const said = (result === 'stops' ? run.errors : run.warnings).join('\n')
    expect(said).toContain('SLACK_WEBHOOK_ADMIN ')
    expect(said).toContain(says)
    expect(run.code).toBe(result === 'stops' ? 1 : 0)
    expect(await secretNames(backend.sm)).toHaveLength(result === 'stops' ? 0 : 4)
  })

  test('probe: off asks nothing', async () => {
    const run = await act({ probe: 'off' })
    expect(run.code).toBe(0)
    expect(providers.calls()).toBe(0)
  })

  test('a bad probe input is refused before anything is echoed', async () => {
    const run = await act({ probe: `maybe ${CANARY}`, 'rotation-overlap-days': 'x' })
    expect(run.code).toBe(1)
    expect(run.errors.join('\n')).toContain('Input "probe" must be one of on, off, require')
    expect(run.errors.join('\n')).toContain('Input "rotation-overlap-days" must be a whole number')
    expect(run.visible).not.toContain(CANARY)
    expect(providers.calls()).toBe(0)
  })
})
