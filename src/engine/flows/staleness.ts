/**
 * After audit and verify: nothing stale goes unseen. A GitHub secret edited after the value in
 * AWS was written (the deploy workflow was not run), and a value older than its catalogue policy
 * (maxAgeDays), from metadata only: GitHub's `updated_at` and the creation of each AWSCURRENT
 * version (ListSecretVersionIds). No value is read. Each row's date becomes that creation, the
 * value's honest age (a tag write moves LastChangedDate, not it).
 */
import { selectEntries, type Catalogue } from '../catalogue/catalogue.js'
import { deployWorkflow, secretName } from '../model/names.js'
import type { CurrentVersion } from '../model/ports/secret-store.js'
import { storeProblems, type Problem } from '../model/problem.js'
import { CHECK_MODES, type ReportRow } from '../model/report.js'
import { readSourceSecrets } from '../staleness/sources.js'
import { checkStaleness, type StalenessTarget } from '../staleness/staleness.js'
import type { Ending, FlowContext } from './flow.js'

/** The repository secrets the check's own token is kept under: rightly there, in no catalogue. */
const TOKEN_SECRETS = ['SECRETS_METADATA_TOKEN', 'IMPRESSIONNISTES_SECRETS_READ_TOKEN']

/** Every source key the catalogue names, in any environment. */
function catalogueKeys(catalogue: Catalogue): string[] {
  return catalogue.environments.flatMap((environment) =>
    selectEntries(catalogue, environment).entries.map((e) => e.sourceKey)
  )
}

/** The row's date becomes the current version's creation; a staleness finding flags it. */
function honestRows(
  rows: readonly ReportRow[],
  versions: ReadonlyMap<string, CurrentVersion | undefined>,
  found: readonly Problem[],
  audit: boolean
): ReportRow[] {
  return rows.map((row) => {
    const written = versions.get(row.name)?.createdDate
    const { lastChanged: _moved, ...rest } = row
    const dated: ReportRow = written ? { ...rest, lastChanged: written } : rest
    const mine = found.filter((p) => p.target === row.name)
    if (!audit || !mine.length) return dated
    const words = mine.map((p) =>
      p.message.includes('maxAgeDays') ? 'too old' : 'edited on GitHub'
    )
    return { ...dated, action: 'flagged', findings: [...(row.findings ?? []), ...words] }
  })
}

/** Reads what the check needs and adds its findings to a finished audit or verify. */
export async function stalenessStage(ctx: FlowContext, done: Ending): Promise<Ending> {
  const { request, selection, store } = ctx
  const asked = request.staleness
  if (!asked || done.stage !== 'done' || !CHECK_MODES.includes(request.mode)) return done
  const entries = [...new Map(selection.entries.map((e) => [e.target, e])).values()]
  const names = entries.map((e) => secretName(request.prefix, e.target))
  let versions: Map<string, CurrentVersion | undefined>
  try {
    versions = await store.currentVersions(names)
  } catch (error) {
    const problems = storeProblems(error)
    if (!problems) throw error
    return { ...done, problems: [...(done.problems ?? []), ...problems], ok: false }
  }
  const targets: StalenessTarget[] = entries.map((e, i) => {
    const current = versions.get(names[i] ?? '')
    return {
      target: names[i] ?? e.target,
      sourceKey: e.sourceKey,
      ...(e.maxAgeDays !== undefined ? { maxAgeDays: e.maxAgeDays } : {}),
      ...(current ? { current } : {})
    }
  })
  const found = checkStaleness({
    environment: request.environment,
    workflow: asked.workflow ?? deployWorkflow(request.environment),
    now: asked.now ?? new Date(),
    targets,
    github:
      asked.github === 'no-repository'
        ? { status: 'skipped', reason: 'no-repository' }
        : await readSourceSecrets(asked.github, request.environment),
    catalogueKeys: catalogueKeys(request.catalogue),
    expected: asked.expected ?? TOKEN_SECRETS
  })
  const problems = [...(done.problems ?? []), ...found.problems]
  const flagged = found.problems.flatMap((p) => (p.target ? [p.target] : []))
  return {
    ...done,
    rows: honestRows(
      done.rows ?? ctx.report.rows,
      versions,
      found.problems,
      request.mode === 'audit'
    ),
    problems,
    warnings: [...(done.warnings ?? ctx.report.warnings), ...found.warnings],
    drift: [...new Set([...(done.drift ?? []), ...flagged])],
    ok: done.ok && found.problems.length === 0
  }
}
