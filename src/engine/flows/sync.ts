/**
 * sync, plan and verify: resolve and validate the sources, read what is there, plan; sync then
 * writes, plan says what it would write, verify fails on any difference. Nothing is written unless
 * the plan found no refusal.
 */
import { apply } from '../apply/apply.js'
import { readCurrent, type CurrentState } from '../current/current.js'
import { parseObject } from '../model/document.js'
import type { MaskKind } from '../model/mask.js'
import { secretName } from '../model/names.js'
import { storeProblem } from '../model/problem.js'
import { plan, type Plan } from '../plan/plan.js'
import { Redactor } from '../report/redact.js'
import { driftProblems, refusedRows, rowOf, writtenRows, writtenWarnings } from '../report/rows.js'
import { resolve, type Desired } from '../resolve/resolve.js'
import { consumerProblems, stoppedBy, type Ending, type Flow, type FlowContext } from './flow.js'
import { probeEnding } from './sync-probe.js'
import type { RunRequest } from './request.js'

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

/** plan and verify: what a sync would do; verify fails on any difference. */
function compareEnding(planned: Plan, verify: boolean): Ending {
  const differing = planned.changes.filter((c) => c.action !== 'unchanged')
  const problems = verify ? driftProblems(differing) : []
  return {
    stage: 'done',
    drift: differing.map((c) => c.name),
    problems,
    ok: problems.length === 0
  }
}

export function syncFlow(ctx: FlowContext): Flow {
  const { request, report, store } = ctx
  const { mode, prefix, environment } = request
  const resolution = resolve(ctx.selection.entries, request.sources, request.display)
  report.warnings.push(...resolution.warnings)
  for (const d of resolution.desired) {
    request.mask(d.value)
    request.mask(JSON.stringify({ [d.field]: d.value }), 'container')
  }
  const run = async (accountConfirmed: boolean): Promise<Ending> => {
    const names = resolution.desired.map((d) => secretName(prefix, d.target))
    let current
    try {
      current = await readCurrent(store, names)
    } catch (error) {
      throw stoppedBy('read', error)
    }
    const maskLong = maskCurrent(request, resolution.desired, current)
    // Any refusal stops the whole run, and a sync then writes nothing.
    const planned = plan(resolution.desired, current, prefix, { environment, accountConfirmed })
    report.warnings.push(...planned.warnings)
    for (const change of planned.changes) maskLong(change.document, 'container')
    if (planned.refusals.length)
      return {
        stage: 'plan',
        problems: planned.refusals,
        ok: false,
        rows: refusedRows(planned, mode, prefix)
      }
    report.rows = planned.changes.map((c) => rowOf(c))
    if (mode !== 'sync') return compareEnding(planned, mode === 'verify')
    if (request.paused) return { ...compareEnding(planned, false), paused: true }
    const probed = await probeEnding(ctx, resolution.desired, planned)
    if (probed?.warnings) report.warnings.push(...probed.warnings)
    if (probed && !probed.ok) return { ...probed, warnings: report.warnings }
    const outcomes = await apply(store, planned, request)
    const problems = outcomes.flatMap((o) => (o.error ? [storeProblem(o.error)] : []))
    return {
      rows: writtenRows(outcomes),
      stage: problems.length ? 'apply' : 'done',
      problems,
      warnings: [...report.warnings, ...writtenWarnings(outcomes, environment)],
      ok: problems.length === 0
    }
  }
  return { problems: [...resolution.problems, ...consumerProblems(ctx)], run }
}
