/**
 * audit: is every managed secret as this tool left it? Metadata only (DescribeSecret): no value
 * is read, so no secrets.json is needed, and an identity that may only describe is enough.
 */
import type { Context } from '../context.js'
import { runCommand } from '../run-command.js'

export function auditCommand(ctx: Context): Promise<number> {
  return runCommand(ctx, 'audit', {})
}
