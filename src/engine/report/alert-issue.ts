/**
 * The alert issue of a failing check (audit or verify), one per check and environment: its marker, title
 * and body, and the body it gets when a clean run closes it. Names, findings and what to do;
 * never a value.
 */
import { formatWhen } from '../model/dates.js'
import { problemText } from '../model/problem.js'
import type { Mode, Report } from '../model/report.js'
import { helpLink } from './help.js'
import { neutral } from './markdown-neutral.js'
import { cell, headline, rowLabel } from './render.js'

/**
 * Marks the alert issue of one check (audit or verify) of one environment, in its body (GitHub
 * shows no HTML comment): a clean audit never closes a failing verify's issue, nor the reverse.
 */
export const alertMarker = (environment: string, mode: Mode): string =>
  `<!-- impressionnistes-secrets alert: environment=${environment} mode=${mode} -->`

export interface AlertText {
  title: string
  body: string
}

/** Which run: a link when the runner gave one. */
const runLink = (runUrl: string | undefined, when: Date): string =>
  `${runUrl ? `[this run](${runUrl})` : 'a run'} (${formatWhen(when)})`

/**
 * The alert issue of a failing check (audit or verify): names, findings and what to do; never a
 * value. `report` must be redacted already (redactReport).
 */
export function alertIssue(
  report: Report,
  runUrl: string | undefined,
  when: Date,
  help?: string
): AlertText {
  const lines = [
    alertMarker(report.environment, report.mode),
    `**The ${report.mode} of ${neutral(report.environment)} is failing.** Last checked by ${runLink(runUrl, when)}:`,
    '',
    `> ${cell(headline(report))}`,
    ''
  ]
  const wrong = report.rows.filter((r) => r.action !== 'unchanged')
  if (wrong.length) {
    lines.push('| Secret | Finding |', '|---|---|')
    for (const r of wrong) lines.push(`| \`${cell(r.name)}\` | ${rowLabel(r, report.mode)} |`)
    lines.push('')
  }
  if (report.problems.length)
    lines.push(
      '#### What to do',
      '',
      ...report.problems.map((p) => `- ${cell(problemText(p))}${helpLink(p, help)}`),
      ''
    )
  lines.push(
    'Each run of the check updates this issue while it fails; its first clean run closes it. ' +
      'It names secrets and reasons only, never a value.'
  )
  return {
    title: `impressionnistes-secrets: the ${report.mode} of ${neutral(report.environment)} is failing`,
    body: lines.join('\n')
  }
}

/** The body an alert issue gets when a clean run closes it. */
export function resolvedIssue(report: Report, runUrl: string | undefined, when: Date): string {
  return [
    alertMarker(report.environment, report.mode),
    `**Resolved:** ${runLink(runUrl, when)} was clean.`,
    '',
    `> ${cell(headline(report))}`
  ].join('\n')
}
