/**
 * After a new webhook signing secret is written, the audit asks Stripe for events whose delivery
 * failed since that write: a handler still checking with the old secret fails every delivery.
 */
import type { Problem } from '../model/problem.js'
import { formatWhen } from '../model/dates.js'
import {
  EVENTS_RESTRICTED,
  failedDeliveries,
  inconclusive,
  KEY_NOT_ALIVE_FOR_WEBHOOK
} from './messages.js'
import type { ProbeCallOptions, ProviderPort } from './port.js'

export interface WrittenSecret {
  /** The GitHub secret the signing secret came from. */
  source: string
  /** When it was written. */
  writtenAt: Date
  /** The environment's Stripe key, to ask with: never shown. */
  key: string
}

/** A warning when deliveries failed since the write (or Stripe could not say); else undefined. */
export async function deliveryFindings(
  port: ProviderPort,
  written: WrittenSecret,
  options: ProbeCallOptions
): Promise<Problem | undefined> {
  const outcome = await port
    .stripeFailedEvents(written.key, written.writtenAt, options)
    .catch(() => ({ status: 'inconclusive' as const, reason: 'network' as const }))
  const source = written.source
  switch (outcome.status) {
    case 'alive':
      if (outcome.failed === 0) return undefined
      return {
        source,
        code: 'deliveries-failed',
        message: failedDeliveries(
          outcome.more ? `more than ${outcome.failed}` : String(outcome.failed),
          formatWhen(written.writtenAt)
        )
      }
    case 'blocked':
      return { source, code: 'deliveries-unchecked', message: EVENTS_RESTRICTED }
    case 'dead':
      return { source, code: 'signing-secret-unchecked', message: KEY_NOT_ALIVE_FOR_WEBHOOK }
    case 'inconclusive':
      return { source, code: 'probe-failed', message: inconclusive('Stripe', outcome.reason) }
  }
}
