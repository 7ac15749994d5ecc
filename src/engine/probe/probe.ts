/**
 * The probes of a run: given the values each environment is about to make current, check the
 * Slack workspaces offline, then ask Stripe and Slack about every value in parallel, each call on
 * its own time limit, and say what stops the run (a dead value, a wrong account) and what only
 * warns. Run before the first write; with mode `off`, nothing is called.
 */
import type { Problem } from '../model/problem.js'
import {
  classifySlackHook,
  classifyStripeKey,
  classifyThrown,
  classifyWebhookSecret,
  type Classified,
  type ProbeResult
} from './classify.js'
import {
  plannedCalls,
  workspaceProblems,
  type ProbeCall,
  type ProbeEnvironment,
  type ProbeMode
} from './plan.js'
import type { ProviderPort } from './port.js'

/** Each probe's time limit when none is given. */
export const DEFAULT_PROBE_TIMEOUT_MS = 5000

export interface ProbeOptions {
  mode: ProbeMode
  timeoutMs?: number
}

export interface ProbeReport {
  results: ProbeResult[]
  /** Each stops the run before any write, naming the source to fix. */
  problems: Problem[]
  warnings: Problem[]
}

async function probeOne(
  port: ProviderPort,
  call: ProbeCall,
  options: ProbeOptions
): Promise<Classified> {
  const limit = { timeoutMs: options.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS }
  switch (call.kind) {
    case 'stripe-key':
      return classifyStripeKey(
        call,
        await port.stripeAccount(call.value.value, limit),
        options.mode
      )
    case 'slack-webhook':
      return classifySlackHook(call, await port.slackHook(call.value.value, limit), options.mode)
    case 'stripe-webhook-secret': {
      const outcome =
        call.key === undefined ? undefined : await port.stripeWebhookEndpoints(call.key, limit)
      return classifyWebhookSecret(call, outcome, options.mode)
    }
  }
}

/**
 * Probe every value the run makes current. Offline problems (a hook of another workspace) stop
 * the run before any call is made.
 */
export async function probeValues(
  port: ProviderPort,
  environments: readonly ProbeEnvironment[],
  options: ProbeOptions
): Promise<ProbeReport> {
  if (options.mode === 'off') return { results: [], problems: [], warnings: [] }
  const offline = environments.flatMap(workspaceProblems)
  if (offline.length > 0) return { results: [], problems: offline, warnings: [] }
  const classified = await Promise.all(
    plannedCalls(environments).map((call) =>
      probeOne(port, call, options).catch(() => classifyThrown(call, options.mode))
    )
  )
  return {
    results: classified.map((c) => c.result),
    problems: classified.flatMap((c) => (c.problem ? [c.problem] : [])),
    warnings: classified.flatMap((c) => (c.warning ? [c.warning] : []))
  }
}
