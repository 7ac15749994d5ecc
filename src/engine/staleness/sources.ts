/**
 * The GitHub secrets a workflow of one environment sees, read through the port: the
 * environment's own secrets and the repository's, side by side. One failure skips the whole
 * check with one reason, whichever call failed first: never a warning per call.
 */
import type { SkipReason } from './messages.js'
import type { GitHubSecretMeta, GitHubSecretsPort } from './port.js'

export interface SourceSecrets {
  /** The environment's secrets; empty when GitHub has no such environment. */
  environment: GitHubSecretMeta[]
  repository: GitHubSecretMeta[]
}

export type SourceReading =
  { status: 'read'; secrets: SourceSecrets } | { status: 'skipped'; reason: SkipReason }

/**
 * Both listings, or why the check is skipped. An environment GitHub does not know (404 while the
 * repository's own listing worked) has no secrets: the workflow sees only the repository's.
 */
export async function readSourceSecrets(
  port: GitHubSecretsPort | undefined,
  environment: string
): Promise<SourceReading> {
  if (!port) return { status: 'skipped', reason: 'no-token' }
  const [repository, own] = await Promise.all([
    port.repositorySecrets(),
    port.environmentSecrets(environment)
  ])
  if (repository.status === 'failed') return { status: 'skipped', reason: repository.reason }
  if (own.status === 'failed' && own.reason !== 'not-found')
    return { status: 'skipped', reason: own.reason }
  return {
    status: 'read',
    secrets: {
      environment: own.status === 'listed' ? own.secrets : [],
      repository: repository.secrets
    }
  }
}
