/**
 * docs/troubleshooting.md and the codes: every code names a heading of the page, every heading
 * is a code's (bar the few messages other programs print), and each message the engine can be
 * made to say carries a code whose heading quotes that very message.
 */
import { describe, expect, test } from '@jest/globals'
import { findingsOf } from '../../src/engine/audit/audit.js'
import { DEFAULT_CATALOGUE, selectEntries } from '../../src/engine/catalogue/catalogue.js'
import { NAMED_RULES, ruleFor } from '../../src/engine/catalogue/rules.js'
import { CODES, type ProblemCode } from '../../src/engine/model/codes.js'
import type { SecretMetadata } from '../../src/engine/model/ports/secret-store.js'
import { storeProblem, type Problem } from '../../src/engine/model/problem.js'
import { plan } from '../../src/engine/plan/plan.js'
import { planRollback } from '../../src/engine/rollback/steps.js'
import { helpAnchor, titleOf, TROUBLESHOOTING } from '../../src/engine/report/help.js'
import { withHint } from '../../src/engine/report/hints.js'
import { resolve } from '../../src/engine/resolve/resolve.js'
import { toStoreError } from '../../src/store/errors.js'
import { page, quotedUnder, quotes, slug } from './troubleshooting-page.js'

/**
 * Headings of messages this tool does not print, so no code names them: configure-aws-credentials',
 * a Lambda's, make's, and the workflows' own annotations (tested in test/infra).
 */
const PRINTED_BY_OTHERS = [
  'could-not-assume-role-with-oidc',
  'did-you-mean-to-set-the-id-token-permission',
  'no-openidconnect-provider-found',
  'incorrect-token-audience',
  'secret-not-found-in-a-lambda',
  'access-denied-in-a-lambda',
  'secrets-rollback-without-target',
  'differs-from-the-environments-file'
]

const codes = Object.keys(CODES) as ProblemCode[]
const anchors = new Set<string>(codes.map((code) => CODES[code].anchor))

describe(`${TROUBLESHOOTING} and the codes`, () => {
  test('headings are unique', () => {
    const headings = page.split('\n').filter((l) => l.startsWith('### '))
    expect(new Set(headings.map((h) => slug(h.slice(4)))).size).toBe(headings.length)
  })

  test.each(codes)('code %s has its heading', (code) => {
    expect([...quotedUnder.keys()]).toContain(CODES[code].anchor)
  })

  test('every heading is a code’s, or a message other programs print', () => {
    const orphans = [...quotedUnder.keys()].filter(
      (anchor) => !anchors.has(anchor) && !PRINTED_BY_OTHERS.includes(anchor)
    )
    expect(orphans).toEqual([])
  })

  test('every heading quotes its message', () => {
    const silent = [...quotedUnder].filter(([, spans]) => spans.length === 0).map(([a]) => a)
    expect(silent).toEqual([])
  })

  test('a link and a title are looked up by code, not by wording', () => {
    const problem = { code: 'live-key-in-dev', message: 'anything at all' } as const
    expect(helpAnchor(problem)).toBe('a-live-stripe-key-in-dev')
    expect(titleOf({ ...problem, source: 'STRIPE_SECRET_KEY_DEV' })).toBe(
      'Fix GitHub secret STRIPE_SECRET_KEY_DEV'
    )
    expect(titleOf({ code: 'audit-changed-outside' })).toBe('Secret not as this tool left it')
    expect(titleOf({ code: 'not-a-json-object' })).toBe('impressionnistes-secrets')
  })

  test('a broken tie is caught: a message under another heading does not match', () => {
    expect(quotes('a-live-stripe-key-in-dev', 'X is a test-mode Stripe key, and …')).toBe(false)
  })
})

// ---- Every message the engine can be made to say, and the heading its code names. ----

const N = 'impressionnistes/stripe/api_key'
const ours = { 'managed-by': 'impressionnistes-secrets', environment: 'dev' }
const meta = (over: Partial<SecretMetadata> = {}): SecretMetadata => ({
  name: N,
  arn: `arn:aws:secretsmanager:eu-west-3:123456789012:secret:${N}-AbCdEf`,
  rotationEnabled: false,
  tags: { ...ours, 'written-version': 'v2' },
  versionStages: { v1: ['AWSPREVIOUS'], v2: ['AWSCURRENT'] },
  ...over
})

const ruleProblems = (
  [
    ['stripe-test-key', 'sk_live_0123456789'],
    ['stripe-live-key', 'sk_test_0123456789'],
    ['stripe-test-key', 'sk_test_1'],
    ['stripe-test-key', 'pk_test_0123456789'],
    ['stripe-test-key', 'whsec_0123456789'],
    ['stripe-test-key', 'nothing like a key'],
    ['stripe-webhook-secret', 'sk_test_0123456789'],
    ['stripe-webhook-secret', 'nothing like it'],
    ['slack-webhook-url', 'http://hooks.slack.com/services/T1/B2/c3'],
    ['slack-webhook-url', 'https://evil.example/x']
  ] as const
).map(([rule, value]) => NAMED_RULES[rule]?.check(value))

const dev = selectEntries(DEFAULT_CATALOGUE, 'dev')
const sourcesProblems = (() => {
  const r = resolve(
    dev.entries,
    {
      STRIPE_SECRET_KEY_DEV: ' sk_test_0123456789 ',
      stripe_secret_key_dev: 'sk_test_other0123',
      STRIPE_WEBHOOK_SECRET_DEV: 42,
      SLACK_WEBHOOK_DEVOPS_DEV: '',
      SLACK_WEBHOOK_ADMIN_DEV: 'x'.repeat(70_000)
    },
    (k) => k.toUpperCase()
  )
  return [...r.problems, ...r.warnings]
})()

const rollbackSteps = [
  planRollback(N, undefined, undefined, 'dev'),
  planRollback(N, meta({ tags: {} }), undefined, 'dev'),
  planRollback(N, meta({ tags: { 'managed-by': 'terraform' } }), undefined, 'dev'),
  planRollback(N, meta({ versionStages: { v2: ['AWSCURRENT'] } }), undefined, 'dev'),
  planRollback(N, meta(), 'nope', 'dev'),
  planRollback(N, meta({ versionStages: {} }), undefined, 'dev'),
  planRollback(N, meta({ deletedDate: new Date('2026-01-01') }), undefined, 'dev')
].flatMap((step) => (step.kind === 'refused' ? [{ code: step.code, message: step.message }] : []))

const want = {
  target: 'stripe/api_key',
  field: 'api_key',
  value: 'sk_test_new0123',
  sourceKey: 'STRIPE_SECRET_KEY_DEV',
  rule: 'stripe-test-key'
}
const planned = (tags: Record<string, string>, secretString: string, confirmed = true) => {
  const p = plan([want], new Map([[N, current(tags, secretString)]]), 'impressionnistes', {
    environment: 'dev',
    accountConfirmed: confirmed
  })
  return [...p.refusals, ...p.warnings]
}
function current(tags: Record<string, string>, secretString: string) {
  return {
    exists: true as const,
    metadata: meta({ tags }),
    value: { ok: true as const, versionId: 'v2', secretString }
  }
}

const storeProblems = (
  [
    ['AccessDeniedException', 'secretsmanager:PutSecretValue'],
    ['ExpiredToken', 'secretsmanager:ListSecrets'],
    ['ThrottlingException', 'secretsmanager:PutSecretValue'],
    ['ECONNRESET', 'secretsmanager:PutSecretValue'],
    ['ResourceNotFoundException', 'secretsmanager:PutSecretValue'],
    ['ResourceNotFoundException', 'lambda:GetFunctionConfiguration'],
    ['ResourceExistsException', 'secretsmanager:CreateSecret'],
    ['KMSDisabledException', 'secretsmanager:PutSecretValue'],
    ['ResourceConflictException', 'lambda:UpdateFunctionConfiguration'],
    ['InternalServiceError', 'secretsmanager:PutSecretValue']
  ] as const
).map(([name, action]) =>
  storeProblem(toStoreError(Object.assign(new Error('x'), { name, code: name }), action, N))
)

const provoked: Problem[] = [
  ...ruleProblems.flatMap((p) => (p ? [p] : [])),
  ...[ruleFor({ pattern: '^a$', expects: 'an a' }).check('b')].flatMap((p) => (p ? [p] : [])),
  ...sourcesProblems,
  ...[undefined, meta({ deletedDate: new Date('2026-01-01') })].flatMap((m) =>
    findingsOf(N, m, 'dev')
  ),
  ...findingsOf(N, meta({ rotationEnabled: true, tags: { 'managed-by': 'terraform' } }), 'dev'),
  ...findingsOf(N, meta({ tags: {} }), 'dev'),
  ...findingsOf(
    N,
    meta({ tags: { ...ours, environment: 'prod', 'written-version': 'v2' } }),
    'dev'
  ),
  ...findingsOf(N, meta({ tags: ours }), 'dev'),
  ...findingsOf(N, meta({ versionStages: { v3: ['AWSCURRENT'] } }), 'dev'),
  ...findingsOf(N, meta({ versionStages: { v2: ['AWSPREVIOUS'] } }), 'dev'),
  ...selectEntries(DEFAULT_CATALOGUE, 'qa', ['nope/x']).problems,
  ...rollbackSteps,
  ...planned({}, '{"api_key":"sk_live_0123456789"}'),
  ...planned({}, '{"api_key":"sk_test_0123456789"}', false),
  ...planned({ 'managed-by': 'terraform' }, '{}'),
  ...planned({ ...ours, environment: 'prod' }, '{}'),
  ...planned({ environment: 'prod' }, '{}'),
  ...planned(ours, '"text"'),
  ...planned(ours, '{"api_key":"a","api_key":"b"}'),
  ...planned({ 'aws:cloudformation:stack-name': 'SecretsStack' }, '{"api_key":"sk_live_0"}'),
  ...storeProblems
]
  // As the action prints them: with its hint, on one line.
  .map((p) => withHint(p, { front: 'action', env: {}, region: 'eu-west-3', prefix: 'x' }))
  .map((p) => ({ ...p, message: p.message.replace(/\n/g, ' ') }))

describe('every message the engine can be made to say', () => {
  test('is many messages, of many codes', () => {
    expect(provoked.length).toBeGreaterThan(45)
    expect(new Set(provoked.map((p) => p.code)).size).toBeGreaterThan(40)
  })

  test.each(provoked.map((p) => [p.code, p.message] as const))(
    '%s: its heading quotes %j',
    (code, message) => {
      expect(codes).toContain(code)
      expect(quotes(CODES[code].anchor, message)).toBe(true)
    }
  )
})
