/**
 * The CLI front: arguments → masking → the same engine as the action → text or JSON. Every
 * line printed passes through the redactor, which knows every value read from a file, the
 * environment or AWS before anything is printed; only `show --reveal` prints values, and only
 * on a terminal after an explicit yes.
 */
import { randomUUID } from 'node:crypto'
import { existsSync, statSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createInterface } from 'node:readline/promises'
import {
  CatalogueError,
  loadCatalogue,
  selectEntries,
  type Catalogue
} from '../engine/catalogue/catalogue.js'
import { readInventory, type Inventory } from '../engine/inventory/inventory.js'
import { isStripe, readValues, type ShownValue } from '../engine/inventory/values.js'
import { fingerprint } from '../engine/report/fingerprint.js'
import { Redactor } from '../engine/report/redact.js'
import { textLines, type Mode, type Report } from '../engine/report/report.js'
import {
  parseSources,
  problemText,
  sourceStrings,
  SourcesError,
  type Problem
} from '../engine/resolve/resolve.js'
import { run, storeProblem } from '../engine/run.js'
import { accountProblem, DEFAULT_REGION, normalPrefix, scopeProblems } from '../engine/scope.js'
import { AwsStore, regionFromChain } from '../store/aws.js'
import { StoreError, StoreFailures, type CallerIdentity } from '../store/store.js'
import { BIN, echo, EXIT, parse, type Values } from './args.js'

export interface Io {
  env: NodeJS.ProcessEnv
  stdout: NodeJS.WritableStream & { isTTY?: boolean }
  stderr: NodeJS.WritableStream
  stdin: NodeJS.ReadableStream & { isTTY?: boolean }
}

const DEFAULT_FILE = 'secrets.json'

/** A failure said to the user, with the exit code it ends in. */
class Stop extends Error {
  constructor(
    message: string,
    readonly code: number = EXIT.failure
  ) {
    super(message)
  }
}

interface Context {
  io: Io
  values: Values
  environment: string
  prefix: string
  region: string
  catalogue: Catalogue
  store: AwsStore
  redactor: Redactor
  json: boolean
}

const text = (v: string | boolean | undefined): string | undefined =>
  typeof v === 'string' && v !== '' ? v : undefined

function hintFor(problem: Problem, profile: string | undefined): string | undefined {
  if (problem.kind === 'credentials') {
    return profile
      ? `Log in first (aws sso login --profile ${profile}), and check that the profile exists: aws configure list-profiles.`
      : 'Log in first (aws sso login --profile NAME) and pass --profile NAME, or set AWS_PROFILE.'
  }
  if (problem.kind === 'access-denied' && problem.action)
    return `Your AWS identity needs ${problem.action}; ask whoever manages the account's IAM.`
  return undefined
}

function say(ctx: Pick<Context, 'io' | 'redactor'>, stream: 'stdout' | 'stderr', line: string) {
  ctx.io[stream].write(`${ctx.redactor.redact(line)}\n`)
}

function sayProblems(ctx: Context, problems: Problem[], warnings: Problem[]) {
  const profile = text(ctx.values.profile) ?? ctx.io.env.AWS_PROFILE
  for (const w of warnings) say(ctx, 'stderr', `warning: ${problemText(w)}`)
  for (const p of problems) {
    const hint = hintFor(p, profile)
    say(ctx, 'stderr', `error: ${problemText(p)}${hint ? ` ${hint}` : ''}`)
  }
}

const json = (value: unknown) => JSON.stringify(value, null, 2)

function exitOf(report: Report): number {
  if (report.ok) return EXIT.ok
  return report.mode === 'verify' && report.stage === 'done' ? EXIT.drift : EXIT.failure
}

/** Prints a report (text or JSON, redacted) and returns the exit code it means. */
function finish(ctx: Context, report: Report): number {
  if (ctx.json) say(ctx, 'stdout', json(report))
  else for (const line of textLines(report)) say(ctx, 'stdout', line)
  sayProblems(ctx, report.problems, report.warnings)
  return exitOf(report)
}

/**
 * Whose credentials: said first (on stderr), and checked against --expected-account-id for
 * every command, before anything else is read.
 */
async function whoAmI(ctx: Context): Promise<CallerIdentity> {
  let identity: CallerIdentity
  try {
    identity = await ctx.store.callerIdentity()
  } catch (error) {
    if (!(error instanceof StoreError)) throw error
    sayProblems(ctx, [storeProblem(error)], [])
    throw new Stop('', EXIT.failure)
  }
  if (!ctx.json)
    say(ctx, 'stderr', `AWS account ${identity.account} as ${identity.arn}, region ${ctx.region}`)
  const wrong = accountProblem(identity, text(ctx.values['expected-account-id']), ctx.environment)
  if (wrong) throw new Stop(wrong.message)
  return identity
}

/** Runs the engine; sources are already masked. */
async function runEngine(
  ctx: Context,
  mode: Mode,
  sources: Record<string, unknown>,
  extra: { only?: string[]; display?: (key: string) => string; toVersionId?: string } = {}
): Promise<number> {
  const identity = await whoAmI(ctx)
  const report = await run(ctx.store, {
    mode,
    catalogue: ctx.catalogue,
    prefix: ctx.prefix,
    region: ctx.region,
    sources,
    ...extra,
    mask: (value) => ctx.redactor.add(value),
    provenance: {
      environment: ctx.environment,
      runId: randomUUID(),
      attempt: '1',
      writtenBy: `aws:${identity.arn}`
    }
  })
  return finish(ctx, { ...report, account: identity.account })
}

async function readSourcesFile(ctx: Context): Promise<Record<string, unknown>> {
  const path = text(ctx.values.file) ?? DEFAULT_FILE
  if (!existsSync(path)) {
    // dist/cli/index.js (or src/cli/main.ts) → the repository's secrets.json.example
    // (Built from parts: a literal path next to import.meta.url would make ncc copy the file.)
    const here = dirname(fileURLToPath(import.meta.url))
    const beside = join(here, ...['..', '..', 'secrets.json.example'])
    const example = existsSync('secrets.json.example')
      ? 'secrets.json.example'
      : relative(process.cwd(), beside) || beside
    throw new Stop(
      `${path} not found. Create it from the example and fill in your values:\n` +
        `  cp ${example} ${path}\n` +
        `  chmod 600 ${path}   # it holds live keys: keep it to yourself, never commit it`
    )
  }
  if (process.platform !== 'win32' && (statSync(path).mode & 0o077) !== 0) {
    say(
      ctx,
      'stderr',
      `warning: ${path} can be read by other users of this computer; it holds live keys: chmod 600 ${path}`
    )
  }
  const raw = await readFile(path, 'utf8')
  ctx.redactor.add(raw)
  try {
    const sources = parseSources(raw, path)
    for (const value of sourceStrings(sources)) ctx.redactor.add(value)
    return sources
  } catch (error) {
    if (error instanceof SourcesError) throw new Stop(error.message)
    throw error
  }
}

async function deploy(ctx: Context, mode: Mode): Promise<number> {
  const sources = await readSourcesFile(ctx)
  return runEngine(ctx, mode, sources)
}

async function updateStripe(ctx: Context): Promise<number> {
  const kinds = [
    { flag: '--api-key', variable: 'STRIPE_API_KEY', rule: /^stripe-(test|live)-key$/ },
    { flag: '--webhook-secret', variable: 'STRIPE_WEBHOOK_SECRET', rule: /^stripe-webhook-secret$/ }
  ]
  for (const k of kinds) {
    if (ctx.values[k.flag.slice(2)] === '')
      throw new Stop(`${k.flag} is empty: give the value, or leave the option out.`, EXIT.usage)
  }
  // Options, when any is given, say exactly what to write: a STRIPE_API_KEY left in the shell
  // (the Stripe CLI reads it too) is then not written along with a --webhook-secret.
  const byFlag = kinds.some((k) => ctx.values[k.flag.slice(2)] !== undefined)
  const given = kinds.map((k) => {
    const value = byFlag ? text(ctx.values[k.flag.slice(2)]) : ctx.io.env[k.variable] || undefined
    if (value) ctx.redactor.add(value)
    return { ...k, value, label: byFlag ? k.flag : k.variable }
  })
  if (!given.some((g) => g.value)) {
    throw new Stop(
      'Give the new value: STRIPE_API_KEY=sk_… (and/or STRIPE_WEBHOOK_SECRET=whsec_…) in the ' +
        `environment, or --api-key / --webhook-secret. See ${BIN} update-stripe --help.`,
      EXIT.usage
    )
  }
  const entries = selectEntries(ctx.catalogue, ctx.environment).entries.filter(isStripe)
  const sources: Record<string, string> = {}
  const only: string[] = []
  const labels = new Map<string, string>()
  for (const g of given) {
    if (!g.value) continue
    const entry = entries.find((e) => typeof e.rule === 'string' && g.rule.test(e.rule))
    if (!entry)
      throw new Stop(`The catalogue has no Stripe entry for ${g.flag} in ${ctx.environment}.`)
    sources[entry.sourceKey] = g.value
    only.push(entry.target)
    labels.set(entry.sourceKey, g.label)
  }
  const code = await runEngine(ctx, 'sync', sources, {
    only,
    display: (key) => labels.get(key) ?? key
  })
  if (code === EXIT.ok && !ctx.json) {
    say(
      ctx,
      'stderr',
      'note: put the same value in the GitHub secret (and in secrets.json, if you deploy from it): ' +
        'the next sync or deploy writes whatever its source holds.'
    )
  }
  return code
}

async function rollbackCommand(ctx: Context, target: string): Promise<number> {
  const to = text(ctx.values['to-version'])
  const relative = target.startsWith(`${ctx.prefix}/`)
    ? target.slice(ctx.prefix.length + 1)
    : target
  const known = selectEntries(ctx.catalogue, ctx.environment).entries.map((e) => e.target)
  if (!known.includes(relative)) {
    const shown =
      /^[A-Za-z0-9/_.-]{1,64}$/.test(relative) && !/_(live|test)_|^whsec_/.test(relative)
    throw new Stop(
      `${shown ? `"${relative}"` : 'That target'} is not in the catalogue; roll back one of: ${known.join(', ')}.`,
      EXIT.usage
    )
  }
  return runEngine(ctx, 'rollback', {}, { only: [relative], ...(to ? { toVersionId: to } : {}) })
}

const when = (d?: Date) => (d ? `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC` : '—')

function printInventory(ctx: Context, inventory: Inventory, account: string): void {
  if (ctx.json) {
    say(ctx, 'stdout', json({ ...inventory, account, region: ctx.region }))
    return
  }
  const rows = inventory.groups.flatMap((g) => g.rows)
  const missing = rows.filter((r) => !r.exists).length
  const width = Math.max(0, ...rows.map((r) => r.name.length))
  say(
    ctx,
    'stdout',
    `list ${inventory.environment} (${inventory.prefix}/*, ${ctx.region}, account ${account}): ` +
      `${rows.filter((r) => r.exists).length} secret(s) in Secrets Manager` +
      (missing ? `, ${missing} of the catalogue missing` : '')
  )
  for (const group of inventory.groups) {
    say(ctx, 'stdout', `${group.title}`)
    for (const r of group.rows) {
      const facts = r.exists
        ? [
            `changed ${when(r.lastChanged)}`,
            r.versions === undefined ? '' : `${r.versions} version(s)`,
            r.writtenBy ? `by ${r.writtenBy}` : ''
          ]
        : ['missing']
      say(ctx, 'stdout', `  ${r.name.padEnd(width)}  ${facts.filter(Boolean).join(' · ')}`)
      for (const issue of r.issues) say(ctx, 'stdout', `  ${''.padEnd(width)}  ⚠ ${issue}`)
    }
  }
}

async function list(ctx: Context): Promise<number> {
  const identity = await whoAmI(ctx)
  const inventory = await readInventory(ctx.store, ctx.catalogue, ctx.environment, ctx.prefix)
  printInventory(ctx, inventory, identity.account)
  return EXIT.ok
}

/** Before any AWS call: full values never go to a build log, a pipe or a file. */
function refuseReveal(ctx: Context): void {
  const { env } = ctx.io
  if (env.CI || env.GITHUB_ACTIONS) {
    throw new Stop(
      'show --reveal is refused when CI or GITHUB_ACTIONS is set: values must never reach a build log. Use show --stripe.'
    )
  }
  if (!ctx.io.stdout.isTTY) {
    throw new Stop(
      'show --reveal prints full values and only runs with its output on a terminal (not a pipe or a file). Use show --stripe.'
    )
  }
}

/** Whether the user said yes (or gave --yes). */
async function confirmReveal(ctx: Context, count: number, account: string): Promise<boolean> {
  ctx.io.stderr.write(
    `⚠️ WARNING: This displays full secret values! ${count} value(s) of ${ctx.environment} in account ${account}.\n`
  )
  if (ctx.values.yes) return true
  if (!ctx.io.stdin.isTTY) throw new Stop('No terminal to confirm on: answer with --yes.')
  const prompt = createInterface({ input: ctx.io.stdin, output: ctx.io.stderr })
  let answer: string
  try {
    answer = await new Promise<string>((ok, fail) => {
      // Ctrl-D (end of input) is a no, like Ctrl-C.
      prompt.once('close', () => ok(''))
      prompt.question('Type "yes" to show them: ').then(ok, fail)
    })
  } catch {
    answer = '' // Ctrl-C
  } finally {
    prompt.close()
  }
  return answer.trim().toLowerCase() === 'yes'
}

async function show(ctx: Context): Promise<number> {
  const reveal = ctx.values.reveal === true
  if (reveal) refuseReveal(ctx)
  const identity = await whoAmI(ctx)
  const count = selectEntries(ctx.catalogue, ctx.environment).entries.length
  if (reveal && !(await confirmReveal(ctx, count, identity.account))) {
    // Saying no is not a failure.
    ctx.io.stderr.write('Nothing shown.\n')
    return EXIT.ok
  }
  let values: ShownValue[]
  try {
    values = await readValues(
      ctx.store,
      ctx.catalogue,
      ctx.environment,
      ctx.prefix,
      reveal ? undefined : isStripe
    )
  } catch (error) {
    if (!(error instanceof StoreError || error instanceof StoreFailures)) throw error
    const errors = error instanceof StoreFailures ? error.failures : [error]
    sayProblems(ctx, errors.map(storeProblem), [])
    return EXIT.failure
  }
  for (const v of values) if (v.value !== undefined) ctx.redactor.add(v.value)
  const shown = values.map(({ value, ...rest }) => ({
    ...rest,
    ...(value === undefined ? {} : reveal ? { value } : { fingerprint: fingerprint(value) })
  }))
  // The one place values are printed: straight to the terminal, not through the redactor.
  const print = reveal
    ? (line: string) => ctx.io.stdout.write(`${line}\n`)
    : (line: string) => say(ctx, 'stdout', line)
  if (ctx.json) {
    print(json(shown))
  } else {
    const width = Math.max(0, ...shown.map((v) => v.name.length))
    for (const v of shown) {
      const what = v.problem ?? ('value' in v ? v.value : 'fingerprint' in v ? v.fingerprint : '')
      const version = v.versionId ? `  version ${v.versionId} of ${when(v.versionCreated)}` : ''
      print(`${v.name.padEnd(width)}  ${v.field}: ${what}${version}`)
    }
  }
  return values.some((v) => v.problem) ? EXIT.failure : EXIT.ok
}

/** Runs one CLI invocation; returns the exit code. Never throws for a user's mistake. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const parsed = parse(argv)
  const bare = { io, redactor: new Redactor() }
  if (parsed.kind === 'help') {
    io.stdout.write(`${parsed.text}\n`)
    return EXIT.ok
  }
  if (parsed.kind === 'usage') {
    io.stderr.write(`${parsed.message}\n`)
    return EXIT.usage
  }
  const { command, values, positionals } = parsed
  const profile = text(values.profile)
  try {
    let catalogue: Catalogue
    try {
      catalogue = await loadCatalogue(text(values.catalogue))
    } catch (error) {
      if (error instanceof CatalogueError) throw new Stop(error.message)
      throw error
    }
    const environment = text(values.env) ?? ''
    if (!catalogue.environments.includes(environment)) {
      throw new Stop(
        `--env must be one of ${catalogue.environments.join(', ')}; got ${echo(environment)}.`,
        EXIT.usage
      )
    }
    const prefix = normalPrefix(text(values.prefix))
    const region = text(values.region) ?? (await regionFromChain(DEFAULT_REGION, profile))
    const wrong = scopeProblems(
      { prefix, region, expectedAccountId: text(values['expected-account-id']) },
      (setting) => `--${setting}`
    )
    if (wrong.length) throw new Stop(wrong.join('\n'), EXIT.usage)
    const ctx: Context = {
      ...bare,
      values,
      environment,
      prefix,
      region,
      catalogue,
      store: new AwsStore({ region, userAgent: BIN, ...(profile ? { profile } : {}) }),
      json: values.json === true
    }
    switch (command.name) {
      case 'deploy':
        return await deploy(ctx, values.plan ? 'plan' : 'sync')
      case 'plan':
        return await deploy(ctx, 'plan')
      case 'verify':
        return await deploy(ctx, 'verify')
      case 'list':
        return await list(ctx)
      case 'show':
        return await show(ctx)
      case 'update-stripe':
        return await updateStripe(ctx)
      case 'rollback':
        return await rollbackCommand(ctx, positionals[0] ?? '')
      default:
        throw new Stop(`Unknown command ${command.name}`, EXIT.usage)
    }
  } catch (error) {
    if (error instanceof Stop) {
      if (error.message) say(bare, 'stderr', `error: ${error.message}`)
      // --json readers get a document on stdout whatever happened.
      if (values.json === true) say(bare, 'stdout', json({ ok: false, error: error.message }))
      return error.code
    }
    const errors =
      error instanceof StoreFailures
        ? error.failures
        : error instanceof StoreError
          ? [error]
          : undefined
    if (errors) {
      for (const e of errors) say(bare, 'stderr', `error: ${e.message}`)
      return EXIT.failure
    }
    say(
      bare,
      'stderr',
      `error: unexpected failure (${error instanceof Error ? error.message : String(error)}).`
    )
    return EXIT.failure
  }
}
