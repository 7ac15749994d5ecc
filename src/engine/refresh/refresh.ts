/**
 * The stage after apply (and rollback): the Lambda functions that read a secret this run changed
 * get a configuration update, so that new invocations start in fresh environments and read the
 * new value, instead of warm ones serving the old value from memory.
 *
 * Each consumer gets one update: REFRESH_VARIABLE set to the version id(s) now current, merged
 * into its other variables (which are written back unchanged and never printed), made only if
 * the function is still at the RevisionId read just before (a deploy that changed it meanwhile is
 * never overwritten: the configuration is read again and the update retried); then the stage
 * waits until Lambda reports the update finished. Secrets that did not change refresh nothing.
 * A function that cannot be refreshed is reported by name and reason, as a warning: the secrets
 * are written either way.
 *
 * Only the unpublished version ($LATEST) changes: a published version's configuration is frozen,
 * so functions invoked through a version or an alias are not refreshed by this.
 */
import pLimit from 'p-limit'
import type { FunctionConfigStore } from '../model/ports/function-store.js'
import { StoreError } from '../model/ports/store-error.js'
import type { Problem } from '../model/problem.js'
import { CODE_OF_KIND, failed, MAX_ATTEMPTS, reasonOf, type RefreshOutcome } from './outcome.js'
import { REFRESH_VARIABLE, type Consumers, type RefreshRow } from '../model/refresh.js'
import type { ReportRow, RowAction } from '../model/report.js'

/** Rows whose secret now has another current version. */
const CHANGED: ReadonlySet<RowAction> = new Set(['created', 'updated', 'rolled-back'])

/** Why a consumer of a secret that did not change is left alone. */
const UNCHANGED_BECAUSE: Partial<Record<RowAction, string>> = {
  unchanged: 'the secret did not change',
  failed: 'the secret was not written',
  skipped: 'the secret was not written (the run stopped before writing)',
  refused: 'the secret was refused'
}

/** Functions refreshed at a time (Lambda's control-plane quota is shared: see store/lambda.ts). */
const FUNCTIONS_AT_ONCE = 4

/**
 * Lambda's limit on a function's environment variables: 4 KB in all, as Lambda measures them,
 * the JSON of the name → value map (the Lambda quotas page; the error quotes that JSON).
 */
const ENVIRONMENT_LIMIT_BYTES = 4096

/** One function: read, merge, update if unchanged since read, wait until the update finished. */
async function refreshOne(
  store: FunctionConfigStore,
  name: string,
  value: string
): Promise<RefreshOutcome> {
  for (let attempt = 1; ; attempt++) {
    let config = await store.configuration(name)
    if (config.lastUpdateStatus === 'InProgress') {
      // Lambda refuses an update while another one runs (ResourceConflictException).
      const before = await store.waitForUpdate(name)
      if (before.status === 'timeout')
        return failed(
          `another update of the function was still running after ${before.waitedSeconds} s`
        )
      config = await store.configuration(name)
    }
    if (config.variables === undefined) {
      return failed(
        `Lambda could not read the function's environment variables (${config.variablesError ?? 'error'}), ` +
          'so they were left as they are'
      )
    }
    const variables = { ...config.variables, [REFRESH_VARIABLE]: value }
    if (new TextEncoder().encode(JSON.stringify(variables)).length > ENVIRONMENT_LIMIT_BYTES)
      return failed("its environment variables would exceed Lambda's 4 KB limit")
    try {
      await store.setVariables(name, variables, config.revisionId)
    } catch (error) {
      // A stale RevisionId (PreconditionFailedException) or an update that started meanwhile
      // (ResourceConflictException): read again, never overwrite.
      if (error instanceof StoreError && error.kind === 'conflict' && attempt < MAX_ATTEMPTS)
        continue
      throw error
    }
    const outcome = await store.waitForUpdate(name)
    if (outcome.status === 'Failed') {
      return failed(
        `Lambda could not apply the update (${outcome.reasonCode ?? 'no reason given'}); the function keeps its previous configuration`
      )
    }
    if (outcome.status === 'timeout')
      return failed(
        `the update had not finished after ${outcome.waitedSeconds} s; check the function in the console`
      )
    if (config.snapStartOnVersions) {
      return {
        result: 'refreshed',
        code: 'consumer-snapstart',
        reason: 'SnapStart: only $LATEST was refreshed, not the published versions it runs',
        warning:
          `Lambda function ${name} has SnapStart on, which runs published versions only: it is invoked ` +
          'through a version or an alias, whose configuration is frozen, so only $LATEST was refreshed. ' +
          'Publish a new version and point the alias at it.'
      }
    }
    return { result: 'refreshed' }
  }
}

type Changes = Map<string, { targets: string[]; versions: string[] }>
type ByTarget = ReadonlyMap<string, ReportRow>

/** Each function's changed secrets, in the order the consumers name them. */
function changesOf(consumers: Consumers, byTarget: ByTarget): Changes {
  const changes: Changes = new Map()
  for (const [target, functions] of consumers) {
    const row = byTarget.get(target)
    if (!row || !CHANGED.has(row.action) || !row.versionId) continue
    for (const fn of functions) {
      const change = changes.get(fn) ?? { targets: [], versions: [] }
      change.targets.push(target)
      change.versions.push(row.versionId)
      changes.set(fn, change)
    }
  }
  return changes
}

/** Each function and secret: refreshed or not and why, skipped when the secret did not change. */
function refreshRows(
  consumers: Consumers,
  byTarget: ByTarget,
  outcomes: ReadonlyMap<string, RefreshOutcome>
): RefreshRow[] {
  return [...consumers].flatMap(([target, functions]) => {
    const row = byTarget.get(target)
    if (!row) return []
    return functions.map((fn): RefreshRow => {
      const outcome = CHANGED.has(row.action) ? outcomes.get(fn) : undefined
      return outcome
        ? {
            function: fn,
            target,
            result: outcome.result,
            ...(outcome.reason ? { reason: outcome.reason } : {})
          }
        : {
            function: fn,
            target,
            result: 'skipped',
            reason: UNCHANGED_BECAUSE[row.action] ?? 'the secret did not change'
          }
    })
  })
}

/** A function not refreshed, or refreshed with a caveat: a warning naming it and its secrets. */
function refreshWarnings(
  outcomes: ReadonlyMap<string, RefreshOutcome>,
  changes: Changes
): Problem[] {
  return [...outcomes].flatMap(([fn, outcome]) => {
    const targets = changes.get(fn)?.targets.join(', ') ?? ''
    if (outcome.result === 'failed')
      return [
        {
          target: targets,
          code: outcome.code ?? 'consumer-not-refreshed',
          message:
            `Lambda function ${fn} was not refreshed: ${outcome.reason ?? 'no reason given'}. The secret ` +
            `(${targets}) was written; warm instances of ${fn} may serve the old value until Lambda ` +
            'recycles them. A rerun will not retry (nothing changes any more): redeploy the function, ' +
            'or change any of its settings.'
        }
      ]
    return outcome.warning
      ? [
          {
            target: targets,
            code: outcome.code ?? 'consumer-snapstart',
            message: outcome.warning
          }
        ]
      : []
  })
}

/**
 * Refreshes the consumers of the secrets `rows` changed; lists the consumers of the other rows as
 * skipped. Consumers of a secret this run did not touch (not in `only`) are not listed. Never
 * throws for a failed store call: it becomes the function's reason and a warning.
 */
export async function refreshConsumers(
  store: FunctionConfigStore,
  consumers: Consumers,
  rows: readonly ReportRow[]
): Promise<{ refreshed: RefreshRow[]; warnings: Problem[] }> {
  const byTarget = new Map(rows.map((r) => [r.target, r]))
  const changes = changesOf(consumers, byTarget)
  const outcomes = new Map<string, RefreshOutcome>()
  const limit = pLimit(FUNCTIONS_AT_ONCE)
  await Promise.all(
    [...changes].map(([fn, change]) =>
      limit(async () => {
        try {
          outcomes.set(fn, await refreshOne(store, fn, change.versions.join(',')))
        } catch (error) {
          if (!(error instanceof StoreError)) throw error
          outcomes.set(fn, failed(reasonOf(error), CODE_OF_KIND[error.kind]))
        }
      })
    )
  )
  return {
    refreshed: refreshRows(consumers, byTarget, outcomes),
    warnings: refreshWarnings(outcomes, changes)
  }
}
