// What the Stripe and Slack stand-in knows: keys and hooks, each in a state a test seeds, and
// the answers each state gives. Kept apart from the server (providers.ts) so both stay short.

/** A fault the stand-in can give instead of an answer. `slow` answers after `slowMs`. */
export type ProviderFault = 'rate-limited' | 'server-error' | 'slow' | 'dropped'

/** Paths a restricted key may read (every other path answers 403). */
export type StripeReadable = 'account' | 'webhook_endpoints' | 'events'

export type StripeKeyState =
  | {
      state: 'alive'
      account: string
      /** The account's webhook endpoints, as /v1/webhook_endpoints lists them (default: one enabled in the key's mode). */
      endpoints?: { enabled: boolean; livemode: boolean }[]
      /** /v1/webhook_endpoints says it has more (has_more). */
      endpointsMore?: boolean
      /** How many events /v1/events?delivery_success=false lists (default 0). */
      failedEvents?: number
    }
  | { state: 'expired' }
  | { state: 'restricted'; account: string; may?: StripeReadable[] }
  | { state: 'fault'; fault: ProviderFault; times?: number; then?: StripeKeyState }

/** A Slack code the probe knows as dead, blocked, or any other answer. */
export type HookState =
  | { state: 'alive' }
  | { state: 'dead'; code: string }
  | { state: 'blocked'; code: string }
  | { state: 'answer'; status: number; body: string }
  | { state: 'fault'; fault: ProviderFault; times?: number; then?: HookState }

export interface Answer {
  status: number
  body: string
  contentType: string
}

const json = (status: number, value: unknown): Answer => ({
  status,
  body: JSON.stringify(value),
  contentType: 'application/json'
})
const text = (status: number, body: string): Answer => ({
  status,
  body,
  contentType: 'text/html'
})

/** Stripe's 401s quote the key: here the whole of it, so that a test catches any echo. */
export const stripeUnauthorized = (key: string, expired: boolean): Answer =>
  json(401, {
    error: {
      ...(expired ? { code: 'api_key_expired' } : {}),
      message: `${expired ? 'Expired' : 'Invalid'} API Key provided: ${key}`,
      type: 'invalid_request_error'
    }
  })

const livemodeOf = (key: string): boolean => /^(?:sk|rk)_live_/.test(key)

function list(data: unknown[], more = false): Answer {
  return json(200, { object: 'list', data, has_more: more, url: '/v1/x' })
}

/** The answer of a key in a settled state (not a fault) to one path. */
export function stripeAnswer(key: string, state: StripeKeyState, path: string): Answer {
  const live = livemodeOf(key)
  const what = path.slice('/v1/'.length) as StripeReadable
  if (state.state === 'expired') return stripeUnauthorized(key, true)
  if (state.state === 'restricted' && !(state.may ?? []).includes(what)) {
    return json(403, {
      error: {
        message: `The provided key '${key}' does not have the required permissions`,
        type: 'invalid_request_error'
      }
    })
  }
  if (state.state !== 'alive' && state.state !== 'restricted') return json(500, {})
  if (what === 'account') return json(200, { id: state.account, object: 'account' })
  if (what === 'webhook_endpoints') {
    const endpoints = (state.state === 'alive' ? state.endpoints : undefined) ?? [
      { enabled: true, livemode: live }
    ]
    return list(
      endpoints.map((e, i) => ({
        id: `we_${i}`,
        object: 'webhook_endpoint',
        status: e.enabled ? 'enabled' : 'disabled',
        livemode: e.livemode
      })),
      state.state === 'alive' && state.endpointsMore === true
    )
  }
  const failed = state.state === 'alive' ? (state.failedEvents ?? 0) : 0
  return list(Array.from({ length: failed }, (_, i) => ({ id: `evt_${i}`, object: 'event' })))
}

/** The status Slack gives with each code. */
const SLACK_STATUS: Record<string, number> = {
  no_service: 404,
  no_service_id: 404,
  no_active_hooks: 404,
  channel_not_found: 404,
  no_team: 404,
  invalid_token: 403,
  team_disabled: 403,
  action_prohibited: 403,
  posting_to_general_channel_denied: 403,
  channel_is_archived: 410
}

/** The answer of a hook in a settled state to the empty message (anything else posts: 200 ok). */
export function hookAnswer(state: HookState, emptyMessage: boolean): Answer {
  if (state.state === 'answer') return text(state.status, state.body)
  if (state.state === 'dead' || state.state === 'blocked') {
    return text(SLACK_STATUS[state.code] ?? 400, state.code)
  }
  return emptyMessage ? text(400, 'no_text') : text(200, 'ok')
}
