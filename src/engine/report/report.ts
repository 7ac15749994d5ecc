/**
 * One result shape for every mode and every front, and its renderings: action outputs, the job
 * summary (Markdown) and plain text lines. Names, actions, version ids, dates: never values.
 */
import type { Problem } from '../resolve/resolve.js'
import { problemText } from '../resolve/resolve.js'

export type Mode = 'sync' | 'plan' | 'verify' | 'rollback'

/**
 * sync says what was done; plan and verify say what sync would do. `refused`: the target cannot
 * be written (scheduled for deletion, rotation on, not a JSON object…); `skipped`: a sync that
 * stopped before writing did not write this change. `rolled-back`: rollback moved AWSCURRENT back
 * to an earlier version (versionId), from previousVersionId.
 */
export type RowAction =
  | 'created'
  | 'updated'
  | 'unchanged'
  | 'failed'
  | 'create'
  | 'update'
  | 'refused'
  | 'skipped'
  | 'rolled-back'

export interface ReportRow {
  name: string
  target: string
  sourceKey: string
  action: RowAction
  changedFields: string[]
  versionId?: string
  /** rollback: the version that was AWSCURRENT before. */
  previousVersionId?: string
  lastChanged?: Date
  error?: string
}

/** Where the run stopped: only "done" runs reached the end. */
export type Stage = 'validate' | 'account' | 'read' | 'plan' | 'apply' | 'done'

export interface Report {
  mode: Mode
  environment: string
  prefix: string
  region: string
  account?: string
  stage: Stage
  rows: ReportRow[]
  problems: Problem[]
  warnings: Problem[]
  /** verify: names whose current value differs from the sources (or that are missing). */
  drift: string[]
  ok: boolean
}

export const MONTHLY_COST_PER_SECRET = 0.4

/** A run that stopped before the engine could start (unusable `secrets`, catalogue file…). */
export function stoppedReport(
  scope: Pick<Report, 'mode' | 'environment' | 'prefix' | 'region'>,
  problems: Problem[]
): Report {
  return { ...scope, stage: 'validate', rows: [], problems, warnings: [], drift: [], ok: false }
}

const CREATE: ReadonlySet<RowAction> = new Set(['created', 'create'])
const UPDATE: ReadonlySet<RowAction> = new Set(['updated', 'update'])
const ROLLED_BACK: ReadonlySet<RowAction> = new Set(['rolled-back'])

export interface ActionOutputs {
  created: string
  updated: string
  unchanged: string
  changed: string
  result: string
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
    )
  }
}

const LABEL: Record<RowAction, string> = {
  created: '🆕 created',
  updated: '🔄 updated',
  unchanged: '✔️ unchanged',
  failed: '❌ failed',
  create: '🆕 would create',
  update: '🔄 would update',
  refused: '⛔ refused',
  skipped: '⏸️ not written',
  'rolled-back': '⏪ rolled back'
}

const when = (d?: Date) => (d ? `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC` : '—')
/** A catalogue's names may hold line breaks: each row stays on one line of the log or table. */
const oneLine = (s: string) => s.replace(/\r\n|[\r\n]/g, ' ')
const cell = (s: string) => oneLine(s.replace(/\|/g, '\\|'))

export function rowLabel(row: ReportRow, mode: Mode): string {
  if (mode === 'verify' && (row.action === 'create' || row.action === 'update'))
    return row.action === 'create' ? '⚠️ missing' : '⚠️ drift'
  if (mode === 'verify' && row.action === 'unchanged') return '✔️ in sync'
  return LABEL[row.action]
}

/** The report with every free text passed through `redact` (before any escaping for Markdown). */
export function redactReport(report: Report, redact: (text: string) => string): Report {
  const text = (p: Problem): Problem => ({ ...p, message: redact(p.message) })
  return {
    ...report,
    rows: report.rows.map((r) => (r.error ? { ...r, error: redact(r.error) } : r)),
    problems: report.problems.map(text),
    warnings: report.warnings.map(text)
  }
}

export function headline(report: Report): string {
  const scope = `${report.environment} (${report.prefix}/*, ${report.region}${report.account ? `, account ${report.account}` : ''})`
  if (!report.ok && report.stage !== 'done' && report.stage !== 'apply')
    return `${report.mode} stopped before any write: ${scope}`
  const count = (set: ReadonlySet<RowAction>) => report.rows.filter((r) => set.has(r.action)).length
  const c = count(CREATE)
  const u = count(UPDATE)
  const n = count(new Set(['unchanged']))
  const f = count(new Set(['failed']))
  switch (report.mode) {
    case 'plan':
      return `plan for ${scope}: ${c} to create, ${u} to update, ${n} unchanged; nothing written`
    case 'rollback':
      return `rollback ${scope}: ${count(ROLLED_BACK)} rolled back, ${n} already there${f ? `, ${f} failed` : ''}`
    case 'verify':
      return report.drift.length
        ? `verify ${scope}: ${report.drift.length} secret(s) differ from the sources`
        : `verify ${scope}: all ${report.rows.length} secret(s) match the sources`
    default:
      return `sync ${scope}: ${c} created, ${u} updated, ${n} unchanged${f ? `, ${f} failed` : ''}`
  }
}

export function summaryMarkdown(report: Report): string {
  const lines = [`### impressionnistes-secrets: ${headline(report)}`, '']
  if (report.rows.length) {
    lines.push(
      '| Secret | Action | Changed fields | Version | Last changed |',
      '|---|---|---|---|---|'
    )
    for (const r of report.rows) {
      lines.push(
        `| \`${cell(r.name)}\` | ${rowLabel(r, report.mode)} | ${cell(r.changedFields.join(', ')) || '—'} | ` +
          `${r.versionId ? `\`${r.versionId}\`` : '—'}${r.previousVersionId ? ` (was \`${r.previousVersionId}\`)` : ''} | ${when(r.lastChanged)} |`
      )
    }
    lines.push('')
    const cost = (report.rows.length * MONTHLY_COST_PER_SECRET).toFixed(2)
    lines.push(
      `${report.rows.length} secret(s) × $${MONTHLY_COST_PER_SECRET.toFixed(2)}/month ≈ **$${cost}/month** in Secrets Manager storage.`,
      ''
    )
  }
  const section = (title: string, items: Problem[]) => {
    if (!items.length) return
    lines.push(`#### ${title}`, '', ...items.map((p) => `- ${cell(problemText(p))}`), '')
  }
  section('Errors', report.problems)
  section('Warnings', report.warnings)
  return lines.join('\n')
}

export function textLines(report: Report): string[] {
  const lines = [headline(report)]
  const width = Math.max(0, ...report.rows.map((r) => r.name.length))
  for (const r of report.rows) {
    const fields = r.changedFields.length ? ` [${oneLine(r.changedFields.join(', '))}]` : ''
    const was = r.previousVersionId ? ` (was ${r.previousVersionId})` : ''
    const version = r.versionId ? ` version ${r.versionId}${was}` : ''
    lines.push(`  ${r.name.padEnd(width)}  ${rowLabel(r, report.mode)}${fields}${version}`)
  }
  return lines
}
