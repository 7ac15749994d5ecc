/**
 * A sync's probes: every value the plan makes current (a change that is not "unchanged"), asked
 * before the first write. A new webhook signing secret is checked with the environment's Stripe
 * key: the one the run writes, else the one AWS holds (read then, masked). A problem holds every
 * change, as a refusal does.
 */
import { selectEntries } from '../catalogue/catalogue.js'
import { secretName } from '../model/names.js'
import type { Plan } from '../plan/plan.js'
import { probeKindOf, probeStage, type HeldValue } from '../probe/stage.js'
import { refusedRows } from '../report/rows.js'
import type { Desired } from '../resolve/resolve.js'
import { maskedField, probePins, stoppedBy, type Ending, type FlowContext } from './flow.js'

/** The Stripe key the environment keeps in AWS, when the run writes a signing secret but no key. */
async function keptKey(ctx: FlowContext, held: readonly HeldValue[]): Promise<HeldValue[]> {
  const kind = (h: HeldValue) => probeKindOf(h.rule)
  const secret = held.some((h) => h.changing && kind(h) === 'stripe-webhook-secret')
  if (!secret || held.some((h) => kind(h) === 'stripe-key')) return []
  const { request, store } = ctx
  const entry = selectEntries(request.catalogue, request.environment).entries.find(
    (e) => probeKindOf(e.rule) === 'stripe-key'
  )
  if (!entry) return []
  const name = secretName(request.prefix, entry.target)
  let got
  try {
    got = (await store.currentValues([name])).get(name)
  } catch (error) {
    throw stoppedBy('read', error)
  }
  const value = got?.ok ? maskedField(request.mask, got.secretString, entry.field) : undefined
  return value === undefined ? [] : [{ rule: entry.rule, source: name, value, changing: false }]
}

export async function probeEnding(
  ctx: FlowContext,
  desired: readonly Desired[],
  planned: Plan
): Promise<Ending | undefined> {
  const { request } = ctx
  if (!request.probe || request.probe.mode === 'off') return undefined
  const changing = new Set(
    planned.changes.filter((c) => c.action !== 'unchanged').map((c) => c.target)
  )
  const held: HeldValue[] = desired.map((d) => ({
    rule: d.rule,
    source: d.sourceKey,
    value: d.value,
    changing: changing.has(d.target)
  }))
  held.push(...(await keptKey(ctx, held)))
  const probed = await probeStage(request.probe, request.environment, held, probePins(ctx))
  if (!probed.problems.length) {
    if (!probed.warnings.length) return undefined
    return { stage: 'plan', ok: true, warnings: probed.warnings }
  }
  return {
    stage: 'plan',
    problems: probed.problems,
    warnings: probed.warnings,
    ok: false,
    rows: refusedRows({ ...planned, refusals: [] }, request.mode, request.prefix)
  }
}
