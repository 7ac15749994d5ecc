/**
 * The action front: inputs → masking → engine → outputs, job summary, annotations. Masking comes
 * first: every value of the `secrets` input is registered with the runner before anything else is
 * printed, and every text printed goes through the run's writer (log.ts), which redacts it.
 */
import * as core from './runner.js'
import {
  CHECK_MODES,
  helpAnchor,
  prepareCatalogue,
  preparePin,
  prepareSources,
  runEngine,
  selectEntries,
  stoppedReport,
  type Pin,
  type Problem,
  type Report,
  type RunRequest
} from '../engine/index.js'
import { secretsMetadata } from '../github/secrets-metadata.js'
import { openStores } from '../store/index.js'
import { keepAlert } from './alert.js'
import { githubName, provenanceFromRunner, troubleshootingUrl } from './github-context.js'
import { readInputs, type ActionInputs } from './inputs.js'
import { probeSettingsOf } from './probe-inputs.js'
import { createLog, type ActionLog } from './log.js'
import { publish } from './publish.js'

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
  for (const name of ['github-token', 'github-secrets-token']) {
    const token = core.getInput(name)
    if (token) log.mask(token)
  }
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

/** The alert issue's keeper, when the inputs ask for one (alert-issue: true). */
function alertOf(log: ActionLog, inputs: ActionInputs, env: NodeJS.ProcessEnv, runUrl?: string) {
  if (!inputs.alertIssue) return undefined
  return (report: Report) =>
    keepAlert(log, report, {
      token: inputs.githubToken,
      repository: env.GITHUB_REPOSITORY,
      runUrl,
      now: new Date(),
      help: troubleshootingUrl(env)
    })
}

/** Where a stopped run says it would have acted, when it has no pin. */
const NOT_PINNED = '(no region: no pin)'

/** How the pin's messages name the action's inputs. */
const PIN_LABELS = { region: 'input region', expectedAccountId: 'input expected-account-id' }

/**
 * The environment's pin, from the environments file (input `environments`, else the default, in
 * the workspace), checked against the region and expected-account-id inputs; undefined when the
 * environment input is unusable (already a problem) or the pin is refused (its problems added).
 */
async function pinOf(
  inputs: ActionInputs,
  env: NodeJS.ProcessEnv,
  problems: Problem[]
): Promise<Pin | undefined> {
  if (!inputs.environment) return undefined
  const pinned = await preparePin(
    inputs.environments,
    env.GITHUB_WORKSPACE || process.cwd(),
    inputs.environment,
    {
      ...(inputs.region ? { explicitRegion: inputs.region } : {}),
      ...(inputs.expectedAccountId ? { expectedAccountId: inputs.expectedAccountId } : {})
    },
    PIN_LABELS
  )
  if (pinned.ok) return pinned.value
  problems.push(...pinned.problems)
  return undefined
}

/** audit and verify: GitHub edits not synced, values over their age (without a token: skipped). */
function stalenessOf(inputs: ActionInputs, env: NodeJS.ProcessEnv): Pick<RunRequest, 'staleness'> {
  if (!CHECK_MODES.includes(inputs.mode)) return {}
  const token = inputs.githubSecretsToken
  const github = token
    ? secretsMetadata({
        token,
        repository: env.GITHUB_REPOSITORY ?? '',
        apiUrl: env.GITHUB_API_URL
      })
    : undefined
  return {
    staleness: {
      ...(github ? { github } : {})
    }
  }
}

async function syncFromInputs(log: ActionLog, env: NodeJS.ProcessEnv): Promise<void> {
  const { sources, problems } = readSecretsInput(log)
  // Every problem with the inputs, the catalogue and the sources is reported in one go.
  const { inputs, problems: inputProblems } = readInputs()
  problems.push(...inputProblems)
  const probe = probeSettingsOf(inputs.probes.probe, env)
  if (probe.problem) problems.push(probe.problem)
  const loaded = await prepareCatalogue(inputs.catalogue)
  if (!loaded.ok) problems.push(loaded.problem)
  // An environment the catalogue does not know is said by the catalogue's own message.
  const known = loaded.ok && loaded.value.environments.includes(inputs.environment)
  const pin = known ? await pinOf(inputs, env, problems) : undefined
  if (loaded.ok && !pin)
    problems.push(...selectEntries(loaded.value, inputs.environment, inputs.only).problems)
  const scope = {
    mode: inputs.mode,
    environment: inputs.environment,
    prefix: inputs.prefix,
    // The run's region is the pin's, never AWS_REGION's: named on the run's first line.
    region: pin?.region ?? inputs.region ?? NOT_PINNED
  }
  const provenance = provenanceFromRunner(inputs.environment, env)
  const alert = alertOf(log, inputs, env, provenance.runUrl)
  if (!loaded.ok || !sources || !pin) {
    // Without a catalogue, readable sources or a pin there is nothing more to check.
    await publish(log, stoppedReport(scope, problems), env, alert)
    return
  }
  const stores = openStores({
    region: pin.region,
    userAgent: 'impressionnistes-secrets',
    ...inputs.store
  })
  const report = await runEngine(stores.secrets, {
    ...scope,
    pin,
    pinLabels: PIN_LABELS,
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
    ...stalenessOf(inputs, env),
    ...(inputs.pause && inputs.mode === 'sync' ? { paused: true } : {}),
    mask: log.mask,
    provenance,
    ...(probe.settings ? { probe: probe.settings } : {}),
    ...(inputs.probes.forceRollback ? { forceRollback: true } : {}),
    rotationOverlapDays: inputs.probes.rotationOverlapDays
  })
  await publish(log, report, env, alert)
}
