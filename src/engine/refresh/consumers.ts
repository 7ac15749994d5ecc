/**
 * The `consumers` setting: which Lambda functions read which secret, one line per secret,
 * `target: function, function` (e.g. `stripe/api_key: registration-payment, registration-refund`).
 * Both fronts parse it here (the action's input, the CLI's --consumer and --consumers-file); what
 * a user typed is quoted back only once it passed the check it is quoted for.
 */
import { NAME_CHARS, relativeTarget } from '../model/names.js'
import type { Consumers } from '../model/refresh.js'
import { echo, looksLikeSecret, NOT_SHOWN, quotable } from '../model/quote.js'

/**
 * A function's name as Lambda's API reference gives it (FunctionName, "Function name" format):
 * letters, digits, hyphens and underscores, at most 64 characters. The deploy role's template
 * grants the refresh on names of its own account and region (ConsumerFunctions), so ARNs, partial
 * ARNs and qualified names (`name:alias`, `name:3`) are not accepted.
 */
export const FUNCTION_NAME = /^[A-Za-z0-9_-]{1,64}$/

/** `name:qualifier`: a published version (digits) or an alias. */
const QUALIFIED = /^([A-Za-z0-9_-]{1,64}):([A-Za-z0-9_$-]{1,128})$/

/** Why `name` is not a function name this tool refreshes, or undefined when it is one. */
function nameProblem(name: string): string | undefined {
  // A Stripe key fits the name pattern: sent to Lambda, it would be printed as a function name.
  if (looksLikeSecret(name)) return `${NOT_SHOWN} looks like a secret, not a function name.`
  if (FUNCTION_NAME.test(name)) return undefined
  const qualified = QUALIFIED.exec(name)
  if (qualified) {
    return (
      `${echo(name, QUALIFIED)} names a published version or an alias: a published version's ` +
      `configuration is frozen, so it cannot be refreshed. Give the function's name ` +
      `(${echo(qualified[1] ?? '', FUNCTION_NAME)}): its unpublished version ($LATEST) is refreshed; ` +
      'publish a new version and move the alias yourself.'
    )
  }
  const shown = echo(name, /^[\w:$.-]{1,200}$/)
  if (name.startsWith('arn:') || /^\d{12}:function:/.test(name))
    return `${shown} is an ARN: give the function's name (after "function:"); it must be in this account and region.`
  return `${shown} is not a Lambda function name (1 to 64 letters, digits, - or _).`
}

/**
 * Parses the lines (newlines or ";" separate them; blank lines and "#" comments are skipped).
 * `label` names the setting in messages, e.g. 'Input "consumers"' or "--consumer".
 */
export function parseConsumers(
  text: string,
  prefix: string,
  label: string
): { consumers: Map<string, string[]>; problems: string[] } {
  const consumers = new Map<string, string[]>()
  const problems: string[] = []
  const lines = text
    .split(/\r?\n|;/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
  lines.forEach((line, i) => {
    const where = `${label}, line ${i + 1}`
    const colon = line.indexOf(':')
    if (colon < 0) {
      problems.push(
        `${where}: write "target: function, function" (e.g. stripe/api_key: my-function).`
      )
      return
    }
    const target = relativeTarget(prefix, line.slice(0, colon).trim())
    if (!quotable(target, NAME_CHARS)) {
      problems.push(
        `${where}: the part before ":" must be a target of the catalogue (e.g. stripe/api_key).`
      )
      return
    }
    const names = line
      .slice(colon + 1)
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
    if (names.length === 0) {
      problems.push(`${where}: no function after ${echo(target, NAME_CHARS)}.`)
      return
    }
    const bad = names.map((n) => [n, nameProblem(n)] as const).filter(([, p]) => p)
    for (const [, problem] of bad) problems.push(`${where}: ${problem}`)
    if (bad.length) return
    const known = consumers.get(target) ?? []
    consumers.set(target, [...new Set([...known, ...names])])
  })
  return { consumers, problems }
}

/** Targets of `consumers` that are not secrets of this environment's catalogue. */
export function unknownConsumerTargets(
  consumers: Consumers,
  known: readonly string[],
  environment: string
): string[] {
  return [...consumers.keys()]
    .filter((target) => !known.includes(target))
    .map(
      (target) =>
        `consumers: ${echo(target, NAME_CHARS)} is not a secret of the catalogue in ${environment}; ` +
        `name one of: ${known.join(', ')}.`
    )
}
