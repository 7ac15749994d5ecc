/**
 * Where a run acts: the name prefix, the region and the account it must be in. Checked the same
 * way for both fronts; each names the setting its own way (`Input "prefix"`, `--prefix`).
 */
import { NAME_CHARS } from './names.js'

export const DEFAULT_REGION = 'eu-west-3'

/** Problems with these settings; `label` says how the front names a setting. */
export function scopeProblems(
  scope: { prefix: string; region: string; expectedAccountId?: string | undefined },
  label: (setting: 'prefix' | 'region' | 'expected-account-id') => string
): string[] {
  const problems: string[] = []
  if (!NAME_CHARS.test(scope.prefix) || scope.prefix.startsWith('/')) {
    problems.push(
      `${label('prefix')} may hold only letters, digits and / _ + = . @ - (e.g. impressionnistes).`
    )
  }
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(scope.region))
    problems.push(`${label('region')} is not an AWS region name: "${scope.region}".`)
  const account = scope.expectedAccountId
  if (account !== undefined && !/^\d{12}$/.test(account)) {
    // An account id is no secret: quoting it shows a missing variable's placeholder, or a typo.
    problems.push(
      `${label('expected-account-id')} must be a 12-digit AWS account id; got "${account}".`
    )
  }
  return problems
}
