/**
 * The engine's one entry point: catalogue → resolve and validate → account → read current →
 * plan → apply → report. Both fronts (the action and the CLI) call runEngine(); neither
 * reimplements any step. Nothing is written unless every step before apply found no problem.
 */
import type { SecretStore } from '../store/store.js'
import { checkAccount, type AccountCheck } from './account/account.js'
import { apply, type ApplyOptions, type Outcome } from './apply/apply.js'
import { selectEntries, type Catalogue, type Selection } from './catalogue/catalogue.js'
import { readCurrent, type CurrentState } from './current/current.js'
import { parseObject } from './model/document.js'
import { nameProblems, secretName } from './model/names.js'
import { storeProblem, storeProblems, type Problem } from './model/problem.js'
import type { Mode, Report, ReportRow, RowAction, Stage } from './model/report.js'
import { plan, type Plan, type PlannedChange } from './plan/plan.js'
import type { MaskKind } from './model/text.js'
import { Redactor } from './report/redact.js'
import { resolve, type Desired } from './resolve/resolve.js'
import { rollback } from './rollback/rollback.js'

export interface RunRequest extends ApplyOptions {
  mode: Mode
  catalogue: Catalogue
  prefix: string
  region: string
  only?: readonly string[]
  sources: Record<string, unknown>
  /** How a source key is shown to the user (GitHub upper-cases secret names). */
  display?: (sourceKey: string) => string
  /** The account the credentials must be in; checked before anything is read. */
  expectedAccountId?: string
  /** The front has already checked the account (the CLI does for every command). */
  account?: Extract<AccountCheck, { ok: true }>
  /** Problems the front found in its own inputs: reported with the sources' problems, at once. */
  problems?: Problem[]
  /** rollback: the version to make current again (one target only); default AWSPREVIOUS. */
  toVersionId?: string
  /**
   * Registers a value that must never be printed, nor any piece of it; a `container` (a whole
   * document) only as a whole. Called before runEngine() returns anything.
   */
  mask: (value: string, kind?: MaskKind) => void
}

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

/** Thrown by a step that stops the run at `stage` with these problems; caught by runEngine. */
class Stopped extends Error {
  constructor(
    readonly stage: Stage,
    readonly problems: Problem[]
  ) {
    super(`stopped at ${stage}`)
  }
}

/** The store failure behind `error`, as a stop at `stage`; anything else is rethrown. */
function stoppedBy(stage: Stage, error: unknown): Stopped {
  const problems = storeProblems(error)
  if (!problems) throw error
  return new Stopped(stage, problems)
}

export async function runEngine(store: SecretStore, request: RunRequest): Promise<Report> {
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
  try {
    const done = await (mode === 'rollback'
      ? rollbackFlow(store, request, report)
      : syncFlow(store, request, report))
    return { ...report, ...done }
  } catch (error) {
    if (!(error instanceof Stopped)) throw error
    return { ...report, stage: error.stage, problems: error.problems, ok: false }
  }
}

type Ending = Partial<Report> & Pick<Report, 'stage' | 'ok'>

/**
 * Problems with the front's inputs, the catalogue selection and the names it makes (AWS limits,
 * checked before any write), and any `extra`: stop if any.
 */
function validate(request: RunRequest, selection: Selection, extra: Problem[]): void {
  const targets = selection.entries.map((e) => e.target)
  const invalid = [
    ...(request.problems ?? []),
    ...[...selection.problems, ...nameProblems(request.prefix, targets)].map((message) => ({
      message
    })),
    ...extra
  ]
  if (invalid.length) throw new Stopped('validate', invalid)
}

/** Whose credentials: stop before any read when they belong to another account. */
async function confirmAccount(
  store: SecretStore,
  request: RunRequest,
  report: Report
): Promise<void> {
  const checked =
    request.account ??
    (request.expectedAccountId
      ? await checkAccount(store, request.expectedAccountId, request.provenance.environment)
      : undefined)
  if (checked?.identity) report.account = checked.identity.account
  if (checked && !checked.ok) throw new Stopped('account', checked.problems)
}

async function rollbackFlow(
  store: SecretStore,
  request: RunRequest,
  report: Report
): Promise<Ending> {
  const environment = request.provenance.environment
  const selection = selectEntries(request.catalogue, environment, request.only)
  const display = request.display ?? ((key: string) => key)
  const usage: Problem[] = []
  if (!request.only?.length) {
    usage.push({
      message: 'rollback needs the secrets to roll back, named in "only" (e.g. stripe/api_key).'
    })
  } else if (request.toVersionId && request.only.length !== 1) {
    usage.push({ message: 'A version id to roll back to applies to one secret: name just one.' })
  }
  validate(request, selection, usage)
  await confirmAccount(store, request, report)
  let result
  try {
    result = await rollback(
      store,
      selection.entries.map((e) => ({
        name: secretName(request.prefix, e.target),
        target: e.target,
        sourceKey: display(e.sourceKey)
      })),
      request.toVersionId,
      environment
    )
  } catch (error) {
    throw stoppedBy('read', error)
  }
  const problems = [...result.refusals, ...result.failures.map(storeProblem)]
  return {
    rows: result.rows,
    stage: result.refusals.length ? 'plan' : result.failures.length ? 'apply' : 'done',
    problems,
    warnings: [...report.warnings, ...result.warnings],
    ok: problems.length === 0
  }
}

/**
 * Masks what AWS holds now: the whole document and the old value of our field, when long enough
 * to be a secret (Redactor.MIN). Other fields are never printed, and masking them would blank
 * ordinary words (a region, a name) in the log.
 */
function maskCurrent(
  request: RunRequest,
  desired: readonly Desired[],
  current: ReadonlyMap<string, CurrentState>
): (value: string | undefined, kind?: MaskKind) => void {
  const maskLong = (v: string | undefined, kind?: MaskKind) => {
    if (v !== undefined && v.length >= Redactor.MIN) request.mask(v, kind)
  }
  for (const d of desired) {
    const state = current.get(secretName(request.prefix, d.target))
    if (!state?.exists || !state.value?.ok || state.value.secretString === undefined) continue
    maskLong(state.value.secretString, 'container')
    const old = parseObject(state.value.secretString)?.[d.field]
    if (typeof old === 'string') maskLong(old)
  }
  return maskLong
}

async function syncFlow(store: SecretStore, request: RunRequest, report: Report): Promise<Ending> {
  const { mode, prefix } = request
  const environment = request.provenance.environment
  // 1. catalogue → entries of this environment; 2. resolve and validate every source.
  const selection = selectEntries(request.catalogue, environment, request.only)
  const resolution = resolve(selection.entries, request.sources, request.display)
  report.warnings.push(...resolution.warnings)
  for (const d of resolution.desired) {
    request.mask(d.value)
    request.mask(JSON.stringify({ [d.field]: d.value }), 'container')
  }
  validate(request, selection, resolution.problems)

  // 3. whose credentials.
  await confirmAccount(store, request, report)

  // 4. read what is there now.
  const names = resolution.desired.map((d) => secretName(prefix, d.target))
  let current
  try {
    current = await readCurrent(store, names)
  } catch (error) {
    throw stoppedBy('read', error)
  }
  const maskLong = maskCurrent(request, resolution.desired, current)

  // 5. plan; any refusal stops the whole run, and a sync then writes nothing.
  const planned = plan(resolution.desired, current, prefix, environment)
  for (const change of planned.changes) maskLong(change.document, 'container')
  if (planned.refusals.length) return refusedEnding(planned, mode, prefix)
  report.rows = planned.changes.map((c) => rowOf(c))
  if (mode !== 'sync') return compareEnding(planned, mode)

  // 6. apply.
  return appliedEnding(await apply(store, planned, request), report, environment)
}

/** A plan with refusals: nothing is written, and the changes a sync would have made are held. */
function refusedEnding(planned: Plan, mode: Mode, prefix: string): Ending {
  const held = (c: PlannedChange): RowAction =>
    mode === 'sync' && c.action !== 'unchanged' ? 'skipped' : c.action
  const refusedRows: ReportRow[] = planned.refusals.map((r) => ({
    name: secretName(prefix, r.target ?? ''),
    target: r.target ?? '',
    sourceKey: r.source ?? '',
    action: 'refused',
    changedFields: []
  }))
  return {
    stage: 'plan',
    problems: planned.refusals,
    ok: false,
    rows: [
      ...planned.changes.map((c) =>
        held(c) === 'skipped' ? withoutVersion(rowOf(c, 'skipped')) : rowOf(c, held(c))
      ),
      ...refusedRows
    ]
  }
}

/** plan and verify: what a sync would do; verify fails on any difference. */
function compareEnding(planned: Plan, mode: Mode): Ending {
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
    stage: 'done',
    drift: differing.map((c) => c.name),
    problems,
    ok: problems.length === 0
  }
}

function appliedEnding(outcomes: Outcome[], report: Report, environment: string): Ending {
  const rows = outcomes.map((o) => ({
    ...withoutVersion(rowOf(o.change, o.action)),
    ...(o.versionId ? { versionId: o.versionId } : {}),
    ...(o.action === 'created' || o.action === 'updated' ? { lastChanged: new Date() } : {}),
    ...(o.error ? { error: o.error.message } : {})
  }))
  const problems = outcomes.flatMap((o) => (o.error ? [storeProblem(o.error)] : []))
  const warnings = outcomes.flatMap((o) =>
    o.warning
      ? [
          {
            ...storeProblem(o.warning),
            message:
              o.action === 'unchanged'
                ? `${o.change.name} holds the right value, but could not be tagged as managed by this tool: ${o.warning.message}`
                : `${o.change.name} was written, but its tags were not refreshed: ${o.warning.message}`
          }
        ]
      : []
  )
  const adopted = outcomes
    .filter((o) => o.adopted)
    .map((o) => ({
      target: o.change.target,
      message:
        `${o.change.name} existed without this tool's tags (made by hand or by the CDK stack); ` +
        `it is now tagged managed-by and environment=${environment}, so list and the other-environment check know it.`
    }))
  return {
    rows,
    stage: problems.length ? 'apply' : 'done',
    problems,
    warnings: [...report.warnings, ...warnings, ...adopted],
    ok: problems.length === 0
  }
}
