/**
 * One probe's request: a fixed method, URL and headers, no redirect followed, at most `tries`
 * attempts with backoff, all within one time limit. The answer is the status and the start of
 * the body, for the adapter to compare against fixed sets: never printed, never stored.
 */
import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
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

const retryable = (a: Answer): boolean =>
  'failed' in a ? a.failed !== 'unexpected-answer' : a.status === 429 || a.status >= 500

/**
 * One attempt, with node:http(s), which the AWS SDK has loaded already (the first `fetch` of a
 * process costs its own client's start): no redirect is ever followed, and at most BODY_LIMIT
 * bytes of the answer are kept.
 */
function attempt(request: ProbeRequest, signal: AbortSignal): Promise<Answer> {
  const send = request.url.protocol === 'http:' ? httpRequest : httpsRequest
  return new Promise((done) => {
    const failed = () => done({ failed: signal.aborted ? 'timeout' : 'network' })
    const outgoing = send(
      request.url,
      { method: request.method, headers: request.headers, signal },
      (response) => {
        const chunks: Buffer[] = []
        let size = 0
        response.on('data', (chunk: Buffer) => {
          if (size >= BODY_LIMIT) return
          chunks.push(chunk)
          size += chunk.byteLength
          if (size >= BODY_LIMIT) response.destroy()
        })
        const finish = () =>
          done({
            status: response.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8').slice(0, BODY_LIMIT)
          })
        response.on('end', finish)
        response.on('close', finish)
        response.on('error', () => (size >= BODY_LIMIT ? finish() : failed()))
      }
    )
    outgoing.on('error', failed)
    outgoing.end(request.body)
  })
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
