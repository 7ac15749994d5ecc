/**
 * The CLI front: arguments → context → one command → exit code. Every line printed passes
 * through the redactor, which knows every value read from a file, the environment or AWS before
 * anything is printed; only `show --reveal` prints values, and only on a terminal after a yes.
 */
import { Redactor, storeProblems, Stopped } from '../engine/index.js'
import { EXIT, parse, type Command } from './args.js'
import { auditCommand } from './commands/audit.js'
import { deploy } from './commands/deploy.js'
import { list } from './commands/list.js'
import { rollbackCommand } from './commands/rollback.js'
import { show } from './commands/show.js'
import { updateStripe } from './commands/update-stripe.js'
import { probeCommand } from './probe.js'
import { contextOf, exitCodeOf, hintsOf, printProblems, stop, type Context } from './context.js'
import { print, printJson, type Io, type Output } from './io.js'

export type { Io } from './io.js'

function dispatch(ctx: Context, command: Command, positionals: string[]): Promise<number> {
  switch (command.name) {
    case 'deploy':
      return deploy(ctx, ctx.options.plan ? 'plan' : 'sync')
    case 'plan':
      return deploy(ctx, 'plan')
    case 'verify':
      return deploy(ctx, 'verify')
    case 'list':
      return list(ctx)
    case 'show':
      return show(ctx)
    case 'update-stripe':
      return updateStripe(ctx)
    case 'rollback':
      return rollbackCommand(ctx, positionals[0] ?? '')
    case 'audit':
      return auditCommand(ctx)
    case 'probe':
      return probeCommand(ctx)
    default:
      throw stop('unknown-command', `Unknown command ${command.name}`, 'usage')
  }
}

/** Runs one CLI invocation; returns the exit code. Never throws for a user's mistake. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const parsed = parse(argv)
  const out: Output = { io, redactor: new Redactor() }
  if (parsed.kind === 'help') {
    print(out, 'stdout', parsed.text)
    return EXIT.ok
  }
  if (parsed.kind === 'usage') {
    print(out, 'stderr', parsed.message)
    return EXIT.usage
  }
  const { command, options, positionals } = parsed
  try {
    return await dispatch(await contextOf(out, options), command, positionals)
  } catch (error) {
    if (error instanceof Stopped) {
      // The one way problems are said: each with its hint and its heading.
      printProblems(out, hintsOf(out, options), error.problems)
      // --json readers get a document on stdout whatever happened.
      if (options.json === true) printJson(out, 'stdout', { ok: false, error: error.message })
      return exitCodeOf(error)
    }
    const problems = storeProblems(error)
    if (problems) {
      printProblems(out, hintsOf(out, options), problems)
      return EXIT.failure
    }
    print(
      out,
      'stderr',
      `error: unexpected failure (${error instanceof Error ? error.message : String(error)}).`
    )
    return EXIT.failure
  }
}
