/**
 * The engine's one entry point: catalogue → resolve and validate → account → read current →
 * plan → apply → refresh the consumers → report; rollback and audit are flows of their own
 * after the account check. Both fronts (the action and the CLI) call runEngine(); neither
 * reimplements any step. Nothing is written unless every step before apply found no problem.
 */
import type { FunctionConfigStore } from './model/ports/function-store.js'
import type { SecretStore } from './model/ports/secret-store.js'
import { checkAccount, type AccountCheck } from './account/account.js'
import { apply, type ApplyOptions, type Outcome } from './apply/apply.js'
import { audit } from './audit/audit.js'
import { selectEntries, type Catalogue, type Selection } from './catalogue/catalogue.js'
import { readCurrent, type CurrentState } from './current/current.js'
import { parseObject } from './model/document.js'
import { nameProblems, secretName } from './model/names.js'
import { storeProblem, storeProblems, type Problem } from './model/problem.js'
import type { Consumers } from './model/refresh.js'
import type { Mode, Report, ReportRow, RowAction, Stage } from './model/report.js'
import { plan, type Plan, type PlannedChange } from './plan/plan.js'
import { unknownConsumerTargets } from './refresh/consumers.js'
import { refreshConsumers } from './refresh/refresh.js'
import type { MaskKind } from './model/mask.js'
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
   * sync and rollback: the Lambda functions reading each secret, refreshed when it changed.
   * Checked against the catalogue in every mode.
   */
  refresh?: { consumers: Consumers; functions: FunctionConfigStore }
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
      : mode === 'audit'
        ? auditFlow(store, request, report)
        : syncFlow(store, request, report))
    return { ...report, ...done, ...(await refreshStage(request, done, report)) }
  } catch (error) {
    if (!(error instanceof Stopped)) throw error
    return { ...report, stage: error.stage, problems: error.problems, ok: false }
  }
}

type Ending = Partial<Report> & Pick<Report, 'stage' | 'ok'>

/** After a sync or rollback that reached its writes: the consumers of what changed. */
async function refreshStage(
  request: RunRequest,
  done: Ending,
  report: Report
): Promise<Partial<Report>> {
  const { refresh, mode } = request
  if (!refresh?.consumers.size || !done.rows || (mode !== 'sync' && mode !== 'rollback')) return {}
  const { refreshed, warnings } = await refreshConsumers(
    refresh.functions,
    refresh.consumers,
    done.rows
  )
  return { refreshed, warnings: [...(done.warnings ?? report.warnings), ...warnings] }
}

/** Consumers naming a target this environment's catalogue does not have. */
function consumerProblems(request: RunRequest): Problem[] {
  const consumers = request.refresh?.consumers
  if (!consumers?.size) return []
  const known = selectEntries(request.catalogue, request.provenance.environment).entries.map(
    (e) => e.target
  )
  return unknownConsumerTargets(consumers, known, request.provenance.environment).map(
    (message) => ({ message })
  )
}

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

/**
 * Whose credentials: stop before any read when they belong to another account. Returns whether
 * they were confirmed to be the expected account's (not when no account was given to check).
 */
async function confirmAccount(
  store: SecretStore,
  request: RunRequest,
  report: Report
): Promise<boolean> {
  const checked =
    request.account ??
    (request.expectedAccountId
      ? await checkAccount(store, request.expectedAccountId, request.provenance.environment)
      : undefined)
  if (checked?.identity) report.account = checked.identity.account
  if (checked && !checked.ok) throw new Stopped('account', checked.problems)
  return checked?.ok === true && checked.confirmed
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
  validate(request, selection, [...usage, ...consumerProblems(request)])
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
 * audit: metadata only (DescribeSecret), no value read, no source needed. Each managed secret
 * must exist, not be scheduled for deletion or rotated, carry our tags for this environment, and
 * have as AWSCURRENT the version this tool last wrote or rolled back to.
 */
async function auditFlow(store: SecretStore, request: RunRequest, report: Report): Promise<Ending> {
  const environment = request.provenance.environment
  const selection = selectEntries(request.catalogue, environment, request.only)
  validate(request, selection, [])
  await confirmAccount(store, request, report)
  const display = request.display ?? ((key: string) => key)
  // A target several entries write (one field each) is one secret to check.
  const targets = [...new Map(selection.entries.map((e) => [e.target, e])).values()].map((e) => ({
    name: secretName(request.prefix, e.target),
    target: e.target,
    sourceKey: display(e.sourceKey)
  }))
  let result
  try {
    result = await audit(store, targets, environment)
  } catch (error) {
    throw stoppedBy('read', error)
  }
  return {
    rows: result.rows,
    stage: 'done',
    problems: result.problems,
    drift: result.flagged,
    ok: result.problems.length === 0
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
  validate(request, selection, [...resolution.problems, ...consumerProblems(request)])

  // 3. whose credentials.
  const accountConfirmed = await confirmAccount(store, request, report)

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
  const planned = plan(resolution.desired, current, prefix, { environment, accountConfirmed })
  report.warnings.push(...planned.warnings)
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

/** What a version tag that could not be set means (see TAG.writtenVersion). */
const UNRECORDED =
  'Until a later sync records its version (tag written-version), audit reports it as changed outside this tool.'

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
