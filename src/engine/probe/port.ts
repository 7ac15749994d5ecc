/**
 * The engine's port to the providers: what it asks Stripe and Slack, and the fixed outcomes it
 * gets back. The adapters in src/providers/ implement it; the engine never imports them. An
 * outcome holds codes from fixed sets, counts and an `acct_…` id: never a provider's text.
 */

export type StripeMode = 'test' | 'live'

/** Why a probe could not tell: never a reason to call a value dead. */
export type InconclusiveReason =
  | 'rate-limited'
  | 'server-error'
  | 'timeout'
  | 'network'
  | 'unexpected-answer'
  /** Not a value the probe may be sent for (a hook that is not Slack's): nothing was called. */
  | 'not-probed'

export type Inconclusive = { status: 'inconclusive'; reason: InconclusiveReason }

/** 401 with `api_key_expired` (expired or rolled), or any other 401 (unknown, mistyped). */
export type StripeDeadCode = 'api_key_expired' | 'invalid_api_key'

export const SLACK_DEAD_CODES = [
  'no_service',
  'no_service_id',
  'no_active_hooks',
  'channel_not_found',
  'invalid_token',
  'channel_is_archived',
  'no_team',
  'team_disabled'
] as const
export type SlackDeadCode = (typeof SLACK_DEAD_CODES)[number]

export const SLACK_BLOCKED_CODES = [
  'action_prohibited',
  'posting_to_general_channel_denied'
] as const
export type SlackBlockedCode = (typeof SLACK_BLOCKED_CODES)[number]

/** `GET /v1/account`. `restricted`: a 403, the key lacks the read permission (alive). */
export type StripeKeyOutcome =
  | { status: 'alive'; account: string; mode?: StripeMode }
  | { status: 'dead'; code: StripeDeadCode }
  | { status: 'blocked'; code: 'restricted' }
  | Inconclusive

/** `GET /v1/webhook_endpoints`: each endpoint's state; `complete` false when Stripe has more. */
export type WebhookEndpointsOutcome =
  | {
      status: 'alive'
      endpoints: { enabled: boolean; livemode: boolean }[]
      complete: boolean
    }
  | { status: 'dead'; code: StripeDeadCode }
  | { status: 'blocked'; code: 'restricted' }
  | Inconclusive

/** `GET /v1/events?delivery_success=false&created[gte]=…`: how many, and whether there are more. */
export type FailedEventsOutcome =
  | { status: 'alive'; failed: number; more: boolean }
  | { status: 'dead'; code: StripeDeadCode }
  | { status: 'blocked'; code: 'restricted' }
  | Inconclusive

/** `POST <hook>` with `{"text":""}`: nothing is ever posted to a channel. */
export type SlackHookOutcome =
  | { status: 'alive' }
  | { status: 'dead'; code: SlackDeadCode }
  | { status: 'blocked'; code: SlackBlockedCode }
  | Inconclusive

export interface ProbeCallOptions {
  /** The whole probe's time limit, retries included. */
  timeoutMs: number
}

/** What the engine may ask the providers. Each call resolves; none throws for an answer. */
export interface ProviderPort {
  stripeAccount(key: string, options: ProbeCallOptions): Promise<StripeKeyOutcome>
  stripeWebhookEndpoints(key: string, options: ProbeCallOptions): Promise<WebhookEndpointsOutcome>
  stripeFailedEvents(
    key: string,
    since: Date,
    options: ProbeCallOptions
  ): Promise<FailedEventsOutcome>
  slackHook(url: string, options: ProbeCallOptions): Promise<SlackHookOutcome>
}
