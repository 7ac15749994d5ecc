/**
 * Who wrote a secret, and for which environment: the tags and the description every write
 * carries, so that list, verify and the other-environment check know the secret as ours.
 */
import { MANAGED_BY, TAG, tagValue } from '../model/tags.js'
import type { PlannedChange } from '../plan/plan.js'

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

const defined = (tags: Record<string, string | undefined>): Record<string, string> =>
  Object.fromEntries(Object.entries(tags).filter((e): e is [string, string] => !!e[1]))

/** Tags that say who last wrote the secret: refreshed on every update. */
export function provenanceTags(p: Provenance): Record<string, string> {
  return defined({
    [TAG.commit]: p.commit,
    [TAG.runUrl]: p.runUrl,
    [TAG.writtenBy]: p.writtenBy === undefined ? undefined : tagValue(p.writtenBy)
  })
}

/** Tags that say a secret is ours, and for which environment: set on create, and on adoption. */
export function ownershipTags(p: Provenance): Record<string, string> {
  return defined({
    [TAG.managedBy]: MANAGED_BY,
    [TAG.environment]: p.environment,
    [TAG.repository]: p.repository
  })
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
