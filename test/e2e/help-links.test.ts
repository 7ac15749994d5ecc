/**
 * Every error and warning the action (the committed bundle) prints ends with its "How to fix"
 * link: this project's troubleshooting page at the version that ran, at a heading the page has;
 * run as `uses: OWNER/REPO@REF` (the action's own repository and ref) and through sync.yml (the
 * commit sync.yml names), never the calling repository's.
 */
import { describe, expect, test } from '@jest/globals'
import {
  PutSecretValueCommand,
  RotateSecretCommand,
  TagResourceCommand,
  UntagResourceCommand
} from '@aws-sdk/client-secrets-manager'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { runAction, runnerEnv, type ActionRun } from '../../standin/runner.js'
import { useBackend } from './backends.js'
import { NAMES, secretsInput, SOURCES } from './fixtures.js'

const page = readFileSync(join(import.meta.dirname, '../../docs/troubleshooting.md'), 'utf8')
const headings = new Set(
  page
    .split('\n')
    .filter((l) => l.startsWith('### '))
    .map((l) =>
      l
        .slice(4)
        .trim()
        .replace(/`/g, '')
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s_-]/gu, '')
        .replace(/\s/g, '-')
    )
)

const OURS = 'club/impressionnistes-secrets'
const SHA = 'c'.repeat(40)
const AS_ACTION = { GITHUB_ACTION_REPOSITORY: OURS, GITHUB_ACTION_REF: 'v1.1.0' }
const THROUGH_SYNC = { IMPRESSIONNISTES_SECRETS_SOURCE: `${OURS}@${SHA}` }

const backend = useBackend()

/** The anchors every error and warning links to, each checked to be at `base`. */
function linksOf(run: ActionRun, base: string): string[] {
  const lines = [...run.errors, ...run.warnings]
  expect(lines.length).toBeGreaterThan(0)
  return lines.map((line) => {
    const link = / How to fix: (\S+)#([a-z0-9-]+)$/.exec(line)
    expect([line, link?.[1]]).toEqual([line, `${base}/docs/troubleshooting.md`])
    return link?.[2] ?? ''
  })
}

const run = (inputs: Record<string, string>, extra: Record<string, string>) =>
  runAction({ environment: 'dev', ...inputs }, runnerEnv(backend.url, extra))

describe('"How to fix" links', () => {
  test('as uses: OWNER/REPO@REF, inputs refused: the action repository at its ref', async () => {
    const r = await run({ mode: 'nonsense', 'max-attempts': '0', secrets: '' }, AS_ACTION)
    expect(r.code).toBe(1)
    const anchors = linksOf(r, `https://github.com/${OURS}/blob/v1.1.0`)
    expect(anchors).toEqual(
      expect.arrayContaining([
        'an-input-is-wrong',
        'a-retry-or-time-out-input-is-wrong',
        'the-secrets-input-is-unusable'
      ])
    )
    expect(anchors.filter((a) => !headings.has(a))).toEqual([])
    expect(r.summary).toContain(
      `([how to fix](https://github.com/${OURS}/blob/v1.1.0/docs/troubleshooting.md#an-input-is-wrong))`
    )
  })

  test('through sync.yml, values refused and a warning: the commit sync.yml names', async () => {
    const r = await run(
      {
        secrets: secretsInput({
          STRIPE_SECRET_KEY_DEV: 'sk_live_0123456789abcdef',
          SLACK_WEBHOOK_ADMIN: ` ${SOURCES.SLACK_WEBHOOK_ADMIN} `
        })
      },
      THROUGH_SYNC
    )
    expect(r.code).toBe(1)
    const anchors = linksOf(r, `https://github.com/${OURS}/blob/${SHA}`)
    expect(anchors).toEqual(
      expect.arrayContaining(['a-live-stripe-key-in-dev', 'whitespace-around-a-value'])
    )
    expect(anchors.filter((a) => !headings.has(a))).toEqual([])
  })

  test("audit's findings each link to their own heading", async () => {
    expect((await run({ secrets: secretsInput() }, AS_ACTION)).code).toBe(0)
    const { sm } = backend
    await sm.send(new PutSecretValueCommand({ SecretId: NAMES.api, SecretString: '{"a":"b"}' }))
    await sm.send(new UntagResourceCommand({ SecretId: NAMES.webhook, TagKeys: ['managed-by'] }))
    await sm.send(
      new TagResourceCommand({
        SecretId: NAMES.admin,
        Tags: [{ Key: 'environment', Value: 'prod' }]
      })
    )
    await sm
      .send(
        new RotateSecretCommand({
          SecretId: NAMES.devops,
          RotationLambdaARN: 'arn:aws:lambda:eu-west-3:123456789012:function:rotate',
          RotationRules: { AutomaticallyAfterDays: 30 },
          RotateImmediately: false
        })
      )
      .catch(() => undefined) // a back end that cannot rotate: the other findings suffice
    const r = await run({ mode: 'audit' }, AS_ACTION)
    expect(r.code).toBe(1)
    const anchors = linksOf(r, `https://github.com/${OURS}/blob/v1.1.0`)
    expect(anchors).toEqual(
      expect.arrayContaining([
        'audit-changed-outside-this-tool',
        'audit-a-secret-not-tagged-as-this-tools',
        'audit-a-secret-tagged-for-another-environment'
      ])
    )
    expect(anchors.filter((a) => !headings.has(a))).toEqual([])
  })
})
