/**
 * The far-runner fix: Node gives each address of a host 250 ms to connect before it moves on to
 * the next ("Happy Eyeballs"), which is what made aws-actions/aws-secretsmanager-get-secrets time
 * out from far regions. AwsStore gives each address a fifth of connect-timeout instead. Here a
 * host name resolves to two addresses, the first of which never answers (a listener whose queue
 * is full drops the SYN), so the time to the answer is the time given to the first address.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { Standin } from '../../standin/server.js'
import { spawn, type ChildProcess } from 'node:child_process'
import dns from 'node:dns'
import net from 'node:net'
import { AwsStore, addressAttemptMs } from '../../src/store/aws.js'
import { PYTHON3, runsWith } from '../tools.js'

process.env.AWS_ACCESS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE'
process.env.AWS_SECRET_ACCESS_KEY = 'test'

const HOST = 'two-addresses.test'
const BLACKHOLE = `
import socket, sys, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('127.0.0.2', int(sys.argv[1]))); s.listen(0)
queued = []
for _ in range(3):
    c = socket.socket(); c.setblocking(False)
    try: c.connect(('127.0.0.2', int(sys.argv[1])))
    except BlockingIOError: pass
    queued.append(c)
print('ready', flush=True)
time.sleep(120)
`
const python = runsWith(PYTHON3)

let standin: Standin
let port: number
let blackhole: ChildProcess | undefined
const lookup = dns.lookup

beforeAll(async () => {
  // The same port on two addresses: pick at random, again if another process holds it.
  for (let attempt = 1; ; attempt++) {
    port = 20_000 + Math.floor(Math.random() * 30_000)
    try {
      standin = await Standin.start({ port })
      break
    } catch (error) {
      if ((error as { code?: string }).code !== 'EADDRINUSE' || attempt === 20) throw error
    }
  }
  if (!python) return
  blackhole = spawn(PYTHON3.command(), ['-c', BLACKHOLE, String(port)], {
    stdio: ['ignore', 'pipe', 'pipe']
  })
  await new Promise((ready) => blackhole?.stdout?.once('data', ready))
  // HOST: first 127.0.0.2 (never answers), then 127.0.0.1 (the stand-in), as a dual-stack or
  // multi-address AWS endpoint can resolve.
  ;(dns as { lookup: unknown }).lookup = (
    host: string,
    options: { all?: boolean },
    callback: (...args: unknown[]) => void
  ) => {
    if (host !== HOST) return (lookup as (...a: unknown[]) => void)(host, options, callback)
    if (options?.all)
      return callback(null, [
        { address: '127.0.0.2', family: 4 },
        { address: '127.0.0.1', family: 4 }
      ])
    return callback(null, '127.0.0.2', 4)
  }
})
afterAll(async () => {
  ;(dns as { lookup: unknown }).lookup = lookup
  blackhole?.kill()
  await standin?.stop()
})

async function timeToAnswer(connectionTimeoutMs: number): Promise<number> {
  const store = new AwsStore({
    region: 'eu-west-3',
    endpoint: `http://${HOST}:${port}`,
    connectionTimeoutMs,
    maxAttempts: 1
  })
  const started = performance.now()
  try {
    await store.describe(['impressionnistes/stripe/api_key'])
    return performance.now() - started
  } finally {
    store.destroy()
  }
}

describe('each address of the endpoint gets a fifth of connect-timeout', () => {
  test('the per-address time: a fifth, never below Node’s 250 ms', () => {
    expect(addressAttemptMs(5_000)).toBe(1_000)
    expect(addressAttemptMs(10_000)).toBe(2_000)
    expect(addressAttemptMs(500)).toBe(250)
  })

  const maybe = python ? test : test.skip
  maybe('plain Node leaves the silent address after 250 ms', async () => {
    const started = performance.now()
    await new Promise<void>((ok, fail) => {
      const socket = net.connect({ host: HOST, port }, () => {
        socket.destroy()
        ok()
      })
      socket.once('error', fail)
    })
    expect(performance.now() - started).toBeLessThan(900)
  })

  maybe.each([
    [5_000, 1_000],
    [10_000, 2_000]
  ])(
    'connect-timeout %i ms: the silent address gets %i ms, then the next answers',
    async (connect, perAddress) => {
      const took = await timeToAnswer(connect)
      expect(took).toBeGreaterThanOrEqual(perAddress - 50)
      expect(took).toBeLessThan(perAddress + 1_500)
      expect(standin.calls().DescribeSecret).toBeGreaterThan(0)
    }
  )
})
