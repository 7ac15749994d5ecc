/**
 * The action front: inputs → masking → engine → outputs, job summary, annotations. Masking comes
 * first: every value of the `secrets` input is registered with the runner before anything else is
 * printed, and every line we print also passes through a redactor.
 */
import * as core from '@actions/core'
import { randomUUID } from 'node:crypto'
import { CatalogueError, loadCatalogue } from '../engine/catalogue/catalogue.js'
import {
  parseSources,
  problemText,
  sourceStrings,
  SourcesError,
  type Problem
} from '../engine/resolve/resolve.js'
import { outputsOf, summaryMarkdown, textLines, type Report } from '../engine/report/report.js'
import { Redactor, secretForms } from '../engine/report/redact.js'
import { run as runEngine } from '../engine/run.js'
import { AwsStore } from '../store/aws.js'
import { readInputs } from './inputs.js'

const redactor = new Redactor()
const masked = new Set<string>()

/** Registers a value with the runner's masking and with our redactor. */
function mask(value: string): void {
  redactor.add(value)
  for (const form of secretForms(value)) {
    if (masked.has(form)) continue
    masked.add(form)
    core.setSecret(form)
  }
}

const say = {
  info: (text: string) => core.info(redactor.redact(text)),
  debug: (text: string) => core.debug(redactor.redact(text)),
  warning: (text: string, title?: string) =>
    core.warning(redactor.redact(text), title ? { title } : {}),
  error: (text: string, title?: string) => core.error(redactor.redact(text), title ? { title } : {})
}

/** GitHub upper-cases secret names: show them as the user sees them in the settings page. */
const githubName = (key: string) => key.toUpperCase()

/** What to do about a failure, for the failures whose cause lies in the workflow. */
export function hintFor(problem: Problem, env: NodeJS.ProcessEnv): string | undefined {
  if (problem.kind === 'credentials') {
    if (env.GITHUB_ACTIONS === 'true' && !env.ACTIONS_ID_TOKEN_REQUEST_URL) {
      return (
        'This job cannot request a GitHub OIDC token: add `permissions: id-token: write` (and ' +
        '`contents: read`) to the job, and run aws-actions/configure-aws-credentials with ' +
        '`role-to-assume` before this step.'
      )
    }
    return 'Run aws-actions/configure-aws-credentials with `role-to-assume` before this step (no long-lived keys needed).'
  }
  if (problem.kind === 'access-denied') {
    return 'Update the deploy role\'s permission policy (see the README, "Set up AWS and GitHub").'
  }
  return undefined
}

const TITLES: Record<string, string> = {
  'access-denied': 'AWS access denied',
  credentials: 'No usable AWS credentials',
  throttling: 'AWS throttling',
  network: 'AWS unreachable'
}

function titleOf(problem: Problem): string {
  if (problem.kind) return TITLES[problem.kind] ?? 'AWS error'
  if (problem.source) return `Fix GitHub secret ${problem.source}`
  return 'impressionnistes-secrets'
}

async function publish(report: Report, env: NodeJS.ProcessEnv): Promise<void> {
  for (const line of textLines(report)) say.info(line)
  say.debug(`${report.mode} stopped at stage "${report.stage}"; ok=${report.ok}`)
  for (const w of report.warnings)
    say.warning(problemText(w), w.source ? `GitHub secret ${w.source}` : undefined)
  const problems = report.problems.map((p) => {
    const hint = hintFor(p, env)
    return hint ? { ...p, message: `${p.message} ${hint}` } : p
  })
  for (const p of problems) say.error(problemText(p), titleOf(p))
  const outputs = outputsOf(report)
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, redactor.redact(value))
  if (!env.GITHUB_STEP_SUMMARY) {
    say.debug('GITHUB_STEP_SUMMARY is not set: no job summary written.')
    return
  }
  await core.summary.addRaw(redactor.redact(summaryMarkdown({ ...report, problems })), true).write()
}

/** Runs the action; never throws: an unexpected failure is reported, redacted, as a failed step. */
export async function runAction(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  try {
    await syncFromInputs(env)
  } catch (error) {
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
    core.setFailed(
      redactor.redact(`Unexpected failure (${text}). Rerun with debug logging for details.`)
    )
    if (error instanceof Error && error.stack) say.debug(error.stack)
  }
}

async function syncFromInputs(env: NodeJS.ProcessEnv): Promise<void> {
  // Masking first, before any other output.
  const raw = core.getInput('secrets', { required: false })
  let sources: Record<string, unknown>
  try {
    sources = parseSources(raw)
  } catch (error) {
    if (raw) mask(raw)
    if (error instanceof SourcesError) {
      say.error(`${error.message} Pass \`secrets: \${{ toJSON(secrets) }}\`.`, 'Input "secrets"')
      core.setFailed('Nothing was read or written: the `secrets` input is unusable.')
      return
    }
    throw error
  }
  mask(raw)
  for (const value of sourceStrings(sources)) mask(value)

  const { inputs, problems } = readInputs(env)
  if (problems.length) {
    for (const p of problems) say.error(p, 'Action inputs')
    core.setFailed(`Nothing was read or written: ${problems.length} input problem(s).`)
    return
  }
  let catalogue
  try {
    catalogue = await loadCatalogue(inputs.catalogue)
  } catch (error) {
    if (error instanceof CatalogueError) {
      say.error(error.message, 'Catalogue')
      core.setFailed('Nothing was read or written: the catalogue is not valid.')
      return
    }
    throw error
  }

  const runId = env.GITHUB_RUN_ID || randomUUID()
  const repository = env.GITHUB_REPOSITORY
  const server = env.GITHUB_SERVER_URL || 'https://github.com'
  const store = new AwsStore({ region: inputs.region, userAgent: 'impressionnistes-secrets' })

  const report = await runEngine(store, {
    mode: inputs.mode,
    catalogue,
    prefix: inputs.prefix,
    region: inputs.region,
    only: inputs.only,
    sources,
    display: githubName,
    ...(inputs.expectedAccountId ? { expectedAccountId: inputs.expectedAccountId } : {}),
    ...(inputs.kmsKeyId ? { kmsKeyId: inputs.kmsKeyId } : {}),
    extraTags: inputs.tags,
    mask,
    provenance: {
      environment: inputs.environment,
      runId,
      attempt: env.GITHUB_RUN_ATTEMPT || '1',
      ...(repository
        ? { repository, runUrl: `${server}/${repository}/actions/runs/${runId}` }
        : {}),
      ...(env.GITHUB_SHA ? { commit: env.GITHUB_SHA } : {})
    }
  })
  await publish(report, env)
  if (!report.ok) {
    const why =
      report.mode === 'verify' && report.stage === 'done'
        ? `Drift: ${report.drift.join(', ')} differ(s) from the GitHub secrets.`
        : report.stage === 'apply'
          ? `${report.problems.length} write(s) failed; the others are reported above. Rerun to converge.`
          : `Stopped before any write: ${report.problems.length} problem(s), listed above.`
    core.setFailed(redactor.redact(why))
  }
}

/** The name @github/local-action calls (`npm run local-action`). */
export const run = runAction
