// A Stripe and Slack stand-in on 127.0.0.1, for the probes: Stripe's GET /v1/account,
// /v1/webhook_endpoints and /v1/events, and Slack's incoming webhooks (POST /services/T…/B…/…).
// Point the probes at it with `env` (STRIPE_API_BASE, SLACK_HOOKS_BASE). A key or hook no test
// seeded is unknown: 401 quoting the key, or Slack's 404 no_service. Every request is recorded
// (method, path, headers, body) so that a test can assert what was sent, and counted.

import http from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  hookAnswer,
  stripeAnswer,
  stripeUnauthorized,
  type Answer,
  type HookState,
  type ProviderFault,
  type StripeKeyState
} from './providers-seed.js'

export type { HookState, ProviderFault, StripeKeyState } from './providers-seed.js'

/** The only body a probe may send to a webhook. */
const EMPTY_MESSAGE = '{"text":""}'

export interface RecordedRequest {
  method: string
  /** Path and query, as received. */
  path: string
  /** Lower-cased names, as received. */
  headers: Record<string, string>
  body: string
  bodyLength: number
}

export interface ProviderStandinOptions {
  /** How long a `slow` fault waits before answering; default 3000 ms. */
  slowMs?: number
  /** Every answer this much late (the bench: a provider far away); default 0. */
  latencyMs?: number
}

type Faulty<S> = Extract<S, { state: 'fault' }>

export class ProviderStandin {
  readonly requests: RecordedRequest[] = []
  private keys = new Map<string, StripeKeyState>()
  private hooks = new Map<string, HookState>()
  private timers = new Set<NodeJS.Timeout>()
  private port = 0

  private constructor(
    private readonly server: http.Server,
    private readonly slowMs: number,
    private readonly latencyMs = 0
  ) {}

  static async start(options: ProviderStandinOptions = {}): Promise<ProviderStandin> {
    const server = http.createServer()
    const standin = new ProviderStandin(server, options.slowMs ?? 3000, options.latencyMs ?? 0)
    server.on('request', (req, res) => standin.handle(req, res))
    await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready))
    standin.port = (server.address() as AddressInfo).port
    return standin
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`
  }

  /** The environment variables that point the probes here. */
  get env(): { STRIPE_API_BASE: string; SLACK_HOOKS_BASE: string } {
    return { STRIPE_API_BASE: this.url, SLACK_HOOKS_BASE: this.url }
  }

  calls(): number {
    return this.requests.length
  }

  seedKey(key: string, state: StripeKeyState): this {
    this.keys.set(key, state)
    return this
  }

  /** A hook by its URL (https://hooks.slack.com/services/…) or its path. */
  seedHook(hook: string, state: HookState): this {
    this.hooks.set(hook.startsWith('/') ? hook : new URL(hook).pathname, state)
    return this
  }

  /** Forgets every key, hook and recorded request. */
  reset(): void {
    this.requests.length = 0
    this.keys.clear()
    this.hooks.clear()
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer)
    this.server.closeAllConnections()
    await new Promise<void>((done) => this.server.close(() => done()))
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      const headers = Object.fromEntries(
        Object.entries(req.headers).map(([k, v]) => [
          k,
          Array.isArray(v) ? v.join(', ') : (v ?? '')
        ])
      )
      const path = req.url ?? '/'
      this.requests.push({
        method: req.method ?? '',
        path,
        headers,
        body,
        bodyLength: Buffer.byteLength(body)
      })
      this.route(req.method ?? '', path, headers, body, res)
    })
  }

  private route(
    method: string,
    path: string,
    headers: Record<string, string>,
    body: string,
    res: http.ServerResponse
  ): void {
    const pathname = path.split('?')[0] ?? ''
    if (method === 'GET' && /^\/v1\/(account|webhook_endpoints|events)$/.test(pathname)) {
      const key = /^Bearer (.+)$/.exec(headers['authorization'] ?? '')?.[1] ?? ''
      const state = this.settle(this.keys, key, res)
      if (state === 'answered') return
      this.send(res, state ? stripeAnswer(key, state, pathname) : stripeUnauthorized(key, false))
    } else if (method === 'POST' && pathname.startsWith('/services/')) {
      const state = this.settle(this.hooks, pathname, res)
      if (state === 'answered') return
      this.send(
        res,
        hookAnswer(state ?? { state: 'dead', code: 'no_service' }, body === EMPTY_MESSAGE)
      )
    } else {
      this.send(res, { status: 404, body: 'not found', contentType: 'text/plain' })
    }
  }

  /** The state to answer from; a fault is given here (and counted down) and means 'answered'. */
  private settle<S extends { state: string }>(
    states: Map<string, S>,
    id: string,
    res: http.ServerResponse
  ): S | undefined | 'answered' {
    const state = states.get(id)
    if (state?.state !== 'fault') return state
    const fault = state as unknown as Faulty<StripeKeyState | HookState>
    if (fault.times !== undefined) {
      if (fault.times <= 1 && fault.then) states.set(id, fault.then as unknown as S)
      else fault.times -= 1
    }
    this.fault(fault.fault, res)
    return 'answered'
  }

  private fault(fault: ProviderFault, res: http.ServerResponse): void {
    if (fault === 'dropped') res.socket?.destroy()
    else if (fault === 'rate-limited')
      this.send(res, { status: 429, body: '{}', contentType: 'application/json' })
    else if (fault === 'server-error')
      this.send(res, { status: 500, body: '{}', contentType: 'application/json' })
    else {
      const timer = setTimeout(() => {
        this.timers.delete(timer)
        if (!res.destroyed) this.send(res, { status: 500, body: 'late', contentType: 'text/plain' })
      }, this.slowMs)
      this.timers.add(timer)
    }
  }

  private send(res: http.ServerResponse, answer: Answer): void {
    const write = () => {
      if (!res.destroyed)
        res.writeHead(answer.status, { 'content-type': answer.contentType }).end(answer.body)
    }
    if (this.latencyMs === 0) return write()
    const timer = setTimeout(() => {
      this.timers.delete(timer)
      write()
    }, this.latencyMs)
    this.timers.add(timer)
  }
}
