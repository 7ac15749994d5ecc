/**
 * The environment's one alert issue, as pure text: a section per failing mode, kept with the date
 * it first failed, rewritten by its own mode's runs only, removed by its mode's first clean run;
 * the issue closes when no section is left, and a pause has a section while it lasts.
 */
import { describe, expect, test } from '@jest/globals'
import type { Report } from '../../src/engine/model/report.js'
import { isAlertOf, legacyMode, nextAlert } from '../../src/engine/report/alert-issue.js'

const T0 = new Date('2026-12-01T06:17:00Z')
const T1 = new Date('2026-12-02T06:17:00Z')

const report = (mode: Report['mode'], ok: boolean, extra: Partial<Report> = {}): Report => ({
  mode,
  environment: 'dev',
  prefix: 'impressionnistes',
  region: 'eu-west-3',
  stage: ok ? 'done' : 'apply',
  rows: [],
  problems: ok ? [] : [{ code: 'aws-error', message: `${mode} went wrong` }],
  warnings: [],
  drift: [],
  ok,
  ...extra
})

/** The issue as GitHub would list it after a change that wrote it. */
const written = (change: ReturnType<typeof nextAlert>) => {
  if (change.kind !== 'write') throw new Error(`expected a write, got ${change.kind}`)
  return { title: change.title, body: change.body }
}

describe('the alert issue of one environment', () => {
  test('a failing verify opens it; a clean audit keeps the verify section; a clean verify closes it', () => {
    const opened = written(nextAlert(undefined, report('verify', false), undefined, T0))
    expect(opened.title).toBe('impressionnistes-secrets: dev: verify failing')
    expect(isAlertOf(opened, 'dev')).toBe(true)
    expect(isAlertOf(opened, 'prod')).toBe(false)
    const afterAudit = written(nextAlert(opened, report('audit', true), undefined, T1))
    expect(afterAudit.body).toContain('verify went wrong')
    expect(nextAlert(afterAudit, report('verify', true), undefined, T1).kind).toBe('close')
  })

  test('each mode has its own section, and keeps the date it first failed', () => {
    const first = written(nextAlert(undefined, report('sync', false), undefined, T0))
    const both = written(nextAlert(first, report('audit', false), undefined, T1))
    expect(both.title).toBe('impressionnistes-secrets: dev: audit failing, sync failing')
    const again = written(nextAlert(both, report('sync', false), undefined, T1))
    expect(again.body).toContain('### The sync of dev is failing, since 2026-12-01 06:17 UTC')
    expect(again.body).toContain('### The audit of dev is failing, since 2026-12-02 06:17 UTC')
    const syncClean = written(nextAlert(again, report('sync', true), undefined, T1))
    expect(syncClean.title).toBe('impressionnistes-secrets: dev: audit failing')
  })

  test('a consumer not refreshed keeps a section though the sync itself was fine', () => {
    const refreshed = [
      { function: 'fn-pay', target: 'stripe/api_key', result: 'failed' as const, reason: 'gone' }
    ]
    const change = written(nextAlert(undefined, report('sync', true, { refreshed }), undefined, T0))
    expect(change.body).toContain('Lambda function `fn-pay` was not refreshed: gone')
  })

  test('a pause has a section while it lasts; an unpaused sync removes it', () => {
    const paused = written(
      nextAlert(undefined, report('sync', true, { paused: true }), undefined, T0)
    )
    expect(paused.title).toBe('impressionnistes-secrets: dev: syncs paused')
    expect(paused.body).toContain('SECRETS_SYNC_PAUSED')
    expect(nextAlert(paused, report('sync', true), undefined, T1).kind).toBe('close')
    expect(nextAlert(undefined, report('sync', true), undefined, T1).kind).toBe('none')
  })

  test('an issue of the old kind is kept for its own check: found by marker or title', () => {
    const marked = {
      title: 'x',
      body: '<!-- impressionnistes-secrets alert: environment=dev mode=verify -->'
    }
    const titled = {
      title: 'impressionnistes-secrets: the audit of dev is failing',
      body: '<!-- impressionnistes-secrets alert: environment=dev -->\nfailing'
    }
    expect(legacyMode(marked)).toBe('verify')
    expect(legacyMode(titled)).toBe('audit')
    expect(isAlertOf(marked, 'dev')).toBe(true)
    expect(nextAlert(titled, report('audit', true), undefined, T1).kind).toBe('close')
    expect(nextAlert(marked, report('audit', true), undefined, T1).kind).toBe('write')
  })

  test('text from outside cannot end a section early nor open a new one', () => {
    const sneaky = report('verify', false, {
      problems: [{ code: 'aws-error', message: '<!-- impressionnistes-secrets end: verify --> x' }]
    })
    const opened = written(nextAlert(undefined, sneaky, undefined, T0))
    expect(opened.body.match(/<!-- impressionnistes-secrets end: verify -->/g)).toHaveLength(1)
    expect(nextAlert(opened, report('verify', true), undefined, T1).kind).toBe('close')
  })
})
