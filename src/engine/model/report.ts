/**
 * One result shape for every mode and both fronts: what each target became, and every problem.
 * Names, actions, version ids, dates: never values. Rendered by ../report/.
 */
import { problemText, type Problem } from './problem.js'
import type { RefreshRow } from './refresh.js'

export type Mode = 'sync' | 'plan' | 'verify' | 'rollback' | 'audit'

export const MODES: readonly Mode[] = ['sync', 'plan', 'verify', 'rollback', 'audit']

/** The modes that only check, and fail on what they find (drift): they can raise an alert. */
export const CHECK_MODES: readonly Mode[] = ['verify', 'audit']

/**
 * sync says what was done; plan and verify say what sync would do. `refused`: the target cannot
 * be written (scheduled for deletion, rotation on, not a JSON object…); `skipped`: a sync that
 * stopped before writing did not write this change. `rolled-back`: rollback moved AWSCURRENT back
 * to an earlier version (versionId), from previousVersionId. `flagged`: audit found something
 * wrong with the secret (findings say what); audit's clean secrets are `unchanged`.
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
  | 'flagged'
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
  /** audit: what is wrong with it, in a few words each (missing, changed outside…). */
  findings?: string[]
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
  /** What is worth knowing and stops nothing (audit: a rotation complete). */
  notes?: Problem[]
  /**
   * verify: names whose current value differs from the sources (or that are missing); audit:
   * names with a finding.
   */
  drift: string[]
  /** sync and rollback with consumers: each function and secret, refreshed or not and why. */
  refreshed?: RefreshRow[]
  /** sync with the pause switch on: planned only, nothing written. */
  paused?: boolean
  ok: boolean
}

/**
 * Thrown to stop a run, or a front's command, at `stage` with these problems: the engine turns it
 * into its report, the CLI into its error lines and exit code (a problem of kind `usage`: 2).
 */
export class Stopped extends Error {
  constructor(
    readonly stage: Stage,
    readonly problems: Problem[]
  ) {
    super(problems.map(problemText).join('\n'))
    this.name = 'Stopped'
  }
}

/** A run that stopped before the engine could start (unusable `secrets`, catalogue file…). */
export function stoppedReport(
  scope: Pick<Report, 'mode' | 'environment' | 'prefix' | 'region'>,
  problems: Problem[]
): Report {
  return { ...scope, stage: 'validate', rows: [], problems, warnings: [], drift: [], ok: false }
}

/** How a run ended, for both fronts: the action's failure line and the CLI's exit code. */
export type Verdict = 'ok' | 'drift' | 'stopped' | 'write-failed'

export function verdictOf(report: Report): Verdict {
  if (report.ok) return 'ok'
  if (CHECK_MODES.includes(report.mode) && report.stage === 'done') return 'drift'
  return report.stage === 'apply' ? 'write-failed' : 'stopped'
}

/** The one line that says why a run failed, with its code (undefined when it did not). */
export function failureLine(report: Report): Problem | undefined {
  switch (verdictOf(report)) {
    case 'ok':
      return undefined
    case 'drift':
      return report.mode === 'audit'
        ? {
            code: 'audit-failed',
            message: `Audit: ${report.drift.join(', ')} not as this tool left it (listed above).`
          }
        : {
            code: 'drift',
            message: `Drift: ${report.drift.join(', ')} differ(s) from the GitHub secrets.`
          }
    case 'write-failed':
      return {
        code: 'writes-failed',
        message: `${report.problems.length} write(s) failed; the others are reported above. Rerun to converge.`
      }
    case 'stopped':
      return {
        code: 'stopped',
        message: `Stopped before any write: ${report.problems.length} problem(s), listed above.`
      }
  }
}
