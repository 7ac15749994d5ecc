/**
 * What every CLI command runs in: the parsed options, the scope it acts on and the stores,
 * checked before any command starts; the account check every command makes first; and how a
 * stop and its problems are said.
 */
import {
  checkPin,
  DEFAULT_REGION,
  echo,
  helpAnchor,
  normalPrefix,
  prepareCatalogue,
  preparePin,
  problemText,
  scopeProblems,
  Stopped,
  TROUBLESHOOTING,
  withHint,
  type Catalogue,
  type ConfirmedAccount,
  type HintContext,
  type Pin,
  type Problem,
  type ProblemCode
} from '../engine/index.js'
import { openStores, type Stores } from '../store/index.js'
import { BIN, EXIT, type OptionValues } from './args.js'
import { print, type Output } from './io.js'

export interface Context extends Output {
  options: OptionValues
  environment: string
  prefix: string
  /** The pin's region: no profile's region nor AWS_REGION moves a command elsewhere. */
  region: string
  /** The environment's pin, from the environments file (--environments, else the default). */
  pin: Pin
  catalogue: Catalogue
  store: Stores['secrets']
  functions: Stores['functions']
  json: boolean
}

/** A string option's value; undefined when not given or empty. */
export const optionText = (v: OptionValues[string]): string | undefined =>
  typeof v === 'string' && v !== '' ? v : undefined

/** A failure said to the user: a usage error (exit 2) or another failure (exit 1). */
export const stop = (code: ProblemCode, message: string, usage?: 'usage'): Stopped =>
  new Stopped('validate', [{ code, message, ...(usage ? { kind: usage } : {}) }])

/** The exit code a stop ends in. */
export const exitCodeOf = (stopped: Stopped): number =>
  stopped.problems.some((p) => p.kind === 'usage') ? EXIT.usage : EXIT.failure

/** How hints name things in the CLI: its options, the environment, the AWS profile in use. */
export const hintsOf = (out: Output, options: OptionValues): HintContext => ({
  front: 'cli',
  env: out.io.env,
  environment: optionText(options.env) ?? '',
  profile: optionText(options.profile) ?? out.io.env.AWS_PROFILE
})

/** A problem's sentence, then where its fix is explained (the heading its code names). */
export function withHelp(problem: Problem): string {
  const anchor = helpAnchor(problem)
  return `${problemText(problem)}${anchor ? ` (how to fix: ${TROUBLESHOOTING}#${anchor})` : ''}`
}

/** Warnings, then problems, each with its hint and its help, on stderr. */
export function printProblems(
  out: Output,
  hints: HintContext,
  problems: readonly Problem[],
  warnings: readonly Problem[] = []
): void {
  for (const w of warnings) print(out, 'stderr', `warning: ${withHelp(w)}`)
  for (const p of problems) print(out, 'stderr', `error: ${withHelp(withHint(p, hints))}`)
}

/** What the user named explicitly, to be held against the pin: --region, --expected-account-id. */
function explicitOf(options: OptionValues): {
  explicitRegion?: string
  expectedAccountId?: string
} {
  const explicitRegion = optionText(options.region)
  const expectedAccountId = optionText(options['expected-account-id'])
  return {
    ...(explicitRegion ? { explicitRegion } : {}),
    ...(expectedAccountId ? { expectedAccountId } : {})
  }
}

/** Checks the options every command shares and builds the context the commands run in. */
export async function contextOf(out: Output, options: OptionValues): Promise<Context> {
  const profile = optionText(options.profile)
  const loaded = await prepareCatalogue(optionText(options.catalogue))
  if (!loaded.ok) throw new Stopped('validate', [loaded.problem])
  const catalogue = loaded.value
  const environment = optionText(options.env) ?? ''
  if (!catalogue.environments.includes(environment)) {
    throw stop(
      'unknown-environment-option',
      `--env must be one of ${catalogue.environments.join(', ')}; got ${echo(environment)}.`,
      'usage'
    )
  }
  const prefix = normalPrefix(optionText(options.prefix))
  const explicit = explicitOf(options)
  const wrong = scopeProblems(
    { prefix, region: explicit.explicitRegion ?? DEFAULT_REGION, ...explicit },
    (setting) => `--${setting}`
  )
  if (wrong.length) throw stop('input-wrong', wrong.map((p) => p.message).join('\n'), 'usage')
  const pinned = await preparePin(
    optionText(options.environments),
    process.cwd(),
    environment,
    explicit
  )
  if (!pinned.ok) throw new Stopped('validate', pinned.problems)
  const pin = pinned.value
  const region = pin.region
  const stores = openStores({ region, userAgent: BIN, ...(profile ? { profile } : {}) })
  return {
    ...out,
    options,
    environment,
    prefix,
    region,
    pin,
    catalogue,
    store: stores.secrets,
    functions: stores.functions,
    json: options.json === true
  }
}

/**
 * Whose credentials: said first (on stderr) with the region used, and checked against the
 * environment's pin (and --expected-account-id, --region) for every command, before anything
 * else is read.
 */
export async function whoAmI(ctx: Context): Promise<ConfirmedAccount> {
  const checked = await checkPin(ctx.store, ctx.pin, explicitOf(ctx.options))
  if (!checked.ok && !checked.identity) {
    printProblems(ctx, hintsOf(ctx, ctx.options), checked.problems)
    throw new Stopped('account', [])
  }
  const { identity } = checked
  if (identity && !ctx.json)
    print(ctx, 'stderr', `AWS account ${identity.account} as ${identity.arn}, region ${ctx.region}`)
  if (!checked.ok) throw new Stopped('account', checked.problems)
  return checked
}
