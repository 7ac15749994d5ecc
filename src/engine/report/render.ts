/**
 * A report's renderings: action outputs, the job summary (Markdown) and plain text lines. Names,
 * actions, version ids, dates: never values.
 */
import { problemText, type Problem } from '../model/problem.js'
import { helpLink } from './help.js'
import { REFRESH_VARIABLE, type RefreshRow } from '../model/refresh.js'
import type { Mode, Report, ReportRow, RowAction } from '../model/report.js'
import { formatWhen } from '../model/dates.js'
import { oneLine } from '../model/lines.js'
import { neutral } from './markdown-neutral.js'
import { table } from './table.js'

export const MONTHLY_COST_PER_SECRET = 0.4

const CREATE: ReadonlySet<RowAction> = new Set(['created', 'create'])
const UPDATE: ReadonlySet<RowAction> = new Set(['updated', 'update'])
const ROLLED_BACK: ReadonlySet<RowAction> = new Set(['rolled-back'])

export interface ActionOutputs {
  created: string
  updated: string
  unchanged: string
  changed: string
  result: string
  refreshed: string
  /** 'true' when the pause switch kept a sync from writing. */
  paused: string
}

export function outputsOf(report: Report): ActionOutputs {
  const names = (set: ReadonlySet<RowAction>) =>
    JSON.stringify(report.rows.filter((r) => set.has(r.action)).map((r) => r.name))
  const changed = report.rows.some(
    (r) => CREATE.has(r.action) || UPDATE.has(r.action) || ROLLED_BACK.has(r.action)
  )
  return {
    created: names(CREATE),
    updated: names(UPDATE),
    unchanged: names(new Set(['unchanged'])),
    changed: String(changed),
    result: JSON.stringify(
      report.rows.map((r) => ({ name: r.name, action: r.action, versionId: r.versionId ?? null }))
    ),
    refreshed: JSON.stringify(report.refreshed ?? []),
    paused: String(report.paused === true)
  }
}

const REFRESH_LABEL: Record<RefreshRow['result'], string> = {
  refreshed: '🔁 refreshed',
  failed: '❌ not refreshed',
  skipped: '➖ skipped'
}

/** Said wherever consumers are listed: what the refresh cannot reach. */
const REFRESH_NOTE =
  `Consumers get ${REFRESH_VARIABLE} set to the new version id, so new invocations start fresh. ` +
  'Only $LATEST is refreshed: functions invoked through a published version or an alias keep ' +
  'their frozen configuration until you publish a new version and move the alias.'

const LABEL: Record<RowAction, string> = {
  created: '🆕 created',
  updated: '🔄 updated',
  unchanged: '✔️ unchanged',
  failed: '❌ failed',
  create: '🆕 would create',
  update: '🔄 would update',
  refused: '⛔ refused',
  skipped: '⏸️ not written',
  flagged: '⚠️ flagged',
  'rolled-back': '⏪ rolled back'
}

/**
 * Text from outside (names, fields, messages that quote AWS) as Markdown that stays in its table
 * cell or list item: on one line, and with what would end the cell ("|"), open a code span, start
 * HTML (a "<!--" would hide the rest of the summary) or a link escaped, so it shows as it is; and
 * neutral: no mention, autolink or bare domain in it works.
 */
export const cell = (s: string): string =>
  neutral(oneLine(s).replace(/[\\`|<>[\]]/g, (c) => `\\${c}`))

/**
 * A name or version id in a code span, where only "|" (which GFM tables split on even there) can
 * be escaped; one holding a backtick or a backslash is shown as a plain cell.
 */
const code = (s: string) => (/[`\\]/.test(s) ? cell(s) : `\`${oneLine(s).replace(/\|/g, '\\|')}\``)

export function rowLabel(row: ReportRow, mode: Mode): string {
  if (mode === 'verify' && (row.action === 'create' || row.action === 'update'))
    return row.action === 'create' ? '⚠️ missing' : '⚠️ drift'
  if (mode === 'verify' && row.action === 'unchanged') return '✔️ in sync'
  if (mode === 'audit' && row.action === 'unchanged') return '✔️ as written'
  if (row.action === 'flagged' && row.findings?.length) return `⚠️ ${row.findings.join(', ')}`
  return LABEL[row.action]
}

/** The report with every free text passed through `redact` (before any escaping for Markdown). */
export function redactReport(report: Report, redact: (text: string) => string): Report {
  const text = (p: Problem): Problem => ({ ...p, message: redact(p.message) })
  return {
    ...report,
    rows: report.rows.map((r) => (r.error ? { ...r, error: redact(r.error) } : r)),
    ...(report.refreshed
      ? {
          refreshed: report.refreshed.map((r) =>
            r.reason ? { ...r, reason: redact(r.reason) } : r
          )
        }
      : {}),
    problems: report.problems.map(text),
    warnings: report.warnings.map(text),
    ...(report.notes ? { notes: report.notes.map(text) } : {})
  }
}

export function headline(report: Report): string {
  const scope = `${report.environment || '(no environment)'} (${report.prefix}/*, ${report.region}${report.account ? `, account ${report.account}` : ''})`
  if (!report.ok && report.stage !== 'done' && report.stage !== 'apply')
    return `${report.mode} stopped before any write: ${scope}`
  const count = (set: ReadonlySet<RowAction>) => report.rows.filter((r) => set.has(r.action)).length
  const c = count(CREATE)
  const u = count(UPDATE)
  const n = count(new Set(['unchanged']))
  const f = count(new Set(['failed']))
  if (report.paused)
    return `sync paused (SECRETS_SYNC_PAUSED) for ${scope}: ${c} would be created, ${u} updated, ${n} unchanged; nothing written`
  switch (report.mode) {
    case 'plan':
      return `plan for ${scope}: ${c} to create, ${u} to update, ${n} unchanged; nothing written`
    case 'rollback':
      return `rollback ${scope}: ${count(ROLLED_BACK)} rolled back, ${n} already there${f ? `, ${f} failed` : ''}`
    case 'audit':
      return report.drift.length
        ? `audit ${scope}: ${report.drift.length} of ${report.rows.length} secret(s) not as this tool left them`
        : `audit ${scope}: all ${report.rows.length} secret(s) as this tool left them; no value read`
    case 'verify':
      return report.drift.length
        ? `verify ${scope}: ${report.drift.length} secret(s) differ from the sources`
        : `verify ${scope}: all ${report.rows.length} secret(s) match the sources`
    default:
      return `sync ${scope}: ${c} created, ${u} updated, ${n} unchanged${f ? `, ${f} failed` : ''}`
  }
}

/** The job summary; `help`, the troubleshooting page's URL, links each problem to its heading. */
export function summaryMarkdown(report: Report, help?: string): string {
  // A paused sync is no problem, yet says where resuming is explained.
  const paused = report.paused ? helpLink({ code: 'sync-paused' }, help) : ''
  const lines = [`### impressionnistes-secrets: ${cell(headline(report))}${paused}`, '']
  if (report.rows.length) {
    lines.push(
      '| Secret | Action | Changed fields | Version | Value written |',
      '|---|---|---|---|---|'
    )
    for (const r of report.rows) {
      lines.push(
        `| ${code(r.name)} | ${rowLabel(r, report.mode)} | ${cell(r.changedFields.join(', ')) || '—'} | ` +
          `${r.versionId ? code(r.versionId) : '—'}${r.previousVersionId ? ` (was ${code(r.previousVersionId)})` : ''} | ${formatWhen(r.lastChanged)} |`
      )
    }
    lines.push('')
    const cost = (report.rows.length * MONTHLY_COST_PER_SECRET).toFixed(2)
    lines.push(
      `${report.rows.length} secret(s) × $${MONTHLY_COST_PER_SECRET.toFixed(2)}/month ≈ **$${cost}/month** in Secrets Manager storage.`,
      ''
    )
  }
  if (report.refreshed?.length) {
    lines.push(
      '#### Lambda functions that read the secrets',
      '',
      '| Function | Secret | Result | Reason |',
      '|---|---|---|---|'
    )
    for (const r of report.refreshed) {
      lines.push(
        `| \`${cell(r.function)}\` | \`${cell(r.target)}\` | ${REFRESH_LABEL[r.result]} | ${cell(r.reason ?? '') || '—'} |`
      )
    }
    lines.push('', REFRESH_NOTE, '')
  }
  const section = (title: string, items: Problem[]) => {
    if (!items.length) return
    lines.push(
      `#### ${title}`,
      '',
      ...items.map((p) => `- ${cell(problemText(p))}${helpLink(p, help)}`),
      ''
    )
  }
  section('Errors', report.problems)
  section('Warnings', report.warnings)
  section('Notes', report.notes ?? [])
  return lines.join('\n')
}

export function textLines(report: Report): string[] {
  const rows = report.rows.map((r) => {
    const fields = r.changedFields.length ? ` [${oneLine(r.changedFields.join(', '))}]` : ''
    const was = r.previousVersionId ? ` (was ${r.previousVersionId})` : ''
    const version = r.versionId ? ` version ${r.versionId}${was}` : ''
    return [r.name, `${rowLabel(r, report.mode)}${fields}${version}`]
  })
  const refreshed = (report.refreshed ?? []).map((r) => [
    r.function,
    r.target,
    `${REFRESH_LABEL[r.result]}${r.reason ? `: ${oneLine(r.reason)}` : ''}`
  ])
  return [
    headline(report),
    ...table(rows, '  '),
    ...(refreshed.length
      ? [`Lambda functions that read the secrets (${REFRESH_VARIABLE}):`, ...table(refreshed, '  ')]
      : []),
    ...(report.notes ?? []).map((n) => `note: ${oneLine(problemText(n))}`)
  ]
}
