/**
 * Apply a plan: create what is missing, put a new version where the value changed, nothing else.
 * Never deletes. Each write carries a ClientRequestToken derived from the run, the attempt, the
 * target, its current version and the content, so a write retried by the SDK never adds a second
 * version, while a later write (even of an older value) does. One target failing does not stop
 * the others.
 */
import { createHmac, randomBytes } from 'node:crypto'
import { StoreError, StoreFailures, type SecretStore } from '../../store/store.js'
import { readCurrent } from '../current/current.js'
import { plan as planOf, type Plan, type PlannedChange } from '../plan/plan.js'
import { tagValue } from './tags.js'

export interface Provenance {
  environment: string
  /** Identifies this run: GitHub's run id, or a fresh id per CLI invocation. */
  runId: string
  attempt: string
  repository?: string
  commit?: string
  runUrl?: string
  /** Who wrote it: the GitHub actor, or the AWS identity running the CLI. */
  writtenBy?: string
}

export interface ApplyOptions {
  provenance: Provenance
  kmsKeyId?: string
  /** Extra tags, applied when a secret is created. */
  extraTags?: Record<string, string>
}

export type OutcomeAction = 'created' | 'updated' | 'unchanged' | 'failed'

export interface Outcome {
  change: PlannedChange
  action: OutcomeAction
  versionId?: string
  error?: StoreError
  /** Something went wrong after the value was written (tags). */
  warning?: StoreError
  /** An existing secret without our tags was tagged as ours (see PlannedChange.adopt). */
  adopted?: boolean
}

export const MANAGED_BY = 'impressionnistes-secrets'

/**
 * Keys the token hash. Version ids appear in logs and outputs, and a plain hash of the content
 * would let anyone who reads them test guesses of a weak value offline; keyed with a secret that
 * lives only in this process, the id says nothing about the value. SDK retries of one write run in
 * this process, so they still carry the same token.
 */
const TOKEN_KEY = randomBytes(32)

/**
 * A UUID (RFC 9562 version 8, from HMAC-SHA-256 of run, attempt, target, current version and
 * content), the form the API recommends; it becomes the new version's id. The current version is
 * part of it so that writing A, then B, then A again within one run still writes the last A.
 */
export function clientRequestToken(
  p: Provenance,
  name: string,
  document: string,
  currentVersionId = ''
): string {
  const hex = createHmac('sha256', TOKEN_KEY)
    .update([p.runId, p.attempt, name, currentVersionId, document].join('\u0000'))
    .digest('hex')
  const variant = ((parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16)
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

const defined = (tags: Record<string, string | undefined>): Record<string, string> =>
  Object.fromEntries(Object.entries(tags).filter((e): e is [string, string] => !!e[1]))

/** Tags that say who last wrote the secret: refreshed on every update. */
export function provenanceTags(p: Provenance): Record<string, string> {
  return defined({
    commit: p.commit,
    'run-url': p.runUrl,
    'written-by': p.writtenBy === undefined ? undefined : tagValue(p.writtenBy)
  })
}

/** Tags that say a secret is ours, and for which environment: set on create, and on adoption. */
export function ownershipTags(p: Provenance): Record<string, string> {
  return defined({ 'managed-by': MANAGED_BY, environment: p.environment, repository: p.repository })
}

/** Tags a created secret carries. */
export function creationTags(
  p: Provenance,
  extra: Record<string, string> = {}
): Record<string, string> {
  return { ...extra, ...ownershipTags(p), ...provenanceTags(p) }
}

/** Secrets Manager takes descriptions of at most 2048 characters. */
export const MAX_DESCRIPTION = 2048

export function descriptionOf(change: PlannedChange): string {
  const ours = `Managed by ${MANAGED_BY} from ${change.sourceKey}; edit the source, not this secret.`
  if (!change.description) return ours
  const room = MAX_DESCRIPTION - ours.length - 2
  const theirs =
    change.description.length > room
      ? `${change.description.slice(0, room - 1)}…`
      : change.description
  return `${theirs}. ${ours}`
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
): Promise<Outcome> {
  const written = await store.put({
    name: change.name,
    secretString: change.document,
    clientRequestToken: clientRequestToken(
      provenance,
      change.name,
      change.document,
      change.currentVersionId
    )
  })
  const tags = {
    ...(change.adopt ? ownershipTags(provenance) : {}),
    ...provenanceTags(provenance)
  }
  const done = {
    change,
    action: 'updated' as const,
    versionId: written.versionId,
    ...(change.adopt ? { adopted: true } : {})
  }
  if (Object.keys(tags).length === 0) return done
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
): Promise<Outcome> {
  const same: Outcome = {
    change,
    action: 'unchanged',
    ...(change.currentVersionId ? { versionId: change.currentVersionId } : {})
  }
  if (!change.adopt) return same
  // Only our tags are missing. No new version: tags only.
  try {
    await store.tag(change.name, ownershipTags(provenance))
    return { ...same, adopted: true }
  } catch (error) {
    return { ...same, warning: asStoreError(error) }
  }
}

/**
 * CreateSecret said the name is taken: another run (or a person) created the secret after our
 * read. As the CreateSecret reference suggests, read it again and plan once more for this target:
 * unchanged when it already holds our value, an update when it holds another, a failure naming
 * the reason when the plan refuses it (rotation on, not a JSON object, …).
 */
async function converge(
  store: SecretStore,
  change: PlannedChange & { document: string },
  options: ApplyOptions,
  cause: StoreError
): Promise<Outcome> {
  const value = (JSON.parse(change.document) as Record<string, unknown>)[change.field]
  if (typeof value !== 'string') return { change, action: 'failed', error: cause }
  let current
  try {
    current = await readCurrent(store, [change.name])
  } catch (error) {
    const first = error instanceof StoreFailures ? error.failures[0] : error
    return { change, action: 'failed', error: asStoreError(first) }
  }
  const prefix = change.name.slice(0, change.name.length - change.target.length - 1)
  const again = planOf(
    [
      {
        target: change.target,
        field: change.field,
        value,
        sourceKey: change.sourceKey,
        ...(change.description ? { description: change.description } : {})
      }
    ],
    current,
    prefix,
    options.provenance.environment
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
      `${change.name} was created by another run or person while this run was writing, and ${why}`
    )
    return { change, action: 'failed', error }
  }
  return update(store, { ...next, document: next.document }, options.provenance)
}

async function applyOne(
  store: SecretStore,
  change: PlannedChange,
  options: ApplyOptions
): Promise<Outcome> {
  const { provenance } = options
  const { document } = change
  if (change.action === 'unchanged' || document === undefined)
    return keep(store, change, provenance)
  try {
    if (change.action === 'create') {
      try {
        const written = await store.create({
          name: change.name,
          secretString: document,
          description: descriptionOf(change),
          ...(options.kmsKeyId ? { kmsKeyId: options.kmsKeyId } : {}),
          tags: creationTags(provenance, options.extraTags),
          clientRequestToken: clientRequestToken(provenance, change.name, document)
        })
        return { change, action: 'created', versionId: written.versionId }
      } catch (error) {
        if (error instanceof StoreError && error.kind === 'already-exists')
          return await converge(store, { ...change, document }, options, error)
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
): Promise<Outcome[]> {
  return Promise.all(plan.changes.map((change) => applyOne(store, change, options)))
}
