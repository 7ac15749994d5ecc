/** The engine's run for a CLI command: consumers, the account check, the run, the report. */
import { randomUUID } from 'node:crypto'
import {
  prepareConsumers,
  QUOTABLE,
  readRegularFile,
  runEngine,
  shown,
  textLines,
  verdictOf,
  type Mode,
  type Report,
  type RunRequest
} from '../engine/index.js'
import { EXIT } from './args.js'
import { hintsOf, optionText, printProblems, stop, whoAmI, type Context } from './context.js'
import { print, printJson } from './io.js'

/**
 * The Lambda functions to refresh after a write (--consumer, --consumers-file: the action's
 * `consumers` lines); nothing when none is given.
 */
async function refreshOf(ctx: Context): Promise<Pick<RunRequest, 'refresh'>> {
  const given = ctx.options.consumer
  const texts = (Array.isArray(given) ? given : []).map((text, i) => ({
    text,
    label: `--consumer (${i + 1})`
  }))
  const file = optionText(ctx.options['consumers-file'])
  if (file) {
    const read = await readRegularFile(file)
    if (!read.ok)
      throw stop(
        'file-input-unusable',
        `--consumers-file ${shown(file, QUOTABLE.path)} ${read.problem}.`
      )
    texts.push({ text: read.text, label: `--consumers-file ${file}` })
  }
  const { consumers, problems } = prepareConsumers(texts, ctx.prefix)
  if (problems.length)
    throw stop('consumers-wrong', problems.map((p) => p.message).join('\n'), 'usage')
  return consumers.size ? { refresh: { consumers, functions: ctx.functions } } : {}
}

const EXIT_BY_VERDICT = {
  ok: EXIT.ok,
  drift: EXIT.drift,
  stopped: EXIT.failure,
  'write-failed': EXIT.failure
} as const

/** Prints a report (text or JSON, redacted) and returns the exit code it means. */
function finish(ctx: Context, report: Report): number {
  if (ctx.json) printJson(ctx, 'stdout', report)
  else for (const line of textLines(report)) print(ctx, 'stdout', line)
  printProblems(ctx, hintsOf(ctx, ctx.options), report.problems, report.warnings)
  return EXIT_BY_VERDICT[verdictOf(report)]
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
    environment: ctx.environment,
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
