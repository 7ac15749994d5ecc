/**
 * When a rotation is done: not when the new key is stored, but when the old one is dead. Stripe
 * keeps a rolled key alive for the overlap chosen in the dashboard; the daily check probes the
 * previous version and says where the rotation stands. Pure but for the one call.
 */
import type { ProblemCode } from '../model/codes.js'
import { formatDay } from '../model/dates.js'
import type { ProbeCallOptions, ProviderPort } from './port.js'

/** How long a rolled key may stay alive before the check fails, when nothing else is set. */
export const DEFAULT_ROTATION_OVERLAP_DAYS = 7

export type RotationState = 'in-progress' | 'overdue' | 'complete' | 'unknown'

export interface RotationCheck {
  state: RotationState
  /** The sentence for the summary (and the alert issue when overdue), after the source's name. */
  message: string
  /** Only `overdue` fails the check. */
  fails: boolean
  /** Its code (../model/codes.ts). */
  code: ProblemCode
}

export interface PreviousKey {
  /** The GitHub secret the key came from, as the user knows it. */
  source: string
  /** The previous version's value (AWSPREVIOUS): probed, never shown. */
  value: string
  /** When the write that replaced it happened. */
  replacedAt: Date
}

const DAY_MS = 24 * 60 * 60 * 1000

/** Where a rotation stands, from the previous key's probe and the time since it was replaced. */
export async function rotationState(
  port: ProviderPort,
  previous: PreviousKey,
  options: ProbeCallOptions & { overlapDays?: number; now?: Date }
): Promise<RotationCheck> {
  const outcome = await port
    .stripeAccount(previous.value, { timeoutMs: options.timeoutMs })
    .catch(() => ({ status: 'inconclusive' as const }))
  const since = formatDay(previous.replacedAt)
  if (outcome.status === 'dead') {
    return {
      state: 'complete',
      fails: false,
      code: 'rotation-complete',
      message: `was replaced on ${since}: rotation complete, the previous key no longer works.`
    }
  }
  if (outcome.status === 'inconclusive') {
    return {
      state: 'unknown',
      fails: false,
      code: 'rotation-not-checked',
      message: `was replaced on ${since}: rotation not checked, Stripe could not be asked about the previous key.`
    }
  }
  const overlap = options.overlapDays ?? DEFAULT_ROTATION_OVERLAP_DAYS
  const age = (options.now ?? new Date()).getTime() - previous.replacedAt.getTime()
  if (age > overlap * DAY_MS) {
    return {
      state: 'overdue',
      fails: true,
      code: 'rotation-overdue',
      message: `was replaced on ${since}: rotation overdue, the previous key still works after ${overlap} days. Roll it in the Stripe dashboard (Developers → API keys) with the expiry set to now.`
    }
  }
  return {
    state: 'in-progress',
    fails: false,
    code: 'rotation-in-progress',
    message: `was replaced on ${since}: rotation in progress, the previous key still works.`
  }
}
