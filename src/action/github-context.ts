/** What the runner tells about this run (GITHUB_* variables), as the provenance of its writes. */
import { randomUUID } from 'node:crypto'
import { TROUBLESHOOTING, type Provenance } from '../engine/index.js'
import packageJson from '../../package.json' with { type: 'json' }

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

/** The release tag of the version that runs, e.g. v1.1.0: where a ref is not known. */
export const RELEASE_TAG = `v${packageJson.version}`

/** A part of the link taken from the runner only when plainly one (it ends up in Markdown). */
const plain = (text: string | undefined, shape: RegExp): string | undefined =>
  text && shape.test(text) ? text : undefined
const REPOSITORY = /^[\w.-]+\/[\w.-]+$/
const REF = /^[\w./-]+$/

/**
 * The troubleshooting page of the action's own repository at the version that runs: the commit
 * sync.yml names (IMPRESSIONNISTES_SECRETS_SOURCE, OWNER/REPO@SHA: the action then runs as a
 * local path, and the job's repository is the caller's), else the action's repository and ref
 * (uses: OWNER/REPO@REF), else (uses: ./) the job's repository and commit; the version's release
 * tag wherever a ref is missing, and the relative path outside GitHub.
 */
export function troubleshootingUrl(env: NodeJS.ProcessEnv): string {
  const server = plain(env.GITHUB_SERVER_URL, /^https?:\/\/[\w.:-]+$/) ?? 'https://github.com'
  const source = /^([\w.-]+\/[\w.-]+)@([0-9a-f]{40})$/.exec(
    env.IMPRESSIONNISTES_SECRETS_SOURCE ?? ''
  )
  const action = plain(env.GITHUB_ACTION_REPOSITORY, REPOSITORY)
  const [repository, ref] = source
    ? [source[1], source[2]]
    : action
      ? [action, env.GITHUB_ACTION_REF]
      : [plain(env.GITHUB_REPOSITORY, REPOSITORY), env.GITHUB_SHA]
  return repository
    ? `${server}/${repository}/blob/${plain(ref, REF) ?? RELEASE_TAG}/${TROUBLESHOOTING}`
    : TROUBLESHOOTING
}
