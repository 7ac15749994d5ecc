/**
 * What each probe outcome means for a run, without any network: a dead value or a wrong account
 * stops it, naming the source; an inconclusive one warns (stops under `require`); `off` calls
 * nothing; a hook of another workspace stops it before any call.
 */
import { describe, expect, test } from '@jest/globals'
import { probeValues } from '../../src/engine/probe/probe.js'
import {
  plannedCalls,
  workspaceProblems,
  type ProbeEnvironment,
  type ProbeValue
} from '../../src/engine/probe/plan.js'
import type {
  ProviderPort,
  SlackHookOutcome,
  StripeKeyOutcome,
  WebhookEndpointsOutcome
} from '../../src/engine/probe/port.js'
import { slackOutcome } from '../../src/providers/slack.js'

const KEY = 'sk_test_CANARYkey0000000000000000'
const HOOK_A = 'https://hooks.slack.com/services/TAAAA/B1111/CANARYhookA'
const HOOK_B = 'https://hooks.slack.com/services/TAAAA/B2222/CANARYhookB'
const HOOK_OTHER = 'https://hooks.slack.com/services/TZZZZ/B3333/CANARYhookC'

/** A port that answers from fixed outcomes and counts its calls. */
function port(
  answers: {
    key?: StripeKeyOutcome
    hook?: SlackHookOutcome
    endpoints?: WebhookEndpointsOutcome
  } = {}
) {
  const calls: string[] = []
  const p: ProviderPort = {
    stripeAccount: async () => (
      calls.push('account'),
      answers.key ?? { status: 'alive', account: 'acct_1A', mode: 'test' }
    ),
    stripeWebhookEndpoints: async () => (
      calls.push('endpoints'),
      answers.endpoints ?? {
        status: 'alive',
        endpoints: [{ enabled: true, livemode: false }],
        complete: true
      }
    ),
    stripeFailedEvents: async () => (
      calls.push('events'),
      { status: 'alive', failed: 0, more: false }
    ),
    slackHook: async () => (calls.push('hook'), answers.hook ?? { status: 'alive' })
  }
  return { port: p, calls }
}

const value = (
  kind: ProbeValue['kind'],
  source: string,
  v: string,
  changing = true
): ProbeValue => ({
  kind,
  source,
  value: v,
  changing
})

const dev = (values: ProbeValue[], pins: ProbeEnvironment['pins'] = {}): ProbeEnvironment => ({
  environment: 'dev',
  pins,
  values
})

const run = (env: ProbeEnvironment, answers = {}, mode: 'on' | 'require' | 'off' = 'on') => {
  const fake = port(answers)
  return probeValues(fake.port, [env], { mode, timeoutMs: 1000 }).then((r) => ({
    ...r,
    calls: fake.calls
  }))
}

const everyText = (r: object): string => JSON.stringify(r)

describe('probe classification', () => {
  test('an alive key reports its account; without a pin nothing is checked', async () => {
    const r = await run(dev([value('stripe-key', 'STRIPE_SECRET_KEY_DEV', KEY)]))
    expect(r.problems).toEqual([])
    expect(r.results).toEqual([
      expect.objectContaining({
        source: 'STRIPE_SECRET_KEY_DEV',
        status: 'alive',
        account: 'acct_1A',
        mode: 'test'
      })
    ])
  })

  test('an expired key and an unknown key stop the run, naming the source', async () => {
    for (const code of ['api_key_expired', 'invalid_api_key'] as const) {
      const r = await run(dev([value('stripe-key', 'STRIPE_SECRET_KEY_DEV', KEY)]), {
        key: { status: 'dead', code }
      })
      expect(r.problems).toHaveLength(1)
      expect(r.problems[0]?.source).toBe('STRIPE_SECRET_KEY_DEV')
      expect(r.problems[0]?.message).toMatch(
        code === 'api_key_expired' ? /expired \(api_key_expired\)/ : /does not know \(401\)/
      )
      expect(r.results[0]?.status).toBe('dead')
    }
  })

  test('a key of another account than the pinned one stops the run', async () => {
    const r = await run(
      dev([value('stripe-key', 'STRIPE_SECRET_KEY_DEV', KEY)], { stripeAccount: 'acct_2B' })
    )
    expect(r.problems.map((p) => p.message)).toEqual([
      "is a key of Stripe account acct_1A, and environment dev is pinned to acct_2B (stripeAccount in the environments file): it is another account's key."
    ])
    const same = await run(dev([value('stripe-key', 'S', KEY)], { stripeAccount: 'acct_1A' }))
    expect(same.problems).toEqual([])
  })

  test('a restricted key warns and goes on', async () => {
    const r = await run(dev([value('stripe-key', 'S', KEY)]), {
      key: { status: 'blocked', code: 'restricted' }
    })
    expect(r.problems).toEqual([])
    expect(r.warnings[0]?.message).toMatch(
      /restricted Stripe key that may not read its own account \(403\)/
    )
  })

  test('inconclusive warns, and stops the run under require', async () => {
    const env = dev([value('slack-webhook', 'SLACK_WEBHOOK_ADMIN', HOOK_A)])
    const answers = { hook: { status: 'inconclusive', reason: 'rate-limited' } as const }
    const on = await run(env, answers)
    expect(on.problems).toEqual([])
    expect(on.warnings[0]?.message).toMatch(/^could not be probed at Slack: .*429/)
    const required = await run(env, answers, 'require')
    expect(required.problems).toHaveLength(1)
    expect(required.warnings).toEqual([])
  })

  test('a dead hook names its code; a blocked one warns', async () => {
    const dead = await run(dev([value('slack-webhook', 'SLACK_WEBHOOK_ADMIN', HOOK_A)]), {
      hook: { status: 'dead', code: 'channel_is_archived' }
    })
    expect(dead.problems[0]?.message).toMatch(
      /dead \(channel_is_archived\): its channel was archived/
    )
    const blocked = await run(dev([value('slack-webhook', 'SLACK_WEBHOOK_ADMIN', HOOK_A)]), {
      hook: { status: 'blocked', code: 'action_prohibited' }
    })
    expect(blocked.problems).toEqual([])
    expect(blocked.warnings[0]?.message).toMatch(/may not post \(action_prohibited\)/)
  })

  test('off calls nothing and says nothing', async () => {
    const r = await run(
      dev([value('stripe-key', 'S', KEY)]),
      { key: { status: 'dead', code: 'api_key_expired' } },
      'off'
    )
    expect(r).toEqual({ results: [], problems: [], warnings: [], calls: [] })
  })

  test('only the values the run makes current are probed', async () => {
    const r = await run(
      dev([
        value('stripe-key', 'S', KEY, false),
        value('slack-webhook', 'A', HOOK_A),
        value('slack-webhook', 'B', HOOK_B, false)
      ])
    )
    expect(r.calls).toEqual(['hook'])
  })

  test('a port that throws is inconclusive, never dead', async () => {
    const throwing: ProviderPort = {
      ...port().port,
      slackHook: () => Promise.reject(new Error(HOOK_A))
    }
    const r = await probeValues(throwing, [dev([value('slack-webhook', 'A', HOOK_A)])], {
      mode: 'on'
    })
    expect(r.results[0]?.status).toBe('inconclusive')
    expect(everyText(r)).not.toContain('CANARY')
  })

  test('no message or result holds a value', async () => {
    const env = dev([value('stripe-key', 'S', KEY), value('slack-webhook', 'A', HOOK_A)], {
      stripeAccount: 'acct_9Z'
    })
    const r = await run(env, { hook: { status: 'dead', code: 'no_service' } })
    expect(r.problems).toHaveLength(2)
    expect(everyText(r)).not.toContain('CANARY')
  })
})

describe('the webhook signing secret', () => {
  const secret = (key: string | undefined) =>
    dev([
      ...(key === undefined ? [] : [value('stripe-key', 'STRIPE_SECRET_KEY_DEV', key, false)]),
      value('stripe-webhook-secret', 'STRIPE_WEBHOOK_SECRET_DEV', 'whsec_CANARY0000000000')
    ])

  test("is alive when the account has an enabled endpoint in the key's mode", async () => {
    const r = await run(secret(KEY))
    expect(r.calls).toEqual(['endpoints'])
    expect(r.results[0]?.status).toBe('alive')
  })

  test('warns when no endpoint is enabled in that mode', async () => {
    const endpoints = {
      status: 'alive',
      endpoints: [
        { enabled: true, livemode: true },
        { enabled: false, livemode: false }
      ],
      complete: true
    } as const
    const r = await run(secret(KEY), { endpoints })
    expect(r.problems).toEqual([])
    expect(r.warnings[0]?.message).toMatch(/no enabled webhook endpoint in test mode/)
  })

  test('cannot be checked without a working key (a problem under require)', async () => {
    const none = await run(secret(undefined), {}, 'require')
    expect(none.calls).toEqual([])
    expect(none.problems[0]?.message).toMatch(/has no Stripe key to ask with/)
    const dead = await run(secret(KEY), { endpoints: { status: 'dead', code: 'api_key_expired' } })
    expect(dead.warnings[0]?.message).toMatch(/Stripe key does not work/)
  })
})

describe('the Slack workspace, offline', () => {
  test('a hook of another workspace than the pinned one stops the run before any call', async () => {
    const r = await run(
      dev([value('slack-webhook', 'SLACK_WEBHOOK_ADMIN', HOOK_OTHER)], { slackWorkspace: 'TAAAA' })
    )
    expect(r.calls).toEqual([])
    expect(r.problems).toEqual([
      expect.objectContaining({
        source: 'SLACK_WEBHOOK_ADMIN',
        message: expect.stringMatching(/pinned to/)
      })
    ])
    expect(everyText(r)).not.toContain('TZZZZ')
  })

  test('both hooks of an environment share one workspace', () => {
    const env = dev([
      value('slack-webhook', 'SLACK_WEBHOOK_ADMIN', HOOK_A),
      value('slack-webhook', 'SLACK_WEBHOOK_DEVOPS', HOOK_OTHER, false)
    ])
    expect(workspaceProblems(env)).toEqual([
      {
        source: 'SLACK_WEBHOOK_ADMIN',
        code: 'slack-workspaces-differ',
        message: expect.stringMatching(/another Slack workspace than SLACK_WEBHOOK_DEVOPS/)
      }
    ])
    expect(
      workspaceProblems(
        dev([value('slack-webhook', 'A', HOOK_A), value('slack-webhook', 'B', HOOK_B)])
      )
    ).toEqual([])
  })

  test('the calls of a run give the webhook secret the key the environment holds', () => {
    const env = dev([
      value('stripe-key', 'K', KEY, false),
      value('stripe-webhook-secret', 'W', 'whsec_x')
    ])
    expect(plannedCalls([env])).toEqual([
      expect.objectContaining({ kind: 'stripe-webhook-secret', key: KEY })
    ])
  })
})

describe("Slack's answers", () => {
  test.each([
    [400, 'no_text', 'alive'],
    [400, 'missing_text_or_fallback_or_attachments', 'alive'],
    [400, 'invalid_payload', 'alive'],
    [404, 'no_service', 'dead'],
    [404, 'no_service_id', 'dead'],
    [404, 'no_active_hooks', 'dead'],
    [404, 'channel_not_found', 'dead'],
    [403, 'invalid_token', 'dead'],
    [410, 'channel_is_archived', 'dead'],
    [404, 'no_team', 'dead'],
    [403, 'team_disabled', 'dead'],
    [403, 'action_prohibited', 'blocked'],
    [403, 'posting_to_general_channel_denied', 'blocked'],
    [429, 'rate_limited', 'inconclusive'],
    [500, 'rollup_error', 'inconclusive'],
    [200, 'ok', 'inconclusive'],
    [400, 'something new', 'inconclusive'],
    [403, 'no_text', 'inconclusive']
  ])('%i %s → %s', (status, body, expected) => {
    expect(slackOutcome(status, body).status).toBe(expected)
  })
})
