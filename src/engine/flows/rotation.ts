/**
 * The audit's rotation check: after a write that replaced a Stripe key, the previous version
 * (AWSPREVIOUS) is probed. A rotation is done when the old key is dead, not when the new one is
 * stored. Reads two values of each Stripe key secret (masked at once); an audit role that may
 * not read values is said once, and nothing else is checked.
 */
import { parseObject } from '../model/document.js'
import { secretName } from '../model/names.js'
import type { SecretStore } from '../model/ports/secret-store.js'
import { StoreError } from '../model/ports/store-error.js'
import type { Problem } from '../model/problem.js'
import { CURRENT, labelled, PREVIOUS } from '../model/versions.js'
import { ROTATION_UNREADABLE } from '../probe/messages.js'
import { rotationState } from '../probe/rotation.js'
import { DEFAULT_PROBE_TIMEOUT_MS } from '../probe/probe.js'
import { probeKindOf } from '../probe/stage.js'
import type { FlowContext } from './flow.js'

export interface RotationFindings {
  /** Overdue: the previous key still works after the overlap; the check fails. */
  problems: Problem[]
  /** In progress, or not checked. */
  warnings: Problem[]
  /** Complete, or why the check could not run: said in the summary, stops nothing. */
  notes: Problem[]
}

/** The key a version holds in `field`, masked; undefined when there is none. */
async function keyOf(
  store: SecretStore,
  ctx: FlowContext,
  name: string,
  version: string,
  field: string
): Promise<{ key?: string; created?: Date }> {
  const got = await store.versionValue(name, version)
  if (!got.ok || got.secretString === undefined) return {}
  ctx.request.mask(got.secretString, 'container')
  const key = parseObject(got.secretString)?.[field]
  if (typeof key !== 'string' || key === '') return {}
  ctx.request.mask(key)
  return { key, ...(got.createdDate ? { created: got.createdDate } : {}) }
}

/** Each Stripe key secret's rotation, when its previous version holds another key. */
export async function rotationFindings(ctx: FlowContext): Promise<RotationFindings> {
  const found: RotationFindings = { problems: [], warnings: [], notes: [] }
  const { request, store, selection } = ctx
  const settings = request.probe
  if (!settings || settings.mode === 'off') return found
  const keys = selection.entries.filter((e) => probeKindOf(e.rule) === 'stripe-key')
  const names = keys.map((e) => secretName(request.prefix, e.target))
  const metadata = await store.describe(names)
  for (const [i, entry] of keys.entries()) {
    const name = names[i] ?? ''
    const meta = metadata.get(name)
    const previous = meta && labelled(meta, PREVIOUS)
    const current = meta && labelled(meta, CURRENT)
    if (!previous || !current) continue
    let old, now
    try {
      old = await keyOf(store, ctx, name, previous, entry.field)
      now = await keyOf(store, ctx, name, current, entry.field)
    } catch (error) {
      if (!(error instanceof StoreError) || error.kind !== 'access-denied') throw error
      found.notes.push({ message: ROTATION_UNREADABLE })
      return found
    }
    if (!old.key || !now.key || old.key === now.key || !now.created) continue
    const check = await rotationState(
      settings.port,
      { source: name, value: old.key, replacedAt: now.created },
      {
        timeoutMs: settings.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS,
        ...(request.rotationOverlapDays ? { overlapDays: request.rotationOverlapDays } : {})
      }
    )
    const said = { source: name, message: check.message }
    if (check.state === 'overdue') found.problems.push(said)
    else if (check.state === 'complete') found.notes.push(said)
    else found.warnings.push(said)
  }
  return found
}
