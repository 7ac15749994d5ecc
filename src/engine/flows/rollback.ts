/**
 * rollback: AWSCURRENT of the named secrets back to AWSPREVIOUS (or to a version given by id).
 * No value is read or written; every target is checked before the first move.
 */
import { storeProblem, type Problem } from '../model/problem.js'
import { rollback } from '../rollback/rollback.js'
import {
  consumerProblems,
  stoppedBy,
  targetsOf,
  type Ending,
  type Flow,
  type FlowContext
} from './flow.js'
import { probeGate } from './rollback-probe.js'

/** What rollback needs besides the catalogue's entries: the targets, and one for a version id. */
function usageProblems({ request }: FlowContext): Problem[] {
  if (!request.only?.length)
    return [
      {
        code: 'rollback-without-targets',
        message: 'rollback needs the secrets to roll back, named in "only" (e.g. stripe/api_key).'
      }
    ]
  if (request.toVersionId && request.only.length !== 1)
    return [
      {
        code: 'rollback-version-for-one',
        message: 'A version id to roll back to applies to one secret: name just one.'
      }
    ]
  return []
}

export function rollbackFlow(ctx: FlowContext): Flow {
  const { store, request, report } = ctx
  const run = async (): Promise<Ending> => {
    let result
    try {
      result = await rollback(
        store,
        targetsOf(ctx),
        request.toVersionId,
        request.environment,
        probeGate(ctx)
      )
    } catch (error) {
      throw stoppedBy('read', error)
    }
    const problems = [...result.refusals, ...result.failures.map(storeProblem)]
    return {
      rows: result.rows,
      stage: result.refusals.length ? 'plan' : result.failures.length ? 'apply' : 'done',
      problems,
      warnings: [...report.warnings, ...result.warnings],
      ok: problems.length === 0
    }
  }
  return { problems: [...usageProblems(ctx), ...consumerProblems(ctx)], run }
}
