/**
 * The report's rows and the sentences a sync's outcome is told in: what each planned change, and
 * each write, became. Names, actions, version ids, dates: never values.
 */
import type { WriteOutcome } from '../apply/apply.js'
import { secretName } from '../model/names.js'
import { storeProblem, type Problem } from '../model/problem.js'
import type { Mode, ReportRow, RowAction } from '../model/report.js'
import type { Plan, PlannedChange } from '../plan/plan.js'

/** A row whose version id would mislead (a write that failed or was never made). */
function withoutVersion(row: ReportRow): ReportRow {
  const { versionId: _unused, ...rest } = row
  return rest
}

export function rowOf(change: PlannedChange, action: RowAction = change.action): ReportRow {
  return {
    name: change.name,
    target: change.target,
    sourceKey: change.sourceKey,
    action,
    changedFields: change.changedFields,
    ...(change.currentVersionId ? { versionId: change.currentVersionId } : {}),
    ...(change.lastChangedDate ? { lastChanged: change.lastChangedDate } : {})
  }
}

/** A plan with refusals: the changes a sync would have made are held, the refused listed. */
export function refusedRows(planned: Plan, mode: Mode, prefix: string): ReportRow[] {
  const held = (c: PlannedChange): RowAction =>
    mode === 'sync' && c.action !== 'unchanged' ? 'skipped' : c.action
  const refused: ReportRow[] = planned.refusals.map((r) => ({
    name: secretName(prefix, r.target ?? ''),
    target: r.target ?? '',
    sourceKey: r.source ?? '',
    action: 'refused',
    changedFields: []
  }))
  return [
    ...planned.changes.map((c) =>
      held(c) === 'skipped' ? withoutVersion(rowOf(c, 'skipped')) : rowOf(c, held(c))
    ),
    ...refused
  ]
}

/** verify's findings: each change a sync would make is a difference. */
export const driftProblems = (differing: readonly PlannedChange[]): Problem[] =>
  differing.map((c) => ({
    target: c.target,
    kind: 'drift',
    code: 'differs-from-github',
    message:
      c.action === 'create'
        ? `${c.name} is not in Secrets Manager yet (source: ${c.sourceKey}). Run a sync.`
        : `${c.name} differs from ${c.sourceKey} (field ${c.field}). Run a sync, or find out who changed the secret by hand.`
  }))

/** What each write became. */
export const writtenRows = (outcomes: readonly WriteOutcome[]): ReportRow[] =>
  outcomes.map((o) => ({
    ...withoutVersion(rowOf(o.change, o.action)),
    ...(o.versionId ? { versionId: o.versionId } : {}),
    ...(o.action === 'created' || o.action === 'updated' ? { lastChanged: new Date() } : {}),
    ...(o.error ? { error: o.error.message } : {})
  }))

/** What a version tag that could not be set means (see TAG.writtenVersion). */
const UNRECORDED =
  'Until a later sync records its version (tag written-version), audit reports it as changed outside this tool.'

/** Tags that could not be set after a write, and secrets adopted: what to know, not failures. */
export function writtenWarnings(outcomes: readonly WriteOutcome[], environment: string): Problem[] {
  const untagged = outcomes.flatMap((o) =>
    o.warning
      ? [
          {
            ...storeProblem(o.warning),
            code:
              o.action !== 'unchanged' || !o.change.adopt
                ? ('tags-not-refreshed' as const)
                : ('adopted-untagged' as const),
            message:
              o.action !== 'unchanged'
                ? `${o.change.name} was written, but its tags were not refreshed: ${o.warning.message} ${UNRECORDED}`
                : o.change.adopt
                  ? `${o.change.name} holds the right value, but could not be tagged as managed by this tool: ${o.warning.message}`
                  : `${o.change.name} holds the right value, but its version could not be recorded: ${o.warning.message} ${UNRECORDED}`
          }
        ]
      : []
  )
  const adopted = outcomes
    .filter((o) => o.adopted)
    .map((o) => ({
      target: o.change.target,
      code: 'adopted' as const,
      message:
        `${o.change.name} existed without this tool's tags (made by hand or by the CDK stack); ` +
        `it is now tagged managed-by and environment=${environment}, so list and the other-environment check know it.`
    }))
  return [...untagged, ...adopted]
}
