/**
 * The back ends the end-to-end tests run against, and their whole lifecycle in one place: the
 * stand-in (in this process), and moto's server (a Python process). A test file or describe block
 * calls `useBackend()` (or `describeEachBackend`, for both back ends): the back end is started
 * before its first test with a client to it, emptied before each test, and stopped (the client
 * destroyed) after its last.
 */
import { afterAll, beforeAll, beforeEach, describe } from '@jest/globals'
import { spawn } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { Standin, type StandinOptions } from '../../standin/server.js'
import { missingMessage, MOTO, runsWith } from '../tools.js'
import { client } from './harness.js'

export interface Backend {
  name: 'standin' | 'moto'
  url: string
  /** Secrets Manager call counts (stand-in only). */
  standin?: Standin | undefined
  reset(): Promise<void>
  stop(): Promise<void>
}

export async function startStandin(options: StandinOptions = {}): Promise<Backend> {
  const standin = await Standin.start(options)
  return {
    name: 'standin',
    url: standin.url,
    standin,
    reset: async () => {
      standin.reset()
      standin.clearFaults()
      standin.resetCalls()
    },
    stop: () => standin.stop()
  }
}

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer()
    server.once('error', fail)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => ok(port))
    })
  })
}

/**
 * moto's server, run so that it ends with the process that started it (a jest worker): it polls
 * its parent and exits when it is gone, so nothing is left behind even when a worker is killed.
 */
const MOTO_UNTIL_PARENT_EXITS = `
import os, sys, threading, time
parent = os.getppid()
def watch():
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)
threading.Thread(target=watch, daemon=True).start()
from moto.server import main
main(sys.argv[1:])
`

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/moto-api/`)).status < 500
  } catch {
    return false
  }
}

async function spawnMoto(): Promise<{ pid: number; url: string }> {
  const why = MOTO.missing()
  if (why) throw new Error(missingMessage(MOTO, why))
  const port = await freePort()
  const args = ['-c', MOTO_UNTIL_PARENT_EXITS, '-H', '127.0.0.1', '-p', String(port)]
  const child = spawn(MOTO.command(), args, { stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 20_000
  while (!(await answers(url))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill()
      throw new Error(`moto server did not start: ${stderr.slice(-500)}`)
    }
    await new Promise((r) => setTimeout(r, 150))
  }
  child.stderr.destroy()
  child.unref()
  return { pid: child.pid as number, url }
}

/**
 * One moto server per jest worker, shared by the test files that worker runs one after the
 * other (each file has its own module registry, so the worker's server is found through a file
 * named after the worker's process id). Starting moto costs seconds; emptying it costs one call.
 */
async function workerMoto(): Promise<string> {
  const registry = join(tmpdir(), `imp-moto-worker-${process.pid}.json`)
  try {
    const known = JSON.parse(readFileSync(registry, 'utf8')) as { pid: number; url: string }
    // Alive (it would have ended with a former holder of this process id) and answering.
    process.kill(known.pid, 0)
    if (await answers(known.url)) return known.url
  } catch {
    // none yet, or gone
  }
  const { pid, url } = await spawnMoto()
  writeFileSync(registry, JSON.stringify({ pid, url }))
  return url
}

export async function startMoto(): Promise<Backend> {
  const url = await workerMoto()
  const reset = async () => {
    await fetch(`${url}/moto-api/reset`, { method: 'POST' })
  }
  await reset()
  // The server stays up for the worker's next file; what this file wrote is emptied.
  return { name: 'moto', url, reset, stop: reset }
}

/** A back end in use by a describe block: the Backend, and a client straight to it. */
export interface LiveBackend extends Backend {
  /** A Secrets Manager client to the back end, for seeding and reading back. */
  readonly sm: SecretsManagerClient
}

export interface UseOptions {
  /** Empty the back end before each test (default true). */
  resetEachTest?: boolean
}

/**
 * Registers the lifecycle of one back end with the enclosing describe block (or file): started
 * before the first test, emptied before each one, stopped after the last. What it returns is
 * usable from inside hooks and tests only.
 */
export function useBackend(
  start: () => Promise<Backend> = () => startStandin(),
  { resetEachTest = true }: UseOptions = {}
): LiveBackend {
  let backend: Backend | undefined
  let sm: SecretsManagerClient | undefined
  const started = (): Backend => {
    if (!backend) throw new Error('the back end is used outside a test or hook')
    return backend
  }
  beforeAll(async () => {
    backend = await start()
    sm = client(backend.url)
  }, 30_000)
  afterAll(async () => {
    sm?.destroy()
    await backend?.stop()
  })
  if (resetEachTest) beforeEach(async () => started().reset())
  return {
    get name() {
      return started().name
    },
    get url() {
      return started().url
    },
    get standin() {
      return started().standin
    },
    get sm() {
      started()
      return sm as SecretsManagerClient
    },
    reset: () => started().reset(),
    stop: () => started().stop()
  }
}

type BackendSuite = (backend: LiveBackend, label: string) => void

/**
 * One describe block per back end, each with its back end in use (useBackend): the stand-in
 * always, and moto. Without moto the moto block is registered with jest's skip, and the run's
 * closing lines say how to install it (test/tools.ts); under CI=true it runs instead, and fails.
 */
export function describeEachBackend(title: string, suite: BackendSuite): void {
  const blocks: [string, () => Promise<Backend>][] = [['stand-in', () => startStandin()]]
  describe.each(blocks)(title, (label, start) => suite(useBackend(start), label))
  const withMoto = runsWith(MOTO) ? describe.each : describe.skip.each
  withMoto([['moto', startMoto]])(title, (label, start) => suite(useBackend(start), label))
}
