/**
 * One probe's request: a fixed method, URL and headers, no redirect followed, at most `tries`
 * attempts with backoff, all within one time limit. The answer is the status and the start of
 * the body, for the adapter to compare against fixed sets: never printed, never stored.
 */
import type { InconclusiveReason } from '../engine/probe/port.js'

export interface ProbeRequest {
  method: 'GET' | 'POST'
  url: URL
  headers: Record<string, string>
  body?: string
}

export type Answer = { status: number; body: string } | { failed: InconclusiveReason }

export interface AttemptPolicy {
  timeoutMs: number
  /** Attempts in all (default 3): only 429, 5xx, a time-out or a network failure is retried. */
  tries?: number
  /** The first pause between attempts (default 250 ms), doubled after each. */
  backoffMs?: number
}

/** Enough for every answer a probe compares; a longer body is cut, never read whole. */
const BODY_LIMIT = 64 * 1024

async function readCapped(response: Response): Promise<string> {
  if (!response.body) return ''
  const reader = response.body.getReader() as ReadableStreamDefaultReader<Uint8Array>
  const chunks: Uint8Array[] = []
  let size = 0
  while (size < BODY_LIMIT) {
    const { done, value } = await reader.read()
    if (done) break
    chunks.push(value)
    size += value.byteLength
  }
  await reader.cancel().catch(() => undefined)
  return Buffer.concat(chunks).toString('utf8').slice(0, BODY_LIMIT)
}

const retryable = (a: Answer): boolean =>
  'failed' in a ? a.failed !== 'unexpected-answer' : a.status === 429 || a.status >= 500

async function attempt(request: ProbeRequest, signal: AbortSignal): Promise<Answer> {
  try {
    const response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      ...(request.body === undefined ? {} : { body: request.body }),
      redirect: 'manual',
      signal
    })
    return { status: response.status, body: await readCapped(response) }
  } catch {
    return { failed: signal.aborted ? 'timeout' : 'network' }
  }
}

const pause = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((done) => {
    if (signal.aborted) return done()
    const timer = setTimeout(done, ms)
    signal.addEventListener('abort', () => (clearTimeout(timer), done()), { once: true })
  })

/** The last answer after at most `tries` attempts, or why there was none. */
export async function send(request: ProbeRequest, policy: AttemptPolicy): Promise<Answer> {
  const signal = AbortSignal.timeout(policy.timeoutMs)
  const tries = Math.max(1, policy.tries ?? 3)
  let wait = policy.backoffMs ?? 250
  let answer: Answer = { failed: 'timeout' }
  for (let i = 0; i < tries && !signal.aborted; i++) {
    if (i > 0) {
      await pause(wait, signal)
      wait *= 2
      if (signal.aborted) return { failed: 'timeout' }
    }
    answer = await attempt(request, signal)
    if (!retryable(answer)) return answer
  }
  return answer
}

/** What a retried answer that never came good means. */
export function inconclusiveOf(answer: Answer): InconclusiveReason {
  if ('failed' in answer) return answer.failed
  if (answer.status === 429) return 'rate-limited'
  if (answer.status >= 500) return 'server-error'
  return 'unexpected-answer'
}
