/**
 * The only code that talks to Stripe. Each request is a GET with the key as a bearer token and
 * nothing else; each answer is mapped to a fixed outcome. Stripe's error messages quote part of
 * the key: they are read only for `error.code`, compared against a fixed value, and dropped.
 */
import type {
  FailedEventsOutcome,
  Inconclusive,
  ProbeCallOptions,
  StripeDeadCode,
  StripeKeyOutcome,
  StripeMode,
  WebhookEndpointsOutcome
} from '../engine/probe/port.js'
import { send, inconclusiveOf, type Answer, type AttemptPolicy } from './http.js'
import { under } from './bases.js'

type Settings = Omit<AttemptPolicy, 'timeoutMs'>

/** The JSON of an answer, or undefined: never an exception, never the text itself. */
function json(body: string): unknown {
  try {
    return JSON.parse(body) as unknown
  } catch {
    return undefined
  }
}

const field = (value: unknown, key: string): unknown =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined

/** A 401's fixed code: `api_key_expired` when Stripe says so, any other 401 an unknown key. */
const deadCode = (body: string): StripeDeadCode =>
  field(field(json(body), 'error'), 'code') === 'api_key_expired'
    ? 'api_key_expired'
    : 'invalid_api_key'

/** The outcome every Stripe probe shares for an answer other than 200. */
function failure(
  answer: Answer
):
  | { status: 'dead'; code: StripeDeadCode }
  | { status: 'blocked'; code: 'restricted' }
  | Inconclusive {
  if (!('failed' in answer) && answer.status === 401) {
    return { status: 'dead', code: deadCode(answer.body) }
  }
  if (!('failed' in answer) && answer.status === 403)
    return { status: 'blocked', code: 'restricted' }
  return { status: 'inconclusive', reason: inconclusiveOf(answer) }
}

const modeOf = (key: string): StripeMode | undefined => {
  const match = /^(?:sk|rk)_(test|live)_/.exec(key)
  return match ? (match[1] as StripeMode) : undefined
}

const ACCOUNT_ID = /^acct_[A-Za-z0-9]{1,64}$/

export function stripeAdapter(base: URL, settings: Settings = {}) {
  const get = (key: string, path: string, options: ProbeCallOptions, query?: string) => {
    const url = under(base, path)
    if (query) url.search = query
    return send(
      { method: 'GET', url, headers: { Authorization: `Bearer ${key}` } },
      { ...settings, timeoutMs: options.timeoutMs }
    )
  }
  return {
    async stripeAccount(key: string, options: ProbeCallOptions): Promise<StripeKeyOutcome> {
      const answer = await get(key, '/v1/account', options)
      if ('failed' in answer || answer.status !== 200) return failure(answer)
      const id = field(json(answer.body), 'id')
      if (typeof id !== 'string' || !ACCOUNT_ID.test(id)) {
        return { status: 'inconclusive', reason: 'unexpected-answer' }
      }
      const mode = modeOf(key)
      return { status: 'alive', account: id, ...(mode ? { mode } : {}) }
    },

    async stripeWebhookEndpoints(
      key: string,
      options: ProbeCallOptions
    ): Promise<WebhookEndpointsOutcome> {
      const answer = await get(key, '/v1/webhook_endpoints', options)
      if ('failed' in answer || answer.status !== 200) return failure(answer)
      const list = json(answer.body)
      const data = field(list, 'data')
      if (!Array.isArray(data)) return { status: 'inconclusive', reason: 'unexpected-answer' }
      const endpoints = data.map((e: unknown) => ({
        enabled: field(e, 'status') === 'enabled',
        livemode: field(e, 'livemode') === true
      }))
      return { status: 'alive', endpoints, complete: field(list, 'has_more') !== true }
    },

    async stripeFailedEvents(
      key: string,
      since: Date,
      options: ProbeCallOptions
    ): Promise<FailedEventsOutcome> {
      const created = Math.floor(since.getTime() / 1000)
      const query = `delivery_success=false&created%5Bgte%5D=${created}`
      const answer = await get(key, '/v1/events', options, query)
      if ('failed' in answer || answer.status !== 200) return failure(answer)
      const list = json(answer.body)
      const data = field(list, 'data')
      if (!Array.isArray(data)) return { status: 'inconclusive', reason: 'unexpected-answer' }
      return { status: 'alive', failed: data.length, more: field(list, 'has_more') === true }
    }
  }
}
