/** show --stripe (fingerprints) or --reveal (full values, on a terminal, after a yes). */
import {
  fingerprint,
  formatWhen,
  isStripe,
  readValues,
  selectEntries,
  table,
  type ShownValue
} from '../../engine/index.js'
import { EXIT } from '../args.js'
import { stop, whoAmI, type Context } from '../context.js'
import { asJson, print, printJson } from '../io.js'
import { confirmReveal } from '../prompt.js'
import { probeStatuses } from '../probe.js'

/** Before any AWS call: full values never go to a build log, a pipe or a file. */
function refuseReveal(ctx: Context): void {
  const { env } = ctx.io
  if (env.CI || env.GITHUB_ACTIONS) {
    throw stop(
      'reveal-in-ci',
      'show --reveal is refused when CI or GITHUB_ACTIONS is set: values must never reach a build log. Use show --stripe.'
    )
  }
  if (!ctx.io.stdout.isTTY) {
    throw stop(
      'reveal-not-a-terminal',
      'show --reveal prints full values and only runs with its output on a terminal (not a pipe or a file). Use show --stripe.'
    )
  }
}

export async function show(ctx: Context): Promise<number> {
  const reveal = ctx.options.reveal === true
  if (reveal) refuseReveal(ctx)
  const { identity } = await whoAmI(ctx)
  const count = selectEntries(ctx.catalogue, ctx.environment).entries.length
  if (reveal && !(await confirmReveal(ctx, count, identity.account))) {
    // Saying no is not a failure.
    ctx.io.stderr.write('Nothing shown.\n')
    return EXIT.ok
  }
  // A store failure is said where every other is (main.ts), with its hint.
  const values: ShownValue[] = await readValues(
    ctx.store,
    ctx.catalogue,
    ctx.environment,
    ctx.prefix,
    reveal ? undefined : isStripe
  )
  for (const v of values) if (v.value !== undefined) ctx.redactor.add(v.value)
  const probed = ctx.options.probe === true ? await probeStatuses(ctx, isStripe, values) : undefined
  const shown = values.map(({ value, ...rest }) => ({
    ...rest,
    ...(value === undefined ? {} : reveal ? { value } : { fingerprint: fingerprint(value) }),
    ...(probed?.statuses.has(rest.name) ? { probe: probed.statuses.get(rest.name) } : {})
  }))
  // The one place values are printed: straight to the terminal, not through the redactor.
  const write = reveal
    ? (line: string) => ctx.io.stdout.write(`${line}\n`)
    : (line: string) => print(ctx, 'stdout', line)
  if (ctx.json) {
    if (reveal) write(asJson(shown))
    else printJson(ctx, 'stdout', shown)
  } else {
    const rows = shown.map((v) => {
      const what = v.problem ?? ('value' in v ? v.value : 'fingerprint' in v ? v.fingerprint : '')
      const version = v.versionId
        ? `  version ${v.versionId} of ${formatWhen(v.versionCreated)}`
        : ''
      return [v.name, `${v.field}: ${what}${version}${v.probe ? `  · ${v.probe}` : ''}`]
    })
    for (const line of table(rows)) write(line)
  }
  return values.some((v) => v.problem) || probed?.dead ? EXIT.failure : EXIT.ok
}
