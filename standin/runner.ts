/**
 * The runner, stood in for: runs the committed bundle exactly as a GitHub runner does,
 * `node24 dist/index.js` with INPUT_* variables, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, and
 * the exit code, against whatever AWS_ENDPOINT_URL names (the stand-in, moto's server).
 * The end-to-end tests, the demo (npm start) and the benchmarks run the action through it.
 */
import { spawn, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { rehearsalValues } from './rehearsal.js'

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
export const BUNDLE = join(ROOT, 'dist/index.js')

/**
 * The stand-in's (and moto's) account and region, pinned for every environment: the environments
 * file rehearsals and tests run with (ENVIRONMENTS=, --environments, the environments input).
 */
export const STANDIN_ENVIRONMENTS = join(ROOT, 'standin/environments.json')

/** The account the stand-in and moto answer STS with, and the region of the rehearsals. */
export const STANDIN_ACCOUNT = '123456789012'
export const STANDIN_REGION = 'eu-west-3'

export type Pins = Record<string, { account?: string; region?: string } | string>

/**
 * Writes `<dir>/.github/secrets-environments.json` (where the fronts look by default): dev and
 * prod pinned to the stand-in's account and region, or as `pins` says (an entry as text is
 * written as it is, to give a file a mistake). Returns the file's path.
 */
export function writeEnvironments(dir: string, pins: Pins = { dev: {}, prod: {} }): string {
  const path = join(dir, '.github/secrets-environments.json')
  mkdirSync(dirname(path), { recursive: true })
  const entries = Object.entries(pins).map(([name, pin]) =>
    typeof pin === 'string'
      ? `  ${JSON.stringify(name)}: ${pin}`
      : `  ${JSON.stringify(name)}: ${JSON.stringify({
          account: pin.account ?? STANDIN_ACCOUNT,
          region: pin.region ?? STANDIN_REGION
        })}`
  )
  writeFileSync(path, `{\n${entries.join(',\n')}\n}\n`)
  return path
}

/** An environments file of its own (see writeEnvironments), in a new temporary folder. */
export function environmentsFile(pins?: Pins): string {
  return writeEnvironments(mkdtempSync(join(tmpdir(), 'imp-environments-')), pins)
}

let workspace: string | undefined

/**
 * A runner's workspace holding the environments file at its default place, pinned to the
 * stand-in's account and region: made once per process, removed when it exits.
 */
export function standinWorkspace(): string {
  if (workspace) return workspace
  const dir = mkdtempSync(join(tmpdir(), 'imp-workspace-'))
  writeEnvironments(dir)
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }))
  workspace = dir
  return dir
}

let checkedNode24: string | undefined

/**
 * The runtime action.yml declares (node24), from the `node` package of the npm registry; its
 * version is checked once per process, not before every run.
 */
export function node24(): string {
  if (checkedNode24) return checkedNode24
  const bin = join(ROOT, 'node_modules/node/bin/node')
  const version = spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout.trim()
  if (!version.startsWith('v24.'))
    throw new Error(`expected Node 24 at ${bin}, found ${version || 'nothing'}`)
  checkedNode24 = bin
  return bin
}

/**
 * Node's compile cache, when the calling process has one (NODE_COMPILE_CACHE): the test suite
 * sets it (package.json's "jest" script) so that the bundles, started hundreds of times, are
 * compiled once rather than at every start. It changes nothing the bundle does.
 */
const compileCache = (): Record<string, string> => {
  const dir = process.env.NODE_COMPILE_CACHE
  return dir ? { NODE_COMPILE_CACHE: resolve(dir) } : {}
}

/** Environment a runner would give the step, plus dummy credentials; nothing of the host's AWS set-up. */
export function runnerEnv(url: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    GITHUB_ACTIONS: 'true',
    GITHUB_REPOSITORY: 'course-impressionnistes/registration',
    GITHUB_SHA: 'a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2',
    GITHUB_RUN_ID: String(Math.floor(Math.random() * 1e9)),
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_SERVER_URL: 'https://github.com',
    // Where the action looks for the environments file: pinned to the stand-in's account.
    GITHUB_WORKSPACE: standinWorkspace(),
    ACTIONS_ID_TOKEN_REQUEST_URL: 'https://token.actions.invalid/',
    AWS_ENDPOINT_URL: url,
    AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    AWS_REGION: 'eu-west-3',
    // Never reach for instance metadata or a profile on this machine.
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: '/nonexistent/aws-config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
    ...compileCache(),
    // The fixtures' keys and hooks are no provider's: a test that probes gives `probe` itself,
    // with STRIPE_API_BASE and SLACK_HOOKS_BASE on the provider stand-in (standin/providers.ts).
    INPUT_PROBE: 'off',
    ...extra
  }
}

export interface ActionRun {
  code: number | null
  stdout: string
  stderr: string
  summary: string
  outputs: Record<string, string>
  /** The raw GITHUB_OUTPUT file. */
  outputFile: string
  /** Every channel a user or a later step can see, minus the runner's own ::add-mask:: commands. */
  visible: string
  errors: string[]
  warnings: string[]
}

/** GITHUB_OUTPUT holds `name<<DELIM\nvalue\nDELIM` blocks. */
export function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  const re = /^([^\n<]+)<<(\S+)\n([\s\S]*?)\n\2$/gm
  for (const m of text.matchAll(re)) out[m[1] as string] = m[3] as string
  return out
}

/** The files a runner gives a step, and the step's environment for these inputs. */
export function runnerFiles(inputs: Record<string, string>, dir: string) {
  const outputPath = join(dir, 'output')
  const summaryPath = join(dir, 'summary')
  writeFileSync(outputPath, '')
  writeFileSync(summaryPath, '')
  const inputEnv = Object.fromEntries(
    Object.entries(inputs).map(([k, v]) => [`INPUT_${k.replace(/ /g, '_').toUpperCase()}`, v])
  )
  return {
    outputPath,
    summaryPath,
    env: { ...inputEnv, GITHUB_OUTPUT: outputPath, GITHUB_STEP_SUMMARY: summaryPath }
  }
}

/** Every channel of a finished step: its streams, and the runner files it wrote. */
export function actionRunOf(
  code: number | null,
  stdout: string,
  stderr: string,
  files: { outputPath: string; summaryPath: string }
): ActionRun {
  const outputFile = readFileSync(files.outputPath, 'utf8')
  const summary = readFileSync(files.summaryPath, 'utf8')
  const lines = stdout.split('\n')
  const visibleStdout = lines.filter((l) => !l.startsWith('::add-mask::')).join('\n')
  return {
    code,
    stdout,
    stderr,
    summary,
    outputs: parseOutputFile(outputFile),
    outputFile,
    visible: [visibleStdout, stderr, summary, outputFile].join('\n'),
    errors: lines.filter((l) => l.startsWith('::error')),
    warnings: lines.filter((l) => l.startsWith('::warning'))
  }
}

export async function runAction(
  inputs: Record<string, string>,
  env: Record<string, string>,
  timeoutMs = 60_000
): Promise<ActionRun> {
  const dir = mkdtempSync(join(tmpdir(), 'imp-action-'))
  const files = runnerFiles(inputs, dir)
  const child = spawn(node24(), [BUNDLE], {
    env: { ...env, ...files.env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
  const code = await new Promise<number | null>((ok) => child.once('close', ok))
  clearTimeout(timer)
  const run = actionRunOf(code, stdout, stderr, files)
  rmSync(dir, { recursive: true, force: true })
  return run
}

/**
 * secrets.json.example's keys with rehearsal values (its own are refused as placeholders), as
 * `${{ toJSON(secrets) }}` renders them (GitHub upper-cases secret names; pretty-printed,
 * two-space indent), with `over` replacing or adding some: what the demo and the benchmarks sync.
 */
export function exampleSecretsInput(over: Record<string, string> = {}): string {
  const example = rehearsalValues()
  const upper = Object.fromEntries(Object.entries(example).map(([k, v]) => [k.toUpperCase(), v]))
  return JSON.stringify({ ...upper, ...over }, null, 2)
}
