/**
 * The CLI's probe options (--no-probe, --require-probe, --force) as the run's settings, and the
 * `probe` command: ask Stripe and Slack about the current values of an environment, write nothing.
 */
import {
  probeCurrent,
  probeLine,
  probeRead,
  table,
  type Mask,
  type ShownValue,
  type ProbeMode,
  type ProbeSettings,
  type ProviderPort
} from '../engine/index.js'
import { BaseRefused, providerPort } from '../providers/providers.js'
import { EXIT, type OptionValues } from './args.js'
import { hintsOf, printProblems, stop, whoAmI, type Context } from './context.js'
import { print, printJson } from './io.js'

/** on, unless --no-probe (off) or --require-probe (require); both at once is a usage error. */
export function probeModeOf(options: OptionValues): ProbeMode {
  if (options['no-probe'] === true && options['require-probe'] === true)
    throw stop(
      'probe-options-contradict',
      '--no-probe and --require-probe contradict each other: give one.',
      'usage'
    )
  if (options['no-probe'] === true) return 'off'
  return options['require-probe'] === true ? 'require' : 'on'
}

/** The providers' port; a non-loopback override stops before any call. */
function portOf(ctx: Context): ProviderPort {
  try {
    return providerPort(ctx.io.env)
  } catch (error) {
    if (error instanceof BaseRefused) throw stop(error.code, error.message)
    throw error
  }
}

/** The run's probe settings; none when off. */
export const probeSettingsOf = (ctx: Context, mode: ProbeMode): ProbeSettings | undefined =>
  mode === 'off' ? undefined : { port: portOf(ctx), mode }

/**
 * list --probe, show --stripe --probe: each current value's probe status by secret name (its
 * problems and warnings printed on stderr); `keep` picks the entries (show: the Stripe ones).
 * show hands in the values it has read; list has none, and they are read here.
 */
export async function probeStatuses(
  ctx: Context,
  keep?: Parameters<typeof probeCurrent>[4],
  read?: readonly ShownValue[]
): Promise<{ statuses: Map<string, string>; dead: boolean }> {
  const settings = { port: portOf(ctx), mode: 'on' as const }
  const mask: Mask = (value, kind) => ctx.redactor.add(value, kind)
  const where = { catalogue: ctx.catalogue, environment: ctx.environment, prefix: ctx.prefix }
  const found = read
    ? await probeRead(read, where, settings, mask, keep)
    : await probeCurrent(ctx.store, where, settings, mask, keep)
  printProblems(ctx, hintsOf(ctx, ctx.options), found.problems, found.warnings)
  return {
    statuses: new Map(found.results.map((r) => probeLine(r))),
    dead: found.problems.length > 0
  }
}

/** probe: each current value's probe, one line each; exit 1 when one stops a run. */
export async function probeCommand(ctx: Context): Promise<number> {
  const mode = ctx.options['require-probe'] === true ? 'require' : 'on'
  const port = portOf(ctx)
  await whoAmI(ctx)
  const found = await probeCurrent(
    ctx.store,
    { catalogue: ctx.catalogue, environment: ctx.environment, prefix: ctx.prefix },
    { port, mode },
    (value, kind) => ctx.redactor.add(value, kind)
  )
  if (ctx.json) printJson(ctx, 'stdout', found)
  else {
    const rows = [
      ...found.results.map(probeLine),
      ...found.unread.map((u): [string, string] => [u.name, `not probed: ${u.problem}`])
    ]
    for (const line of table(rows)) print(ctx, 'stdout', line)
  }
  printProblems(ctx, hintsOf(ctx, ctx.options), found.problems, found.warnings)
  return found.problems.length ? EXIT.failure : EXIT.ok
}
