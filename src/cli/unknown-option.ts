/** A mistyped option, said back with the option of ours that was meant. */
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { nearest, NOT_SHOWN, quotable, QUOTABLE } from '../engine/index.js'

export type Options = NonNullable<ParseArgsConfig['options']>

/** Options people reach for from other tools, and the option of ours that does that. */
const MEANT: Readonly<Record<string, string>> = {
  'dry-run': 'plan',
  dryrun: 'plan',
  'what-if': 'plan',
  environment: 'env',
  secrets: 'file',
  'secrets-file': 'file',
  account: 'expected-account-id',
  'account-id': 'expected-account-id',
  version: 'to-version',
  'version-id': 'to-version'
}

/**
 * "unknown option --dry-run; did you mean --plan?": only an option of this command is suggested,
 * and the unknown one is named only when it looks like an option name (never a pasted value).
 */
function unknownOption(name: string, raw: string, options: Options): string {
  const named = quotable(raw, QUOTABLE.option)
  const said = named ? raw : NOT_SHOWN
  const known = Object.keys(options)
  const meant = MEANT[name.toLowerCase()]
  const suggestion =
    meant && known.includes(meant) ? meant : named ? nearest(name, known) : undefined
  return suggestion
    ? `unknown option ${said}; did you mean --${suggestion}?`
    : `unknown option ${said}.`
}

/** The first option the command does not know, said as unknownOption says it; else undefined. */
export function firstUnknownOption(args: readonly string[], options: Options): string | undefined {
  const { tokens } = parseArgs({
    args: [...args],
    options,
    allowPositionals: true,
    strict: false,
    tokens: true
  })
  // A known short option's token carries its long name; an unknown one, the letter.
  for (const token of tokens) {
    if (token.kind === 'option' && !Object.hasOwn(options, token.name))
      return unknownOption(token.name, token.rawName, options)
  }
  return undefined
}
