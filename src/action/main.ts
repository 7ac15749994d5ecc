/**
 * The action front: inputs → masking → engine → outputs, job summary, annotations. Masking comes
 * first: every value of the `secrets` input is registered with the runner before anything else is
 * printed, and every text printed goes through the run's writer (log.ts), which redacts it.
 */
import * as core from './runner.js'
import {
  CHECK_MODES,
  failureLine,
  helpAnchor,
  outputsOf,
  prepareCatalogue,
  prepareSources,
  problemText,
  redactReport,
  runEngine,
  stoppedReport,
  summaryMarkdown,
  textLines,
  titleOf,
  withHint,
  type Problem,
  type Report
} from '../engine/index.js'
import { openStores } from '../store/index.js'
import { keepAlert } from './alert.js'
import { githubName, provenanceFromRunner, troubleshootingUrl } from './github-context.js'
import { readInputs, type ActionInputs } from './inputs.js'
import { createLog, type ActionLog } from './log.js'

/**
 * Step log, annotations, outputs and job summary: every channel, from one report; `alert` (the
 * alert issue) gets the redacted report before the step is marked failed.
 */
async function publish(
  log: ActionLog,
  raw: Report,
  env: NodeJS.ProcessEnv,
  alert?: (report: Report) => Promise<void>
): Promise<void> {
  const where = {
    front: 'action',
    env,
    region: raw.region,
    prefix: raw.prefix,
    ...(raw.account ? { account: raw.account } : {})
  } as const
  const withHints: Report = { ...raw, problems: raw.problems.map((p) => withHint(p, where)) }
  // Redact the free texts before anything escapes them (a value with "|" would escape the match).
  const report = redactReport(withHints, log.redact)
  for (const line of textLines(report)) log.info(line)
  log.debug(`${report.mode} stopped at stage "${report.stage}"; ok=${report.ok}`)
  const help = troubleshootingUrl(env)
  const withLink = (p: Problem) => {
    const anchor = helpAnchor(p)
    return `${problemText(p)}${anchor ? ` How to fix: ${help}#${anchor}` : ''}`
  }
  for (const w of report.warnings)
    log.warning(withLink(w), w.source ? `GitHub secret ${w.source}` : 'Warning')
  for (const p of report.problems) log.error(withLink(p), titleOf(p))
  // Outputs are built from names, actions and version ids only: no value can be in them, and
  // redacting them could corrupt their JSON.
  for (const [name, value] of Object.entries(outputsOf(report))) core.setOutput(name, value)
  if (env.GITHUB_STEP_SUMMARY) {
    await core.summary.addRaw(log.redact(summaryMarkdown(report, help)), true).write()
  } else {
    log.debug('GITHUB_STEP_SUMMARY is not set: no job summary written.')
  }
  if (alert) await alert(report)
  const failure = failureLine(report)
  if (failure) log.fail(withLink(failure))
}

/**
 * Runs the action; never throws: an unexpected failure is reported, redacted, as a failed step.
 * Named `run` as @github/local-action expects (`npm run local-action`).
 */
export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const log = createLog()
  try {
    await syncFromInputs(log, env)
  } catch (error) {
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
    log.fail(
      `Unexpected failure (${text}). Rerun with debug logging for details. How to fix: ` +
        `${troubleshootingUrl(env)}#${helpAnchor({ code: 'unexpected-failure' }) ?? ''}`
    )
    if (error instanceof Error && error.stack) log.debug(error.stack)
  }
}

/**
 * Masks first, before any other output: the token, the whole `secrets` input, then every value in
 * it. audit reads no value and needs no source; every other mode does.
 */
function readSecretsInput(log: ActionLog): {
  sources?: Record<string, unknown>
  problems: Problem[]
} {
  const token = core.getInput('github-token')
  if (token) log.mask(token)
  const secretsText = core.getInput('secrets')
  if (core.getInput('mode') === 'audit' && !secretsText) return { sources: {}, problems: [] }
  if (!secretsText)
    return {
      problems: [
        {
          code: 'secrets-input-unusable',
          message:
            'The `secrets` input is empty. Every mode but audit needs it: pass `secrets: ${{ toJSON(secrets) }}`.'
        }
      ]
    }
  const read = prepareSources(secretsText, log.mask, {
    advice: 'Pass `secrets: ${{ toJSON(secrets) }}`.'
  })
  return read.ok ? { sources: read.value, problems: [] } : { problems: [read.problem] }
}

/** The alert issue's keeper, when the inputs ask for one (a check with alert-issue: true). */
function alertOf(log: ActionLog, inputs: ActionInputs, env: NodeJS.ProcessEnv, runUrl?: string) {
  if (!inputs.alertIssue || !CHECK_MODES.includes(inputs.mode)) return undefined
  return (report: Report) =>
    keepAlert(log, report, {
      token: inputs.githubToken,
      repository: env.GITHUB_REPOSITORY,
      runUrl,
      now: new Date(),
      help: troubleshootingUrl(env)
    })
}

async function syncFromInputs(log: ActionLog, env: NodeJS.ProcessEnv): Promise<void> {
  const { sources, problems } = readSecretsInput(log)
  // Every problem with the inputs, the catalogue and the sources is reported in one go.
  const { inputs, problems: inputProblems } = readInputs(env)
  problems.push(...inputProblems)
  const scope = {
    mode: inputs.mode,
    environment: inputs.environment,
    prefix: inputs.prefix,
    region: inputs.region
  }
  const loaded = await prepareCatalogue(inputs.catalogue)
  if (!loaded.ok) problems.push(loaded.problem)
  const provenance = provenanceFromRunner(inputs.environment, env)
  const alert = alertOf(log, inputs, env, provenance.runUrl)
  if (!loaded.ok || !sources) {
    // Without a catalogue or readable sources there is nothing more to check.
    await publish(log, stoppedReport(scope, problems), env, alert)
    return
  }
  const stores = openStores({
    region: inputs.region,
    userAgent: 'impressionnistes-secrets',
    ...inputs.store
  })
  const report = await runEngine(stores.secrets, {
    ...scope,
    catalogue: loaded.value,
    only: inputs.only,
    sources,
    problems,
    display: githubName,
    ...(inputs.expectedAccountId ? { account: { expected: inputs.expectedAccountId } } : {}),
    ...(inputs.kmsKeyId ? { kmsKeyId: inputs.kmsKeyId } : {}),
    extraTags: inputs.tags,
    ...(inputs.consumers.size
      ? { refresh: { consumers: inputs.consumers, functions: stores.functions } }
      : {}),
    mask: log.mask,
    provenance
  })
  await publish(log, report, env, alert)
}
