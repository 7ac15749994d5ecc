/**
 * Every sentence the staleness check can say: fixed, completed only with a GitHub secret's name
 * (the catalogue's, in front), an environment's name, a workflow's name, dates and day counts.
 * Never a value, never GitHub's text, never the token. docs/troubleshooting.md has a heading for
 * each (see ./help.ts).
 */
import { looksLikeSecret, NOT_SHOWN } from '../model/quote.js'
import type { ListingFailure } from './port.js'

/** "2026-03-01 10:00:05 UTC": to the second, as an edit and a write may fall in one minute. */
export const formatInstant = (d: Date): string =>
  `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`

/** Why the check of GitHub edits did not run: no token, or the listing's failure. */
export type SkipReason = ListingFailure | 'no-token' | 'no-repository'

const PERMISSION =
  'a fine-grained token or a GitHub App with "Secrets: read" on this repository; the job\'s own token cannot'

const WHY: Record<SkipReason, string> = {
  'no-token': `no token that may read secrets' metadata was given (${PERMISSION})`,
  'no-repository':
    'no repository was named: give --repository owner/name (or set GITHUB_REPOSITORY)',
  'bad-token': 'GitHub does not know the token (401): it is mistyped, expired or revoked',
  'no-permission': `the token may not read secrets (403): give it "Secrets: read" (${PERMISSION})`,
  'not-found':
    'GitHub answered 404: the repository is not there, or the token may not see it (give the token access to this repository)',
  'insecure-url':
    'GITHUB_API_URL is not https (nor http to a loopback address), so the token was not sent',
  'rate-limited': 'GitHub answered "rate limit exceeded" on every try',
  'server-error': 'GitHub answered with a server error (5xx) on every try',
  timeout: 'GitHub did not answer within the time limit',
  network: 'the connection to GitHub failed or was dropped',
  'unexpected-answer': 'GitHub gave an answer the check does not know'
}

/** One warning for the whole run; the rest of the run is unchanged. */
export const skipped = (reason: SkipReason): string =>
  `GitHub edits were not checked: ${WHY[reason]}. The rest of the check ran.`

/** After the GitHub secret's name. */
export const editedAfterWrite = (editedAt: Date, writtenAt: Date, workflow: string): string =>
  `was edited on GitHub at ${formatInstant(editedAt)}, after the value in AWS was written at ${formatInstant(writtenAt)}: run the deploy workflow "${workflow}".`

/** After the GitHub secret's name. */
export const olderThanPolicy = (
  days: number,
  writtenAt: Date,
  maxAgeDays: number,
  workflow: string
): string =>
  `is ${days} days old in AWS (written at ${formatInstant(writtenAt)}), older than its policy of ${maxAgeDays} days (maxAgeDays): rotate it at the provider, update the GitHub secret, then run the deploy workflow "${workflow}".`

/** After the GitHub secret's name (the catalogue's, as GitHub shows it). */
export const notOnGitHub = (environment: string): string =>
  `is named by the catalogue for environment ${environment}, but GitHub has no such environment or repository secret.`

/**
 * GitHub's rule for a secret name (letters, digits, "_", not starting with a digit); a name of
 * another shape, or one that reads like a key pasted in the wrong place, is not shown.
 */
export const shownName = (name: string): string =>
  /^[A-Z_][A-Z0-9_]{0,99}$/.test(name) && !looksLikeSecret(name.toLowerCase()) ? name : NOT_SHOWN

export const notInCatalogue = (name: string): string =>
  `GitHub holds a secret the catalogue does not name: ${shownName(name)}. Nothing syncs it: add it to the catalogue, or delete it on GitHub if nothing uses it.`
