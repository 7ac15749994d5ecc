import { describe, expect, test } from '@jest/globals'
import type { CurrentState } from '../../src/engine/current/current.js'
import { plan } from '../../src/engine/plan/plan.js'
import type { Desired } from '../../src/engine/resolve/resolve.js'
import type { SecretMetadata } from '../../src/store/store.js'

const want: Desired = {
  target: 'stripe/api_key',
  field: 'api_key',
  value: 'sk_test_new',
  sourceKey: 'stripe_secret_key_dev'
}
const NAME = 'impressionnistes/stripe/api_key'
const meta = (over: Partial<SecretMetadata> = {}): SecretMetadata => ({
  name: NAME,
  arn: `arn:aws:secretsmanager:eu-west-3:123456789012:secret:${NAME}-AbCdEf`,
  rotationEnabled: false,
  tags: {},
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
      { action: 'update', document: '{"note":"x","api_key":"sk_test_new"}' }
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
    const result = plan([want], new Map([[NAME, state]]), 'impressionnistes')
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
    expect(plan([want], current, 'impressionnistes')).toEqual(
      plan([want], current, 'impressionnistes')
    )
    expect(JSON.stringify([...current])).toBe(before)
  })

  test('carries the current version and last change for the report', () => {
    const [change] = plan(
      [want],
      new Map([[NAME, holding('{"api_key":"sk_test_new"}')]]),
      'impressionnistes'
    ).changes
    expect(change?.currentVersionId).toBe('v1')
    expect(change?.lastChangedDate?.toISOString()).toBe('2026-01-02T03:04:05.000Z')
  })

  test('the prefix makes the name', () => {
    expect(plan([want], new Map(), 'acme').changes[0]?.name).toBe('acme/stripe/api_key')
  })

  describe('a secret this tool wrote for another environment', () => {
    const ours = (environment: string) => ({
      tags: { 'managed-by': 'impressionnistes-secrets', environment }
    })
    test.each([
      [
        'tagged for prod, syncing dev: refused',
        ours('prod'),
        'dev',
        'was written for environment "prod"'
      ],
      ['tagged for dev, syncing dev: planned', ours('dev'), 'dev', undefined],
      [
        "someone else's environment tag: not ours to judge",
        { tags: { environment: 'prod' } },
        'dev',
        undefined
      ],
      ['no environment given (older callers): planned', ours('prod'), undefined, undefined]
    ] as const)('%s', (_name, over, environment, refusal) => {
      const result = plan(
        [want],
        new Map([[NAME, holding('{"api_key":"sk_test_old"}', { tags: { ...over.tags } })]]),
        'impressionnistes',
        environment
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
})
