/** audit's rules, as a pure function of one secret's metadata: each finding, and a clean secret. */
import { describe, expect, test } from '@jest/globals'
import { findingsOf } from '../../src/engine/audit/audit.js'
import type { SecretMetadata } from '../../src/engine/model/ports/secret-store.js'

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
const words = (m: SecretMetadata | undefined, environment = 'dev') =>
  findingsOf(N, m, environment).map((f) => f.word)

describe('findingsOf', () => {
  test('clean: ours, for this environment, AWSCURRENT is the version we recorded', () => {
    expect(findingsOf(N, meta(), 'dev')).toEqual([])
  })

  test.each([
    ['missing', undefined, ['missing']],
    [
      'scheduled for deletion',
      meta({ deletedDate: new Date('2026-11-01') }),
      ['scheduled for deletion']
    ],
    ['rotation on', meta({ rotationEnabled: true }), ['rotation on']],
    [
      'tagged for another environment',
      meta({ tags: { ...ours, environment: 'prod', 'written-version': 'v2' } }),
      ['other environment']
    ],
    ['another manager', meta({ tags: { 'managed-by': 'terraform' } }), ['other manager']],
    ['no manager at all (made by hand)', meta({ tags: {} }), ['other manager']],
    [
      'AWSCURRENT moved to a version we did not write',
      meta({ versionStages: { v2: ['AWSPREVIOUS'], v3: ['AWSCURRENT'] } }),
      ['changed outside']
    ],
    ['no version recorded', meta({ tags: ours }), ['version not recorded']],
    [
      'no AWSCURRENT at all',
      meta({ versionStages: { v2: ['AWSPREVIOUS'] } }),
      ['no current version']
    ],
    [
      'several at once, each named',
      meta({
        deletedDate: new Date('2026-11-01'),
        rotationEnabled: true,
        versionStages: { v3: ['AWSCURRENT'] }
      }),
      ['scheduled for deletion', 'rotation on', 'changed outside']
    ]
  ] as const)('%s', (_case, m, expected) => {
    expect(words(m)).toEqual(expected)
  })

  test('the changed-outside finding names both versions and where to look', () => {
    const [finding] = findingsOf(N, meta({ versionStages: { v3: ['AWSCURRENT'] } }), 'dev')
    expect(finding?.message).toBe(
      `${N}: its current version (v3) is not the one this tool last wrote or rolled back to (v2): ` +
        'someone changed it outside this tool (console, AWS CLI, another tool). Find out who in ' +
        `CloudTrail (PutSecretValue, UpdateSecretVersionStage on ${N}), then run a sync, or a rollback to v2.`
    )
  })

  test('a secret of another manager is not judged by our version record', () => {
    expect(
      words(meta({ tags: { 'managed-by': 'terraform' }, versionStages: { x: ['AWSCURRENT'] } }))
    ).toEqual(['other manager'])
  })
})
