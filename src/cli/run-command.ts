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
import { secretsMetadata } from '../github/secrets-metadata.js'
import { EXIT } from './args.js'
import { hintsOf, optionText, printProblems, stop, whoAmI, type Context } from './context.js'
import { print, printJson } from './io.js'
import { probeModeOf, probeSettingsOf } from './probe.js'

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

/**
 * audit and verify: GitHub's side of the staleness check, with GITHUB_TOKEN or GH_TOKEN (never
 * printed) for --repository owner/name or GITHUB_REPOSITORY, at GITHUB_API_URL.
 */
function stalenessOf(ctx: Context, mode: Mode): Pick<RunRequest, 'staleness'> {
  if (mode !== 'audit' && mode !== 'verify') return {}
  const env = ctx.io.env
  const token = env.GITHUB_TOKEN || env.GH_TOKEN
  const repository = optionText(ctx.options.repository) ?? env.GITHUB_REPOSITORY
  if (token) ctx.redactor.add(token)
  if (repository !== undefined && !/^[\w.-]+\/[\w.-]+$/.test(repository))
    throw stop(
      'repository-not-owner-name',
      '--repository must be owner/name (e.g. my-org/my-app).',
      'usage'
    )
  const github = !token
    ? undefined
    : repository
      ? secretsMetadata({ token, repository, apiUrl: env.GITHUB_API_URL })
      : ('no-repository' as const)
  return {
    staleness: {
      ...(github ? { github } : {})
    }
  }
}

const EXIT_BY_VERDICT = {
  ok: EXIT.ok,
  drift: EXIT.drift,
  stopped: EXIT.failure,
  'write-failed': EXIT.failure
} as const

/**
 * Prints a report (text or JSON, redacted) and returns the exit code it means; its headline
 * names `command` when it is not the mode's own word ("update-stripe stopped before any write").
 */
function finish(ctx: Context, report: Report, command: string): number {
  if (ctx.json) printJson(ctx, 'stdout', report)
  else
    for (const [i, line] of textLines(report).entries())
      print(
        ctx,
        'stdout',
        i === 0 ? line.replace(new RegExp(`^${report.mode} `), `${command} `) : line
      )
  printProblems(ctx, hintsOf(ctx, ctx.options), report.problems, report.warnings)
  return EXIT_BY_VERDICT[verdictOf(report)]
}

/** Checks the account, then runs the engine; the sources are already masked. */
export async function runCommand(
  ctx: Context,
  mode: Mode,
  sources: Record<string, unknown>,
  extra: Pick<RunRequest, 'only' | 'display' | 'toVersionId'> = {},
  command: string = mode
): Promise<number> {
  const refresh = await refreshOf(ctx)
  const probe =
    mode === 'sync' || mode === 'rollback'
      ? probeSettingsOf(ctx, probeModeOf(ctx.options))
      : undefined
  const account = await whoAmI(ctx)
  const report = await runEngine(ctx.store, {
    mode,
    environment: ctx.environment,
    catalogue: ctx.catalogue,
    prefix: ctx.prefix,
    region: ctx.region,
    pin: ctx.pin,
    sources,
    ...extra,
    ...refresh,
    ...stalenessOf(ctx, mode),
    account,
    mask: (value, kind) => ctx.redactor.add(value, kind),
    provenance: {
      environment: ctx.environment,
      runId: randomUUID(),
      attempt: '1',
      writtenBy: `aws:${account.identity.arn}`
    },
    ...(probe ? { probe } : {}),
    ...(ctx.options.force === true ? { forceRollback: true } : {})
  })
  return finish(ctx, report, command)
}
