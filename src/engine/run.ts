/**
 * The engine's one entry point, for both fronts: validate, confirm the account, run the mode's
 * flow (flows/: sync, plan and verify; rollback; audit), then refresh the consumers of what
 * changed. Nothing is read before every problem with the request is known, and nothing written
 * unless the flow's checks found none.
 */
import { checkAccount, checkPin, type AccountCheck } from './account/account.js'
import { selectEntries, type Selection } from './catalogue/catalogue.js'
import { auditFlow } from './flows/audit.js'
import type { Ending, Flow, FlowContext } from './flows/flow.js'
import type { RunRequest } from './flows/request.js'
import { rollbackFlow } from './flows/rollback.js'
import { stalenessStage } from './flows/staleness.js'
import { syncFlow } from './flows/sync.js'
import { nameProblems } from './model/names.js'
import type { SecretStore } from './model/ports/secret-store.js'
import type { Problem } from './model/problem.js'
import { Stopped, type Mode, type Report } from './model/report.js'
import { refreshConsumers } from './refresh/refresh.js'

export type { RunRequest } from './flows/request.js'

const FLOWS: Record<Mode, (ctx: FlowContext) => Flow> = {
  sync: syncFlow,
  plan: syncFlow,
  verify: syncFlow,
  rollback: rollbackFlow,
  audit: auditFlow
}

/**
 * Problems with the front's inputs, the catalogue selection and the names it makes (AWS limits,
 * checked before any write), and the flow's own: stop if any.
 */
function validate(request: RunRequest, selection: Selection, flow: Flow): void {
  const targets = selection.entries.map((e) => e.target)
  const invalid: Problem[] = [
    ...(request.problems ?? []),
    ...selection.problems,
    ...nameProblems(request.prefix, targets).map((message) => ({
      code: 'name-too-long' as const,
      message
    })),
    ...flow.problems
  ]
  if (invalid.length) throw new Stopped('validate', invalid)
}

/**
 * Whose credentials: stop before any read when they belong to another account than the pin's
 * (or the expected one, without a pin). Returns whether they were confirmed to be the
 * environment's account (not when there was neither a pin nor an account to check).
 */
async function confirmAccount({ store, request, report }: FlowContext): Promise<boolean> {
  const checked = await accountCheck(store, request)
  if (checked?.identity) report.account = checked.identity.account
  if (checked && !checked.ok) throw new Stopped('account', checked.problems)
  return checked?.ok === true && checked.confirmed
}

/** The check that applies: the front's own, else the pin's, else the expected account's. */
async function accountCheck(
  store: SecretStore,
  request: RunRequest
): Promise<AccountCheck | undefined> {
  const entry = request.account
  // The front asked already (the CLI, to say whose credentials first).
  if (entry && !('expected' in entry)) return entry
  const expected = entry?.expected
  if (request.pin)
    return checkPin(
      store,
      request.pin,
      expected !== undefined ? { expectedAccountId: expected } : {},
      request.pinLabels
    )
  return expected !== undefined ? checkAccount(store, expected, request.environment) : undefined
}

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

export async function runEngine(store: SecretStore, request: RunRequest): Promise<Report> {
  const { mode, environment, prefix } = request
  const region = request.pin?.region ?? request.region
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
  const selection = selectEntries(request.catalogue, environment, request.only)
  const ctx: FlowContext = { store, request, selection, report }
  try {
    const flow = FLOWS[mode](ctx)
    validate(request, selection, flow)
    const done = await stalenessStage(ctx, await flow.run(await confirmAccount(ctx)))
    return { ...report, ...done, ...(await refreshStage(request, done, report)) }
  } catch (error) {
    if (!(error instanceof Stopped)) throw error
    return { ...report, stage: error.stage, problems: error.problems, ok: false }
  }
}
