/**
 * The plan: a pure function of what the sources say (desired) and what the store holds (current).
 * Per target: create, update or unchanged, with the JSON fields that differ, and the document to
 * write. We own one field per target; other fields already in the document are kept. Anything we
 * must not touch becomes a refusal, and any refusal stops the whole run before its first write.
 */
import type { CurrentState } from '../current/current.js'
import { MANAGED_BY } from '../apply/apply.js'
import type { SecretMetadata } from '../../store/store.js'
import { MAX_SECRET_BYTES, type Desired, type Problem } from '../resolve/resolve.js'

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
}

export interface Plan {
  changes: PlannedChange[]
  refusals: Problem[]
}

export const secretName = (prefix: string, target: string): string => `${prefix}/${target}`

const day = (d: Date) => d.toISOString().slice(0, 10)

type Refusal = Omit<Problem, 'target'>

/** Why a value that exists could not be read, as the run reports it. */
function unreadable(name: string, errorCode: string | undefined): Refusal {
  switch (errorCode) {
    case 'AccessDeniedException':
      return {
        kind: 'access-denied',
        action: 'secretsmanager:GetSecretValue',
        message: `AWS denied secretsmanager:GetSecretValue on ${name}.`
      }
    case 'DecryptionFailure':
      return {
        kind: 'access-denied',
        action: 'kms:Decrypt',
        message: `${name} could not be decrypted: the role needs kms:Decrypt on the KMS key that encrypts it.`
      }
    case 'ResourceNotFoundException':
      return {
        message:
          `${name} exists but has no current value (no version labelled AWSCURRENT), so it was not ` +
          `written. Give it a value in the console, or delete it, then rerun.`
      }
    default:
      return {
        message: `${name}: its current value could not be read (${errorCode ?? 'no answer'}); nothing was written. Rerun.`
      }
  }
}

/**
 * A secret this tool wrote for another environment: the credentials are most likely the other
 * account's (a laptop on the prod profile running a dev deploy, a role ARN pasted in the wrong
 * GitHub environment). Writing would put one environment's values in the other's account.
 */
export function otherEnvironment(
  name: string,
  metadata: SecretMetadata,
  environment: string | undefined
): string | undefined {
  const tagged = metadata.tags.environment
  if (!environment || metadata.tags['managed-by'] !== MANAGED_BY || !tagged) return undefined
  if (tagged === environment) return undefined
  return (
    `${name} was written for environment "${tagged}" (its environment tag), but this run is for ` +
    `"${environment}": these AWS credentials are probably the ${tagged} account's. Nothing was ` +
    `written. Check the role or AWS profile used for ${environment}; if the tag is what is wrong, ` +
    `fix it: aws secretsmanager tag-resource --secret-id ${name} --tags Key=environment,Value=${environment}`
  )
}

function refusalFor(
  name: string,
  state: CurrentState,
  environment: string | undefined
): Refusal | undefined {
  if (!state.exists) return undefined
  const { metadata, value } = state
  const elsewhere = otherEnvironment(name, metadata, environment)
  if (elsewhere) return { message: elsewhere }
  if (metadata.deletedDate) {
    return {
      message:
        `${name} is scheduled for deletion (since ${day(metadata.deletedDate)}), so it cannot be written. ` +
        `If it should stay, restore it first: aws secretsmanager restore-secret --secret-id ${name} ` +
        `(or Secrets Manager console → the secret → Cancel deletion), then rerun.`
    }
  }
  if (metadata.rotationEnabled) {
    return {
      message:
        `${name} has automatic rotation turned on` +
        (metadata.rotationLambdaArn ? ` (${metadata.rotationLambdaArn})` : '') +
        `. A rotation function and this sync would keep overwriting each other, so it is left alone. ` +
        `Either turn rotation off (aws secretsmanager cancel-rotate-secret --secret-id ${name}) and let ` +
        `GitHub be the source, or remove it from the catalogue.`
    }
  }
  if (!value || !value.ok) return unreadable(name, value?.errorCode)
  return undefined
}

/** A document's fields, when it is a JSON object; undefined for anything else. */
export function parseObject(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined
  try {
    const parsed: unknown = JSON.parse(text)
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
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
      ...(state.metadata.tags['managed-by'] !== MANAGED_BY ? { adopt: true } : {})
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
