/**
 * What the probes of a run are: the values an environment is about to make current, the checks
 * made offline before any call (Slack workspaces), and the calls to make. Pure: no I/O.
 */
import type { Problem } from '../model/problem.js'
import { OTHER_WORKSPACE, workspacesDiffer } from './messages.js'
import type { StripeMode } from './port.js'

/** Which probe a value gets: by the catalogue rule that validated it. */
export type ProbeKind = 'stripe-key' | 'stripe-webhook-secret' | 'slack-webhook'

export interface ProbeValue {
  kind: ProbeKind
  /** The GitHub secret (or secrets.json key) the value comes from, as the user knows it. */
  source: string
  value: string
  /**
   * Whether the run makes this value current: only those are probed. The others (the key the
   * environment keeps, the hook not replaced) serve the checks of the ones that are.
   */
  changing: boolean
}

/** The environment's pins, from the environments file: checked when given. */
export interface Pins {
  stripeAccount?: string
  slackWorkspace?: string
}

export interface ProbeEnvironment {
  environment: string
  pins?: Pins
  values: readonly ProbeValue[]
}

/** `off`: nothing called; `on`: inconclusive warns; `require`: inconclusive stops the run. */
export const PROBE_MODES = ['on', 'off', 'require'] as const
export type ProbeMode = (typeof PROBE_MODES)[number]

/** One call of a run, named by the value it is about. */
export type ProbeCall =
  | { kind: 'stripe-key'; environment: ProbeEnvironment; value: ProbeValue }
  | { kind: 'slack-webhook'; environment: ProbeEnvironment; value: ProbeValue }
  | {
      kind: 'stripe-webhook-secret'
      environment: ProbeEnvironment
      value: ProbeValue
      /** The key the environment holds after the run; undefined when it has none. */
      key?: string
    }

/** The Slack workspace (`T…`) a hook URL names; undefined for anything else. */
export function slackWorkspace(url: string): string | undefined {
  return /^https:\/\/hooks\.slack\.com\/services\/(T[A-Za-z0-9]+)\/B[A-Za-z0-9]+\/[A-Za-z0-9]+$/.exec(
    url
  )?.[1]
}

/** A Stripe key's mode, from its prefix. */
export function stripeMode(key: string): StripeMode | undefined {
  return /^(?:sk|rk)_(test|live)_/.exec(key)?.[1] as StripeMode | undefined
}

/**
 * The offline problems of one environment, before any call: a hook the run makes current must
 * belong to the pinned workspace (when one is pinned) and to the workspace of the other hooks.
 */
export function workspaceProblems(env: ProbeEnvironment): Problem[] {
  const hooks = env.values.filter((v) => v.kind === 'slack-webhook')
  const pinned = env.pins?.slackWorkspace
  const problems: Problem[] = []
  for (const hook of hooks.filter((h) => h.changing)) {
    const workspace = slackWorkspace(hook.value)
    if (workspace === undefined) continue // the validation rule speaks for it
    if (pinned !== undefined && workspace !== pinned) {
      problems.push({
        source: hook.source,
        code: 'slack-other-workspace',
        message: OTHER_WORKSPACE
      })
      continue
    }
    const other = hooks.find((h) => {
      const theirs = slackWorkspace(h.value)
      return h !== hook && theirs !== undefined && theirs !== workspace
    })
    if (other)
      problems.push({
        source: hook.source,
        code: 'slack-workspaces-differ',
        message: workspacesDiffer(other.source)
      })
  }
  return problems
}

/** The calls of a run: one per value it makes current (none with mode `off`). */
export function plannedCalls(environments: readonly ProbeEnvironment[]): ProbeCall[] {
  return environments.flatMap((environment) => {
    const key = environment.values.find((v) => v.kind === 'stripe-key')?.value
    return environment.values
      .filter((value) => value.changing)
      .map((value): ProbeCall =>
        value.kind === 'stripe-webhook-secret'
          ? { kind: value.kind, environment, value, ...(key === undefined ? {} : { key }) }
          : { kind: value.kind, environment, value }
      )
  })
}
