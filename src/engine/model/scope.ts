/**
 * Where a run acts: the name prefix, the region and the account it must be in. Checked the same
 * way for both fronts; each names the setting its own way (`Input "prefix"`, `--prefix`).
 */
import { hasDotPart, NAME_CHARS } from './names.js'
import type { Problem } from './problem.js'
import { echo, QUOTABLE } from './quote.js'

export const DEFAULT_REGION = 'eu-west-3'

/** Room for the targets in a name of at most 512 characters (names.ts MAX_NAME_LENGTH). */
const MAX_PREFIX_LENGTH = 256

/** What the workflows pass when a variable is missing: `vars.X || 'set-the-X-variable'`. */
const PLACEHOLDER = /^set-the-([A-Z][A-Z0-9_]*)-variable$/

/** Problems with these settings; `label` says how the front names a setting. */
export function scopeProblems(
  scope: { prefix: string; region: string; expectedAccountId?: string | undefined },
  label: (setting: 'prefix' | 'region' | 'expected-account-id') => string
): Problem[] {
  const problems: string[] = []
  if (!NAME_CHARS.test(scope.prefix) || scope.prefix.startsWith('/')) {
    problems.push(
      `${label('prefix')} may hold only letters, digits and / _ + = . @ - (e.g. impressionnistes).`
    )
  } else if (scope.prefix.includes('//') || hasDotPart(scope.prefix)) {
    problems.push(
      `${label('prefix')} must not hold "//", nor "." or ".." between slashes (e.g. impressionnistes).`
    )
  } else if (scope.prefix.length > MAX_PREFIX_LENGTH) {
    problems.push(`${label('prefix')} is longer than ${MAX_PREFIX_LENGTH} characters.`)
  }
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(scope.region))
    problems.push(
      `${label('region')} is not an AWS region name: ${echo(scope.region, QUOTABLE.region)}.`
    )
  const account = scope.expectedAccountId
  if (account !== undefined && !/^\d{12}$/.test(account)) {
    // An account id is no secret: quoting it shows a missing variable's placeholder, or a typo.
    const variable = PLACEHOLDER.exec(account)?.[1]
    problems.push(
      variable
        ? `${label('expected-account-id')} is the workflow's placeholder "${account}": set-up is not finished, ` +
            `the ${variable} variable is not set. Add it in Settings → Environments → this job's environment → ` +
            `Environment variables: the 12-digit AccountId output of the deploy-role stack (README "Set up AWS and GitHub", step 2).`
        : `${label('expected-account-id')} must be a 12-digit AWS account id; got ${echo(account, QUOTABLE.id)}.`
    )
  }
  return problems.map((message) => ({ code: 'input-wrong', message }))
}
