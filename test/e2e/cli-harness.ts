/**
 * Runs the committed CLI bundle (dist/cli/index.js) as a user's shell does, on Node 24, against a
 * Secrets Manager back end on 127.0.0.1; optionally on a pseudo-terminal (util-linux `script`),
 * for the commands that behave differently on a terminal.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  node24,
  ROOT,
  runnerEnv,
  STANDIN_ENVIRONMENTS,
  writeEnvironments
} from '../../standin/runner.js'

export const CLI = join(ROOT, 'dist/cli/index.js')

/** A laptop's environment: dummy credentials, the back end's URL, no CI or GitHub variables. */
export function laptopEnv(url: string, extra: Record<string, string> = {}): Record<string, string> {
  const env = runnerEnv(url)
  for (const key of Object.keys(env))
    if (key.startsWith('GITHUB_') || key.startsWith('ACTIONS_')) delete env[key]
  return { ...env, NODE_NO_WARNINGS: '1', ...extra }
}

export interface CliRun {
  code: number | null
  stdout: string
  stderr: string
  /** Everything the user sees. */
  all: string
}

export interface CliOptions {
  env: Record<string, string>
  cwd?: string
  /** Written to stdin, then closed. */
  input?: string
  /** Run on a pseudo-terminal: stdout and stdin are a TTY (stderr is merged into stdout);
   * `input` is typed at it. */
  tty?: boolean
  timeoutMs?: number
  /**
   * The environments file a command is given (--environments): by default the stand-in's pins
   * (standin/environments.json); `false` gives none, so the CLI looks in its working directory.
   * Not added when the arguments name one, nor to a bare option (--help, --version).
   */
  environments?: string | false
  /**
   * Let a writing command probe (it runs with --no-probe otherwise: the fixtures' keys and hooks
   * are no provider's). A test that probes points STRIPE_API_BASE and SLACK_HOOKS_BASE at the
   * provider stand-in.
   */
  probes?: boolean
}

/** The arguments, with --environments added as `options.environments` says. */
function withEnvironments(args: string[], options: CliOptions): string[] {
  const file = options.environments ?? STANDIN_ENVIRONMENTS
  const command = args[0] !== undefined && !args[0].startsWith('-')
  if (file === false || !command || args.includes('--environments')) return args
  return [...args, '--environments', file]
}

/** The commands that probe before they write. */
const PROBING = ['deploy', 'update-stripe', 'rollback']

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`

export async function runCli(args: string[], options: CliOptions): Promise<CliRun> {
  const offline = !options.probes && PROBING.includes(args[0] ?? '') ? ['--no-probe'] : []
  const argv = [node24(), CLI, ...withEnvironments(args, options), ...offline]
  const [command, commandArgs] = options.tty
    ? ['script', ['-qefc', argv.map(quote).join(' '), '/dev/null']]
    : [argv[0] as string, argv.slice(1)]
  const child = spawn(command, commandArgs, {
    env: options.env,
    cwd: options.cwd ?? ROOT,
    stdio: ['pipe', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  child.stdin.end(options.input)
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000)
  const code = await new Promise<number | null>((ok) => child.once('close', ok))
  clearTimeout(timer)
  return { code, stdout, stderr, all: `${stdout}\n${stderr}` }
}

/**
 * A folder holding a secrets.json in today's format (six lower-case keys), and the environments
 * file at its default place, filled in with the stand-in's account and region.
 */
export function secretsFolder(values: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'imp-cli-'))
  writeFileSync(join(dir, 'secrets.json'), JSON.stringify(values, null, 2), { mode: 0o600 })
  writeEnvironments(dir)
  return dir
}
