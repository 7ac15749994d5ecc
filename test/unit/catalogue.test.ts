import { describe, expect, test } from '@jest/globals'
import {
  CatalogueError,
  DEFAULT_CATALOGUE,
  parseCatalogue,
  selectEntries
} from '../../src/engine/catalogue/catalogue.js'

describe('built-in catalogue', () => {
  test('holds the four secrets of today’s system, with their JSON fields', () => {
    expect(DEFAULT_CATALOGUE.environments).toEqual(['dev', 'prod'])
    expect(DEFAULT_CATALOGUE.secrets.map((s) => [s.target, s.field])).toEqual([
      ['stripe/api_key', 'api_key'],
      ['stripe/webhook_secret', 'webhook_secret'],
      ['slack/admin_webhook', 'webhook_url'],
      ['slack/devops_webhook', 'webhook_url']
    ])
  })

  test.each([
    [
      'dev',
      [
        'stripe_secret_key_dev',
        'stripe_webhook_secret_dev',
        'slack_webhook_admin',
        'slack_webhook_devops'
      ],
      ['stripe-test-key', 'stripe-webhook-secret', 'slack-webhook-url', 'slack-webhook-url']
    ],
    [
      'prod',
      [
        'stripe_secret_key_prod',
        'stripe_webhook_secret_prod',
        'slack_webhook_admin',
        'slack_webhook_devops'
      ],
      ['stripe-live-key', 'stripe-webhook-secret', 'slack-webhook-url', 'slack-webhook-url']
    ]
  ])('%s reads the seed secrets.json keys and rules', (env, sources, rules) => {
    const { entries } = selectEntries(DEFAULT_CATALOGUE, env)
    expect(entries.map((e) => e.sourceKey)).toEqual(sources)
    expect(entries.map((e) => e.rule)).toEqual(rules)
  })

  test('Stripe entries must differ from the other environment; Slack ones are shared', () => {
    const [api, webhook, admin] = selectEntries(DEFAULT_CATALOGUE, 'dev').entries
    expect(api?.mustDifferFrom).toEqual([
      { environment: 'prod', sourceKey: 'stripe_secret_key_prod' }
    ])
    expect(webhook?.mustDifferFrom).toEqual([
      { environment: 'prod', sourceKey: 'stripe_webhook_secret_prod' }
    ])
    expect(admin?.mustDifferFrom).toEqual([])
  })
})

describe('selectEntries', () => {
  test('only narrows to the named targets', () => {
    expect(
      selectEntries(DEFAULT_CATALOGUE, 'prod', ['slack/devops_webhook']).entries.map(
        (e) => e.target
      )
    ).toEqual(['slack/devops_webhook'])
  })

  test('an unknown environment and an unknown only target are reported together', () => {
    const { entries, problems } = selectEntries(DEFAULT_CATALOGUE, 'staging', ['stripe/apikey'])
    expect(entries).toEqual([])
    expect(problems).toHaveLength(2)
    expect(problems[0]).toEqual({
      code: 'environment-not-in-catalogue',
      message: 'environment "staging" is not in the catalogue; use one of: dev, prod'
    })
    expect(problems[1]?.code).toBe('target-not-in-catalogue')
    expect(problems[1]?.message).toContain('"stripe/apikey"')
    expect(problems[1]?.message).toContain('known targets: stripe/api_key, stripe/webhook_secret')
  })

  test('an only typo keeps the known targets, so their sources are still checked', () => {
    const { entries, problems } = selectEntries(DEFAULT_CATALOGUE, 'dev', [
      'stripe/apikey',
      'slack/admin_webhook'
    ])
    expect(entries.map((e) => e.target)).toEqual(['slack/admin_webhook'])
    expect(problems).toHaveLength(1)
  })
})

describe('parseCatalogue', () => {
  const entry = { target: 'mail/smtp', field: 'password', source: 'smtp_password' }

  test('a fifth secret and a third environment are data only', () => {
    const catalogue = parseCatalogue(
      {
        environments: ['dev', 'staging', 'prod'],
        secrets: [
          entry,
          {
            target: 'stripe/api_key',
            field: 'api_key',
            source: { dev: 'k_dev', staging: 'k_staging', prod: 'k_prod' },
            rule: { dev: 'stripe-test-key', staging: 'stripe-test-key', prod: 'stripe-live-key' },
            distinctAcrossEnvironments: true
          },
          {
            target: 'x/pattern',
            field: 'v',
            source: 'x',
            rule: { pattern: '^abc', expects: 'abc…' }
          }
        ]
      },
      'test'
    )
    const staging = selectEntries(catalogue, 'staging').entries
    expect(staging.map((e) => [e.target, e.sourceKey, e.rule])).toEqual([
      ['mail/smtp', 'smtp_password', 'non-empty'],
      ['stripe/api_key', 'k_staging', 'stripe-test-key'],
      ['x/pattern', 'x', { pattern: '^abc', expects: 'abc…' }]
    ])
    expect(staging[1]?.mustDifferFrom.map((m) => m.environment)).toEqual(['dev', 'prod'])
  })

  test.each<[string, unknown, string]>([
    ['not an object', [], '(top level)'],
    ['no secrets', { environments: ['dev'], secrets: [] }, 'secrets'],
    ['unknown key', { environments: ['dev'], secrets: [{ ...entry, colour: 'red' }] }, 'colour'],
    [
      'unknown rule',
      { environments: ['dev'], secrets: [{ ...entry, rule: 'stripe' }] },
      'unknown rule'
    ],
    [
      'bad target',
      { environments: ['dev'], secrets: [{ ...entry, target: 'a b' }] },
      'secrets.0.target'
    ],
    [
      'leading slash',
      { environments: ['dev'], secrets: [{ ...entry, target: '/a' }] },
      'must not start'
    ],
    ['twice', { environments: ['dev'], secrets: [entry, entry] }, 'target listed twice'],
    [
      'env missing',
      { environments: ['dev', 'prod'], secrets: [{ ...entry, source: { dev: 'a' } }] },
      'no entry for prod'
    ],
    [
      'env unknown',
      { environments: ['dev'], secrets: [{ ...entry, source: { dev: 'a', qa: 'b' } }] },
      'unknown environment qa'
    ],
    [
      'bad regex',
      { environments: ['dev'], secrets: [{ ...entry, rule: { pattern: '(', expects: 'x' } }] },
      'not a valid regular expression'
    ],
    [
      'distinct needs map',
      { environments: ['dev'], secrets: [{ ...entry, distinctAcrossEnvironments: true }] },
      'needs one source per environment'
    ],
    ['duplicate env', { environments: ['dev', 'dev'], secrets: [entry] }, 'listed only once']
  ])('rejects %s', (_name, document, fragment) => {
    expect(() => parseCatalogue(document, 'file.json')).toThrow(CatalogueError)
    expect(() => parseCatalogue(document, 'file.json')).toThrow(fragment)
  })
})
