/**
 * The CLI front: arguments → context → one command → exit code. Every line printed passes
 * through the redactor, which knows every value read from a file, the environment or AWS before
 * anything is printed; only `show --reveal` prints values, and only on a terminal after a yes.
 */
import { CatalogueError, loadCatalogue, type Catalogue } from '../engine/catalogue/catalogue.js'
import { normalPrefix } from '../engine/model/names.js'
import { storeProblems } from '../engine/model/problem.js'
import { DEFAULT_REGION, scopeProblems } from '../engine/model/scope.js'
import { echo } from '../engine/model/quote.js'
import { Redactor } from '../engine/report/redact.js'
import { AwsStore } from '../store/aws.js'
import { regionFromChain } from '../store/index.js'
import { BIN, EXIT, parse, type Command, type OptionValues } from './args.js'
import { auditCommand } from './commands/audit.js'
import { deploy } from './commands/deploy.js'
import { list } from './commands/list.js'
import { rollbackCommand } from './commands/rollback.js'
import { show } from './commands/show.js'
import { updateStripe } from './commands/update-stripe.js'
import {
  optionText,
  print,
  printJson,
  Stop,
  type Context,
  type Io,
  type Output
} from './context.js'

export type { Io } from './context.js'

/** Checks the options every command shares and builds the context the commands run in. */
async function contextOf(out: Output, options: OptionValues): Promise<Context> {
  const profile = optionText(options.profile)
  let catalogue: Catalogue
  try {
    catalogue = await loadCatalogue(optionText(options.catalogue))
  } catch (error) {
    if (error instanceof CatalogueError) throw new Stop(error.message)
    throw error
  }
  const environment = optionText(options.env) ?? ''
  if (!catalogue.environments.includes(environment)) {
    throw new Stop(
      `--env must be one of ${catalogue.environments.join(', ')}; got ${echo(environment)}.`,
      EXIT.usage
    )
  }
  const prefix = normalPrefix(optionText(options.prefix))
  const region = optionText(options.region) ?? (await regionFromChain(DEFAULT_REGION, profile))
  const wrong = scopeProblems(
    { prefix, region, expectedAccountId: optionText(options['expected-account-id']) },
    (setting) => `--${setting}`
  )
  if (wrong.length) throw new Stop(wrong.join('\n'), EXIT.usage)
  return {
    ...out,
    options,
    environment,
    prefix,
    region,
    catalogue,
    store: new AwsStore({ region, userAgent: BIN, ...(profile ? { profile } : {}) }),
    json: options.json === true
  }
}

function dispatch(ctx: Context, command: Command, positionals: string[]): Promise<number> {
  switch (command.name) {
    case 'deploy':
      return deploy(ctx, ctx.options.plan ? 'plan' : 'sync')
    case 'plan':
      return deploy(ctx, 'plan')
    case 'verify':
      return deploy(ctx, 'verify')
    case 'list':
      return list(ctx)
    case 'show':
      return show(ctx)
    case 'update-stripe':
      return updateStripe(ctx)
    case 'rollback':
      return rollbackCommand(ctx, positionals[0] ?? '')
    case 'audit':
      return auditCommand(ctx)
    default:
      throw new Stop(`Unknown command ${command.name}`, EXIT.usage)
  }
}

/** Runs one CLI invocation; returns the exit code. Never throws for a user's mistake. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const parsed = parse(argv)
  const out: Output = { io, redactor: new Redactor() }
  if (parsed.kind === 'help') {
    print(out, 'stdout', parsed.text)
    return EXIT.ok
  }
  if (parsed.kind === 'usage') {
    print(out, 'stderr', parsed.message)
    return EXIT.usage
  }
  const { command, options, positionals } = parsed
  try {
    return await dispatch(await contextOf(out, options), command, positionals)
  } catch (error) {
    if (error instanceof Stop) {
      if (error.message) print(out, 'stderr', `error: ${error.message}`)
      // --json readers get a document on stdout whatever happened.
      if (options.json === true) printJson(out, 'stdout', { ok: false, error: error.message })
      return error.code
    }
    const problems = storeProblems(error)
    if (problems) {
      for (const p of problems) print(out, 'stderr', `error: ${p.message}`)
      return EXIT.failure
    }
    print(
      out,
      'stderr',
      `error: unexpected failure (${error instanceof Error ? error.message : String(error)}).`
    )
    return EXIT.failure
  }
}
