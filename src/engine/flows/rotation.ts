/**
 * The audit's rotation check: after a write that replaced a Stripe key, the previous version
 * (AWSPREVIOUS) is probed. A rotation is done when the old key is dead, not when the new one is
 * stored. And after a new webhook signing secret, the deliveries Stripe reports failed since.
 * Reads the values it probes (masked at once); an audit role that may not read values is said
 * once, and nothing else is checked.
 */
import { secretName } from '../model/names.js'
import type { SecretMetadata, SecretStore } from '../model/ports/secret-store.js'
import { StoreError } from '../model/ports/store-error.js'
import type { Problem } from '../model/problem.js'
import { CURRENT, labelled, PREVIOUS } from '../model/versions.js'
import { ROTATION_UNREADABLE } from '../probe/messages.js'
import { deliveryFindings } from '../probe/deliveries.js'
import {
  DEFAULT_ROTATION_OVERLAP_DAYS,
  rotationState,
  type RotationCheck
} from '../probe/rotation.js'
import { DEFAULT_PROBE_TIMEOUT_MS } from '../probe/probe.js'
import { probeKindOf, type ProbeSettings } from '../probe/stage.js'
import { maskedField, type FlowContext } from './flow.js'

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
  if (!got.ok) return {}
  const key = maskedField(ctx.request.mask, got.secretString, field)
  if (key === undefined) return {}
  return { key, ...(got.createdDate ? { created: got.createdDate } : {}) }
}

const DAY_MS = 24 * 60 * 60 * 1000

/** One Stripe key secret: its rotation, when its previous version holds another key. */
async function rotationOf(
  ctx: FlowContext,
  settings: ProbeSettings,
  name: string,
  now: { key?: string; created?: Date },
  old: { key?: string }
): Promise<{ state: RotationCheck['state']; said: Problem } | undefined> {
  if (!old.key || !now.key || old.key === now.key || !now.created) return undefined
  const check = await rotationState(
    settings.port,
    { source: name, value: old.key, replacedAt: now.created },
    {
      timeoutMs: settings.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS,
      ...(ctx.request.rotationOverlapDays ? { overlapDays: ctx.request.rotationOverlapDays } : {})
    }
  )
  return { state: check.state, said: { source: name, code: check.code, message: check.message } }
}

/**
 * A signing secret written within the overlap: the deliveries Stripe reports failed since (a
 * handler still verifying with the old secret fails them all), asked with the current key.
 */
async function deliveriesOf(
  ctx: FlowContext,
  settings: ProbeSettings,
  key: string,
  current: ReadonlyMap<string, string | undefined>
): Promise<Problem[]> {
  const { request, store, selection } = ctx
  const overlap = (request.rotationOverlapDays ?? DEFAULT_ROTATION_OVERLAP_DAYS) * DAY_MS
  const secrets = selection.entries.filter((e) => probeKindOf(e.rule) === 'stripe-webhook-secret')
  const found: Problem[] = []
  for (const entry of secrets) {
    const name = secretName(request.prefix, entry.target)
    const version = current.get(name)
    if (!version) continue
    const { created } = await keyOf(store, ctx, name, version, entry.field)
    if (!created || Date.now() - created.getTime() > overlap) continue
    const timeoutMs = settings.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS
    const warning = await deliveryFindings(
      settings.port,
      { source: name, writtenAt: created, key },
      { timeoutMs }
    )
    if (warning) found.push(warning)
  }
  return found
}

/**
 * The Stripe key's rotation and the new signing secret's deliveries, with the probes on, from the
 * metadata the audit has described (each name's, undefined when it does not exist).
 */
export async function rotationFindings(
  ctx: FlowContext,
  metadata: ReadonlyMap<string, SecretMetadata | undefined>
): Promise<RotationFindings> {
  const found: RotationFindings = { problems: [], warnings: [], notes: [] }
  const { request, store, selection } = ctx
  const settings = request.probe
  if (!settings || settings.mode === 'off') return found
  const watched = selection.entries.filter((e) => probeKindOf(e.rule) !== undefined)
  const names = watched.map((e) => secretName(request.prefix, e.target))
  const current = new Map(
    names.map((n) => {
      const meta = metadata.get(n)
      return [n, meta && labelled(meta, CURRENT)] as const
    })
  )
  try {
    let key: string | undefined
    for (const entry of watched.filter((e) => probeKindOf(e.rule) === 'stripe-key')) {
      const name = secretName(request.prefix, entry.target)
      const meta = metadata.get(name)
      const [now, before] = [current.get(name), meta && labelled(meta, PREVIOUS)]
      if (!now) continue
      const newest = await keyOf(store, ctx, name, now, entry.field)
      key ??= newest.key
      const old = before ? await keyOf(store, ctx, name, before, entry.field) : {}
      const rotation = await rotationOf(ctx, settings, name, newest, old)
      if (rotation?.state === 'overdue') found.problems.push(rotation.said)
      else if (rotation?.state === 'complete') found.notes.push(rotation.said)
      else if (rotation) found.warnings.push(rotation.said)
    }
    if (key) found.warnings.push(...(await deliveriesOf(ctx, settings, key, current)))
  } catch (error) {
    if (!(error instanceof StoreError) || error.kind !== 'access-denied') throw error
    found.notes.push({ code: 'rotation-unreadable', message: ROTATION_UNREADABLE })
  }
  return found
}
