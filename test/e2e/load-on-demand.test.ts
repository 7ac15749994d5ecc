/**
 * The action loads what a run needs, and no more: the Lambda client and @actions/github live in
 * chunk files beside dist/index.js, read only by a run with consumers or with alert-issue. Each
 * run of the committed bundle gets a load hook (module.registerHooks, through --import) that
 * writes down every module file Node loads; a plain sync must load dist/index.js alone.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals'
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import {
  actionRunOf,
  BUNDLE,
  node24,
  runnerEnv,
  runnerFiles,
  type ActionRun
} from '../../standin/runner.js'
import { startStandin, type Backend } from './backends.js'
import { secretsInput } from './fixtures.js'

const DIST = dirname(BUNDLE)
let dir: string
let hook: string
let backend: Backend

/** Runs dist/index.js with these inputs; also returns the dist/ files Node loaded, in order. */
async function runLogged(
  inputs: Record<string, string>,
  extraEnv: Record<string, string> = {}
): Promise<{ run: ActionRun; loaded: string[] }> {
  const runDir = mkdtempSync(join(dir, 'run-'))
  const files = runnerFiles(inputs, runDir)
  const log = join(runDir, 'loaded')
  writeFileSync(log, '')
  const child = spawn(node24(), ['--import', pathToFileURL(hook).href, BUNDLE], {
    env: { ...runnerEnv(backend.url, extraEnv), ...files.env, LOADED_LOG: log },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000)
  const code = await new Promise<number | null>((ok) => child.once('close', ok))
  clearTimeout(timer)
  const loaded = readFileSync(log, 'utf8')
    .split('\n')
    .filter((url) => url.startsWith('file:'))
    .map((url) => fileURLToPath(url))
    .filter((path) => dirname(path) === DIST)
    .map((path) => basename(path))
  return { run: actionRunOf(code, stdout, stderr, files), loaded }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'imp-load-'))
  hook = join(dir, 'hook.mjs')
  writeFileSync(
    hook,
    [
      "import { registerHooks } from 'node:module'",
      "import { appendFileSync } from 'node:fs'",
      'registerHooks({',
      '  load(url, context, next) {',
      "    appendFileSync(process.env.LOADED_LOG, url + '\\n')",
      '    return next(url, context)',
      '  }',
      '})',
      ''
    ].join('\n')
  )
  backend = await startStandin()
}, 30_000)
afterAll(async () => {
  await backend?.stop()
  rmSync(dir, { recursive: true, force: true })
})
beforeEach(() => backend.reset())

describe('the action loads the Lambda client and @actions/github only when a run needs them', () => {
  test('a plain sync loads dist/index.js alone, no chunk file', async () => {
    const { run, loaded } = await runLogged({ environment: 'dev', secrets: secretsInput() })
    expect(run.code).toBe(0)
    expect(run.outputs.result).toBeDefined()
    expect(loaded).toEqual(['index.js'])
  })

  test('a sync with consumers loads one chunk file, for its Lambda calls', async () => {
    backend.standin?.putFunction({ name: 'registration-payment', variables: { TABLE: 't' } })
    const { run, loaded } = await runLogged({
      environment: 'dev',
      secrets: secretsInput(),
      consumers: 'stripe/api_key: registration-payment'
    })
    expect(run.code).toBe(0)
    const lambda = backend.standin?.log().filter((c) => c.operation.startsWith('lambda:')) ?? []
    expect(lambda.length).toBeGreaterThan(0)
    expect(loaded).toEqual(['index.js', expect.stringMatching(/^\d+\.index\.js$/)])
  })

  test('an audit with alert-issue loads one chunk file, for GitHub, another one', async () => {
    const consumers = await runLogged({
      environment: 'dev',
      secrets: secretsInput(),
      consumers: 'stripe/api_key: registration-payment'
    })
    const { run, loaded } = await runLogged(
      { environment: 'dev', mode: 'audit', 'alert-issue': 'true', 'github-token': 'ghs_token' },
      // Nothing listens there: the chunk is loaded before the first call, which fails.
      { GITHUB_API_URL: 'http://127.0.0.1:9' }
    )
    expect(run.code).toBe(0)
    expect(run.warnings.join('\n')).toContain("GitHub's API could not be reached")
    expect(loaded).toEqual(['index.js', expect.stringMatching(/^\d+\.index\.js$/)])
    expect(loaded[1]).not.toBe(consumers.loaded[1])
  })
})
