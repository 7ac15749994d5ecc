/** Pure parts behind the operator commands: rollback planning, the inventory, fingerprints, arguments. */
import { describe, expect, test } from '@jest/globals'
import { planRollback } from '../../src/engine/rollback/steps.js'
import { buildInventory, writerOf } from '../../src/engine/inventory/inventory.js'
import { fingerprint } from '../../src/engine/model/fingerprint.js'
import { DEFAULT_CATALOGUE } from '../../src/engine/catalogue/catalogue.js'
import { parse } from '../../src/cli/args.js'
import type { SecretMetadata } from '../../src/engine/model/ports/secret-store.js'

const OURS = { 'managed-by': 'impressionnistes-secrets', environment: 'dev' }
const meta = (name: string, over: Partial<SecretMetadata> = {}): SecretMetadata => ({
  name,
  arn: `arn:aws:secretsmanager:eu-west-3:123456789012:secret:${name}-AbCdEf`,
  rotationEnabled: false,
  tags: OURS,
  versionStages: { v1: ['AWSPREVIOUS'], v2: ['AWSCURRENT'] },
  ...over
})

describe('planRollback', () => {
  const N = 'impressionnistes/stripe/api_key'
  test.each([
    ['previous by default', meta(N), undefined, { kind: 'move', from: 'v2', to: 'v1' }],
    [
      'a labelled version by id',
      meta(N, { versionStages: { v0: ['old'], v1: ['AWSPREVIOUS'], v2: ['AWSCURRENT'] } }),
      'v0',
      { kind: 'move', from: 'v2', to: 'v0' }
    ],
    ['already current', meta(N), 'v2', { kind: 'unchanged', versionId: 'v2' }],
    [
      'already rolled back from AWSPREVIOUS: not again',
      meta(N, { tags: { ...OURS, 'rolled-back': 'v1 to v2' } }),
      undefined,
      {
        kind: 'unchanged',
        versionId: 'v2',
        note: `${N} was already rolled back from version v1; doing it again would restore that version. To go back to it on purpose, roll back to it by its id (CLI: --to-version v1).`
      }
    ],
    [
      '…unless that version is named',
      meta(N, { tags: { ...OURS, 'rolled-back': 'v1 to v2' } }),
      'v1',
      { kind: 'move', from: 'v2', to: 'v1' }
    ],
    [
      'a tag left by a move that failed (still on its from) does not block',
      meta(N, { tags: { ...OURS, 'rolled-back': 'v2 to v1' } }),
      undefined,
      { kind: 'move', from: 'v2', to: 'v1' }
    ],
    [
      'a rollback tag of an older version does not block',
      meta(N, { tags: { ...OURS, 'rolled-back': 'v0 to v1' } }),
      undefined,
      { kind: 'move', from: 'v2', to: 'v1' }
    ]
  ] as const)('%s', (_name, m, to, expected) => {
    expect(planRollback(N, m, to, 'dev')).toEqual(expected)
  })
  test.each([
    ['missing', undefined, undefined, 'does not exist'],
    [
      'scheduled for deletion',
      meta(N, { deletedDate: new Date('2026-11-01') }),
      undefined,
      'restore-secret --secret-id'
    ],
    [
      'one version only',
      meta(N, { versionStages: { v1: ['AWSCURRENT'] } }),
      undefined,
      'has no AWSPREVIOUS version'
    ],
    ['unknown id', meta(N), 'v9', 'has no labelled version v9; versions you can roll back to: v1'],
    [
      'another tool’s',
      meta(N, { tags: { 'managed-by': 'terraform', environment: 'dev' } }),
      undefined,
      'is managed by "terraform" (its managed-by tag)'
    ],
    [
      'another environment’s, ours',
      meta(N, { tags: { ...OURS, environment: 'prod' } }),
      undefined,
      'was written for environment "prod"'
    ],
    [
      'another environment’s, not ours',
      meta(N, { tags: { environment: 'prod' } }),
      undefined,
      'is tagged for environment "prod"'
    ],
    [
      'made outside this tool (no managed-by tag)',
      meta(N, { tags: {} }),
      undefined,
      'is not managed by impressionnistes-secrets (no managed-by tag'
    ],
    [
      'no current',
      meta(N, { versionStages: { v1: ['AWSPENDING'] } }),
      undefined,
      'has no AWSCURRENT version'
    ]
  ] as const)('refused: %s', (_name, m, to, said) => {
    const step = planRollback(N, m, to, 'dev')
    expect(step.kind).toBe('refused')
    expect(step.kind === 'refused' ? step.message : '').toContain(said)
  })
})

describe('buildInventory', () => {
  const P = 'impressionnistes'
  test('groups by type, flags what needs a human, lists the missing', () => {
    const listed = [
      meta(`${P}/stripe/api_key`, {
        tags: { 'managed-by': 'impressionnistes-secrets', environment: 'prod' }
      }),
      meta(`${P}/slack/admin_webhook`, { rotationEnabled: true }),
      meta(`${P}/misc`, { tags: {}, deletedDate: new Date('2026-11-20T10:00:00Z') })
    ]
    const inv = buildInventory(
      DEFAULT_CATALOGUE,
      'dev',
      P,
      listed,
      new Map([[`${P}/slack/admin_webhook`, 7]])
    )
    expect(inv.groups.map((g) => [g.title, g.rows.map((r) => r.target)])).toEqual([
      ['Slack', ['slack/admin_webhook', 'slack/devops_webhook']],
      ['Stripe', ['stripe/api_key', 'stripe/webhook_secret']],
      ['Other', ['misc']]
    ])
    const rows = new Map(inv.groups.flatMap((g) => g.rows).map((r) => [r.target, r]))
    expect(rows.get('slack/admin_webhook')).toMatchObject({
      versions: 7,
      issues: ['rotation is on: a sync refuses to write it']
    })
    expect(rows.get('slack/devops_webhook')).toMatchObject({ exists: false })
    expect(rows.get('stripe/api_key')?.issues).toEqual(['tagged for environment "prod", not "dev"'])
    expect(rows.get('misc')?.issues).toEqual([
      'scheduled for deletion since 2026-11-20; restore it with aws secretsmanager restore-secret --secret-id impressionnistes/misc',
      'not managed by impressionnistes-secrets',
      'not in the catalogue'
    ])
  })
  test.each([
    [{ 'written-by': 'github:octocat', 'run-url': 'https://x/1' }, 'github:octocat (https://x/1)'],
    [
      { 'written-by': 'aws:arn:aws:sts::1:assumed-role/A/b' },
      'aws:arn:aws:sts::1:assumed-role/A/b'
    ],
    [{ 'run-url': 'https://x/2', repository: 'o/r' }, 'https://x/2'],
    [{}, undefined]
  ])('writer from tags %#', (tags, expected) => expect(writerOf(tags)).toBe(expected))
})

describe('fingerprint', () => {
  test.each([
    ['sk_live_51AbCdEfGhIjKlMnOpQrStUvWx', /^sk_live_…UvWx \(sha256 [0-9a-f]{8}\)$/],
    ['rk_test_51AbCdEfGhIjKlMnOpQrStUvWy', /^rk_test_…UvWy \(sha256 [0-9a-f]{8}\)$/],
    ['whsec_AbCdEfGhIjKlMnOpQrStUvWz', /^whsec_…UvWz \(sha256 [0-9a-f]{8}\)$/],
    ['short-value', /^… \(sha256 [0-9a-f]{8}\)$/]
  ])('%s', (value, shape) => expect(fingerprint(value)).toMatch(shape))
  test('tells two keys with the same last 4 apart, and shows at most 4 characters of the key', () => {
    const a = fingerprint('sk_live_aaaaaaaaaaaaaaaaaaaaaaaa1234')
    const b = fingerprint('sk_live_bbbbbbbbbbbbbbbbbbbbbbbb1234')
    expect(a).not.toBe(b)
    expect(a.replace(/\(sha256 [0-9a-f]+\)/, '')).toBe('sk_live_…1234 ')
  })
})

describe('CLI arguments', () => {
  test.each([
    [['deploy', '--env', 'dev', '--file', 'x.json', '--plan'], 'command'],
    [['rollback', 'stripe/api_key', '-e', 'prod', '--to-version', 'v1'], 'command'],
    [['list', '--env', 'dev', 'extra'], 'usage'],
    [['show', '--env', 'dev', '--stripe', '--reveal'], 'usage'],
    [['deploy', '-h'], 'help'],
    [[], 'help']
  ])('%j → %s', (argv, kind) => expect(parse(argv).kind).toBe(kind))
})
