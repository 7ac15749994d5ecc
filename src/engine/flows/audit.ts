/**
 * audit: metadata only (DescribeSecret), no source needed. Each managed secret must exist, not be
 * scheduled for deletion or rotated, carry our tags for this environment, and have as AWSCURRENT
 * the version this tool last wrote or rolled back to. With the probes on, the Stripe key's
 * rotation is checked too (./rotation.ts): the one place an audit reads values.
 */
import { audit } from '../audit/audit.js'
import { rotationFindings } from './rotation.js'
import { stoppedBy, targetsOf, type Ending, type Flow, type FlowContext } from './flow.js'

export function auditFlow(ctx: FlowContext): Flow {
  const run = async (): Promise<Ending> => {
    let result, rotation
    try {
      result = await audit(ctx.store, targetsOf(ctx), ctx.request.environment)
      // The rotation check reads the metadata the audit has read already.
      rotation = await rotationFindings(ctx, result.metadata)
    } catch (error) {
      throw stoppedBy('read', error)
    }
    const problems = [...result.problems, ...rotation.problems]
    return {
      rows: result.rows,
      stage: 'done',
      problems,
      warnings: [...ctx.report.warnings, ...rotation.warnings],
      ...(rotation.notes.length ? { notes: rotation.notes } : {}),
      drift: result.flagged,
      ok: problems.length === 0
    }
  }
  return { problems: [], run }
}
