/**
 * Each probe's outcome as a result, a problem (the run stops before any write) or a warning.
 * Pure: the outcomes come from the port, the sentences from ./messages.ts.
 */
import type { Problem, ProblemCode } from '../model/problem.js'
import * as say from './messages.js'
import type { ProbeCall, ProbeMode } from './plan.js'
import { stripeMode } from './plan.js'
import type {
  InconclusiveReason,
  SlackHookOutcome,
  StripeKeyOutcome,
  StripeMode,
  WebhookEndpointsOutcome
} from './port.js'

export type ProbeStatus = 'alive' | 'dead' | 'blocked' | 'inconclusive'

/** What a probe found about one value: names, a status, an `acct_…` id; never the value. */
export interface ProbeResult {
  environment: string
  source: string
  kind: ProbeCall['kind']
  status: ProbeStatus
  /** Stripe keys: the account the key belongs to (reported even without a pin). */
  account?: string
  mode?: StripeMode
  /** The sentence the front may show next to the value (empty when alive and nothing to say). */
  note?: string
}

export interface Classified {
  result: ProbeResult
  problem?: Problem
  warning?: Problem
}

const ACCOUNT_ID = /^acct_[A-Za-z0-9]{1,64}$/

function base(call: ProbeCall, status: ProbeStatus, note?: string): ProbeResult {
  return {
    environment: call.environment.environment,
    source: call.value.source,
    kind: call.kind,
    status,
    ...(note === undefined ? {} : { note })
  }
}

/** A problem or a warning for the call's source: which one, by how serious it is. */
function finding(
  call: ProbeCall,
  status: ProbeStatus,
  [code, message]: readonly [ProblemCode, string],
  stops: boolean
) {
  const p: Problem = { source: call.value.source, code, message }
  return { result: base(call, status, message), ...(stops ? { problem: p } : { warning: p }) }
}

/** A port that threw instead of answering: as unknown as no answer. */
export const classifyThrown = (call: ProbeCall, mode: ProbeMode): Classified =>
  unknown(call, call.kind === 'slack-webhook' ? 'Slack' : 'Stripe', 'network', mode)

const unknown = (
  call: ProbeCall,
  provider: 'Stripe' | 'Slack',
  reason: InconclusiveReason,
  mode: ProbeMode
): Classified =>
  finding(
    call,
    'inconclusive',
    ['probe-failed', say.inconclusive(provider, reason)],
    mode === 'require'
  )

export function classifyStripeKey(
  call: ProbeCall,
  outcome: StripeKeyOutcome,
  mode: ProbeMode
): Classified {
  switch (outcome.status) {
    case 'dead':
      return finding(
        call,
        'dead',
        [
          outcome.code === 'api_key_expired' ? 'stripe-key-expired' : 'stripe-key-unknown',
          say.STRIPE_DEAD[outcome.code]
        ],
        true
      )
    case 'blocked':
      return finding(call, 'blocked', ['stripe-key-restricted', say.STRIPE_RESTRICTED], false)
    case 'inconclusive':
      return unknown(call, 'Stripe', outcome.reason, mode)
  }
  const pinned = call.environment.pins?.stripeAccount
  const alive: ProbeResult = {
    ...base(call, 'alive'),
    account: outcome.account,
    ...(outcome.mode ? { mode: outcome.mode } : {})
  }
  if (pinned === undefined || pinned === outcome.account) return { result: alive }
  const shown = ACCOUNT_ID.test(pinned) ? pinned : 'another account'
  const message = say.wrongStripeAccount(outcome.account, call.environment.environment, shown)
  return {
    result: { ...alive, note: message },
    problem: { source: call.value.source, code: 'stripe-other-account', message }
  }
}

export function classifySlackHook(
  call: ProbeCall,
  outcome: SlackHookOutcome,
  mode: ProbeMode
): Classified {
  switch (outcome.status) {
    case 'alive':
      return { result: base(call, 'alive') }
    case 'dead':
      return finding(call, 'dead', ['slack-hook-dead', say.slackDead(outcome.code)], true)
    case 'blocked':
      return finding(
        call,
        'blocked',
        ['slack-hook-may-not-post', say.slackBlocked(outcome.code)],
        false
      )
    case 'inconclusive':
      return unknown(call, 'Slack', outcome.reason, mode)
  }
}

/**
 * A signing secret cannot be tested: with the environment's key alive, the account must have at
 * least one enabled webhook endpoint in the key's mode.
 */
export function classifyWebhookSecret(
  call: ProbeCall,
  outcome: WebhookEndpointsOutcome | undefined,
  mode: ProbeMode
): Classified {
  const key = call.kind === 'stripe-webhook-secret' ? call.key : undefined
  const keyMode = key === undefined ? undefined : stripeMode(key)
  if (outcome === undefined || keyMode === undefined) {
    return finding(
      call,
      'inconclusive',
      ['signing-secret-unchecked', say.NO_KEY_FOR_WEBHOOK],
      mode === 'require'
    )
  }
  switch (outcome.status) {
    case 'dead':
      return finding(
        call,
        'inconclusive',
        ['signing-secret-unchecked', say.KEY_NOT_ALIVE_FOR_WEBHOOK],
        mode === 'require'
      )
    case 'blocked':
      return finding(call, 'blocked', ['signing-secret-unchecked', say.ENDPOINTS_RESTRICTED], false)
    case 'inconclusive':
      return unknown(call, 'Stripe', outcome.reason, mode)
  }
  const live = keyMode === 'live'
  const enabled = outcome.endpoints.filter((e) => e.enabled && e.livemode === live).length
  if (enabled > 0) return { result: { ...base(call, 'alive'), mode: keyMode } }
  if (!outcome.complete) return unknown(call, 'Stripe', 'unexpected-answer', mode)
  return finding(call, 'blocked', ['no-webhook-endpoint', say.noEnabledEndpoint(keyMode)], false)
}
