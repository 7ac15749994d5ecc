/**
 * Alerts that are not lost: with `alert-issue: true`, a failing run (a sync, a consumer refresh,
 * a verify or an audit) keeps one open GitHub issue per environment, found by its label and the
 * marker in its body, with one section per failing mode (names and reasons, never a value); the
 * first clean run of a mode removes that mode's section only, and the issue is closed when none
 * is left; a run that fails never closes it. GitHub's API is reached with @actions/github and the job's token
 * (GITHUB_API_URL, as the runner sets it). Anything that goes wrong here is a warning: the check's
 * own result never changes.
 *
 * @actions/github is loaded here, when an alert is kept, not when the action starts: most runs
 * keep none, and the bundler puts what `import()` loads in a chunk file of its own
 * (docs/benchmarks.md "Start-up").
 */
import {
  isAlertOf,
  legacyMode,
  needsAlert,
  nextAlert,
  type AlertChange,
  type Report
} from '../engine/index.js'
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

type Octokit = ReturnType<(typeof import('@actions/github'))['getOctokit']>

interface Repo {
  owner: string
  repo: string
}

const request = () => ({ signal: AbortSignal.timeout(CALL_TIMEOUT_MS) })

/** The environment's open alert issue, if any. */
async function findIssue(octokit: Octokit, where: Repo, environment: string, mode: string) {
  const { data: open } = await octokit.rest.issues.listForRepo({
    ...where,
    state: 'open',
    labels: ALERT_LABEL,
    per_page: 100,
    request: request()
  })
  const mine = open
    .filter((i) => !i.pull_request)
    .map((i) => ({ number: i.number, title: i.title, body: i.body ?? '' }))
    .filter((i) => isAlertOf(i, environment))
  // An issue of the old kind (one per check) is kept for its own check until it closes.
  return mine.find((i) => legacyMode(i) === mode) ?? mine.find((i) => !legacyMode(i))
}

/** owner/repo and the token, or a warning that says which is missing. */
function repoOf(log: ActionLog, ctx: AlertContext): Repo | undefined {
  const [owner, repo] = (ctx.repository ?? '').split('/')
  const missing =
    !owner || !repo
      ? 'GITHUB_REPOSITORY is not set'
      : !ctx.token
        ? 'the github-token input is empty'
        : ''
  if (!missing && owner && repo) return { owner, repo }
  log.warning(`alert-issue: ${missing}, so no issue was opened or closed.`, 'Alert issue')
  return undefined
}

/** Applies the change to the open issue (or a new one); says what it did. */
async function applyChange(
  log: ActionLog,
  octokit: Octokit,
  where: Repo,
  issue: { number: number } | undefined,
  change: AlertChange
): Promise<void> {
  if (change.kind === 'none') return
  if (change.kind === 'close') {
    if (!issue) return
    await octokit.rest.issues.update({
      ...where,
      issue_number: issue.number,
      state: 'closed',
      state_reason: 'completed',
      body: log.redact(change.body),
      request: request()
    })
    log.info(`Closed alert issue #${issue.number}: nothing is failing any more.`)
    return
  }
  const text = { title: log.redact(change.title), body: log.redact(change.body) }
  if (issue) {
    await octokit.rest.issues.update({
      ...where,
      issue_number: issue.number,
      ...text,
      request: request()
    })
    log.info(`Updated alert issue #${issue.number}.`)
    return
  }
  const { data: created } = await octokit.rest.issues.create({
    ...where,
    ...text,
    labels: [ALERT_LABEL],
    request: request()
  })
  log.info(`Opened alert issue #${created.number}.`)
}

/**
 * Opens, updates or closes the alert issue of `report`'s environment: this mode's section only.
 * The report is the redacted one the run printed; every text sent is passed through the run's
 * redactor once more.
 */
export async function keepAlert(log: ActionLog, report: Report, ctx: AlertContext): Promise<void> {
  const where = repoOf(log, ctx)
  if (!where) return
  const failing = needsAlert(report)
  try {
    const { getOctokit } = await import('@actions/github')
    const octokit = getOctokit(ctx.token)
    const issue = await findIssue(octokit, where, report.environment, report.mode)
    const change = nextAlert(issue, report, ctx.runUrl, ctx.now, ctx.help)
    await applyChange(log, octokit, where, issue, change)
  } catch (error) {
    log.warning(
      `alert-issue: the alert issue of ${report.environment} could not be ${failing ? 'opened or updated' : 'updated or closed'}. ${whyFailed(error)} The ${report.mode} result above stands.`,
      'Alert issue'
    )
  }
}
