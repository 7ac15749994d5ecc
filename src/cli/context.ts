/**
 * What every CLI command shares: its streams, the parsed options, the scope it acts on, the store,
 * and the one writer (every line redacted), with the account check and the report printer.
 */
import { randomUUID } from 'node:crypto'
import { existsSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { checkAccount, type AccountCheck } from '../engine/account/account.js'
import type { Catalogue } from '../engine/catalogue/catalogue.js'
import { problemText, type Problem } from '../engine/model/problem.js'
import { verdictOf, type Mode, type Report } from '../engine/model/report.js'
import { readRegularFile } from '../engine/model/regular-file.js'
import { endpointOverride, printableLines, QUOTABLE, shown } from '../engine/model/text.js'
import { Redactor } from '../engine/report/redact.js'
import { textLines } from '../engine/report/render.js'
import { parseConsumers } from '../engine/refresh/consumers.js'
import { runEngine, type RunRequest } from '../engine/run.js'
import type { AwsStore } from '../store/aws.js'
import { AwsFunctions } from '../store/lambda.js'
import { BIN, EXIT, type OptionValues } from './args.js'

export interface Io {
  env: NodeJS.ProcessEnv
  stdout: NodeJS.WritableStream & { isTTY?: boolean }
  stderr: NodeJS.WritableStream
  stdin: NodeJS.ReadableStream & { isTTY?: boolean }
}

/** A failure said to the user, with the exit code it ends in. */
export class Stop extends Error {
  constructor(
    message: string,
    readonly code: number = EXIT.failure
  ) {
    super(message)
  }
}

/** The streams and the redactor: enough to print, before the options are known to be good. */
export interface Output {
  io: Io
  redactor: Redactor
}

export interface Context extends Output {
  options: OptionValues
  environment: string
  prefix: string
  region: string
  catalogue: Catalogue
  store: AwsStore
  json: boolean
}

/**
 * The example secrets.json to copy: beside the user, or in this repository. This module sits
 * two folders below the repository's root both as source (src/cli/) and bundled (dist/cli/).
 */
export function exampleFile(): string {
  if (existsSync('secrets.json.example')) return 'secrets.json.example'
  // Built from parts: a literal path next to import.meta.url would make ncc copy the file.
  const beside = join(
    dirname(fileURLToPath(import.meta.url)),
    ...['..', '..', 'secrets.json.example']
  )
  return relative(process.cwd(), beside) || beside
}

/** A string option's value; undefined when not given or empty. */
export const optionText = (v: OptionValues[string]): string | undefined =>
  typeof v === 'string' && v !== '' ? v : undefined

/**
 * The CLI's one writer: redacts a text, then prints it line by line, each line inert (the CLI
 * runs in CI too, where a runner reads its output: no text from outside may start a line that
 * reads as a workflow command).
 */
export function print(out: Output, stream: 'stdout' | 'stderr', text: string): void {
  for (const line of printableLines(out.redactor.redact(text))) out.io[stream].write(`${line}\n`)
}

/**
 * JSON text with what a line splitter or a runner could act on escaped inside its strings (the
 * only place it can be): NEL and the Unicode line separators, and the "#" of "##[". It reads
 * back as the same data, and its lines are already inert (none starts with "::").
 */
const inertJson = (json: string): string =>
  json
    .replace(/[\u0085\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/##\[/g, '#\\u0023[')

export const asJson = (value: unknown): string => inertJson(JSON.stringify(value, null, 2))

/** Prints a value as JSON (--json): redacted as plain JSON first, then made inert. */
export function printJson(out: Output, stream: 'stdout' | 'stderr', value: unknown): void {
  const text = inertJson(out.redactor.redact(JSON.stringify(value, null, 2)))
  for (const line of text.split('\n')) out.io[stream].write(`${line}\n`)
}

function hintFor(ctx: Context, problem: Problem, profile: string | undefined): string | undefined {
  if (problem.kind === 'unconfirmed-account') {
    return (
      `Pass --expected-account-id <id> (make … ACCOUNT=<id>), <id> being the 12-digit id of ` +
      `the AWS account ${ctx.environment} lives in, as your team records it: not read off these ` +
      `credentials, which are what it checks. The secret is then adopted if its value passes ` +
      `${ctx.environment}'s rule (docs/migrate-from-cdk.md).`
    )
  }
  const endpoint = endpointOverride(ctx.io.env)
  if (problem.kind === 'network' && endpoint) {
    return (
      `AWS_ENDPOINT_URL is set (${endpoint}): every call goes there instead of AWS. ` +
      'Start what should answer there (npm run standin, for a rehearsal), or unset AWS_ENDPOINT_URL.'
    )
  }
  if (problem.kind === 'credentials') {
    return profile
      ? `Log in first (aws sso login --profile ${profile}), and check that the profile exists: aws configure list-profiles.`
      : 'Log in first (aws sso login --profile NAME) and pass --profile NAME, or set AWS_PROFILE.'
  }
  if (problem.kind === 'access-denied' && problem.action)
    return `Your AWS identity needs ${problem.action}; ask whoever manages the account's IAM.`
  return undefined
}

export function printProblems(ctx: Context, problems: Problem[], warnings: Problem[] = []): void {
  const profile = optionText(ctx.options.profile) ?? ctx.io.env.AWS_PROFILE
  for (const w of warnings) print(ctx, 'stderr', `warning: ${problemText(w)}`)
  for (const p of problems) {
    const hint = hintFor(ctx, p, profile)
    print(ctx, 'stderr', `error: ${problemText(p)}${hint ? ` ${hint}` : ''}`)
  }
}

const EXIT_BY_VERDICT = {
  ok: EXIT.ok,
  drift: EXIT.drift,
  stopped: EXIT.failure,
  'write-failed': EXIT.failure
} as const

/** Prints a report (text or JSON, redacted) and returns the exit code it means. */
export function finish(ctx: Context, report: Report): number {
  if (ctx.json) printJson(ctx, 'stdout', report)
  else for (const line of textLines(report)) print(ctx, 'stdout', line)
  printProblems(ctx, report.problems, report.warnings)
  return EXIT_BY_VERDICT[verdictOf(report)]
}

/**
 * Whose credentials: said first (on stderr), and checked against --expected-account-id for
 * every command, before anything else is read.
 */
export async function whoAmI(ctx: Context): Promise<Extract<AccountCheck, { ok: true }>> {
  const checked = await checkAccount(
    ctx.store,
    optionText(ctx.options['expected-account-id']),
    ctx.environment
  )
  if (!checked.ok && !checked.identity) {
    printProblems(ctx, checked.problems)
    throw new Stop('', EXIT.failure)
  }
  const { identity } = checked
  if (identity && !ctx.json)
    print(ctx, 'stderr', `AWS account ${identity.account} as ${identity.arn}, region ${ctx.region}`)
  if (!checked.ok) throw new Stop(checked.problems.map((p) => p.message).join('\n'))
  return checked
}

/**
 * The Lambda functions to refresh after a write (--consumer, --consumers-file: the action's
 * `consumers` lines), and the Lambda client to do it with; nothing when none is given.
 */
async function refreshOf(ctx: Context): Promise<Pick<RunRequest, 'refresh'>> {
  const given = ctx.options.consumer
  const sources = (Array.isArray(given) ? given : []).map((text, i) => ({
    text,
    label: `--consumer (${i + 1})`
  }))
  const file = optionText(ctx.options['consumers-file'])
  if (file) {
    const read = await readRegularFile(file)
    if (!read.ok) throw new Stop(`--consumers-file ${shown(file, QUOTABLE.path)} ${read.problem}.`)
    sources.push({ text: read.text, label: `--consumers-file ${file}` })
  }
  const consumers = new Map<string, string[]>()
  const problems: string[] = []
  for (const { text, label } of sources) {
    const parsed = parseConsumers(text, ctx.prefix, label)
    problems.push(...parsed.problems)
    for (const [target, names] of parsed.consumers)
      consumers.set(target, [...new Set([...(consumers.get(target) ?? []), ...names])])
  }
  if (problems.length) throw new Stop(problems.join('\n'), EXIT.usage)
  if (!consumers.size) return {}
  const profile = optionText(ctx.options.profile)
  const functions = new AwsFunctions({
    region: ctx.region,
    userAgent: BIN,
    ...(profile ? { profile } : {})
  })
  return { refresh: { consumers, functions } }
}

/** Checks the account, then runs the engine; the sources are already masked. */
export async function runCommand(
  ctx: Context,
  mode: Mode,
  sources: Record<string, unknown>,
  extra: Pick<RunRequest, 'only' | 'display' | 'toVersionId'> = {}
): Promise<number> {
  const refresh = await refreshOf(ctx)
  const account = await whoAmI(ctx)
  const report = await runEngine(ctx.store, {
    mode,
    catalogue: ctx.catalogue,
    prefix: ctx.prefix,
    region: ctx.region,
    sources,
    ...extra,
    ...refresh,
    account,
    mask: (value, kind) => ctx.redactor.add(value, kind),
    provenance: {
      environment: ctx.environment,
      runId: randomUUID(),
      attempt: '1',
      writtenBy: `aws:${account.identity.arn}`
    }
  })
  return finish(ctx, report)
}
