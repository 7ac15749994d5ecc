/**
 * Apply a plan: create what is missing, put a new version where the value changed, nothing else.
 * Never deletes. Each write carries a ClientRequestToken derived from the run, the attempt, the
 * target, its current version and the content, so a write retried by the SDK never adds a second
 * version, while a later write (even of an older value) does. One target failing does not stop
 * the others.
 */
import { type SecretStore } from '../model/ports/secret-store.js'
import { StoreError, storeErrorsOf } from '../model/ports/store-error.js'
import { readCurrent } from '../current/current.js'
import { versionTag } from '../model/tags.js'
import { plan as planOf, type Plan, type PlannedChange } from '../plan/plan.js'
import type { PlanContext } from '../plan/refusals.js'
import {
  creationTags,
  descriptionOf,
  ownershipTags,
  provenanceTags,
  type Provenance
} from './provenance.js'
import { clientRequestToken } from './token.js'

export interface ApplyOptions {
  provenance: Provenance
  kmsKeyId?: string
  /** Extra tags, applied when a secret is created. */
  extraTags?: Record<string, string>
}

export type WriteAction = 'created' | 'updated' | 'unchanged' | 'failed'

export interface WriteOutcome {
  change: PlannedChange
  action: WriteAction
  versionId?: string
  error?: StoreError
  /** Something went wrong after the value was written (tags). */
  warning?: StoreError
  /** An existing secret without our tags was tagged as ours (see PlannedChange.adopt). */
  adopted?: boolean
}

function asStoreError(error: unknown): StoreError {
  return error instanceof StoreError
    ? error
    : new StoreError(
        'other',
        'apply',
        undefined,
        'Error',
        (error as Error)?.message ?? String(error)
      )
}

/** Puts a new version, then refreshes the provenance tags (a tag failure is only a warning). */
async function update(
  store: SecretStore,
  change: PlannedChange & { document: string },
  provenance: Provenance
): Promise<WriteOutcome> {
  const token = clientRequestToken(
    provenance,
    change.name,
    change.document,
    change.currentVersionId
  )
  const written = await store.put({
    name: change.name,
    secretString: change.document,
    clientRequestToken: token
  })
  // Tagged after the write succeeded, with the version it made: should the tag fail, the warning
  // says so, and audit reports the secret until a later write records its version.
  const tags = {
    ...(change.adopt ? ownershipTags(provenance) : {}),
    ...provenanceTags(provenance),
    ...versionTag(written.versionId || token)
  }
  const done = {
    change,
    action: 'updated' as const,
    versionId: written.versionId,
    ...(change.adopt ? { adopted: true } : {})
  }
  try {
    await store.tag(change.name, tags)
    return done
  } catch (error) {
    return { ...done, warning: asStoreError(error) }
  }
}

/** The value is right: nothing to write, but a secret made outside this tool is tagged as ours. */
async function keep(
  store: SecretStore,
  change: PlannedChange,
  provenance: Provenance
): Promise<WriteOutcome> {
  const same: WriteOutcome = {
    change,
    action: 'unchanged',
    ...(change.currentVersionId ? { versionId: change.currentVersionId } : {})
  }
  // The value is what the sources hold, so its version is the one this tool stands by: recorded
  // when the tag says another (a secret written before the tag existed, or a tag that failed).
  const record =
    change.currentVersionId !== undefined && change.recordedVersionId !== change.currentVersionId
      ? versionTag(change.currentVersionId)
      : {}
  if (!change.adopt && Object.keys(record).length === 0) return same
  // Only our tags are missing or stale. No new version: tags only.
  try {
    await store.tag(change.name, { ...(change.adopt ? ownershipTags(provenance) : {}), ...record })
    return { ...same, ...(change.adopt ? { adopted: true } : {}) }
  } catch (error) {
    return { ...same, warning: asStoreError(error) }
  }
}

/**
 * CreateSecret said the name is taken: another run (or a person) created the secret after our
 * read. As the CreateSecret reference suggests, read it again and plan once more for this target,
 * with the same rules: unchanged when it already holds our value, an update when it holds
 * another, a failure naming the reason when the plan refuses it (rotation on, not a JSON object,
 * another tool's, made by a person in an account nobody confirmed, …).
 */
async function converge(
  store: SecretStore,
  change: PlannedChange & { document: string },
  options: ApplyOptions,
  context: PlanContext,
  cause: StoreError
): Promise<WriteOutcome> {
  const value = (JSON.parse(change.document) as Record<string, unknown>)[change.field]
  if (typeof value !== 'string') return { change, action: 'failed', error: cause }
  let current
  try {
    current = await readCurrent(store, [change.name])
  } catch (error) {
    return { change, action: 'failed', error: asStoreError(storeErrorsOf(error)?.[0] ?? error) }
  }
  const prefix = change.name.slice(0, change.name.length - change.target.length - 1)
  const again = planOf(
    [
      {
        target: change.target,
        field: change.field,
        value,
        sourceKey: change.sourceKey,
        ...(change.description ? { description: change.description } : {}),
        rule: change.rule
      }
    ],
    current,
    prefix,
    context
  )
  const [refusal] = again.refusals
  const [next] = again.changes
  if (!refusal && next?.action === 'unchanged') return keep(store, next, options.provenance)
  if (refusal || next?.action !== 'update' || next.document === undefined) {
    const why = refusal?.message ?? 'it was not found when read again; rerun.'
    const error = new StoreError(
      cause.kind,
      cause.action,
      change.name,
      cause.code,
      `${change.name} was created by another run or person while this run was writing, and ${why}`,
      'created-while-writing'
    )
    return { change, action: 'failed', error }
  }
  return update(store, { ...next, document: next.document }, options.provenance)
}

async function applyOne(
  store: SecretStore,
  change: PlannedChange,
  options: ApplyOptions,
  context: PlanContext
): Promise<WriteOutcome> {
  const { provenance } = options
  const { document } = change
  if (change.action === 'unchanged' || document === undefined)
    return keep(store, change, provenance)
  try {
    if (change.action === 'create') {
      const token = clientRequestToken(provenance, change.name, document)
      try {
        const written = await store.create({
          name: change.name,
          secretString: document,
          description: descriptionOf(change),
          ...(options.kmsKeyId ? { kmsKeyId: options.kmsKeyId } : {}),
          // Our token becomes the new version's id: its tag is known before the write.
          tags: { ...creationTags(provenance, options.extraTags), ...versionTag(token) },
          clientRequestToken: token
        })
        return { change, action: 'created', versionId: written.versionId }
      } catch (error) {
        if (error instanceof StoreError && error.kind === 'already-exists')
          return await converge(store, { ...change, document }, options, context, error)
        throw error
      }
    }
    return await update(store, { ...change, document }, provenance)
  } catch (error) {
    return { change, action: 'failed', error: asStoreError(error) }
  }
}

export async function apply(
  store: SecretStore,
  plan: Plan,
  options: ApplyOptions
): Promise<WriteOutcome[]> {
  return Promise.all(plan.changes.map((change) => applyOne(store, change, options, plan.context)))
}
