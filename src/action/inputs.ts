/** The action's inputs, read and checked together: every problem is reported at once. */
import * as core from '@actions/core'
import { normalPrefix, relativeTarget } from '../engine/model/names.js'
import { CHECK_MODES, MODES, type Mode } from '../engine/model/report.js'
import { DEFAULT_REGION, scopeProblems } from '../engine/model/scope.js'
import { parseTags } from '../engine/model/tags.js'
import { parseConsumers } from '../engine/refresh/consumers.js'
import { STORE_DEFAULTS } from '../store/aws.js'

export interface ActionInputs {
  environment: string
  mode: Mode
  prefix: string
  region: string
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
  /** Retries and time-outs of every AWS call (inputs max-attempts, connect-timeout, request-timeout). */
  store: { maxAttempts: number; connectionTimeoutMs: number; requestTimeoutMs: number }
}

/** A number of seconds within [min, max], as milliseconds; undefined when it is not one. */
function seconds(text: string, min: number, max: number): number | undefined {
  if (!/^\d+(\.\d+)?$/.test(text)) return undefined
  const value = Number(text)
  return value >= min && value <= max ? Math.round(value * 1000) : undefined
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

export function readInputs(env: NodeJS.ProcessEnv = process.env): {
  inputs: ActionInputs
  problems: string[]
} {
  const problems: string[] = []
  const get = (name: string) => core.getInput(name)
  const environment = get('environment')
  if (!environment) problems.push('Input "environment" is required (e.g. dev or prod).')
  const modeText = get('mode') || 'sync'
  const mode = modeText as Mode
  if (!MODES.includes(mode))
    problems.push(`Input "mode" must be one of ${MODES.join(', ')}; got "${modeText}".`)
  const prefix = normalPrefix(get('prefix'))
  const region = get('region') || env.AWS_REGION || env.AWS_DEFAULT_REGION || DEFAULT_REGION
  const expectedAccountId = get('expected-account-id') || undefined
  problems.push(...scopeProblems({ prefix, region, expectedAccountId }, (s) => `Input "${s}"`))
  const tags = parseTags(get('tags'))
  problems.push(...tags.problems.map((p) => `Input "tags": ${p}.`))
  const kmsKeyId = get('kms-key-id') || undefined
  const consumers = parseConsumers(get('consumers'), prefix, 'Input "consumers"')
  problems.push(...consumers.problems)
  const catalogue = get('catalogue') || undefined
  const attemptsText = get('max-attempts') || String(STORE_DEFAULTS.maxAttempts)
  const attempts = /^\d+$/.test(attemptsText) ? Number(attemptsText) : 0
  if (attempts < 1 || attempts > 10)
    problems.push(
      `Input "max-attempts" must be a whole number from 1 to 10; got "${attemptsText}".`
    )
  const timeout = (name: string, text: string, fallbackMs: number, max: number): number => {
    const given = text || String(fallbackMs / 1000)
    const ms = seconds(given, 0.1, max)
    if (ms === undefined)
      problems.push(
        `Input "${name}" must be a number of seconds from 0.1 to ${max}; got "${given}".`
      )
    return ms ?? fallbackMs
  }
  const alertText = get('alert-issue') || 'false'
  const alertIssue = /^(true|True|TRUE)$/.test(alertText)
  if (!alertIssue && !/^(false|False|FALSE)$/.test(alertText))
    problems.push('Input "alert-issue" must be true or false.')
  if (alertIssue && MODES.includes(mode) && !CHECK_MODES.includes(mode))
    problems.push(
      `Input "alert-issue" applies to the checks (mode ${CHECK_MODES.join(' or ')}), not to mode ${mode}.`
    )
  const store = {
    maxAttempts: attempts >= 1 && attempts <= 10 ? attempts : STORE_DEFAULTS.maxAttempts,
    connectionTimeoutMs: timeout(
      'connect-timeout',
      get('connect-timeout'),
      STORE_DEFAULTS.connectionTimeoutMs,
      60
    ),
    requestTimeoutMs: timeout(
      'request-timeout',
      get('request-timeout'),
      STORE_DEFAULTS.requestTimeoutMs,
      300
    )
  }
  return {
    inputs: {
      environment,
      mode,
      prefix,
      region,
      only: parseOnly(get('only'), prefix),
      ...(expectedAccountId ? { expectedAccountId } : {}),
      ...(kmsKeyId ? { kmsKeyId } : {}),
      tags: tags.tags,
      ...(catalogue ? { catalogue } : {}),
      consumers: consumers.consumers,
      alertIssue,
      githubToken: get('github-token'),
      store
    },
    problems
  }
}
