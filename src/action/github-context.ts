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
 * The troubleshooting page of the action's own repository at the commit that runs: the one
 * sync.yml names (IMPRESSIONNISTES_SECRETS_SOURCE, OWNER/REPO@SHA: the action then runs as a
 * local path, and the job's repository is the caller's), else the action's repository and ref,
 * else (uses: ./) the job's repository and commit.
 */
export function troubleshootingUrl(env: NodeJS.ProcessEnv): string {
  const server = env.GITHUB_SERVER_URL || 'https://github.com'
  const source = /^([\w.-]+\/[\w.-]+)@([0-9a-f]{40})$/.exec(
    env.IMPRESSIONNISTES_SECRETS_SOURCE ?? ''
  )
  const repository = source?.[1] ?? (env.GITHUB_ACTION_REPOSITORY || env.GITHUB_REPOSITORY)
  const ref = source?.[2] ?? (env.GITHUB_ACTION_REF || env.GITHUB_SHA || 'main')
  return repository ? `${server}/${repository}/blob/${ref}/${TROUBLESHOOTING}` : TROUBLESHOOTING
}
