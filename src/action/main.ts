/**
 * The action front: inputs → masking → engine → outputs, job summary, annotations. Masking comes
 * first: every value of the `secrets` input is registered with the runner before anything else is
 * printed, and every text we print also passes through a redactor.
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
import {
  outputsOf,
  redactReport,
  stoppedReport,
  summaryMarkdown,
  textLines,
  type Report
} from '../engine/report/report.js'
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
  warning: (text: string, title: string) => core.warning(redactor.redact(text), { title }),
  error: (text: string, title: string) => core.error(redactor.redact(text), { title })
}

/** GitHub upper-cases secret names: show them as the user sees them in the settings page. */
const githubName = (key: string) => key.toUpperCase()

export interface HintContext {
  region: string
  prefix: string
  account?: string
}

/** Actions whose only resource is "*". */
const STAR_ONLY = new Set(['secretsmanager:BatchGetSecretValue', 'secretsmanager:ListSecrets'])

/** What to do about a failure whose cause lies in the workflow or the role. */
export function hintFor(
  problem: Problem,
  env: NodeJS.ProcessEnv,
  at: HintContext
): string | undefined {
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
  if (problem.kind === 'kms') {
    return (
      'Check that the KMS key (kms-key-id, or the key the secret already uses) exists and is ' +
      "enabled, and that the role's policy and the key's policy allow kms:GenerateDataKey and kms:Decrypt."
    )
  }
  if (problem.kind === 'access-denied' && problem.action) {
    const secrets = `arn:aws:secretsmanager:${at.region}:${at.account ?? '<account>'}:secret:${at.prefix}/*`
    const where = STAR_ONLY.has(problem.action)
      ? `on Resource "*" (AWS accepts nothing narrower for it), together with secretsmanager:GetSecretValue on ${secrets}`
      : problem.action.startsWith('kms:')
        ? 'on the KMS key that encrypts the secret (kms-key-id), and the key policy must let the role use it'
        : `on ${secrets}`
    return `The deploy role's policy must allow ${problem.action} ${where} (README: "AWS permissions").`
  }
  return undefined
}

const TITLES: Record<string, string> = {
  'access-denied': 'AWS access denied',
  credentials: 'No usable AWS credentials',
  throttling: 'AWS throttling',
  network: 'AWS unreachable',
  kms: 'KMS key problem',
  drift: 'Secrets Manager differs from GitHub'
}

function titleOf(problem: Problem): string {
  if (problem.kind) return TITLES[problem.kind] ?? 'AWS error'
  if (problem.source) return `Fix GitHub secret ${problem.source}`
  return 'impressionnistes-secrets'
}

function failureLine(report: Report): string {
  if (report.mode === 'verify' && report.stage === 'done') {
    return `Drift: ${report.drift.join(', ')} differ(s) from the GitHub secrets.`
  }
  if (report.stage === 'apply') {
    return `${report.problems.length} write(s) failed; the others are reported above. Rerun to converge.`
  }
  return `Stopped before any write: ${report.problems.length} problem(s), listed above.`
}

/** Step log, annotations, outputs and job summary: every channel, from one report. */
async function publish(raw: Report, env: NodeJS.ProcessEnv): Promise<void> {
  const at = {
    region: raw.region,
    prefix: raw.prefix,
    ...(raw.account ? { account: raw.account } : {})
  }
  const withHints: Report = {
    ...raw,
    problems: raw.problems.map((p) => {
      const hint = hintFor(p, env, at)
      return hint ? { ...p, message: `${p.message} ${hint}` } : p
    })
  }
  // Redact the free texts before anything escapes them (a value with "|" would escape the match).
  const report = redactReport(withHints, (t) => redactor.redact(t))
  for (const line of textLines(report)) say.info(line)
  say.debug(`${report.mode} stopped at stage "${report.stage}"; ok=${report.ok}`)
  for (const w of report.warnings)
    say.warning(problemText(w), w.source ? `GitHub secret ${w.source}` : 'Warning')
  for (const p of report.problems) say.error(problemText(p), titleOf(p))
  // Outputs are built from names, actions and version ids only: no value can be in them, and
  // redacting them could corrupt their JSON.
  for (const [name, value] of Object.entries(outputsOf(report))) core.setOutput(name, value)
  if (env.GITHUB_STEP_SUMMARY) {
    await core.summary.addRaw(redactor.redact(summaryMarkdown(report)), true).write()
  } else {
    say.debug('GITHUB_STEP_SUMMARY is not set: no job summary written.')
  }
  if (!report.ok) core.setFailed(redactor.redact(failureLine(report)))
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
  // Masking first, before any other output: the whole input, then every value in it.
  const raw = core.getInput('secrets')
  if (raw) mask(raw)
  let sources: Record<string, unknown> | undefined
  const problems: Problem[] = []
  try {
    sources = parseSources(raw)
    for (const value of sourceStrings(sources)) mask(value)
  } catch (error) {
    if (!(error instanceof SourcesError)) throw error
    problems.push({ message: `${error.message} Pass \`secrets: \${{ toJSON(secrets) }}\`.` })
  }

  // Every problem with the inputs, the catalogue and the sources is reported in one go.
  const { inputs, problems: inputProblems } = readInputs(env)
  problems.push(...inputProblems.map((message) => ({ message })))
  const scope = {
    mode: inputs.mode,
    environment: inputs.environment,
    prefix: inputs.prefix,
    region: inputs.region
  }
  let catalogue
  try {
    catalogue = await loadCatalogue(inputs.catalogue)
  } catch (error) {
    if (!(error instanceof CatalogueError)) throw error
    problems.push({ message: error.message })
  }
  if (!catalogue || !sources) {
    // Without a catalogue or readable sources there is nothing more to check.
    await publish(stoppedReport(scope, problems), env)
    return
  }

  const runId = env.GITHUB_RUN_ID || randomUUID()
  const repository = env.GITHUB_REPOSITORY
  const server = env.GITHUB_SERVER_URL || 'https://github.com'
  const report = await runEngine(
    new AwsStore({ region: inputs.region, userAgent: 'impressionnistes-secrets', ...inputs.store }),
    {
      ...scope,
      catalogue,
      only: inputs.only,
      sources,
      problems,
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
        ...(env.GITHUB_SHA ? { commit: env.GITHUB_SHA } : {}),
        ...(env.GITHUB_ACTOR ? { writtenBy: `github:${env.GITHUB_ACTOR}` } : {})
      }
    }
  )
  await publish(report, env)
}

/** The name @github/local-action calls (`npm run local-action`). */
export const run = runAction
