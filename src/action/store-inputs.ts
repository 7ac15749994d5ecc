/**
 * The inputs of every AWS call: max-attempts, connect-timeout and request-timeout, each checked
 * before it is shown.
 */
import { echo, QUOTABLE, type Problem } from '../engine/index.js'
import { STORE_DEFAULTS } from '../store/index.js'
import { wrongInput, type Get } from './input-problem.js'

/** A number of seconds within [min, max], as milliseconds; undefined when it is not one. */
function seconds(text: string, min: number, max: number): number | undefined {
  if (!/^\d+(\.\d+)?$/.test(text)) return undefined
  const value = Number(text)
  return value >= min && value <= max ? Math.round(value * 1000) : undefined
}

/** max-attempts: the attempts of every AWS call, first try included. */
export function readAttempts(get: Get, problems: Problem[]): number {
  const attemptsText = get('max-attempts') || String(STORE_DEFAULTS.maxAttempts)
  const attempts = /^\d+$/.test(attemptsText) ? Number(attemptsText) : 0
  if (attempts >= 1 && attempts <= 10) return attempts
  problems.push(
    wrongInput(
      `Input "max-attempts" must be a whole number from 1 to 10; got ${echo(attemptsText, QUOTABLE.id)}.`,
      'retry-input-wrong'
    )
  )
  return STORE_DEFAULTS.maxAttempts
}

/** connect-timeout and request-timeout, in seconds. */
export function readTimeouts(get: Get, problems: Problem[]) {
  const timeout = (name: string, text: string, fallbackMs: number, max: number): number => {
    const given = text || String(fallbackMs / 1000)
    const ms = seconds(given, 0.1, max)
    if (ms === undefined)
      problems.push(
        wrongInput(
          `Input "${name}" must be a number of seconds from 0.1 to ${max}; got ${echo(given, QUOTABLE.id)}.`,
          'retry-input-wrong'
        )
      )
    return ms ?? fallbackMs
  }
  return {
    connectionTimeoutMs: timeout(
      'connect-timeout',
      get('connect-timeout'),
      STORE_DEFAULTS.connectionTimeoutMs,
      60
    ),
    requestTimeoutMs: timeout(
      'request-timeout',
      get('request-timeout'),
      STORE_DEFAULTS.requestTimeoutMs,
      300
    )
  }
}
