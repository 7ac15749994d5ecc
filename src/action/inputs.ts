/** The action's inputs, read and checked together: every problem is reported at once. */
import * as core from './runner.js'
import {
  DEFAULT_REGION,
  echo,
  ENVIRONMENT_NAME,
  MODES,
  normalPrefix,
  parseTags,
  prepareConsumers,
  QUOTABLE,
  relativeTarget,
  scopeProblems,
  type Mode,
  type Problem
} from '../engine/index.js'
import { readProbeInputs, type ProbeInputs } from './probe-inputs.js'
import { wrongInput, type Get } from './input-problem.js'
import { readAttempts, readTimeouts } from './store-inputs.js'

export interface ActionInputs {
  environment: string
  mode: Mode
  prefix: string
  /** The region input: only a confirmation, which must agree with the environment's pin. */
  region?: string
  /** The environments file input (default: .github/secrets-environments.json, in the workspace). */
  environments?: string
  only: string[]
  expectedAccountId?: string
  kmsKeyId?: string
  tags: Record<string, string>
  catalogue?: string
  /** Target → the Lambda functions that read it, refreshed after a sync or rollback changed it. */
  consumers: Map<string, string[]>
  /** Keep one GitHub issue per environment open while a check (audit, verify) fails. */
  alertIssue: boolean
  /** Token for that issue: the job's GITHUB_TOKEN by default. */
  githubToken: string
  /** audit and verify: a token that may read secrets' metadata ("Secrets: read"); '' for none. */
  githubSecretsToken: string
  /** sync: plan only, write nothing (SECRETS_SYNC_PAUSED). */
  pause: boolean
  /** Retries and time-outs of every AWS call (inputs max-attempts, connect-timeout, request-timeout). */
  store: { maxAttempts: number; connectionTimeoutMs: number; requestTimeoutMs: number }
  /** probe, force-rollback, rotation-overlap-days. */
  probes: ProbeInputs
}

/** Splits a newline- or comma-separated list; a leading "<prefix>/" is accepted and dropped. */
export function parseOnly(text: string, prefix: string): string[] {
  const items = text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => relativeTarget(prefix, s))
  return [...new Set(items)]
}

/** A KMS key id, key ARN, alias name or alias ARN. */
const KMS_KEY = /^[A-Za-z0-9:/_+=.@-]{1,2048}$/
/** Shown instead of an input that failed its check, wherever the run's scope is printed. */
const INVALID = '(invalid)'

/** environment and mode; an invalid one is replaced by a placeholder ('' and sync). */
function readRun(
  get: Get,
  problems: Problem[]
): { environment: string; mode: Mode; modeOk: boolean } {
  const environmentText = get('environment')
  const environmentOk = ENVIRONMENT_NAME.test(environmentText)
  if (!environmentText)
    problems.push(wrongInput('Input "environment" is required (e.g. dev or prod).'))
  else if (!environmentOk)
    problems.push(
      wrongInput(
        `Input "environment" must be an environment of the catalogue (letters, digits, _ . -, e.g. dev or prod); got ${echo(environmentText, QUOTABLE.id)}.`
      )
    )
  const modeText = get('mode') || 'sync'
  const modeOk = (MODES as readonly string[]).includes(modeText)
  if (!modeOk)
    problems.push(
      wrongInput(
        `Input "mode" must be one of ${MODES.join(', ')}; got ${echo(modeText, QUOTABLE.id)}.`
      )
    )
  return {
    environment: environmentOk ? environmentText : '',
    mode: modeOk ? (modeText as Mode) : 'sync',
    modeOk
  }
}

/** A true-or-false input (YAML's spellings); '' is false. */
function readSwitch(given: string, name: string, problems: Problem[]): boolean {
  const text = given || 'false'
  const on = /^(true|True|TRUE)$/.test(text)
  if (!on && !/^(false|False|FALSE)$/.test(text))
    problems.push(wrongInput(`Input "${name}" must be true or false.`))
  return on
}

/**
 * prefix, region and expected-account-id: checked together (scopeProblems); one that fails is
 * reported once and left out (the prefix replaced by a placeholder), not held against the pin too.
 * The pin's region is the run's: AWS_REGION (set by configure-aws-credentials) moves nothing.
 */
function readScope(
  get: Get,
  problems: Problem[]
): {
  prefixText: string
  inputs: Pick<ActionInputs, 'prefix' | 'region' | 'expectedAccountId'>
} {
  const prefixText = normalPrefix(get('prefix'))
  const regionText = get('region') || undefined
  const expectedAccountId = get('expected-account-id') || undefined
  const scopeWrong = scopeProblems(
    { prefix: prefixText, region: regionText ?? DEFAULT_REGION, expectedAccountId },
    (s) => `Input "${s}"`
  )
  problems.push(...scopeWrong)
  const wrong = (setting: string) =>
    scopeWrong.some((p) => p.message.startsWith(`Input "${setting}"`))
  return {
    prefixText,
    inputs: {
      prefix: wrong('prefix') ? INVALID : prefixText,
      ...(regionText && !wrong('region') ? { region: regionText } : {}),
      ...(expectedAccountId && !wrong('expected-account-id') ? { expectedAccountId } : {})
    }
  }
}

/** What a run applies to the secrets it creates: extra tags and the KMS key. */
function readCreation(
  get: Get,
  problems: Problem[]
): { tags: ActionInputs['tags']; kmsKeyId: string | undefined } {
  const tags = parseTags(get('tags'))
  problems.push(...tags.problems.map((p) => wrongInput(`Input "tags": ${p}.`, 'tags-input-wrong')))
  const kmsKeyId = get('kms-key-id') || undefined
  if (kmsKeyId !== undefined && !KMS_KEY.test(kmsKeyId))
    problems.push(
      wrongInput(
        'Input "kms-key-id" must be a KMS key id, key ARN, alias name or alias ARN (letters, digits and : / _ + = . @ -).'
      )
    )
  return { tags: tags.tags, kmsKeyId }
}

/**
 * Reads and checks every input; each is checked before it is shown, and one that fails is shown
 * back only when harmless (`echo`), so no input can put a line of its own in the log. In the
 * returned inputs, an invalid environment, mode, prefix or region is replaced by a placeholder:
 * the run stops on the problems before it reaches AWS, and prints only the placeholder.
 */
export function readInputs(): {
  inputs: ActionInputs
  problems: Problem[]
} {
  const problems: Problem[] = []
  const get: Get = (name) => core.getInput(name)
  const { environment, mode } = readRun(get, problems)
  const scope = readScope(get, problems)
  const prefixText = scope.prefixText
  const { tags, kmsKeyId } = readCreation(get, problems)
  const catalogue = get('catalogue') || undefined
  const environments = get('environments') || undefined
  const maxAttempts = readAttempts(get, problems)
  const consumers = prepareConsumers(
    [{ text: get('consumers'), label: 'Input "consumers"' }],
    prefixText
  )
  problems.push(...consumers.problems)
  const alertIssue = readSwitch(get('alert-issue'), 'alert-issue', problems)
  const pause = readSwitch(get('pause'), 'pause', problems)
  const store = { maxAttempts, ...readTimeouts(get, problems) }
  const probes = readProbeInputs(mode, problems)
  return {
    inputs: {
      environment,
      mode,
      ...scope.inputs,
      only: parseOnly(get('only'), prefixText),
      ...(kmsKeyId ? { kmsKeyId } : {}),
      tags,
      ...(catalogue ? { catalogue } : {}),
      ...(environments ? { environments } : {}),
      consumers: consumers.consumers,
      alertIssue,
      githubToken: get('github-token'),
      githubSecretsToken: get('github-secrets-token'),
      pause,
      store,
      probes
    },
    problems
  }
}
