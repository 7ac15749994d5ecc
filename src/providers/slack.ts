/**
 * The only code that talks to Slack. A webhook is probed with `POST` and the body `{"text":""}`,
 * never any other: Slack refuses an empty message, so nothing is ever posted to a channel, and
 * its refusal says whether the hook is alive. The answer's body is compared against fixed sets
 * and dropped, never echoed.
 */
import {
  SLACK_BLOCKED_CODES,
  SLACK_DEAD_CODES,
  type ProbeCallOptions,
  type SlackBlockedCode,
  type SlackDeadCode,
  type SlackHookOutcome
} from '../engine/probe/port.js'
import { send, inconclusiveOf, type AttemptPolicy } from './http.js'
import { under } from './bases.js'

/** The only body ever sent to a webhook. */
export const EMPTY_MESSAGE = '{"text":""}'

/** Slack's answers to an empty message from a hook that works. */
const ALIVE_CODES: readonly string[] = [
  'no_text',
  'missing_text_or_fallback_or_attachments',
  'invalid_payload'
]

const HOOK_PATH = /^\/services\/T[A-Za-z0-9]+\/B[A-Za-z0-9]+\/[A-Za-z0-9]+$/

/** The hook's path when `url` is a Slack incoming webhook, written plainly; else undefined. */
export function hookPath(url: string): string | undefined {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return undefined
  }
  const plain =
    parsed.protocol === 'https:' &&
    parsed.hostname === 'hooks.slack.com' &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === '' &&
    parsed.search === '' &&
    parsed.hash === ''
  return plain && HOOK_PATH.test(parsed.pathname) ? parsed.pathname : undefined
}

const isDead = (code: string): code is SlackDeadCode =>
  (SLACK_DEAD_CODES as readonly string[]).includes(code)
const isBlocked = (code: string): code is SlackBlockedCode =>
  (SLACK_BLOCKED_CODES as readonly string[]).includes(code)

/** An answer's status and body, mapped to a fixed outcome. */
export function slackOutcome(status: number, body: string): SlackHookOutcome {
  const code = body.trim()
  if (status === 429 || status >= 500)
    return { status: 'inconclusive', reason: inconclusiveOf({ status, body }) }
  if (status === 400 && ALIVE_CODES.includes(code)) return { status: 'alive' }
  if (status === 403 && isBlocked(code)) return { status: 'blocked', code }
  if (status >= 400 && status < 500 && isDead(code)) return { status: 'dead', code }
  return { status: 'inconclusive', reason: 'unexpected-answer' }
}

export function slackAdapter(base: URL, settings: Omit<AttemptPolicy, 'timeoutMs'> = {}) {
  return {
    async slackHook(url: string, options: ProbeCallOptions): Promise<SlackHookOutcome> {
      const path = hookPath(url)
      if (!path) return { status: 'inconclusive', reason: 'not-probed' }
      const answer = await send(
        {
          method: 'POST',
          url: under(base, path),
          headers: { 'Content-Type': 'application/json' },
          body: EMPTY_MESSAGE
        },
        { ...settings, timeoutMs: options.timeoutMs }
      )
      if ('failed' in answer) return { status: 'inconclusive', reason: answer.failed }
      return slackOutcome(answer.status, answer.body)
    }
  }
}
