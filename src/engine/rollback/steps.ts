/**
 * What rolling one secret back would do, decided from its metadata alone (pure): move AWSCURRENT
 * (from, to), leave it (already there, or this very rollback already made), or refuse, saying
 * why with the refusal's code.
 */
import { scheduledForDeletion } from '../model/findings.js'
import { isOurs, notOursToWrite } from '../model/ownership.js'
import type { SecretMetadata } from '../model/ports/secret-store.js'
import type { ProblemCode } from '../model/problem.js'
import { TAG } from '../model/tags.js'
import { CURRENT, labelled, PREVIOUS } from '../model/versions.js'

export const rollbackTag = (from: string, to: string) => `${from} to ${to}`

export type RollbackStep =
  | { kind: 'move'; from: string; to: string }
  | { kind: 'unchanged'; versionId: string; note?: string }
  | { kind: 'refused'; code: ProblemCode; message: string }

type Refused = Extract<RollbackStep, { kind: 'refused' }>

/**
 * Why `name` may not be rolled back at all, if it may not: only a secret this tool manages, for
 * this environment, is rolled back: another tool's or environment's is refused, and so is one made
 * outside this tool that no sync adopted yet (rollback reads no value, so it cannot check one the
 * way an adoption does).
 */
function refusal(name: string, metadata: SecretMetadata, environment: string): Refused | undefined {
  const whose = notOursToWrite(name, metadata, environment)
  if (whose) return { kind: 'refused', ...whose }
  if (!isOurs(metadata.tags)) {
    return {
      kind: 'refused',
      code: 'rollback-not-ours',
      message:
        `${name} is not managed by impressionnistes-secrets (no managed-by tag: made by hand, ` +
        `or by the CDK SecretsStack), so its versions were not moved: rollback undoes only what this ` +
        `tool wrote. A sync with the AWS account confirmed (expected-account-id) adopts it first.`
    }
  }
  if (metadata.deletedDate)
    return {
      kind: 'refused',
      code: 'scheduled-for-deletion',
      message: scheduledForDeletion(metadata, 'rollback', name)
    }
  return undefined
}

/** AWSPREVIOUS, unless this very rollback was already made (then nothing to do). */
function towardsPrevious(
  name: string,
  metadata: SecretMetadata,
  current: string
): RollbackStep | string {
  const to = labelled(metadata, PREVIOUS)
  if (to && metadata.tags[TAG.rolledBack] === rollbackTag(to, current)) {
    return {
      kind: 'unchanged',
      versionId: current,
      note:
        `${name} was already rolled back from version ${to}; doing it again would restore ` +
        `that version. To go back to it on purpose, roll back to it by its id (CLI: --to-version ${to}).`
    }
  }
  return (
    to ?? {
      kind: 'refused',
      code: 'nothing-to-roll-back-to',
      message: `${name} has no ${PREVIOUS} version to go back to (it has had only one value).`
    }
  )
}

/**
 * Pure: what rolling `name` back would do, given its metadata (undefined: it does not exist):
 * refused when it is not this tool's to move (see refusal), else a move of AWSCURRENT to
 * `toVersionId` (default AWSPREVIOUS), or nothing when it is there already.
 */
export function planRollback(
  name: string,
  metadata: SecretMetadata | undefined,
  toVersionId: string | undefined,
  environment: string
): RollbackStep {
  if (!metadata)
    return {
      kind: 'refused',
      code: 'rollback-nothing-there',
      message: `${name} does not exist: nothing to roll back.`
    }
  const refused = refusal(name, metadata, environment)
  if (refused) return refused
  const current = labelled(metadata, CURRENT)
  if (!current)
    return {
      kind: 'refused',
      code: 'no-current-value',
      message: `${name} has no ${CURRENT} version.`
    }
  const known = Object.keys(metadata.versionStages)
  if (toVersionId !== undefined && !known.includes(toVersionId)) {
    return {
      kind: 'refused',
      code: 'unknown-version',
      message:
        `${name} has no labelled version ${toVersionId}; versions you can roll back to: ` +
        `${known.filter((v) => v !== current).join(', ') || 'none'}.`
    }
  }
  const to = toVersionId ?? towardsPrevious(name, metadata, current)
  if (typeof to !== 'string') return to
  return to === current
    ? { kind: 'unchanged', versionId: current }
    : { kind: 'move', from: current, to }
}
