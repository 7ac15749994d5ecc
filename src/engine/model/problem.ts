/** What went wrong, in words a user can act on: one shape for every stage and both fronts. */
import { storeErrorsOf, type StoreError, type StoreErrorKind } from './ports/store-error.js'

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
  kind?: ProblemKind
  /** For store failures: the IAM action that failed, e.g. "secretsmanager:PutSecretValue". */
  action?: string
}

/** The sentence a user reads: the source's name, then what is wrong with it. */
export const problemText = (p: Problem): string =>
  p.source ? `${p.source} ${p.message}` : p.message

export const storeProblem = (error: StoreError): Problem => ({
  message: error.message,
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
