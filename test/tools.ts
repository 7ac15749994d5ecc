/**
 * The tools outside Node and npm that some tests need (shellcheck, make, python3, moto's server
 * through python3, an older Node for the CLI's version check), found in one place.
 *
 * A test file asks `runsWith(TOOL)`: true when the tool is there. When it is missing, the answer
 * is false (the caller registers those tests with jest's skip) and the run's closing lines say
 * which tool is missing and how to install it; under CI=true it is true instead, so the tests run
 * and fail with the install command: CI never skips silently. A tool named in TEST_ALLOW_MISSING
 * (comma-separated) is skipped even under CI, for a CI script that has said why it cannot install it.
 *
 * For trying this out, each tool's command can be pointed elsewhere (a path that does not exist
 * hides the tool): TEST_SHELLCHECK_BIN, TEST_MAKE_BIN, TEST_PYTHON3_BIN, TEST_CFN_LINT_BIN, TEST_OLD_NODE_BIN.
 */
import { spawnSync } from 'node:child_process'
import { appendFileSync, readdirSync } from 'node:fs'
import { delimiter, join } from 'node:path'

export const MINIMUM_NODE_MAJOR = 22

export interface Tool {
  /** The name used in notes and in TEST_ALLOW_MISSING. */
  readonly name: string
  /** How to get it, for the note and the failure message. */
  readonly install: string
  /** Whether CI=true turns a missing tool into failures (false: always a visible skip). */
  readonly requiredUnderCi: boolean
  /** The command to run it by. */
  command(): string
  /** Why it cannot be used here, or undefined when it can. */
  missing(): string | undefined
}

function memo<T>(f: () => T): () => T {
  let done = false
  let value: T
  return () => {
    if (!done) {
      value = f()
      done = true
    }
    return value
  }
}

/** Why `command args` did not run and exit 0, or undefined when it did. */
function probe(command: string, args: string[]): string | undefined {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 20_000 })
  if (result.error) return `${command}: ${result.error.message}`
  if (result.status !== 0)
    return `\`${command} ${args.join(' ')}\` exited ${result.status}: ${result.stderr.trim().split('\n').pop() ?? ''}`
  return undefined
}

export const SHELLCHECK: Tool = {
  name: 'shellcheck',
  install: 'apt-get install shellcheck',
  requiredUnderCi: true,
  command: () => process.env.TEST_SHELLCHECK_BIN || 'shellcheck',
  missing: memo(() => probe(SHELLCHECK.command(), ['--version']))
}

/** make, for today's runbook targets (test/e2e/makefile). */
export const MAKE: Tool = {
  name: 'make',
  install: 'apt-get install make',
  requiredUnderCi: true,
  command: () => process.env.TEST_MAKE_BIN || 'make',
  missing: memo(() => probe(MAKE.command(), ['--version']))
}

/** Python 3, for the test that needs a listener that never accepts (test/e2e/connect-timeout-per-address). */
export const PYTHON3: Tool = {
  name: 'python3',
  install: 'apt-get install python3',
  requiredUnderCi: true,
  command: () => process.env.TEST_PYTHON3_BIN || 'python3',
  missing: memo(() => probe(PYTHON3.command(), ['-c', 'import socket']))
}

/** moto's Secrets Manager server, run as `python3 -m moto.server`. */
export const MOTO: Tool = {
  name: 'moto',
  install:
    "python3 -m pip install 'moto[server]', or into a venv named by TEST_PYTHON3_BIN=VENV/bin/python3",
  requiredUnderCi: true,
  command: () => process.env.TEST_PYTHON3_BIN || 'python3',
  missing: memo(() => probe(MOTO.command(), ['-c', 'import moto.server']))
}

/** cfn-lint, AWS's CloudFormation linter (Python; test/infra/template). */
export const CFN_LINT: Tool = {
  name: 'cfn-lint',
  install: 'python3 -m pip install cfn-lint, or TEST_CFN_LINT_BIN=PATH to one',
  requiredUnderCi: true,
  command: () => process.env.TEST_CFN_LINT_BIN || 'cfn-lint',
  missing: memo(() => probe(CFN_LINT.command(), ['--version']))
}

export const nodeMajor = (version: string) => Number(version.replace(/^v/, '').split('.')[0])

function nodeVersion(path: string): string | undefined {
  const result = spawnSync(path, ['--version'], { encoding: 'utf8', timeout: 20_000 })
  return result.status === 0 ? result.stdout.trim() : undefined
}

/** Every `node` on PATH, in PATH order, without repeats. */
function nodesOnPath(): string[] {
  const found: string[] = []
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    try {
      if (dir && readdirSync(dir).includes('node')) found.push(join(dir, 'node'))
    } catch {
      // not a readable directory
    }
  }
  return [...new Set(found)]
}

const findOldNode = memo((): { path?: string; why?: string } => {
  const candidates = process.env.TEST_OLD_NODE_BIN ? [process.env.TEST_OLD_NODE_BIN] : nodesOnPath()
  const seen: string[] = []
  for (const path of candidates) {
    const version = nodeVersion(path)
    seen.push(`${path} ${version ?? 'does not run'}`)
    if (version && nodeMajor(version) < MINIMUM_NODE_MAJOR) return { path }
  }
  return {
    why: `no node older than ${MINIMUM_NODE_MAJOR} on PATH; found ${seen.join(', ') || 'none'}`
  }
})

/** A Node.js older than the minimum, to see the CLI refuse it. */
export const OLD_NODE: Tool = {
  name: `node<${MINIMUM_NODE_MAJOR}`,
  install: `put a Node.js older than ${MINIMUM_NODE_MAJOR} on PATH (Debian 12: apt-get install nodejs gives Node 18)`,
  requiredUnderCi: false,
  command: () => findOldNode().path ?? 'node',
  missing: () => findOldNode().why
}

/** The message a test fails with when the tool is missing under CI. */
export function missingMessage(tool: Tool, why = tool.missing()): string {
  return `${tool.name} is missing (${why ?? 'unknown reason'}); install it: ${tool.install}`
}

const allowedMissing = () =>
  (process.env.TEST_ALLOW_MISSING ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)

/** Tells the closing-line reporter (through the file it named) or, without it, stderr. */
function note(line: string): void {
  const file = process.env.TEST_TOOL_NOTES
  if (file) appendFileSync(file, `${line}\n`)
  else process.stderr.write(`\n${line}\n`)
}

/**
 * Whether the tests that need `tool` should run here. False only when the tool is missing and
 * that may be skipped (not under CI=true, or allowed by TEST_ALLOW_MISSING); the run's closing
 * lines then name the tool and its install command. Under CI=true a missing tool gives true, so
 * its tests run and fail.
 */
export function runsWith(tool: Tool): boolean {
  const why = tool.missing()
  if (why === undefined) return true
  const failsHere =
    process.env.CI === 'true' && tool.requiredUnderCi && !allowedMissing().includes(tool.name)
  note(
    failsHere
      ? `tools: ${tool.name} is missing (${why}) and CI=true, so its tests fail; install it: ${tool.install}`
      : `tools: ${tool.name} is missing (${why}), so its tests are skipped; install it: ${tool.install}`
  )
  return failsHere
}
