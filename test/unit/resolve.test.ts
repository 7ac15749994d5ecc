import { describe, expect, test } from '@jest/globals'
import { DEFAULT_CATALOGUE, selectEntries } from '../../src/engine/catalogue/catalogue.js'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { resolve } from '../../src/engine/resolve/resolve.js'
import { EXAMPLE_VALUE_HASHES, exampleValueHash } from '../../src/engine/resolve/example-values.js'
import { parseSources, SourcesError } from '../../src/engine/resolve/sources.js'
import { MAX_SECRET_BYTES } from '../../src/engine/model/document.js'
import { NAMED_RULES } from '../../src/engine/catalogue/rules.js'

const good = {
  STRIPE_SECRET_KEY_DEV: 'sk_test_devKey12345678',
  STRIPE_SECRET_KEY_PROD: 'sk_live_prodKey1234567',
  STRIPE_WEBHOOK_SECRET_DEV: 'whsec_devSecret1234',
  STRIPE_WEBHOOK_SECRET_PROD: 'whsec_prodSecret1234',
  SLACK_WEBHOOK_ADMIN: 'https://hooks.slack.com/services/T000/B000/adminXYZ',
  SLACK_WEBHOOK_DEVOPS: 'https://hooks.slack.com/services/T000/B000/devopsXYZ',
  github_token: 'ghs_unrelated'
}
const upper = (k: string) => k.toUpperCase()
const run = (env: string, sources: Record<string, unknown>) =>
  resolve(selectEntries(DEFAULT_CATALOGUE, env).entries, sources, upper)

describe('rules', () => {
  test.each<[string, string, string | undefined]>([
    ['stripe-test-key', 'sk_test_abcdefgh12', undefined],
    ['stripe-test-key', 'rk_test_abcdefgh12', undefined],
    ['stripe-test-key', 'sk_live_abcdefgh12', 'LIVE-mode'],
    ['stripe-test-key', 'pk_test_abcdefgh12', 'publishable key'],
    ['stripe-test-key', 'whsec_abcdefgh12', 'webhook signing secret'],
    ['stripe-test-key', 'sk_test_abc', 'too short'],
    ['stripe-test-key', '"sk_test_abcdefgh12"', 'not a Stripe secret key'],
    ['stripe-test-key', 'sk_test_abc defgh12', 'not a Stripe secret key'],
    ['stripe-live-key', 'sk_live_abcdefgh12', undefined],
    ['stripe-live-key', 'rk_live_abcdefgh12', undefined],
    ['stripe-live-key', 'sk_test_abcdefgh12', 'test-mode'],
    ['stripe-webhook-secret', 'whsec_abcdefgh12', undefined],
    ['stripe-webhook-secret', 'whsec_abc', 'not a Stripe webhook'],
    ['stripe-webhook-secret', 'sk_test_abcdefgh12', 'looks like a Stripe API key'],
    ['slack-webhook-url', 'https://hooks.slack.com/services/T1/B2/c3', undefined],
    ['slack-webhook-url', 'http://hooks.slack.com/services/T1/B2/c3', 'https://'],
    ['slack-webhook-url', 'https://hooks.slack.com/services/T1/B2', 'not a Slack'],
    ['slack-webhook-url', 'https://evil.example/services/T1/B2/c3', 'not a Slack'],
    ['non-empty', 'anything', undefined]
  ])('%s on %j', (rule, value, fragment) => {
    const problem = NAMED_RULES[rule]?.check(value)
    if (fragment === undefined) expect(problem).toBeUndefined()
    else expect(problem?.message).toContain(fragment)
  })
})

describe('parseSources', () => {
  test.each<[string, string]>([
    ['', 'is empty'],
    ['   ', 'is empty'],
    ['{"a": sk_live_secretvalue}', 'is not valid JSON'],
    ['[1,2]', 'but it is an array'],
    ['"sk_live_secretvalue"', 'but it is a string'],
    ['null', 'but it is null'],
    ['42', 'but it is a number']
  ])('rejects %j without echoing it', (text, fragment) => {
    let message = ''
    try {
      parseSources(text)
    } catch (error) {
      expect(error).toBeInstanceOf(SourcesError)
      message = (error as Error).message
    }
    expect(message).toContain(fragment)
    expect(message).not.toContain('secretvalue')
  })

  test('accepts an object', () => {
    expect(parseSources('{"A":"b"}')).toEqual({ A: 'b' })
  })
})

describe('resolve', () => {
  test('dev: every target resolved from the upper-cased GitHub names, unrelated keys ignored', () => {
    const r = run('dev', good)
    expect(r.problems).toEqual([])
    expect(r.warnings).toEqual([])
    expect(r.desired.map((d) => [d.target, d.field, d.value])).toEqual([
      ['stripe/api_key', 'api_key', good.STRIPE_SECRET_KEY_DEV],
      ['stripe/webhook_secret', 'webhook_secret', good.STRIPE_WEBHOOK_SECRET_DEV],
      ['slack/admin_webhook', 'webhook_url', good.SLACK_WEBHOOK_ADMIN],
      ['slack/devops_webhook', 'webhook_url', good.SLACK_WEBHOOK_DEVOPS]
    ])
  })

  test('prod takes the prod values', () => {
    expect(
      run('prod', good)
        .desired.map((d) => d.value)
        .slice(0, 2)
    ).toEqual([good.STRIPE_SECRET_KEY_PROD, good.STRIPE_WEBHOOK_SECRET_PROD])
  })

  test('a dev job that cannot see the prod secrets (environment secrets) still resolves', () => {
    const { STRIPE_SECRET_KEY_PROD: _a, STRIPE_WEBHOOK_SECRET_PROD: _b, ...devOnly } = good
    expect(run('dev', devOnly).problems).toEqual([])
  })

  test('every problem is reported at once, by GitHub secret name, never with its value', () => {
    const canary = 'sk_live_CANARYcanary123'
    const r = run('dev', {
      ...good,
      STRIPE_SECRET_KEY_DEV: canary,
      STRIPE_WEBHOOK_SECRET_DEV: '',
      SLACK_WEBHOOK_ADMIN: 42,
      SLACK_WEBHOOK_DEVOPS: undefined
    })
    expect(r.desired).toEqual([])
    expect(r.problems.map((p) => [p.source, p.message.split(/[;,:(]/)[0]])).toEqual([
      ['STRIPE_SECRET_KEY_DEV', 'is a LIVE-mode Stripe key'],
      ['STRIPE_WEBHOOK_SECRET_DEV', 'is empty'],
      ['SLACK_WEBHOOK_ADMIN', 'must be a string'],
      ['SLACK_WEBHOOK_DEVOPS', 'is missing']
    ])
    expect(JSON.stringify(r)).not.toContain('CANARY')
  })

  test('the same Stripe key for dev and prod is refused', () => {
    const r = run('prod', { ...good, STRIPE_SECRET_KEY_DEV: good.STRIPE_SECRET_KEY_PROD })
    expect(r.problems).toEqual([
      expect.objectContaining({
        source: 'STRIPE_SECRET_KEY_PROD',
        message:
          'holds the same value as STRIPE_SECRET_KEY_DEV (dev); each environment needs its own.'
      })
    ])
  })

  test('surrounding whitespace is trimmed with a warning naming the secret', () => {
    const r = run('dev', { ...good, SLACK_WEBHOOK_ADMIN: `${good.SLACK_WEBHOOK_ADMIN}\n` })
    expect(r.problems).toEqual([])
    expect(r.desired[2]?.value).toBe(good.SLACK_WEBHOOK_ADMIN)
    expect(r.warnings).toEqual([expect.objectContaining({ source: 'SLACK_WEBHOOK_ADMIN' })])
  })

  test('keys match case-insensitively; two spellings with different values are ambiguous', () => {
    const lower = Object.fromEntries(Object.entries(good).map(([k, v]) => [k.toLowerCase(), v]))
    expect(run('dev', lower).problems).toEqual([])
    const r = run('dev', { ...good, stripe_secret_key_dev: 'sk_test_otherKey1234567' })
    expect(r.problems).toEqual([
      expect.objectContaining({
        source: 'STRIPE_SECRET_KEY_DEV',
        message: expect.stringContaining('2 times')
      })
    ])
    expect(
      run('dev', { ...good, stripe_secret_key_dev: good.STRIPE_SECRET_KEY_DEV }).problems
    ).toEqual([])
  })

  test('a value over the 65,536-byte limit is refused', () => {
    const entries = [
      { target: 'big', field: 'v', sourceKey: 'big', rule: 'non-empty', mustDifferFrom: [] }
    ]
    const fits = 'x'.repeat(MAX_SECRET_BYTES - '{"v":""}'.length)
    expect(resolve(entries, { big: fits }).problems).toEqual([])
    const r = resolve(entries, { big: `${fits}y` })
    expect(r.problems[0]?.message).toContain('65537 bytes')
  })
})

test('two spellings whose values differ only by surrounding whitespace are not ambiguous', () => {
  const r = run('dev', {
    ...good,
    stripe_secret_key_dev: `${good.STRIPE_SECRET_KEY_DEV}\n`
  })
  expect(r.problems).toEqual([])
})

describe("secrets.json.example's placeholder values", () => {
  const example = JSON.parse(
    readFileSync(join(import.meta.dirname, '../../secrets.json.example'), 'utf8')
  ) as Record<string, string>

  test('the hashes the engine keeps are exactly those of the example file', () => {
    expect(new Set(Object.values(example).map(exampleValueHash))).toEqual(EXAMPLE_VALUE_HASHES)
  })

  test.each(['dev', 'prod'])(
    '%s: each is refused as a source value, naming the key and never the value',
    (env) => {
      const r = run(env, Object.fromEntries(Object.entries(example).map(([k, v]) => [upper(k), v])))
      expect(r.desired).toEqual([])
      expect(r.problems.map((p) => `${p.source} ${p.message}`)).toEqual(
        Object.keys(example)
          .map(upper)
          .filter((k) => k.endsWith(env.toUpperCase()) || k.startsWith('SLACK'))
          .map(
            (k) =>
              `${k} holds the placeholder value of secrets.json.example, not a real one; put the real value in.`
          )
          .sort((a, b) => order(a) - order(b))
      )
      expect(JSON.stringify(r)).not.toContain('EXAMPLE')
    }
  )

  test('a placeholder pasted under another key is refused too; padding around it does not hide it', () => {
    const r = run('dev', { ...good, SLACK_WEBHOOK_DEVOPS: ` ${example.slack_webhook_admin} ` })
    expect(r.problems.map((p) => p.source)).toEqual(['SLACK_WEBHOOK_DEVOPS'])
  })
})

/** The catalogue's order of the sources. */
const order = (line: string): number =>
  [
    'STRIPE_SECRET_KEY',
    'STRIPE_WEBHOOK_SECRET',
    'SLACK_WEBHOOK_ADMIN',
    'SLACK_WEBHOOK_DEVOPS'
  ].findIndex((k) => line.startsWith(k))
