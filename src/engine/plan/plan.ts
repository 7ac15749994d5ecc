/**
 * The plan: a pure function of what the sources say (desired) and what the store holds (current).
 * Per target: create, update or unchanged, with the JSON fields that differ, and the document to
 * write. We own one field per target; other fields already in the document are kept. Anything we
 * must not touch becomes a refusal, and any refusal stops the whole run before its first write.
 */
import type { CurrentState } from '../current/current.js'
import { MAX_SECRET_BYTES, parseObject } from '../model/document.js'
import { secretName } from '../model/names.js'
import { isOurs } from '../model/ownership.js'
import type { Problem } from '../model/problem.js'
import { TAG } from '../model/tags.js'
import type { Desired } from '../resolve/resolve.js'
import { refusalFor } from './refusals.js'

export type PlanAction = 'create' | 'update' | 'unchanged'

export interface PlannedChange {
  name: string
  target: string
  field: string
  sourceKey: string
  description?: string
  action: PlanAction
  changedFields: string[]
  /** The full SecretString to write (create and update only). */
  document?: string
  currentVersionId?: string
  lastChangedDate?: Date
  /**
   * It exists without our managed-by tag (made by hand, or by the CDK stack this tool replaces):
   * a sync tags it as ours, so that list and the other-environment check know it.
   */
  adopt?: boolean
  /** The version our written-version tag records (TAG.writtenVersion), if any. */
  recordedVersionId?: string
}

export interface Plan {
  changes: PlannedChange[]
  refusals: Problem[]
}

export function plan(
  desired: readonly Desired[],
  current: ReadonlyMap<string, CurrentState>,
  prefix: string,
  /** The environment being synced: a secret tagged for another one is refused. */
  environment?: string
): Plan {
  const changes: PlannedChange[] = []
  const refusals: Problem[] = []
  for (const want of desired) {
    const name = secretName(prefix, want.target)
    const state = current.get(name) ?? { exists: false }
    const base = {
      name,
      target: want.target,
      field: want.field,
      sourceKey: want.sourceKey,
      ...(want.description ? { description: want.description } : {})
    }
    if (!state.exists) {
      changes.push({
        ...base,
        action: 'create',
        changedFields: [want.field],
        document: JSON.stringify({ [want.field]: want.value })
      })
      continue
    }
    const refusal = refusalFor(name, state, environment)
    if (refusal) {
      refusals.push({ target: want.target, ...refusal })
      continue
    }
    const value = state.value as Extract<CurrentState, { exists: true }>['value'] & { ok: true }
    const known = {
      currentVersionId: value.versionId,
      ...(state.metadata.lastChangedDate
        ? { lastChangedDate: state.metadata.lastChangedDate }
        : {}),
      ...(isOurs(state.metadata.tags) ? {} : { adopt: true }),
      ...(state.metadata.tags[TAG.writtenVersion]
        ? { recordedVersionId: state.metadata.tags[TAG.writtenVersion] }
        : {})
    }
    const doc = parseObject(value.secretString)
    if (!doc) {
      refusals.push({
        target: want.target,
        message:
          `${name} holds a value that is not a JSON object (plain text, binary or another JSON type), ` +
          `so it was not overwritten. Replace it by hand with {"${want.field}": "…"} or delete it, then rerun.`
      })
      continue
    }
    if (doc[want.field] === want.value) {
      changes.push({ ...base, ...known, action: 'unchanged', changedFields: [] })
      continue
    }
    const document = JSON.stringify({ ...doc, [want.field]: want.value })
    const bytes = Buffer.byteLength(document, 'utf8')
    if (bytes > MAX_SECRET_BYTES) {
      refusals.push({
        target: want.target,
        message: `${name}: with its other fields kept, the new document would take ${bytes} bytes, over Secrets Manager's ${MAX_SECRET_BYTES}.`
      })
      continue
    }
    changes.push({ ...base, ...known, action: 'update', changedFields: [want.field], document })
  }
  return { changes, refusals }
}
