/**
 * The consumer refresh's vocabulary: which Lambda functions read which secret, and what became
 * of each after a run that changed the secret. Names and reasons only: never a value.
 */

/** Target (relative to the prefix) → the Lambda functions (names) that read it. */
export type Consumers = ReadonlyMap<string, readonly string[]>

/**
 * The environment variable the refresh sets on each consumer, to the version id(s) now current:
 * a configuration change, after which Lambda starts new invocations in fresh environments.
 */
export const REFRESH_VARIABLE = 'IMPRESSIONNISTES_SECRETS_VERSION'

/**
 * refreshed: the update finished (LastUpdateStatus Successful); failed: it could not be made or
 * did not finish (reason says why); skipped: the secret did not change, so nothing was done.
 */
export type RefreshResult = 'refreshed' | 'failed' | 'skipped'

/** One function and one secret it reads. */
export interface RefreshRow {
  function: string
  target: string
  result: RefreshResult
  reason?: string
}
