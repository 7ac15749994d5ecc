/**
 * Where the probes point. Stripe's API and Slack's hooks by default; for rehearsals and tests the
 * environment may point them elsewhere, but only at this machine (a loopback address), so that no
 * setting can send a key to another host. Any other override is refused before any call.
 */
import { isIPv4 } from 'node:net'

export const STRIPE_API = 'https://api.stripe.com'
export const SLACK_HOOKS = 'https://hooks.slack.com'

export interface ProviderBases {
  /** Where `/v1/account` and the other Stripe paths are appended. */
  stripe: URL
  /** Where a webhook's path (`/services/T…/B…/…`) is appended. */
  slack: URL
}

/** A refused override: the message is fixed; it never quotes the variable's value. */
export class BaseRefused extends Error {
  /** Its code in the engine's table (src/engine/model/codes.ts). */
  readonly code = 'probe-override-not-loopback'
  constructor(readonly variable: 'STRIPE_API_BASE' | 'SLACK_HOOKS_BASE') {
    super(
      `${variable} may only point at a loopback address (127.0.0.1, ::1 or localhost) over ` +
        'http or https; unset it to reach the provider itself. No probe was sent.'
    )
    this.name = 'BaseRefused'
  }
}

/** Whether a URL's host is this machine: 127.0.0.0/8, [::1] or localhost, written plainly. */
export function isLoopbackHost(url: URL): boolean {
  // The URL class has already lower-cased the host and rewritten decimal, hex and octal IPv4
  // forms to dotted quads, and IPv6 addresses to their shortest form ([::ffff:7f00:1] for a
  // mapped 127.0.0.1, refused: only the plain forms are accepted).
  const host = url.hostname
  if (host === 'localhost' || host === '[::1]') return true
  return isIPv4(host) && host.split('.')[0] === '127'
}

/** The base an override names, or a refusal; the default when the variable is unset or empty. */
function base(
  variable: 'STRIPE_API_BASE' | 'SLACK_HOOKS_BASE',
  value: string | undefined,
  fallback: string
): URL {
  if (value === undefined || value.trim() === '') return new URL(fallback)
  let url: URL
  try {
    url = new URL(value.trim())
  } catch {
    throw new BaseRefused(variable)
  }
  const plain =
    (url.protocol === 'http:' || url.protocol === 'https:') &&
    url.username === '' &&
    url.password === '' &&
    url.search === '' &&
    url.hash === ''
  if (!plain || !isLoopbackHost(url)) throw new BaseRefused(variable)
  return url
}

/**
 * The bases from the environment variables: throws BaseRefused, before any call, when one
 * points anywhere but this machine.
 */
export function providerBases(env: Readonly<Record<string, string | undefined>>): ProviderBases {
  return {
    stripe: base('STRIPE_API_BASE', env['STRIPE_API_BASE'], STRIPE_API),
    slack: base('SLACK_HOOKS_BASE', env['SLACK_HOOKS_BASE'], SLACK_HOOKS)
  }
}

/** A path appended to a base, keeping the base's own path ("http://127.0.0.1:9/x" + "/v1/y"). */
export function under(baseUrl: URL, path: string): URL {
  const url = new URL(baseUrl.href)
  url.pathname = `${url.pathname.replace(/\/+$/, '')}${path}`
  return url
}
