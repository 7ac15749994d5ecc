/**
 * The real adapters against the Stripe and Slack stand-in: each answer gives the stated outcome,
 * exactly the stated request is sent (the key as a bearer token and nothing else; `{"text":""}`
 * and nothing else to a webhook), faults are inconclusive after at most three tries, and no
 * override can send a probe anywhere but this machine.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals'
import { providerPort } from '../../src/providers/providers.js'
import { BaseRefused } from '../../src/providers/bases.js'
import { ProviderStandin } from '../../standin/providers.js'

const LIVE = 'sk_live_CANARYlive00000000000000'
const TEST = 'sk_test_CANARYtest00000000000000'
const HOOK = 'https://hooks.slack.com/services/T0001/B0001/CANARYhook0001'
const FAST = { timeoutMs: 2000 }

let standin: ProviderStandin
const adapters = () => providerPort(standin.env, { backoffMs: 20 })

beforeAll(async () => {
  standin = await ProviderStandin.start({ slowMs: 5000 })
})
afterAll(() => standin.stop())
beforeEach(() => standin.reset())

/** What fetch itself adds to every request: fixed words, never data. */
const FETCH_HEADERS = [
  'host',
  'connection',
  'accept',
  'accept-language',
  'accept-encoding',
  'sec-fetch-mode',
  'user-agent'
]

describe('the Stripe key probe', () => {
  test('an alive key: its account and mode, from GET /v1/account with the key and nothing else', async () => {
    standin.seedKey(LIVE, { state: 'alive', account: 'acct_1Live' })
    expect(await adapters().stripeAccount(LIVE, FAST)).toEqual({
      status: 'alive',
      account: 'acct_1Live',
      mode: 'live'
    })
    expect(standin.requests).toHaveLength(1)
    const [request] = standin.requests
    expect(request?.method).toBe('GET')
    expect(request?.path).toBe('/v1/account')
    expect(request?.headers['authorization']).toBe(`Bearer ${LIVE}`)
    expect(request?.bodyLength).toBe(0)
    const extra = Object.keys(request?.headers ?? {}).filter(
      (h) => h !== 'authorization' && !FETCH_HEADERS.includes(h)
    )
    expect(extra).toEqual([])
  })

  test.each([
    ['expired', { state: 'expired' } as const, { status: 'dead', code: 'api_key_expired' }],
    [
      'restricted',
      { state: 'restricted', account: 'acct_1' } as const,
      { status: 'blocked', code: 'restricted' }
    ]
  ])('%s', async (_, state, expected) => {
    standin.seedKey(TEST, state)
    expect(await adapters().stripeAccount(TEST, FAST)).toEqual(expected)
    expect(standin.calls()).toBe(1)
  })

  test('an unknown key is dead; the 401 quoting it is never part of the outcome', async () => {
    const outcome = await adapters().stripeAccount(TEST, FAST)
    expect(outcome).toEqual({ status: 'dead', code: 'invalid_api_key' })
    expect(JSON.stringify(outcome)).not.toContain('CANARY')
  })

  test.each([
    ['rate-limited', 'rate-limited'],
    ['server-error', 'server-error'],
    ['dropped', 'network']
  ] as const)('%s on every try: inconclusive after 3 tries', async (fault, reason) => {
    standin.seedKey(TEST, { state: 'fault', fault })
    expect(await adapters().stripeAccount(TEST, FAST)).toEqual({ status: 'inconclusive', reason })
    expect(standin.calls()).toBe(3)
  })

  test('a fault that passes: alive at the second try', async () => {
    standin.seedKey(TEST, {
      state: 'fault',
      fault: 'server-error',
      times: 1,
      then: { state: 'alive', account: 'acct_1' }
    })
    expect((await adapters().stripeAccount(TEST, FAST)).status).toBe('alive')
    expect(standin.calls()).toBe(2)
  })

  test('no answer within the time limit: inconclusive, on time', async () => {
    standin.seedKey(TEST, { state: 'fault', fault: 'slow' })
    const start = Date.now()
    expect(await adapters().stripeAccount(TEST, { timeoutMs: 300 })).toEqual({
      status: 'inconclusive',
      reason: 'timeout'
    })
    expect(Date.now() - start).toBeLessThan(1500)
  })
})

describe('the webhook endpoint and event probes', () => {
  test('GET /v1/webhook_endpoints lists each endpoint as enabled or not, in its mode', async () => {
    standin.seedKey(TEST, {
      state: 'alive',
      account: 'acct_1',
      endpoints: [
        { enabled: false, livemode: false },
        { enabled: true, livemode: false }
      ]
    })
    expect(await adapters().stripeWebhookEndpoints(TEST, FAST)).toEqual({
      status: 'alive',
      endpoints: [
        { enabled: false, livemode: false },
        { enabled: true, livemode: false }
      ],
      complete: true
    })
    expect(standin.requests[0]?.path).toBe('/v1/webhook_endpoints')
  })

  test('GET /v1/events asks for failed deliveries since a date', async () => {
    standin.seedKey(TEST, { state: 'alive', account: 'acct_1', failedEvents: 2 })
    const since = new Date('2026-03-01T10:00:00Z')
    expect(await adapters().stripeFailedEvents(TEST, since, FAST)).toEqual({
      status: 'alive',
      failed: 2,
      more: false
    })
    expect(standin.requests[0]?.path).toBe(
      `/v1/events?delivery_success=false&created%5Bgte%5D=${since.getTime() / 1000}`
    )
  })

  test('a restricted key that may not read them is blocked, not dead', async () => {
    standin.seedKey(TEST, { state: 'restricted', account: 'acct_1', may: ['account'] })
    expect((await adapters().stripeWebhookEndpoints(TEST, FAST)).status).toBe('blocked')
    expect((await adapters().stripeFailedEvents(TEST, new Date(), FAST)).status).toBe('blocked')
  })
})

describe('the Slack webhook probe', () => {
  test('an alive hook: POST {"text":""} with a JSON content type, and nothing else', async () => {
    standin.seedHook(HOOK, { state: 'alive' })
    expect(await adapters().slackHook(HOOK, FAST)).toEqual({ status: 'alive' })
    const [request] = standin.requests
    expect(request?.method).toBe('POST')
    expect(request?.path).toBe('/services/T0001/B0001/CANARYhook0001')
    expect(request?.headers['content-type']).toBe('application/json')
    expect(request?.body).toBe('{"text":""}')
    expect(JSON.parse(request?.body ?? '')).toEqual({ text: '' })
    const extra = Object.keys(request?.headers ?? {}).filter(
      (h) => !['content-type', 'content-length', ...FETCH_HEADERS].includes(h)
    )
    expect(extra).toEqual([])
  })

  test.each([
    'no_service',
    'no_service_id',
    'no_active_hooks',
    'channel_not_found',
    'invalid_token',
    'channel_is_archived',
    'no_team',
    'team_disabled'
  ])('dead: %s', async (code) => {
    standin.seedHook(HOOK, { state: 'dead', code })
    expect(await adapters().slackHook(HOOK, FAST)).toEqual({ status: 'dead', code })
  })

  test.each(['action_prohibited', 'posting_to_general_channel_denied'])(
    'blocked: %s',
    async (code) => {
      standin.seedHook(HOOK, { state: 'blocked', code })
      expect(await adapters().slackHook(HOOK, FAST)).toEqual({ status: 'blocked', code })
    }
  )

  test('any other answer is inconclusive, and its body is not kept', async () => {
    standin.seedHook(HOOK, { state: 'answer', status: 400, body: `odd ${HOOK}` })
    const outcome = await adapters().slackHook(HOOK, FAST)
    expect(outcome).toEqual({ status: 'inconclusive', reason: 'unexpected-answer' })
    expect(JSON.stringify(outcome)).not.toContain('CANARY')
  })

  test('faults are inconclusive; an unseeded hook is no_service', async () => {
    standin.seedHook(HOOK, { state: 'fault', fault: 'rate-limited' })
    expect((await adapters().slackHook(HOOK, FAST)).status).toBe('inconclusive')
    expect((await adapters().slackHook(HOOK.replace('0001/C', '0002/C'), FAST)).status).toBe('dead')
  })

  test('a URL that is not a Slack hook is never sent anywhere', async () => {
    for (const url of [
      'https://evil.example/services/T1/B1/x',
      'https://hooks.slack.com.evil.example/services/T1/B1/x',
      'https://user@hooks.slack.com/services/T1/B1/x',
      'http://hooks.slack.com/services/T1/B1/x'
    ]) {
      expect(await adapters().slackHook(url, FAST)).toEqual({
        status: 'inconclusive',
        reason: 'not-probed'
      })
    }
    expect(standin.calls()).toBe(0)
  })

  test('every body ever sent to a webhook is the empty message', async () => {
    standin.seedHook(HOOK, { state: 'fault', fault: 'server-error' })
    await adapters().slackHook(HOOK, FAST)
    expect(standin.calls()).toBe(3)
    expect(standin.requests.every((r) => r.body === '{"text":""}')).toBe(true)
  })
})

describe('an override towards another host', () => {
  test.each(['STRIPE_API_BASE', 'SLACK_HOOKS_BASE'])('%s: refused before any call', (variable) => {
    const env = { ...standin.env, [variable]: `http://127.0.0.1@evil.example:${1}` }
    expect(() => providerPort(env)).toThrow(BaseRefused)
    expect(standin.calls()).toBe(0)
  })
})
