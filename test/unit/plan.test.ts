import { describe, expect, test } from '@jest/globals'
import type { CurrentState } from '../../src/engine/current/current.js'
import { plan } from '../../src/engine/plan/plan.js'
import type { PlanContext } from '../../src/engine/plan/refusals.js'
import type { Desired } from '../../src/engine/resolve/resolve.js'
import type { SecretMetadata } from '../../src/engine/model/ports/secret-store.js'

const want: Desired = {
  target: 'stripe/api_key',
  field: 'api_key',
  value: 'sk_test_new',
  sourceKey: 'stripe_secret_key_dev',
  rule: 'stripe-test-key'
}
const NAME = 'impressionnistes/stripe/api_key'
const OURS = { 'managed-by': 'impressionnistes-secrets', environment: 'dev' }
/** A dev run, in an account nobody confirmed. */
const DEV: PlanContext = { environment: 'dev', accountConfirmed: false }
const meta = (over: Partial<SecretMetadata> = {}): SecretMetadata => ({
  name: NAME,
  arn: `arn:aws:secretsmanager:eu-west-3:123456789012:secret:${NAME}-AbCdEf`,
  rotationEnabled: false,
  tags: OURS,
  versionStages: { v1: ['AWSCURRENT'] },
  lastChangedDate: new Date('2026-01-02T03:04:05Z'),
  ...over
})
const holding = (
  secretString: string | undefined,
  over: Partial<SecretMetadata> = {}
): CurrentState => ({
  exists: true,
  metadata: meta(over),
  value: { ok: true, versionId: 'v1', ...(secretString !== undefined ? { secretString } : {}) }
})

type Row = [
  string,
  CurrentState,
  { action?: string; document?: string; changedFields?: string[]; refusal?: string }
]

describe('plan', () => {
  test.each<Row>([
    [
      'missing → create with only our field',
      { exists: false },
      { action: 'create', document: '{"api_key":"sk_test_new"}', changedFields: ['api_key'] }
    ],
    [
      'same value → unchanged, no document',
      holding('{"api_key":"sk_test_new"}'),
      { action: 'unchanged', changedFields: [] }
    ],
    [
      'other value → update',
      holding('{"api_key":"sk_test_old"}'),
      { action: 'update', document: '{"api_key":"sk_test_new"}', changedFields: ['api_key'] }
    ],
    [
      'other fields are kept',
      holding('{"note":"x","api_key":"sk_test_old"}'),
      { action: 'update', document: '{"note":"x","api_key":"sk_test_new"}' }
    ],
    [
      'field absent → update adds it',
      holding('{"note":"x"}'),
      { action: 'update', document: '{"note":"x","api_key": "sk_test_new"}' }
    ],
    ['a number is not our string', holding('{"api_key":5}'), { action: 'update' }],
    ['plain text is refused', holding('sk_test_old'), { refusal: 'not a JSON object' }],
    ['a JSON array is refused', holding('["a"]'), { refusal: 'not a JSON object' }],
    ['a binary secret is refused', holding(undefined), { refusal: 'not a JSON object' }],
    [
      'scheduled for deletion is refused with the restore command',
      holding('{}', { deletedDate: new Date('2026-11-01T00:00:00Z') }),
      { refusal: 'aws secretsmanager restore-secret --secret-id impressionnistes/stripe/api_key' }
    ],
    [
      'rotation on is refused',
      holding('{}', { rotationEnabled: true, rotationLambdaArn: 'arn:aws:lambda:x' }),
      { refusal: 'cancel-rotate-secret' }
    ],
    [
      'a value the role may not read is refused, naming the IAM action',
      { exists: true, metadata: meta(), value: { ok: false, errorCode: 'AccessDeniedException' } },
      { refusal: 'AWS denied secretsmanager:GetSecretValue on impressionnistes/stripe/api_key.' }
    ],
    [
      'a value that cannot be decrypted is refused, naming kms:Decrypt',
      { exists: true, metadata: meta(), value: { ok: false, errorCode: 'DecryptionFailure' } },
      { refusal: 'the role needs kms:Decrypt' }
    ],
    [
      'a secret with no AWSCURRENT version is refused',
      {
        exists: true,
        metadata: meta(),
        value: { ok: false, errorCode: 'ResourceNotFoundException' }
      },
      { refusal: 'has no current value (no version labelled AWSCURRENT)' }
    ],
    [
      'any other read error is refused with its code',
      { exists: true, metadata: meta(), value: { ok: false, errorCode: 'InternalServiceError' } },
      { refusal: '(InternalServiceError)' }
    ],
    [
      'too large once merged is refused',
      holding(JSON.stringify({ other: 'x'.repeat(65_520) })),
      { refusal: 'over Secrets Manager' }
    ]
  ])('%s', (_name, state, expected) => {
    const result = plan([want], new Map([[NAME, state]]), 'impressionnistes', DEV)
    if (expected.refusal) {
      expect(result.changes).toEqual([])
      expect(result.refusals).toHaveLength(1)
      expect(result.refusals[0]?.message).toContain(expected.refusal)
      return
    }
    expect(result.refusals).toEqual([])
    const [change] = result.changes
    expect(change?.name).toBe(NAME)
    expect(change?.action).toBe(expected.action)
    if ('document' in expected) expect(change?.document).toBe(expected.document)
    if (expected.action === 'unchanged') expect(change?.document).toBeUndefined()
    if (expected.changedFields) expect(change?.changedFields).toEqual(expected.changedFields)
  })

  test('is pure: same input, same plan, inputs untouched', () => {
    const current = new Map<string, CurrentState>([[NAME, holding('{"note":"x","api_key":"old"}')]])
    const before = JSON.stringify([...current])
    expect(plan([want], current, 'impressionnistes', DEV)).toEqual(
      plan([want], current, 'impressionnistes', DEV)
    )
    expect(JSON.stringify([...current])).toBe(before)
  })

  test('carries the current version and last change for the report', () => {
    const [change] = plan(
      [want],
      new Map([[NAME, holding('{"api_key":"sk_test_new"}')]]),
      'impressionnistes',
      DEV
    ).changes
    expect(change?.currentVersionId).toBe('v1')
    expect(change?.lastChangedDate?.toISOString()).toBe('2026-01-02T03:04:05.000Z')
  })

  test('the prefix makes the name', () => {
    expect(plan([want], new Map(), 'acme', DEV).changes[0]?.name).toBe('acme/stripe/api_key')
  })

  describe('a secret tagged for another environment', () => {
    test.each([
      [
        'ours, tagged for prod, syncing dev: refused',
        { ...OURS, environment: 'prod' },
        'was written for environment "prod"'
      ],
      ['ours, tagged for dev, syncing dev: planned', OURS, undefined],
      [
        'not ours, tagged for prod: refused all the same',
        { environment: 'prod' },
        'is tagged for environment "prod" (its environment tag), but this run is for "dev"'
      ]
    ] as const)('%s', (_name, tags, refusal) => {
      const result = plan(
        [want],
        new Map([[NAME, holding('{"api_key":"sk_test_old"}', { tags: { ...tags } })]]),
        'impressionnistes',
        { environment: 'dev', accountConfirmed: true }
      )
      if (refusal) {
        expect(result.changes).toEqual([])
        expect(result.refusals[0]?.message).toContain(refusal)
      } else {
        expect(result.refusals).toEqual([])
        expect(result.changes[0]?.action).toBe('update')
      }
    })
  })

  describe('another tool’s secret (managed-by with another value)', () => {
    test.each([['terraform'], [''], ['Impressionnistes-Secrets'], ['impressionnistes-secrets ']])(
      'managed-by=%j: refused in any account, naming the manager and the hand-over',
      (manager) => {
        const result = plan(
          [want],
          new Map([
            [NAME, holding('{"api_key":"sk_test_old"}', { tags: { 'managed-by': manager } })]
          ]),
          'impressionnistes',
          { environment: 'dev', accountConfirmed: true }
        )
        expect(result.changes).toEqual([])
        const message = result.refusals[0]?.message ?? ''
        expect(message).toContain(`${NAME} is managed by ${JSON.stringify(manager)}`)
        expect(message).toContain(
          `aws secretsmanager untag-resource --secret-id ${NAME} --tag-keys managed-by`
        )
        expect(message).toContain(
          `aws secretsmanager tag-resource --secret-id ${NAME} --tags Key=managed-by,Value=impressionnistes-secrets Key=environment,Value=dev`
        )
      }
    )
  })

  describe('a secret made outside this tool (no managed-by tag)', () => {
    const LIVE = 'sk_live_51HqLyjWDarjtT1zdp7dcLIVE9999'
    const VALID = 'sk_test_51HqLyjWDarjtT1zdp7dcTEST0001'
    const made = (doc: string, tags: Record<string, string> = {}) =>
      new Map([[NAME, holding(doc, { tags })]])
    const confirmed = { environment: 'dev', accountConfirmed: true }

    test('in an account nobody confirmed: refused, naming expected-account-id, never the value', () => {
      const result = plan([want], made(`{"api_key":"${VALID}"}`), 'impressionnistes', DEV)
      expect(result.changes).toEqual([])
      expect(result.refusals).toEqual([
        {
          target: 'stripe/api_key',
          code: 'made-outside-unconfirmed',
          kind: 'unconfirmed-account',
          message: expect.stringContaining('(expected-account-id)') as unknown as string
        }
      ])
      expect(result.refusals[0]?.message).not.toContain(VALID)
    })

    test('a value that fails this environment’s rule (a live key for dev): refused with a fingerprint only', () => {
      const result = plan([want], made(`{"api_key":"${LIVE}"}`), 'impressionnistes', confirmed)
      expect(result.changes).toEqual([])
      const message = result.refusals[0]?.message ?? ''
      expect(message).toContain(`its current api_key (sk_live_…9999 (sha256 `)
      expect(message).toContain('is a LIVE-mode Stripe key, and this environment must use')
      expect(message).not.toContain('Copy the key') // advice about a source, not this secret
      expect(message).not.toContain(LIVE)
      expect(message).not.toContain(LIVE.slice(8, 20))
    })

    test('no text field of ours to check: refused', () => {
      for (const doc of ['{"other":"x"}', '{"api_key":42}']) {
        const result = plan([want], made(doc), 'impressionnistes', confirmed)
        expect(result.refusals[0]?.message).toContain('it holds no text field "api_key" to check')
      }
    })

    test('account confirmed and a value that passes: adopted, updated or only tagged', () => {
      const updated = plan([want], made(`{"api_key":"${VALID}"}`), 'impressionnistes', confirmed)
      expect(updated.refusals).toEqual([])
      expect(updated.changes[0]).toMatchObject({ action: 'update', adopt: true })
      const same = plan(
        [{ ...want, value: VALID }],
        made(`{"api_key":"${VALID}"}`, { environment: 'dev' }),
        'impressionnistes',
        confirmed
      )
      expect(same.changes[0]).toMatchObject({ action: 'unchanged', adopt: true })
    })

    test('ours (managed-by ours, with or without an environment tag) is never an adoption', () => {
      for (const tags of [OURS, { 'managed-by': 'impressionnistes-secrets' }]) {
        const result = plan([want], made(`{"api_key":"${LIVE}"}`, tags), 'impressionnistes', DEV)
        expect(result.refusals).toEqual([])
        expect(result.changes[0]?.action).toBe('update')
        expect(result.changes[0]?.adopt).toBeUndefined()
      }
    })

    test('a pattern rule of a custom catalogue is applied the same way', () => {
      const custom: Desired = {
        ...want,
        value: 'tok-123456',
        rule: { pattern: '^tok-[0-9]+$', expects: 'a token (tok-…)' }
      }
      const bad = plan([custom], made('{"api_key":"nope"}'), 'impressionnistes', confirmed)
      expect(bad.refusals[0]?.message).toContain('does not look right; expected a token (tok-…).')
      const good = plan([custom], made('{"api_key":"tok-1"}'), 'impressionnistes', confirmed)
      expect(good.changes[0]).toMatchObject({ action: 'update', adopt: true })
    })
  })

  describe('a secret a CloudFormation stack made', () => {
    const stackTags = {
      'aws:cloudformation:stack-name': 'SecretsStack-dev',
      'aws:cloudformation:logical-id': 'StripeApiKey1A2B3C',
      'aws:cloudformation:stack-id': 'arn:aws:cloudformation:eu-west-3:1:stack/SecretsStack-dev/x'
    }
    const run = (tags: Record<string, string>, context: PlanContext) =>
      plan(
        [want],
        new Map([[NAME, holding('{"api_key":"sk_test_old"}', { tags })]]),
        'impressionnistes',
        context
      )

    test('not adopted yet: a warning naming the stack and the retirement step, refused or not', () => {
      for (const context of [DEV, { environment: 'dev', accountConfirmed: true }]) {
        const { warnings } = run(stackTags, context)
        expect(warnings).toEqual([
          {
            target: 'stripe/api_key',
            code: 'cdk-stack-tags',
            message:
              `${NAME} was made by the CloudFormation stack "SecretsStack-dev" (its aws:cloudformation tags). ` +
              `Once this tool writes it, a later deploy of that stack writes the stack's old value back over it. ` +
              'Retire the stack, keeping its secrets: docs/migrate-from-cdk.md#4-retire-the-cdk-stack-keeping-its-secrets'
          }
        ])
      }
    })

    test('no warning once it is ours, nor for another tool’s or environment’s (refused anyway)', () => {
      expect(run({ ...stackTags, ...OURS }, DEV).warnings).toEqual([])
      expect(run({ ...stackTags, 'managed-by': 'cdk' }, DEV).warnings).toEqual([])
      expect(run({ ...stackTags, environment: 'prod' }, DEV).warnings).toEqual([])
      expect(run({}, DEV).warnings).toEqual([])
    })
  })

  describe('other fields, byte for byte', () => {
    const update = (doc: string) =>
      plan([want], new Map([[NAME, holding(doc)]]), 'impressionnistes', DEV)

    test.each([
      ['a 23-digit integer', '{"account_ref": 12345678901234567890123, "api_key": "old"}'],
      ['1.10, 1E400 and -0.0', '{"a":1.10,"api_key":"old","b":[1E400,-0.0]}'],
      ['escapes', '{"n":"caf\\u00e9 \\ud83d\\ude00 \\/","api_key":"old"}'],
      ['whitespace, CRLF and key order', '{\r\n\t"z" :1 ,\n  "api_key"\t:  "old"  ,"a":2 }\n']
    ])('%s: only our value changes', (_what, doc) => {
      const [change] = update(doc).changes
      expect(change?.action).toBe('update')
      expect(change?.document).toBe(doc.replace('"old"', '"sk_test_new"'))
    })

    test('our field absent: added after the last member, the rest as it was', () => {
      expect(update('{ "a" : 1.10 }').changes[0]?.document).toBe(
        '{ "a" : 1.10,"api_key": "sk_test_new" }'
      )
      expect(update('{}').changes[0]?.document).toBe('{"api_key": "sk_test_new"}')
    })

    test('our value written with other escapes is our value: unchanged', () => {
      const escaped = '{"api_key":"sk\\u005ftest\\u005fnew", "n": 1.10}'
      expect(update(escaped).changes[0]?.action).toBe('unchanged')
    })

    test('our field twice: refused, whichever copy a reader takes', () => {
      for (const doc of [
        '{"api_key":"old","api_key":"older"}',
        '{"api_key":"sk_test_new","api_key":"older"}'
      ]) {
        const result = update(doc)
        expect(result.changes).toEqual([])
        expect(result.refusals[0]?.message).toContain('holds the field "api_key" more than once')
      }
    })
  })
})
