/**
 * A pin against what a run sees: the set-up must be finished (no placeholder left where the run
 * needs a value), and the credentials, an explicit region and an account to confirm must all
 * agree with the file. Pure: the caller asks STS once and hands its answer here.
 */
import { isAbsolute, join } from 'node:path'
import type { Problem } from '../model/problem.js'
import { echo, QUOTABLE, shown } from '../model/quote.js'
import {
  DEFAULT_ENVIRONMENTS_FILE,
  isPlaceholder,
  PIN_KEYS,
  type Pin,
  type PinKey
} from './schema.js'

/** What a run sees, to be held against its environment's pin. */
export interface Seen {
  /**
   * The account of the credentials (STS GetCallerIdentity); before that call is made, absent:
   * only the file and the explicit settings are checked.
   */
  credentialsAccount?: string
  /** A region the user named (--region, REGION=, the region input); ambient settings are not. */
  explicitRegion?: string
  /** An account to confirm (--expected-account-id, ACCOUNT=, expected-account-id). */
  expectedAccountId?: string
}

/** How each front names the settings in its messages. */
export interface Labels {
  region: string
  expectedAccountId: string
}

const CLI_LABELS: Labels = { region: '--region', expectedAccountId: '--expected-account-id' }

/** The environments file a run reads: the one given, else the default, under `workspace`. */
export function environmentsPath(given: string | undefined, workspace: string): string {
  const path = given && given.trim() !== '' ? given.trim() : DEFAULT_ENVIRONMENTS_FILE
  return isAbsolute(path) ? path : join(workspace, path)
}

/** The keys of a pin still holding the shipped placeholder. */
export function placeholderKeys(pin: Pin): PinKey[] {
  return PIN_KEYS.filter((key) => {
    const value = pin[key]
    return value !== undefined && isPlaceholder(value)
  })
}

/**
 * "Set-up not finished" when a key the run needs (the account, for every write) still holds its
 * placeholder, naming the file, the line and the key.
 */
export function setUpUnfinished(
  pin: Pin,
  needed: readonly PinKey[] = ['account']
): Problem | undefined {
  const left = placeholderKeys(pin).filter((key) => needed.includes(key))
  if (left.length === 0) return undefined
  const where = left
    .map((key) => `${pin.environment}.${key} (line ${pin.lines[key] ?? '?'})`)
    .join(', ')
  return {
    code: 'set-up-not-finished',
    message:
      `Set-up not finished: the environments file ${pin.origin} still holds a placeholder in ` +
      `${where}. Nothing was read or written. Put the real value there (docs/setup.md says ` +
      `where each one comes from), commit it, and run again.`
  }
}

const account = (text: string): string => shown(text, /^\d{12}$/)

/**
 * Every way the run disagrees with its pin, each naming both values and the file; an empty list
 * means the run may go on, in `pin.region`.
 */
export function pinProblems(pin: Pin, seen: Seen, labels: Labels = CLI_LABELS): Problem[] {
  // Until the account is filled in, no comparison means anything: say what is missing.
  const unfinished = setUpUnfinished(pin)
  if (unfinished) return [unfinished]
  const problems: Problem[] = []
  const file = pin.origin
  const env = pin.environment
  if (seen.expectedAccountId !== undefined && seen.expectedAccountId !== pin.account) {
    problems.push({
      code: 'account-differs-from-pin',
      message:
        `The account to confirm (${labels.expectedAccountId} ${account(seen.expectedAccountId)}) ` +
        `differs from the account the environments file ${file} pins for ${env} ` +
        `(${pin.account}, line ${pin.lines.account ?? '?'}): refused, nothing was read or written. ` +
        `One of the two is wrong: correct it.`
    })
  }
  if (seen.explicitRegion !== undefined && seen.explicitRegion !== pin.region) {
    problems.push({
      code: 'region-differs-from-pin',
      message:
        `The region asked for (${labels.region} ${echo(seen.explicitRegion, QUOTABLE.region)}) ` +
        `differs from the region the environments file ${file} pins for ${env} ` +
        `(${pin.region}, line ${pin.lines.region ?? '?'}): refused, nothing was read or written. ` +
        `Leave the region out (the pin is used), or correct the file.`
    })
  }
  const credentials = seen.credentialsAccount
  if (credentials !== undefined && credentials !== pin.account) {
    problems.push({
      code: 'account-not-pinned',
      message:
        `The AWS credentials are for account ${account(credentials)}, but the ` +
        `environments file ${file} pins ${env} to account ${pin.account} ` +
        `(line ${pin.lines.account ?? '?'}): nothing was read or written. Use ${env}'s role or ` +
        `AWS profile, or correct the file.`
    })
  }
  return problems
}
