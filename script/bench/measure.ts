/**
 * One measured run of the committed bundle, as a runner runs it (standin/runner.ts runnerEnv: INPUT_*
 * variables, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, AWS_ENDPOINT_URL to the stand-in), and
 * the floors it is compared with.
 *
 * Why not runner.ts runAction: it resolves the Node 24 binary (a `node --version` child process)
 * after it is called, so the moment of the spawn is not known to the caller; start-up (spawn to
 * first API call) needs that moment. Everything else comes from runner.ts.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { BUNDLE, parseOutputFile, runnerEnv, runnerFiles } from '../../standin/runner.js'
import { roundTripDepth, type CallRecord, type Standin } from '../../standin/server.js'
import { BATCH_GET_LIMIT, STORE_DEFAULTS } from '../../src/store/aws.js'

/** The stand-in's clock (standin/server.ts): epoch milliseconds, fractional. */
export const clock = (): number => performance.timeOrigin + performance.now()

export interface Sample {
  code: number | null
  /** spawn → the process closed its output (exit) */
  wallMs: number
  /** spawn → the first request reached the stand-in */
  startupMs: number
  /** first call arrived → last call answered */
  spanMs: number
  /** last answer sent → the process closed */
  tailMs: number
  /** longest chain of sequential round trips (the stand-in's roundTripDepth) */
  depth: number
  /** calls per operation, retries included */
  calls: Record<string, number>
  /** answers that were ThrottlingException */
  throttled: number
  /** successful CreateSecret/PutSecretValue answers in each second from the first write */
  writesPerSecond: number[]
  outputs: Record<string, string>
  errors: string[]
  stderr: string
}

/** Runs `node24 dist/index.js` (or another bundle) once with these inputs, against the stand-in. */
export async function runOnce(
  node: string,
  standin: Standin,
  inputs: Record<string, string>,
  timeoutMs = 120_000,
  bundle = BUNDLE,
  nodeArgs: readonly string[] = [],
  extraEnv: Record<string, string> = {}
): Promise<Sample> {
  const dir = mkdtempSync(join(tmpdir(), 'imp-bench-'))
  const files = runnerFiles(inputs, dir)
  const env = { ...runnerEnv(standin.url, extraEnv), ...files.env }
  standin.resetCalls()
  let stdout = ''
  let stderr = ''
  const spawned = clock()
  const child = spawn(node, [...nodeArgs, bundle], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
  const code = await new Promise<number | null>((ok) => child.once('close', ok))
  const closed = clock()
  clearTimeout(timer)
  const outputs = parseOutputFile(readFileSync(files.outputPath, 'utf8'))
  rmSync(dir, { recursive: true, force: true })
  const log = standin.log()
  const first = Math.min(...log.map((c) => c.start))
  const last = Math.max(...log.map((c) => c.end))
  return {
    code,
    wallMs: closed - spawned,
    startupMs: log.length ? first - spawned : NaN,
    spanMs: log.length ? last - first : NaN,
    tailMs: log.length ? closed - last : NaN,
    depth: roundTripDepth(log),
    calls: standin.calls(),
    throttled: log.filter((c) => c.errorCode === 'ThrottlingException').length,
    writesPerSecond: perSecond(log.filter((c) => WRITES.has(c.operation) && c.status === 200)),
    outputs,
    errors: stdout.split('\n').filter((l) => l.startsWith('::error')),
    stderr
  }
}

const WRITES = new Set(['CreateSecret', 'PutSecretValue'])

/** How many of these calls were answered in each second, from the first one's arrival. */
function perSecond(calls: readonly CallRecord[]): number[] {
  if (calls.length === 0) return []
  const from = Math.min(...calls.map((c) => c.start))
  const counts: number[] = []
  for (const c of calls) {
    const second = Math.floor((c.end - from) / 1000)
    while (counts.length <= second) counts.push(0)
    counts[second] = (counts[second] ?? 0) + 1
  }
  return counts
}

/** The engine's settings the floors depend on, taken from the store itself. */
export const CONCURRENCY: number = STORE_DEFAULTS.concurrency
export { BATCH_GET_LIMIT }

/**
 * The fewest sequential round trips the engine can need for n targets of which `creates` are new
 * and `updates` changed, with at most CONCURRENCY calls in flight.
 *
 * First the account check (one STS call). Reading is one DescribeSecret per target plus one BatchGetSecretValue per 20 targets, all
 * issued at once: ceil(reads / CONCURRENCY) waves. Writing starts only after every read is
 * answered (the plan needs them all): a create is one call, an update is PutSecretValue then
 * TagResource (two in a row), so ceil(writeCalls / CONCURRENCY) waves and at least 2 when
 * anything is updated. The two stages cannot overlap, so their waves add up.
 */
export function floorDepth(n: number, creates: number, updates: number): number {
  const reads = n + Math.ceil(n / BATCH_GET_LIMIT)
  const readWaves = Math.ceil(reads / CONCURRENCY)
  const writeCalls = creates + 2 * updates
  const writeWaves = Math.max(Math.ceil(writeCalls / CONCURRENCY), updates > 0 ? 2 : 0)
  return ACCOUNT_CHECK + readWaves + writeWaves
}

/**
 * The bench runs as the shipped workflows do, with expected-account-id: one STS call, answered
 * before any read.
 */
export const ACCOUNT_CHECK = 1
export const STANDIN_ACCOUNT = '123456789012'

export const median = (xs: readonly number[]): number => {
  const sorted = [...xs].filter(Number.isFinite).sort((a, b) => a - b)
  if (sorted.length === 0) return NaN
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}
