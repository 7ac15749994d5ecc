/**
 * Alerts that are not lost: with `alert-issue: true`, a failing check (audit or verify) keeps one
 * open GitHub issue per check and environment, found by its label and the marker in its body,
 * created the first time and its body replaced on every later run (names and reasons, never a
 * value); the first clean run of the same check closes it; a run that fails for any reason never
 * does. GitHub's API is reached with @actions/github and the job's token
 * (GITHUB_API_URL, as the runner sets it). Anything that goes wrong here is a warning: the check's
 * own result never changes.
 *
 * @actions/github is loaded here, when an alert is kept, not when the action starts: most runs
 * keep none, and the bundler puts what `import()` loads in a chunk file of its own
 * (docs/benchmarks.md "Start-up").
 */
import { alertIssue, alertMarker, resolvedIssue, type Mode, type Report } from '../engine/index.js'
import type { ActionLog } from './log.js'

/** The label every alert issue carries; the body's marker tells the checks and environments apart. */
const ALERT_LABEL = 'impressionnistes-secrets'

/** Seconds one GitHub API call may take. */
const CALL_TIMEOUT_MS = 15_000

interface AlertContext {
  token: string
  /** owner/repo (GITHUB_REPOSITORY). */
  repository: string | undefined
  runUrl: string | undefined
  now: Date
  /** The troubleshooting page at the version that runs: each problem links to its heading. */
  help?: string
}

/** Why a GitHub API call failed, in words a user can act on (no token, no body). */
function whyFailed(error: unknown): string {
  // Octokit's RequestError carries the answer's status, and the answer; a connection that failed
  // has a status (500) but no answer.
  const { status, response } = (error ?? {}) as { status?: unknown; response?: unknown }
  if (response === undefined) {
    const name = error instanceof Error ? error.name : 'Error'
    return `GitHub's API could not be reached (${name}).`
  }
  if (status === 401) return 'GitHub refused the token (401): check the github-token input.'
  if (status === 403 || status === 404)
    return (
      `GitHub answered ${status}: the token may not write issues in this repository. Give the job ` +
      '`permissions: issues: write` (with the default github-token), or a token that may.'
    )
  if (status === 410) return 'GitHub answered 410: issues are turned off in this repository.'
  return `GitHub answered ${String(status)}.`
}

/**
 * Whether an open issue is the alert issue of this check of this environment: its marker, or an
 * issue opened before the marker named the check (environment alone), whose title names it.
 */
function ownIssue(issue: { title: string; body?: string | null }, environment: string, mode: Mode) {
  const body = issue.body ?? ''
  if (body.includes(alertMarker(environment, mode))) return true
  return (
    body.includes(`<!-- impressionnistes-secrets alert: environment=${environment} -->`) &&
    issue.title === `impressionnistes-secrets: the ${mode} of ${environment} is failing`
  )
}

/**
 * Opens, updates or closes the alert issue of `report`'s environment. The report is the
 * redacted one the run printed; every text sent is passed through the run's redactor once more.
 */
export async function keepAlert(log: ActionLog, report: Report, ctx: AlertContext): Promise<void> {
  const [owner, repo] = (ctx.repository ?? '').split('/')
  if (!owner || !repo) {
    log.warning(
      'alert-issue: GITHUB_REPOSITORY is not set, so no issue was opened or closed.',
      'Alert issue'
    )
    return
  }
  if (!ctx.token) {
    log.warning(
      'alert-issue: the github-token input is empty, so no issue was opened or closed.',
      'Alert issue'
    )
    return
  }
  const request = () => ({ signal: AbortSignal.timeout(CALL_TIMEOUT_MS) })
  try {
    const { getOctokit } = await import('@actions/github')
    const octokit = getOctokit(ctx.token)
    const { data: open } = await octokit.rest.issues.listForRepo({
      owner,
      repo,
      state: 'open',
      labels: ALERT_LABEL,
      per_page: 100,
      request: request()
    })
    const issue = open.find((i) => !i.pull_request && ownIssue(i, report.environment, report.mode))
    if (report.ok) {
      if (!issue) return
      await octokit.rest.issues.update({
        owner,
        repo,
        issue_number: issue.number,
        state: 'closed',
        state_reason: 'completed',
        body: log.redact(resolvedIssue(report, ctx.runUrl, ctx.now)),
        request: request()
      })
      log.info(`Closed alert issue #${issue.number}: this run is clean.`)
      return
    }
    const text = alertIssue(report, ctx.runUrl, ctx.now, ctx.help)
    const title = log.redact(text.title)
    const body = log.redact(text.body)
    if (issue) {
      await octokit.rest.issues.update({
        owner,
        repo,
        issue_number: issue.number,
        title,
        body,
        request: request()
      })
      log.info(`Updated alert issue #${issue.number}.`)
    } else {
      const { data: created } = await octokit.rest.issues.create({
        owner,
        repo,
        title,
        body,
        labels: [ALERT_LABEL],
        request: request()
      })
      log.info(`Opened alert issue #${created.number}.`)
    }
  } catch (error) {
    log.warning(
      `alert-issue: the alert issue of ${report.environment} could not be ${report.ok ? 'closed' : 'opened or updated'}. ${whyFailed(error)} The ${report.mode} result above stands.`,
      'Alert issue'
    )
  }
}
