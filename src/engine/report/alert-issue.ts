/**
 * The alert issue of an environment: one per environment, whichever mode found the problem. Its
 * body holds one section per mode that is failing (sync, a consumer refresh, verify, audit…) and
 * one while syncs are paused; each run rewrites its own mode's section, or removes it when it was
 * clean, and never touches another's: a clean audit does not close what only a verify can see.
 * With no section left, the issue is closed. Names, findings and what to do; never a value.
 */
import { formatWhen } from '../model/dates.js'
import { deployWorkflow } from '../model/names.js'
import { problemText } from '../model/problem.js'
import type { Report } from '../model/report.js'
import { helpLink } from './help.js'
import { neutral } from './markdown-neutral.js'
import { cell, headline, rowLabel } from './render.js'

/** Marks the alert issue of one environment, in its body (GitHub shows no HTML comment). */
export const alertMarker = (environment: string): string =>
  `<!-- impressionnistes-secrets alert: environment=${environment} -->`

/** The marker of an issue opened when there was one issue per check and environment. */
const OLD_MARKER = /<!-- impressionnistes-secrets alert: environment=(\S+) mode=(\w+) -->/

/** A mode's section, or `pause` while syncs are paused. */
const SECTION =
  /<!-- impressionnistes-secrets section: (\w+) since=(\S+) -->\n([\s\S]*?)\n<!-- impressionnistes-secrets end: \1 -->/g

interface Section {
  since: Date
  text: string
}

/** An open issue as GitHub lists it. */
export interface OpenIssue {
  title: string
  body: string
}

/** The title of an issue opened when there was one issue per check and environment. */
const OLD_TITLE = /^impressionnistes-secrets: the (\w+) of \S+ is failing$/

/** Whether this issue is the environment's (its marker, or the marker of one check of it). */
export function isAlertOf(issue: OpenIssue, environment: string): boolean {
  if (issue.body.includes(alertMarker(environment))) return true
  return OLD_MARKER.exec(issue.body)?.[1] === environment
}

/** The one check an issue of the old kind (one per check) was kept for; undefined for ours. */
export function legacyMode(issue: OpenIssue): string | undefined {
  if (issue.body.includes('<!-- impressionnistes-secrets section: ')) return undefined
  return OLD_MARKER.exec(issue.body)?.[2] ?? OLD_TITLE.exec(issue.title)?.[1]
}

function sectionsOf(issue: OpenIssue | undefined): Map<string, Section> {
  const found = new Map<string, Section>()
  if (!issue) return found
  for (const [, key, since, text] of issue.body.matchAll(SECTION)) {
    const date = new Date(since ?? '')
    if (key && !Number.isNaN(date.getTime())) found.set(key, { since: date, text: text ?? '' })
  }
  const old = legacyMode(issue)
  if (old && !found.size)
    found.set(old, { since: new Date(NaN), text: `The ${old} was failing (an earlier run).` })
  return found
}

/** A run whose problems the issue keeps: it failed, or a consumer was not refreshed. */
export const needsAlert = (report: Report): boolean =>
  !report.ok || (report.refreshed ?? []).some((r) => r.result === 'failed')

const runLink = (runUrl: string | undefined, when: Date): string =>
  `${runUrl ? `[this run](${runUrl})` : 'a run'} (${formatWhen(when)})`

const sinceText = (since: Date): string =>
  Number.isNaN(since.getTime()) ? 'an earlier run' : formatWhen(since)

/** What fixes it, with the deploy workflow `w` (quoted) to run. */
const FIX: Record<Report['mode'], (w: string) => string> = {
  sync: (w) => `fix what is listed, then run ${w} again; its next clean sync clears this.`,
  plan: (w) => `fix what is listed, then run ${w} again (plan, then sync).`,
  rollback: (w) => `fix what is listed, then run the rollback again from ${w}.`,
  verify: (w) => `fix what is listed (usually: run ${w}); the next clean verify clears this.`,
  audit: (w) => `fix what is listed (usually: run ${w}); the next clean audit clears this.`
}

function failingText(
  report: Report,
  since: Date,
  runUrl: string | undefined,
  when: Date,
  help: string | undefined
) {
  const env = neutral(report.environment)
  const lines = [
    `### The ${report.mode} of ${env} is failing, since ${sinceText(since)}`,
    '',
    `Last seen by ${runLink(runUrl, when)}: ${cell(headline(report))}`,
    ''
  ]
  for (const r of report.rows.filter(
    (row) => !['unchanged', 'created', 'updated'].includes(row.action)
  ))
    lines.push(`- \`${cell(r.name)}\`: ${rowLabel(r, report.mode)}`)
  for (const r of (report.refreshed ?? []).filter((f) => f.result === 'failed'))
    lines.push(
      `- Lambda function \`${cell(r.function)}\` was not refreshed: ${cell(r.reason ?? '')}`
    )
  for (const p of report.problems) lines.push(`- ${cell(problemText(p))}${helpLink(p, help)}`)
  lines.push('', `To fix: ${FIX[report.mode](`the deploy workflow "${deployWorkflow(env)}"`)}`)
  return lines.join('\n')
}

function pausedText(environment: string, since: Date, help: string | undefined): string {
  return [
    `### Syncs of ${neutral(environment)} are paused, since ${sinceText(since)}`,
    '',
    'The variable `SECRETS_SYNC_PAUSED` is `true`: every sync only plans, and writes nothing. ' +
      'Delete the variable (Settings → Secrets and variables → Actions → Variables) to resume.' +
      helpLink({ code: 'sync-paused' }, help)
  ].join('\n')
}

export type AlertChange =
  | { kind: 'none' }
  | { kind: 'close'; body: string }
  | { kind: 'write'; title: string; body: string }

/** The new state of the section `key`: kept (with its first date), or removed. */
function setSection(
  sections: Map<string, Section>,
  key: string,
  on: boolean,
  text: (since: Date) => string,
  when: Date
): void {
  if (!on) {
    sections.delete(key)
    return
  }
  const since = sections.get(key)?.since ?? when
  sections.set(key, { since, text: text(since) })
}

/**
 * What the environment's alert issue becomes after `report` (redacted already): its sections
 * updated for this run's mode, and closed when none is left. `issue`: the open one, if any;
 * `help`: the troubleshooting page at the version that runs (each problem links to its heading).
 */
export function nextAlert(
  issue: OpenIssue | undefined,
  report: Report,
  runUrl: string | undefined,
  when: Date,
  help?: string
): AlertChange {
  const sections = sectionsOf(issue)
  const failing = needsAlert(report)
  setSection(
    sections,
    report.mode,
    failing,
    (s) => failingText(report, s, runUrl, when, help),
    when
  )
  if (report.mode === 'sync')
    setSection(
      sections,
      'pause',
      report.paused === true,
      (s) => pausedText(report.environment, s, help),
      when
    )
  const env = neutral(report.environment)
  if (!sections.size)
    return issue === undefined
      ? { kind: 'none' }
      : {
          kind: 'close',
          body: `${alertMarker(report.environment)}\n**Resolved:** ${runLink(runUrl, when)} was clean, and no other check is failing.\n\n> ${cell(headline(report))}`
        }
  const keys = [...sections.keys()].sort()
  const parts = keys.map((k) => {
    const s = sections.get(k) as Section
    const since = Number.isNaN(s.since.getTime()) ? when : s.since
    return `<!-- impressionnistes-secrets section: ${k} since=${since.toISOString()} -->\n${s.text}\n<!-- impressionnistes-secrets end: ${k} -->`
  })
  const what = keys.map((k) => (k === 'pause' ? 'syncs paused' : `${k} failing`)).join(', ')
  return {
    kind: 'write',
    title: `impressionnistes-secrets: ${env}: ${what}`,
    body: [
      alertMarker(report.environment),
      `**${env} needs attention.** One section per problem; each run updates its own, and the issue closes when none is left. Names and reasons only, never a value.${helpLink({ code: 'alert-issue-open' }, help)}`,
      '',
      ...parts.flatMap((p) => [p, ''])
    ].join('\n')
  }
}
