/** What went wrong, in words a user can act on: one shape for every stage and both fronts. */
import type { ProblemCode } from './codes.js'
import { storeErrorsOf, type StoreError, type StoreErrorKind } from './ports/store-error.js'

export type { ProblemCode } from './codes.js'

/**
 * Store failures keep their kind (fronts add hints by it); `drift` is verify's finding, `audit`
 * audit's; `unconfirmed-account`: a secret made outside this tool, in an account no one confirmed
 * (each front says how to confirm it); `usage`: a command called the wrong way (the CLI's exit 2).
 */
export type ProblemKind = StoreErrorKind | 'drift' | 'audit' | 'unconfirmed-account' | 'usage'

export interface Problem {
  /** The source (GitHub secret, secrets.json key) to fix, named as the user knows it. */
  source?: string
  target?: string
  message: string
  /** What it is, for the tables keyed by code (help link, title, hints): ./codes.ts. */
  code: ProblemCode
  kind?: ProblemKind
  /** For store failures: the IAM action that failed, e.g. "secretsmanager:PutSecretValue". */
  action?: string
}

/** The sentence a user reads: the source's name, then what is wrong with it. */
export const problemText = (p: Problem): string =>
  p.source ? `${p.source} ${p.message}` : p.message

/** The code of a failed store call: by its kind, and whether it was Lambda's. */
export function storeCode({
  kind,
  action,
  problemCode
}: Pick<StoreError, 'kind' | 'action' | 'problemCode'>): ProblemCode {
  if (problemCode) return problemCode
  const lambda = action.startsWith('lambda:')
  switch (kind) {
    case 'access-denied':
      return 'aws-denied'
    case 'credentials':
      return 'no-credentials'
    case 'throttling':
      return 'throttling'
    case 'network':
      return 'no-answer'
    case 'kms':
      return 'kms'
    case 'not-found':
      return lambda ? 'function-not-found' : 'secret-gone'
    case 'already-exists':
      return 'race'
    case 'conflict':
      return 'function-conflict'
    default:
      return 'aws-error'
  }
}

export const storeProblem = (error: StoreError): Problem => ({
  message: error.message,
  code: storeCode(error),
  kind: error.kind,
  action: error.action,
  ...(error.secretId ? { target: error.secretId } : {})
})

/**
 * The problems a failed store call (or several) means, one per distinct message (five calls
 * without credentials fail alike); undefined when `error` is not a store failure.
 */
export function storeProblems(error: unknown): Problem[] | undefined {
  const errors = storeErrorsOf(error)
  if (!errors) return undefined
  return [...new Map(errors.map((e) => [e.message, storeProblem(e)])).values()]
}
