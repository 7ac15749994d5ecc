/**
 * What the probes and the staleness check can say carries a code whose heading in
 * docs/troubleshooting.md quotes it: each outcome provoked with a port that answers from fixed
 * outcomes, no network; and the probe inputs, rollbacks, the pause and the alert issue.
 */
import { describe, expect, test } from '@jest/globals'
import { readProbeInputs } from '../../src/action/probe-inputs.js'
import { probeModeOf } from '../../src/cli/probe.js'
import { CODES } from '../../src/engine/model/codes.js'
import type { Problem } from '../../src/engine/model/problem.js'
import type { Report, Stopped } from '../../src/engine/model/report.js'
import * as say from '../../src/engine/probe/messages.js'
import { deliveryFindings } from '../../src/engine/probe/deliveries.js'
import type { ProbeEnvironment, ProbeValue } from '../../src/engine/probe/plan.js'
import type {
  ProviderPort,
  SlackHookOutcome,
  StripeKeyOutcome,
  WebhookEndpointsOutcome
} from '../../src/engine/probe/port.js'
import { probeValues } from '../../src/engine/probe/probe.js'
import { rotationState } from '../../src/engine/probe/rotation.js'
import { nextAlert } from '../../src/engine/report/alert-issue.js'
import { headline, summaryMarkdown } from '../../src/engine/report/render.js'
import { checkStaleness } from '../../src/engine/staleness/staleness.js'
import { BaseRefused } from '../../src/providers/bases.js'
import { expectQuotedUnderItsHeading } from './troubleshooting-page.js'

const KEY = 'sk_test_CANARYkey0000000000000000'
const HOOK_A = 'https://hooks.slack.com/services/TAAAA/B1111/CANARYhookA'
const HOOK_OTHER = 'https://hooks.slack.com/services/TZZZZ/B3333/CANARYhookC'
const WHSEC = 'whsec_CANARYsecret0000'

interface Answers {
  key?: StripeKeyOutcome
  hook?: SlackHookOutcome
  endpoints?: WebhookEndpointsOutcome
  events?: Awaited<ReturnType<ProviderPort['stripeFailedEvents']>>
}

const port = (a: Answers): ProviderPort => ({
  stripeAccount: () => Promise.resolve(a.key ?? { status: 'alive', account: 'acct_1A' }),
  stripeWebhookEndpoints: () =>
    Promise.resolve(a.endpoints ?? { status: 'alive', endpoints: [], complete: true }),
  stripeFailedEvents: () =>
    Promise.resolve(a.events ?? { status: 'alive', failed: 0, more: false }),
  slackHook: () => Promise.resolve(a.hook ?? { status: 'alive' })
})

const value = (kind: ProbeValue['kind'], source: string, v: string): ProbeValue => ({
  kind,
  source,
  value: v,
  changing: true
})
const env = (values: ProbeValue[], pins: ProbeEnvironment['pins'] = {}): ProbeEnvironment => ({
  environment: 'dev',
  pins,
  values
})
const KEY_AND_SECRET = [
  value('stripe-key', 'STRIPE_SECRET_KEY_DEV', KEY),
  value('stripe-webhook-secret', 'STRIPE_WEBHOOK_SECRET_DEV', WHSEC)
]

async function said(e: ProbeEnvironment, a: Answers, mode: 'on' | 'require' = 'on') {
  const r = await probeValues(port(a), [e], { mode, timeoutMs: 1000 })
  return [...r.problems, ...r.warnings]
}

async function probeMessages(): Promise<Problem[]> {
  const hook = [value('slack-webhook', 'SLACK_WEBHOOK_ADMIN', HOOK_A)]
  const found = await Promise.all([
    said(env(KEY_AND_SECRET), { key: { status: 'dead', code: 'api_key_expired' } }),
    said(env(KEY_AND_SECRET), { key: { status: 'dead', code: 'invalid_api_key' } }),
    said(env(KEY_AND_SECRET), { key: { status: 'blocked', code: 'restricted' } }),
    said(env(KEY_AND_SECRET, { stripeAccount: 'acct_2B' }), {}),
    said(env(KEY_AND_SECRET), { key: { status: 'inconclusive', reason: 'timeout' } }, 'require'),
    said(env(KEY_AND_SECRET), { endpoints: { status: 'blocked', code: 'restricted' } }),
    said(env(KEY_AND_SECRET), {}),
    said(env(hook), { hook: { status: 'dead', code: 'no_service' } }),
    said(env(hook), { hook: { status: 'blocked', code: 'action_prohibited' } }),
    said(env(hook), { hook: { status: 'inconclusive', reason: 'network' } }),
    said(env(hook, { slackWorkspace: 'TZZZZ' }), {}),
    said(env([...hook, value('slack-webhook', 'SLACK_WEBHOOK_DEVOPS', HOOK_OTHER)]), {})
  ])
  const written = { source: 'STRIPE_WEBHOOK_SECRET_DEV', writtenAt: new Date(), key: KEY }
  const deliveries = await Promise.all(
    (
      [
        { status: 'alive', failed: 3, more: false },
        { status: 'blocked', code: 'restricted' },
        { status: 'dead', code: 'invalid_api_key' },
        { status: 'inconclusive', reason: 'rate-limited' }
      ] as const
    ).map((events) => deliveryFindings(port({ events }), written, { timeoutMs: 1000 }))
  )
  const previous = { source: 'STRIPE_SECRET_KEY_PROD', value: KEY, replacedAt: new Date(0) }
  const rotations = await Promise.all(
    (
      [
        [{ status: 'dead', code: 'api_key_expired' }, 7],
        [{ status: 'inconclusive', reason: 'timeout' }, 7],
        [{ status: 'alive', account: 'acct_1A' }, 7],
        [{ status: 'alive', account: 'acct_1A' }, 1e6]
      ] as const
    ).map(([key, overlapDays]) =>
      rotationState(port({ key }), previous, { timeoutMs: 1000, overlapDays })
    )
  )
  return [
    ...found.flat(),
    ...deliveries.flatMap((d) => (d ? [d] : [])),
    ...rotations.map((r) => ({ code: r.code, message: r.message })),
    {
      code: new BaseRefused('STRIPE_API_BASE').code,
      message: new BaseRefused('STRIPE_API_BASE').message
    }
  ]
}

function stalenessMessages(): Problem[] {
  const written = new Date('2026-03-01T10:00:00Z')
  const target = {
    target: 'impressionnistes/stripe/api_key',
    sourceKey: 'stripe_secret_key_prod',
    current: { versionId: 'v1', createdDate: written },
    maxAgeDays: 5
  }
  const base = {
    environment: 'prod',
    workflow: 'Deploy secrets (prod)',
    catalogueKeys: ['stripe_secret_key_prod', 'slack_webhook_admin'],
    now: new Date('2026-03-10T08:00:00Z')
  }
  const listed = checkStaleness({
    ...base,
    targets: [target, { target: 'x', sourceKey: 'slack_webhook_admin' }],
    github: {
      status: 'read',
      secrets: {
        environment: [
          { name: 'STRIPE_SECRET_KEY_PROD', updatedAt: new Date('2026-03-05T00:00:00Z') },
          { name: 'OLD_MAILER_KEY', updatedAt: written }
        ],
        repository: []
      }
    }
  })
  const skipped = checkStaleness({
    ...base,
    targets: [],
    github: { status: 'skipped', reason: 'no-token' }
  })
  return [...listed.problems, ...listed.warnings, ...skipped.problems, ...skipped.warnings]
}

describe('probe and staleness messages, each under its heading', () => {
  test('the probes say something for every outcome, and each is quoted under its code', async () => {
    const messages = await probeMessages()
    expect(new Set(messages.map((m) => m.code)).size).toBeGreaterThanOrEqual(18)
    for (const m of messages) expectQuotedUnderItsHeading(m.code, m.message)
  })

  test('the staleness check: each finding is quoted under its code', () => {
    const messages = stalenessMessages()
    expect(new Set(messages.map((m) => m.code))).toEqual(
      new Set([
        'edited-after-sync',
        'older-than-policy',
        'github-secret-not-in-catalogue',
        'catalogue-secret-not-on-github',
        'github-edits-not-checked'
      ])
    )
    for (const m of messages) expectQuotedUnderItsHeading(m.code, m.message)
  })
})

describe('the probe inputs and options, rollbacks, rotation, skips, the pause and the alert issue', () => {
  test('each probe input and the CLI’s contradicting options say a message under its code', () => {
    const problems: Problem[] = []
    const saved = { ...process.env }
    try {
      process.env.INPUT_PROBE = 'maybe'
      process.env['INPUT_FORCE-ROLLBACK'] = 'yes'
      process.env['INPUT_ROTATION-OVERLAP-DAYS'] = '0'
      readProbeInputs('sync', problems)
      process.env['INPUT_FORCE-ROLLBACK'] = 'true'
      readProbeInputs('sync', problems)
    } finally {
      process.env = saved
    }
    let contradiction: Problem | undefined
    try {
      probeModeOf({ 'no-probe': true, 'require-probe': true })
    } catch (error) {
      contradiction = (error as Stopped).problems[0]
    }
    const said = [...problems, ...(contradiction ? [contradiction] : [])]
    expect(said.map((p) => p.code)).toEqual([
      ...Array<string>(6).fill('probe-input-wrong'),
      'probe-options-contradict'
    ])
    for (const p of said) expectQuotedUnderItsHeading(p.code, p.message)
  })

  test('a refused or forced rollback and an unreadable rotation, each under its code', () => {
    expectQuotedUnderItsHeading('rollback-probe-failed', say.rollbackRefused('a/b', 'v-1'))
    expectQuotedUnderItsHeading('rollback-forced', say.rollbackForced('a/b', 'v-1'))
    expectQuotedUnderItsHeading('rotation-unreadable', say.ROTATION_UNREADABLE)
    expectQuotedUnderItsHeading(
      'repository-not-owner-name',
      '--repository must be owner/name (e.g. my-org/my-app).'
    )
  })

  test('every reason GitHub edits were not checked is quoted under its code', () => {
    const reasons = [
      'no-token',
      'no-repository',
      'bad-token',
      'no-permission',
      'not-found',
      'insecure-url',
      'rate-limited',
      'server-error',
      'timeout',
      'network',
      'unexpected-answer'
    ] as const
    for (const reason of reasons) {
      const { warnings } = checkStaleness({
        environment: 'prod',
        workflow: 'Deploy secrets (prod)',
        catalogueKeys: [],
        now: new Date(),
        targets: [],
        github: { status: 'skipped', reason }
      })
      for (const w of warnings) expectQuotedUnderItsHeading(w.code, w.message)
    }
  })

  test('a paused sync and the alert issue link to their headings', () => {
    const paused: Report = {
      mode: 'sync',
      environment: 'dev',
      prefix: 'impressionnistes',
      region: 'eu-west-3',
      stage: 'done',
      rows: [],
      problems: [],
      warnings: [],
      drift: [],
      ok: true,
      paused: true
    }
    const page = 'https://example.test/docs/troubleshooting.md'
    expectQuotedUnderItsHeading('sync-paused', headline(paused))
    expect(summaryMarkdown(paused, page)).toContain(`(${page}#${CODES['sync-paused'].anchor})`)
    const alert = nextAlert(undefined, paused, undefined, new Date(), page)
    if (alert.kind !== 'write') throw new Error(`expected a write, got ${alert.kind}`)
    expectQuotedUnderItsHeading('alert-issue-open', alert.title)
    expect(alert.body).toContain(`(${page}#${CODES['alert-issue-open'].anchor})`)
    expect(alert.body).toContain(`(${page}#${CODES['sync-paused'].anchor})`)
  })
})
