/**
 * A failed store call, said in terms a user can act on: the error every adapter (Secrets Manager,
 * Lambda) throws, classified by kind so that each front can add its hint. Never carries a value.
 */
import type { ProblemCode } from '../codes.js'

export type StoreErrorKind =
  | 'access-denied'
  | 'credentials'
  | 'not-found'
  | 'already-exists'
  | 'throttling'
  | 'network'
  | 'invalid'
  | 'kms'
  /** Lambda: the function changed since it was read (RevisionId), or an update was in progress. */
  | 'conflict'
  | 'other'

/** A failed store call, said in terms a user can act on. Never carries a secret value. */
export class StoreError extends Error {
  constructor(
    readonly kind: StoreErrorKind,
    /** The IAM action, e.g. "secretsmanager:PutSecretValue". */
    readonly action: string,
    /** The secret concerned, when there is one. */
    readonly secretId: string | undefined,
    /** The AWS error code, e.g. "AccessDeniedException". */
    readonly code: string,
    message: string,
    /** Its problem's code (../codes.ts), when its kind alone does not say it. */
    readonly problemCode?: ProblemCode
  ) {
    super(message)
    this.name = 'StoreError'
  }
}

/** Several store calls failed: each is reported, not just the first. */
export class StoreFailures extends Error {
  constructor(readonly failures: StoreError[]) {
    super(failures.map((f) => f.message).join('\n'))
    this.name = 'StoreFailures'
  }
}

/** Awaits every promise; throws StoreFailures with every StoreError when any failed. */
export async function settleAll<T>(promises: Promise<T>[]): Promise<T[]> {
  const settled = await Promise.allSettled(promises)
  const failures: StoreError[] = []
  const values: T[] = []
  for (const r of settled) {
    if (r.status === 'fulfilled') {
      values.push(r.value)
      continue
    }
    const errors = storeErrorsOf(r.reason)
    if (!errors) throw r.reason
    failures.push(...errors)
  }
  if (failures.length) throw new StoreFailures(failures)
  return values
}

/** The store errors a failure carries (one, or several at once); undefined for anything else. */
export function storeErrorsOf(error: unknown): StoreError[] | undefined {
  if (error instanceof StoreFailures) return error.failures
  if (error instanceof StoreError) return [error]
  return undefined
}
