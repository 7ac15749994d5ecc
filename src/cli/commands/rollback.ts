/** rollback TARGET: AWSCURRENT back to AWSPREVIOUS (or --to-version); no value passes through. */
import { quotable, QUOTABLE, relativeTarget, selectEntries } from '../../engine/index.js'
import { optionText, stop, type Context } from '../context.js'
import { runCommand } from '../run-command.js'

export async function rollbackCommand(ctx: Context, given: string): Promise<number> {
  const to = optionText(ctx.options['to-version'])
  const target = relativeTarget(ctx.prefix, given)
  const known = selectEntries(ctx.catalogue, ctx.environment).entries.map((e) => e.target)
  if (!known.includes(target)) {
    throw stop(
      'target-not-in-catalogue',
      `${quotable(target, QUOTABLE.target) ? `"${target}"` : 'That target'} is not in the catalogue; roll back one of: ${known.join(', ')}.`,
      'usage'
    )
  }
  return runCommand(ctx, 'rollback', {}, { only: [target], ...(to ? { toVersionId: to } : {}) })
}
