/**
 * The providers as the engine's port: Stripe and Slack at the bases the environment allows
 * (throws BaseRefused, before any call, for an override that is not a loopback address).
 */
import type { ProviderPort } from '../engine/probe/port.js'
import { providerBases } from './bases.js'
import type { AttemptPolicy } from './http.js'
import { slackAdapter } from './slack.js'
import { stripeAdapter } from './stripe.js'

export function providerPort(
  env: Readonly<Record<string, string | undefined>>,
  settings: Omit<AttemptPolicy, 'timeoutMs'> = {}
): ProviderPort {
  const bases = providerBases(env)
  return { ...stripeAdapter(bases.stripe, settings), ...slackAdapter(bases.slack, settings) }
}

export { BaseRefused } from './bases.js'
