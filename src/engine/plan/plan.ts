/**
 * The plan: a pure function of what the sources say (desired) and what the store holds (current).
 * Per target: create, update or unchanged, with the JSON fields that differ, and the document to
 * write. We own one field per target; other fields already in the document are kept byte for
 * byte. Anything we must not touch becomes a refusal, and any refusal stops the whole run before
 * its first write.
 */
import type { RuleSpec } from '../catalogue/rules.js'
import type { CurrentState } from '../current/current.js'
import {
  copiesOf,
  documentOf,
  MAX_SECRET_BYTES,
  parseObject,
  withField
} from '../model/document.js'
import { secretName } from '../model/names.js'
import { isOurs, notOursToWrite, stackOf } from '../model/ownership.js'
import type { Problem } from '../model/problem.js'
import { TAG } from '../model/tags.js'
import type { Desired } from '../resolve/resolve.js'
import {
  adoptionRefusal,
  refusalFor,
  unconfirmedAccount,
  type PlanContext,
  type Refusal
} from './refusals.js'

export type PlanAction = 'create' | 'update' | 'unchanged'

export interface PlannedChange {
  name: string
  target: string
  field: string
  sourceKey: string
  description?: string
  /** The entry's rule: a re-plan (after a create race) checks an adoption against it. */
  rule: RuleSpec
  action: PlanAction
  changedFields: string[]
  /** The full SecretString to write (create and update only). */
  document?: string
  currentVersionId?: string
  /** When the current value was written: its version's creation (else the secret's LastChangedDate). */
  lastChangedDate?: Date
  /**
   * It exists without our managed-by tag (made by hand, or by the CDK stack this tool replaces)
   * and may be adopted (account confirmed, value passing the rule): a sync tags it as ours, so
   * that list and the other-environment check know it.
   */
  adopt?: boolean
  /** The version our written-version tag records (TAG.writtenVersion), if any. */
  recordedVersionId?: string
}

export interface Plan {
  changes: PlannedChange[]
  refusals: Problem[]
  /** Things to know that stop nothing (a secret a CloudFormation stack still holds). */
  warnings: Problem[]
  /** What the plan was made with: a re-plan of one target uses the same. */
  context: PlanContext
}

/** Where the docs say how to retire the CDK stack without losing its secrets. */
const RETIRE_STACK = 'docs/migrate-from-cdk.md#4-retire-the-cdk-stack-keeping-its-secrets'

function stackWarning(name: string, stack: string): string {
  return (
    `${name} was made by the CloudFormation stack "${stack}" (its aws:cloudformation tags). ` +
    `Once this tool writes it, a later deploy of that stack writes the stack's old value back ` +
    `over it. Retire the stack, keeping its secrets: ${RETIRE_STACK}`
  )
}

/** A document holding our field more than once: nothing compares or writes it. */
const twice = (name: string, field: string): Refusal => ({
  code: 'field-twice',
  message:
    `${name} holds the field "${field}" more than once (JSON readers disagree on which copy is ` +
    `its value), so it was neither compared nor written. Keep one "${field}" by hand (delete ` +
    `the stale copy in the console), then rerun.`
})

type Existing = Extract<CurrentState, { exists: true }>
type Base = Omit<PlannedChange, 'action' | 'changedFields'>

/**
 * An existing secret: unchanged, an update (our field set, every other byte kept), or a refusal
 * (whose it is, its state, an adoption this run may not make, a document that would break).
 */
function planExisting(
  want: Desired,
  base: Base,
  state: Existing,
  context: PlanContext
): PlannedChange | Refusal {
  const { name } = base
  const { environment } = context
  const { metadata } = state
  const adopt = !isOurs(metadata.tags)
  const refusal = refusalFor(name, state, environment)
  if (refusal) return refusal
  const value = state.value as Existing['value'] & { ok: true }
  const known = {
    currentVersionId: value.versionId,
    // When the value was written (its version's creation), which no tag write moves.
    ...(value.createdDate || metadata.lastChangedDate
      ? { lastChangedDate: value.createdDate ?? metadata.lastChangedDate }
      : {}),
    ...(adopt ? { adopt: true } : {}),
    ...(metadata.tags[TAG.writtenVersion]
      ? { recordedVersionId: metadata.tags[TAG.writtenVersion] }
      : {})
  }
  const doc = parseObject(value.secretString)
  if (!doc || value.secretString === undefined) {
    return {
      code: 'not-a-json-object',
      message:
        `${name} holds a value that is not a JSON object (plain text, binary or another JSON type), ` +
        `so it was not overwritten. Replace it by hand with {"${want.field}": "…"} or delete it, then rerun.`
    }
  }
  // Before any comparison: the copy JSON.parse keeps may match while readers use the other.
  if (copiesOf(value.secretString, want.field) > 1) return twice(name, want.field)
  if (adopt && !context.accountConfirmed) return unconfirmedAccount(name, environment)
  const unfit = adopt ? adoptionRefusal(name, want, doc[want.field], environment) : undefined
  if (unfit) return unfit
  // Compared as parsed: the same value written with other escapes is the same value.
  if (doc[want.field] === want.value)
    return { ...base, ...known, action: 'unchanged', changedFields: [] }
  const document = withField(value.secretString, want.field, want.value)
  if (document === undefined) return twice(name, want.field)
  const bytes = Buffer.byteLength(document, 'utf8')
  if (bytes > MAX_SECRET_BYTES) {
    return {
      code: 'too-large-with-other-fields',
      message: `${name}: with its other fields kept, the new document would take ${bytes} bytes, over Secrets Manager's ${MAX_SECRET_BYTES}.`
    }
  }
  return { ...base, ...known, action: 'update', changedFields: [want.field], document }
}

export function plan(
  desired: readonly Desired[],
  current: ReadonlyMap<string, CurrentState>,
  prefix: string,
  context: PlanContext
): Plan {
  const changes: PlannedChange[] = []
  const refusals: Problem[] = []
  const warnings: Problem[] = []
  for (const want of desired) {
    const name = secretName(prefix, want.target)
    const state = current.get(name) ?? { exists: false }
    const base: Base = {
      name,
      target: want.target,
      field: want.field,
      sourceKey: want.sourceKey,
      ...(want.description ? { description: want.description } : {}),
      rule: want.rule
    }
    if (!state.exists) {
      const document = documentOf(want.field, want.value)
      changes.push({ ...base, action: 'create', changedFields: [want.field], document })
      continue
    }
    const { metadata } = state
    const stack = stackOf(metadata.tags)
    const adopt = !isOurs(metadata.tags)
    if (adopt && stack !== undefined && !notOursToWrite(name, metadata, context.environment))
      warnings.push({
        target: want.target,
        code: 'cdk-stack-tags',
        message: stackWarning(name, stack)
      })
    const planned = planExisting(want, base, state, context)
    if ('changedFields' in planned) changes.push(planned)
    else refusals.push({ target: want.target, ...planned })
  }
  return { changes, refusals, warnings, context }
}
