/**
 * The engine: catalogue → resolve and validate → (account check) → read current → plan → apply →
 * report. Both fronts (the action and the CLI) call run(); neither reimplements any step.
 * Nothing is written unless every step before apply found no problem.
 */
import { selectEntries, type Catalogue } from './catalogue/catalogue.js'
import { resolve, type Problem } from './resolve/resolve.js'
import { readCurrent } from './current/current.js'
import { parseObject, plan, secretName, type PlannedChange } from './plan/plan.js'
import { apply, type ApplyOptions } from './apply/apply.js'
import { rollback } from './rollback/rollback.js'
import { accountProblem } from './scope.js'
import type { Mode, Report, ReportRow, RowAction, Stage } from './report/report.js'
import { Redactor } from './report/redact.js'
import { StoreError, StoreFailures, type SecretStore } from '../store/store.js'

export interface RunRequest extends ApplyOptions {
  mode: Mode
  catalogue: Catalogue
  prefix: string
  region: string
  only?: readonly string[]
  sources: Record<string, unknown>
  /** How a source key is shown to the user (GitHub upper-cases secret names). */
  display?: (sourceKey: string) => string
  expectedAccountId?: string
  /** Problems the front found in its own inputs: reported with the sources' problems, at once. */
  problems?: Problem[]
  /** rollback: the version to make current again (one target only); default AWSPREVIOUS. */
  toVersionId?: string
  /** Registers a value that must never be printed. Called before run() returns anything. */
  mask: (value: string) => void
}

export const storeProblem = (error: StoreError): Problem => ({
  message: error.message,
  kind: error.kind,
  action: error.action,
  ...(error.secretId ? { target: error.secretId } : {})
})

/** A row whose version id would mislead (a write that failed or was never made). */
function withoutVersion(row: ReportRow): ReportRow {
  const { versionId: _unused, ...rest } = row
  return rest
}

function rowOf(change: PlannedChange, action: RowAction = change.action): ReportRow {
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

export async function run(store: SecretStore, request: RunRequest): Promise<Report> {
  const { mode, prefix, region } = request
  const environment = request.provenance.environment
  const report: Report = {
    mode,
    environment,
    prefix,
    region,
    stage: 'validate',
    rows: [],
    problems: [],
    warnings: [],
    drift: [],
    ok: false
  }
  const stop = (stage: Stage, problems: Problem[]): Report => ({ ...report, stage, problems })
  const failed = (stage: Stage, error: unknown): Report => {
    const errors =
      error instanceof StoreFailures ? error.failures : error instanceof StoreError ? [error] : []
    if (!errors.length) throw error
    // One problem per distinct message (five calls without credentials fail alike).
    const problems = [...new Map(errors.map((e) => [e.message, storeProblem(e)])).values()]
    return stop(stage, problems)
  }

  // 1. catalogue → entries of this environment.
  const selection = selectEntries(request.catalogue, environment, request.only)
  const display = request.display ?? ((key: string) => key)

  // Whose credentials: stop before any read when they belong to another account.
  const checkAccount = async (): Promise<Report | undefined> => {
    if (!request.expectedAccountId) return undefined
    try {
      const identity = await store.callerIdentity()
      report.account = identity.account
      const wrong = accountProblem(identity, request.expectedAccountId, environment)
      return wrong ? stop('account', [wrong]) : undefined
    } catch (error) {
      return failed('account', error)
    }
  }

  if (mode === 'rollback') {
    const invalid: Problem[] = [
      ...(request.problems ?? []),
      ...selection.problems.map((message) => ({ message }))
    ]
    if (!request.only?.length) {
      invalid.push({
        message: 'rollback needs the secrets to roll back, named in "only" (e.g. stripe/api_key).'
      })
    } else if (request.toVersionId && request.only.length !== 1) {
      invalid.push({
        message: 'A version id to roll back to applies to one secret: name just one.'
      })
    }
    if (invalid.length) return stop('validate', invalid)
    const wrong = await checkAccount()
    if (wrong) return wrong
    let result
    try {
      result = await rollback(
        store,
        selection.entries.map((e) => ({
          name: secretName(prefix, e.target),
          target: e.target,
          sourceKey: display(e.sourceKey)
        })),
        request.toVersionId,
        environment
      )
    } catch (error) {
      return failed('read', error)
    }
    const problems = [...result.refusals, ...result.failures.map(storeProblem)]
    return {
      ...report,
      rows: result.rows,
      stage: result.refusals.length ? 'plan' : result.failures.length ? 'apply' : 'done',
      problems,
      warnings: result.warnings,
      ok: problems.length === 0
    }
  }

  // 2. resolve and validate every source.
  const resolution = resolve(selection.entries, request.sources, request.display)
  report.warnings.push(...resolution.warnings)
  for (const d of resolution.desired) {
    request.mask(d.value)
    request.mask(JSON.stringify({ [d.field]: d.value }))
  }
  const invalid = [
    ...(request.problems ?? []),
    ...selection.problems.map((message) => ({ message })),
    ...resolution.problems
  ]
  if (invalid.length) return stop('validate', invalid)

  // 3. whose credentials.
  const wrong = await checkAccount()
  if (wrong) return wrong

  // 4. read what is there now.
  const names = resolution.desired.map((d) => secretName(prefix, d.target))
  let current
  try {
    current = await readCurrent(store, names)
  } catch (error) {
    return failed('read', error)
  }
  // What AWS holds now: the whole document and the old value of our field, when long enough to
  // be a secret (Redactor.MIN). Other fields are never printed, and masking them would blank
  // ordinary words (a region, a name) in the log.
  const maskLong = (v: string | undefined) => {
    if (v !== undefined && v.length >= Redactor.MIN) request.mask(v)
  }
  for (const d of resolution.desired) {
    const state = current.get(secretName(prefix, d.target))
    if (!state?.exists || !state.value?.ok || state.value.secretString === undefined) continue
    maskLong(state.value.secretString)
    const old = parseObject(state.value.secretString)?.[d.field]
    if (typeof old === 'string') maskLong(old)
  }

  // 5. plan; any refusal stops the whole run, and a sync then writes nothing.
  const planned = plan(resolution.desired, current, prefix, environment)
  for (const change of planned.changes) maskLong(change.document)
  const refusedRows: ReportRow[] = planned.refusals.map((r) => ({
    name: secretName(prefix, r.target ?? ''),
    target: r.target ?? '',
    sourceKey: r.source ?? '',
    action: 'refused',
    changedFields: []
  }))
  if (planned.refusals.length) {
    const held = (c: PlannedChange): RowAction =>
      mode === 'sync' && c.action !== 'unchanged' ? 'skipped' : c.action
    return {
      ...stop('plan', planned.refusals),
      rows: [
        ...planned.changes.map((c) =>
          held(c) === 'skipped' ? withoutVersion(rowOf(c, 'skipped')) : rowOf(c, held(c))
        ),
        ...refusedRows
      ]
    }
  }
  report.rows = planned.changes.map((c) => rowOf(c))

  if (mode !== 'sync') {
    const differing = planned.changes.filter((c) => c.action !== 'unchanged')
    const problems: Problem[] =
      mode === 'verify'
        ? differing.map((c) => ({
            target: c.target,
            kind: 'drift',
            message:
              c.action === 'create'
                ? `${c.name} is not in Secrets Manager yet (source: ${c.sourceKey}). Run a sync.`
                : `${c.name} differs from ${c.sourceKey} (field ${c.field}). Run a sync, or find out who changed the secret by hand.`
          }))
        : []
    return {
      ...report,
      stage: 'done',
      drift: differing.map((c) => c.name),
      problems,
      ok: problems.length === 0
    }
  }

  // 6. apply.
  const outcomes = await apply(store, planned, request)
  report.rows = outcomes.map((o) => ({
    ...withoutVersion(rowOf(o.change, o.action)),
    ...(o.versionId ? { versionId: o.versionId } : {}),
    ...(o.action === 'created' || o.action === 'updated' ? { lastChanged: new Date() } : {}),
    ...(o.error ? { error: o.error.message } : {})
  }))
  const problems = outcomes.filter((o) => o.error).map((o) => storeProblem(o.error as StoreError))
  const warnings = outcomes
    .filter((o) => o.warning)
    .map((o) => ({
      ...storeProblem(o.warning as StoreError),
      message:
        o.action === 'unchanged'
          ? `${o.change.name} holds the right value, but could not be tagged as managed by this tool: ${o.warning?.message}`
          : `${o.change.name} was written, but its tags were not refreshed: ${o.warning?.message}`
    }))
  const adopted = outcomes
    .filter((o) => o.adopted)
    .map((o) => ({
      target: o.change.target,
      message:
        `${o.change.name} existed without this tool's tags (made by hand or by the CDK stack); ` +
        `it is now tagged managed-by and environment=${environment}, so list and the other-environment check know it.`
    }))
  return {
    ...report,
    stage: problems.length ? 'apply' : 'done',
    problems,
    warnings: [...report.warnings, ...warnings, ...adopted],
    ok: problems.length === 0
  }
}
