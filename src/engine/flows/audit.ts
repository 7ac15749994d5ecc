/**
 * audit: metadata only (DescribeSecret), no value read, no source needed. Each managed secret
 * must exist, not be scheduled for deletion or rotated, carry our tags for this environment, and
 * have as AWSCURRENT the version this tool last wrote or rolled back to.
 */
import { audit } from '../audit/audit.js'
import { stoppedBy, targetsOf, type Ending, type Flow, type FlowContext } from './flow.js'

export function auditFlow(ctx: FlowContext): Flow {
  const run = async (): Promise<Ending> => {
    let result
    try {
      result = await audit(ctx.store, targetsOf(ctx), ctx.request.environment)
    } catch (error) {
      throw stoppedBy('read', error)
    }
    return {
      rows: result.rows,
      stage: 'done',
      problems: result.problems,
      drift: result.flagged,
      ok: result.problems.length === 0
    }
  }
  return { problems: [], run }
}
