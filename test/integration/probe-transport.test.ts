/**
 * The probes' one request (src/providers/http.ts), against a plain local server: exactly the
 * method, headers and body asked for; a redirect is an answer, never followed; a body past the
 * cap is cut, not read whole; 429 and 5xx are retried, and the time limit holds for the whole.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { send } from '../../src/providers/http.js'

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void
let handler: Handler
let seen: {
  method?: string | undefined
  url?: string | undefined
  body: string
  type?: string | undefined
}[] = []
let server: http.Server
let base: string

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = ''
    req.on('data', (d: Buffer) => (body += d.toString()))
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, body, type: req.headers['content-type'] })
      handler(req, res, body)
    })
  })
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((ok) => server.close(() => ok())))
beforeEach(() => {
  seen = []
})

const post = (path: string) => ({
  method: 'POST' as const,
  url: new URL(path, base),
  headers: { 'content-type': 'application/json' },
  body: '{"text":""}'
})

describe('one probe request', () => {
  test('sends exactly what it is given and reads the answer', async () => {
    handler = (_req, res) => (res.writeHead(400), res.end('no_text'))
    const answer = await send(post('/services/T1/B1/x'), { timeoutMs: 2000 })
    expect(answer).toEqual({ status: 400, body: 'no_text' })
    expect(seen).toEqual([
      { method: 'POST', url: '/services/T1/B1/x', body: '{"text":""}', type: 'application/json' }
    ])
  })

  test('a redirect is the answer: the Location is never followed', async () => {
    handler = (req, res) =>
      req.url === '/elsewhere'
        ? (res.writeHead(200), res.end('ok'))
        : (res.writeHead(302, { location: `${base}/elsewhere` }), res.end())
    const answer = await send(post('/hook'), { timeoutMs: 2000 })
    expect(answer).toMatchObject({ status: 302 })
    expect(seen.map((s) => s.url)).toEqual(['/hook'])
  })

  test('a body past 64 KiB is cut, not read to its end', async () => {
    let written = 0
    handler = (_req, res) => {
      res.writeHead(400)
      const chunk = Buffer.alloc(16 * 1024, 'a')
      // An endless body: only the cap (and closing the connection) ends the read.
      const more = () => {
        while (!res.destroyed && written < 64 * 1024 * 1024 && res.write(chunk))
          written += chunk.length
        if (!res.destroyed && written < 64 * 1024 * 1024) res.once('drain', more)
      }
      more()
    }
    const answer = await send(post('/big'), { timeoutMs: 5000 })
    expect('body' in answer && answer.body.length).toBe(64 * 1024)
    expect(written).toBeLessThan(8 * 1024 * 1024)
  })

  test('429 and 5xx are retried, then the last answer is given', async () => {
    handler = (_req, res) => (res.writeHead(seen.length < 3 ? 503 : 400), res.end('no_text'))
    const answer = await send(post('/flaky'), { timeoutMs: 5000, backoffMs: 10 })
    expect(answer).toEqual({ status: 400, body: 'no_text' })
    expect(seen).toHaveLength(3)
  })

  test('no answer within the time limit is a time-out; a refused connection a network failure', async () => {
    handler = () => undefined // never answers
    const started = Date.now()
    expect(await send(post('/silent'), { timeoutMs: 300, tries: 3 })).toEqual({
      failed: 'timeout'
    })
    expect(Date.now() - started).toBeLessThan(2000)
    const closed = { ...post('/x'), url: new URL('http://127.0.0.1:9/x') }
    expect(await send(closed, { timeoutMs: 2000, tries: 1 })).toEqual({ failed: 'network' })
  })
})
