/** The one question the CLI asks: "yes" before it shows full values. */
import { createInterface } from 'node:readline/promises'
import { stop, type Context } from './context.js'

/** Whether the user said yes (or gave --yes). Ctrl-C and Ctrl-D are a no. */
export async function confirmReveal(
  ctx: Context,
  count: number,
  account: string
): Promise<boolean> {
  ctx.io.stderr.write(
    `⚠️ WARNING: This displays full secret values! ${count} value(s) of ${ctx.environment} in account ${account}.\n`
  )
  if (ctx.options.yes) return true
  if (!ctx.io.stdin.isTTY)
    throw stop('no-terminal-to-confirm', 'No terminal to confirm on: answer with --yes.')
  const prompt = createInterface({ input: ctx.io.stdin, output: ctx.io.stderr })
  let answer: string
  try {
    answer = await new Promise<string>((ok, fail) => {
      // Ctrl-D (end of input) is a no, like Ctrl-C.
      prompt.once('close', () => ok(''))
      prompt.question('Type "yes" to show them: ').then(ok, fail)
    })
  } catch {
    answer = '' // Ctrl-C
  } finally {
    prompt.close()
  }
  return answer.trim().toLowerCase() === 'yes'
}
