/** What the runner tells about this run (GITHUB_* variables), as the provenance of its writes. */
import { randomUUID } from 'node:crypto'
import { TROUBLESHOOTING, type Provenance } from '../engine/index.js'

export function provenanceFromRunner(environment: string, env: NodeJS.ProcessEnv): Provenance {
  const runId = env.GITHUB_RUN_ID || randomUUID()
  const repository = env.GITHUB_REPOSITORY
  const server = env.GITHUB_SERVER_URL || 'https://github.com'
  return {
    environment,
    runId,
    attempt: env.GITHUB_RUN_ATTEMPT || '1',
    ...(repository ? { repository, runUrl: `${server}/${repository}/actions/runs/${runId}` } : {}),
    ...(env.GITHUB_SHA ? { commit: env.GITHUB_SHA } : {}),
    ...(env.GITHUB_ACTOR ? { writtenBy: `github:${env.GITHUB_ACTOR}` } : {})
  }
}

/** GitHub upper-cases secret names: show them as the user sees them in the settings page. */
export const githubName = (key: string): string => key.toUpperCase()

/**
 * The troubleshooting page of the action's own repository at the ref that runs (the job's
 * repository and commit for `uses: ./`), for the links in error annotations.
 */
export function troubleshootingUrl(env: NodeJS.ProcessEnv): string {
  const server = env.GITHUB_SERVER_URL || 'https://github.com'
  const repository = env.GITHUB_ACTION_REPOSITORY || env.GITHUB_REPOSITORY
  const ref = env.GITHUB_ACTION_REF || env.GITHUB_SHA || 'main'
  return repository ? `${server}/${repository}/blob/${ref}/${TROUBLESHOOTING}` : TROUBLESHOOTING
}
