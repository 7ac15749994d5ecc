/** rollback TARGET: AWSCURRENT back to AWSPREVIOUS (or --to-version); no value passes through. */
import { selectEntries } from '../../engine/catalogue/catalogue.js'
import { relativeTarget } from '../../engine/model/names.js'
import { quotable, QUOTABLE } from '../../engine/model/quote.js'
import { EXIT } from '../args.js'
import { optionText, runCommand, Stop, type Context } from '../context.js'

export async function rollbackCommand(ctx: Context, given: string): Promise<number> {
  const to = optionText(ctx.options['to-version'])
  const target = relativeTarget(ctx.prefix, given)
  const known = selectEntries(ctx.catalogue, ctx.environment).entries.map((e) => e.target)
  if (!known.includes(target)) {
    throw new Stop(
      `${quotable(target, QUOTABLE.target) ? `"${target}"` : 'That target'} is not in the catalogue; roll back one of: ${known.join(', ')}.`,
      EXIT.usage
    )
  }
  return runCommand(ctx, 'rollback', {}, { only: [target], ...(to ? { toVersionId: to } : {}) })
}
