/**
 * Node.js 22 or later, everywhere: the tests themselves run on it (npm puts the `node` package's
 * Node 24 first on PATH), and the committed CLI bundle refuses an older Node in one line, before
 * the AWS SDK loads (and prints its nine-line support warning) or anything is called.
 */
import { describe, expect, test } from '@jest/globals'
import { node24, ROOT, STANDIN_ENVIRONMENTS } from '../../standin/runner.js'
import { startStandin, useBackend } from './backends.js'
import { spawn, spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { CLI, laptopEnv } from './cli-harness.js'
import { MINIMUM_NODE_MAJOR, nodeMajor, OLD_NODE, runsWith } from '../tools.js'

describe('the tests run on Node.js 22 or later', () => {
  test('package.json requires it', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      engines?: { node?: string }
    }
    expect(pkg.engines?.node).toBe(`>=${MINIMUM_NODE_MAJOR}`)
  })

  test('jest runs on it', () => {
    expect(nodeMajor(process.versions.node)).toBeGreaterThanOrEqual(MINIMUM_NODE_MAJOR)
  })

  test('so does the `node` on PATH (what the Makefile, tsc and eslint run on)', () => {
    const version = spawnSync('node', ['--version'], { encoding: 'utf8' }).stdout.trim()
    expect(nodeMajor(version)).toBeGreaterThanOrEqual(MINIMUM_NODE_MAJOR)
  })
})

/** The CLI bundle on a given Node, as a user's shell runs it; nothing from this process's env. */
function runCliOn(node: string, args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
    const child = spawn(node, [CLI, ...args], { env, cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000)
    child.once('close', (code) => {
      clearTimeout(timer)
      done({ code, stdout, stderr })
    })
  })
}

describe('the CLI bundle and the Node.js it runs on', () => {
  const backend = useBackend(startStandin, { resetEachTest: false })
  // Node's warnings stay on: the SDK's support warning is what an old Node would show.
  const env = () => {
    const e = laptopEnv(backend.url)
    delete e.NODE_NO_WARNINGS
    return e
  }

  test('on Node 24 it runs: lists the environment from the stand-in, without a support warning', async () => {
    backend.standin?.resetCalls()
    const run = await runCliOn(
      node24(),
      ['list', '--env', 'dev', '--environments', STANDIN_ENVIRONMENTS],
      env()
    )
    expect(run.stderr).not.toContain('NodeVersionSupportWarning')
    expect(run.stderr).not.toContain('needs Node.js')
    expect(run.code).toBe(0)
    expect(Object.keys(backend.standin?.calls() ?? {})).not.toEqual([])
  })

  // An older Node is found on PATH (this machine's system Node); none: skipped, and said so.
  const withOldNode = runsWith(OLD_NODE) ? test : test.skip
  withOldNode(
    'on a Node older than 22 it says so in one line and stops, calling nothing',
    async () => {
      const old = OLD_NODE.command()
      const version = spawnSync(old, ['--version'], { encoding: 'utf8' }).stdout.trim()
      expect(nodeMajor(version)).toBeLessThan(MINIMUM_NODE_MAJOR)
      backend.standin?.resetCalls()
      const run = await runCliOn(
        old,
        ['list', '--env', 'dev', '--environments', STANDIN_ENVIRONMENTS],
        env()
      )
      expect(run.stderr).toBe(
        `impressionnistes-secrets needs Node.js 22 or later; this is Node.js ${version.replace(/^v/, '')}.\n`
      )
      expect(run.stdout).toBe('')
      expect(run.code).toBe(1)
      expect(backend.standin?.calls()).toEqual({})
    }
  )
})
