/**
 * The engine's port to GitHub's secrets metadata: each secret's name and when it was last
 * edited, never a value (the API has none to give). The adapter in src/github/ implements it;
 * the engine never imports it. A listing that fails says why with a code from a fixed set: never
 * GitHub's text, never the token.
 */

/** One GitHub secret as the API lists it: `name` and `updated_at`. */
export interface GitHubSecretMeta {
  /** As GitHub gives it (upper case). */
  name: string
  updatedAt: Date
}

/** Why a listing could not be read. */
export type ListingFailure =
  /** 401: GitHub does not know the token (mistyped, expired, revoked). */
  | 'bad-token'
  /** 403: the token may not read secrets ("Secrets: read" is missing; the job's token never may). */
  | 'no-permission'
  /** 404: no such repository or environment, or the token may not see it. */
  | 'not-found'
  /** GITHUB_API_URL is not https (nor http to a loopback address): no token is sent there. */
  | 'insecure-url'
  | 'rate-limited'
  | 'server-error'
  | 'timeout'
  | 'network'
  | 'unexpected-answer'

export type SecretsListing =
  { status: 'listed'; secrets: GitHubSecretMeta[] } | { status: 'failed'; reason: ListingFailure }

/** What the engine may ask GitHub about one repository. Each call resolves; none throws. */
export interface GitHubSecretsPort {
  /** Every repository secret (Actions), all pages. */
  repositorySecrets(): Promise<SecretsListing>
  /** Every secret of one environment of the repository, all pages. */
  environmentSecrets(environment: string): Promise<SecretsListing>
}

/**
 * What the store gives for the staleness check without reading a value: the version that is
 * AWSCURRENT and when it was created (ListSecretVersionIds), a method of the secret store's port.
 */
export type { CurrentVersion } from '../model/ports/secret-store.js'
