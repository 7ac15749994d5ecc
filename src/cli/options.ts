/** The options several commands share, and their lines of help. */
import type { Options } from './unknown-option.js'

export const COMMON: Options = {
  env: { type: 'string', short: 'e' },
  prefix: { type: 'string' },
  region: { type: 'string' },
  profile: { type: 'string' },
  catalogue: { type: 'string' },
  environments: { type: 'string' },
  'expected-account-id': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' }
}

export const COMMON_HELP = `Options for every command:
  -e, --env NAME               environment of the catalogue: dev or prod (required)
      --profile NAME           AWS profile (else AWS_PROFILE, SSO, environment: the standard chain)
      --region NAME            confirms the region: every command uses the environments
                               file's; another is refused (AWS_REGION and profiles move nothing)
      --prefix NAME            name prefix of the managed secrets (default impressionnistes)
      --catalogue FILE         catalogue JSON replacing the built-in one
      --environments FILE      each environment's account and region, checked before anything
                               is read (default .github/secrets-environments.json)
      --expected-account-id ID confirms the account: it must be the environments file's
      --json                   machine-readable output (never a value, except show --reveal)
  -h, --help                   this help

Exit codes: 0 ok, 1 failure, 2 usage error, 3 verify found drift or audit a finding.
--version prints the version.`

export const FILE: Options = { file: { type: 'string', short: 'f' } }
export const REPOSITORY: Options = { repository: { type: 'string' } }
export const REPOSITORY_HELP =
  '  With GITHUB_TOKEN or GH_TOKEN (a token with "Secrets: read") and --repository owner/name\n' +
  '  (or GITHUB_REPOSITORY), also flags a GitHub secret edited after the value in AWS was written.'
export const FILE_HELP = `  -f, --file FILE              source values, today's secrets.json format (default secrets.json)`

/** The Lambda functions to refresh after a write, as the action's `consumers` input. */
export const CONSUMERS: Options = {
  consumer: { type: 'string', multiple: true },
  'consumers-file': { type: 'string' }
}
export const CONSUMERS_HELP = `      --consumer 'TARGET: FN, FN'  Lambda functions reading TARGET (repeatable, or ";" between
                               lines): after a change, each gets IMPRESSIONNISTES_SECRETS_VERSION
                               set to the new version id, so new invocations start fresh
      --consumers-file FILE    the same, one "TARGET: FN, FN" line per secret`

/** The probes of a run that writes (docs/probes.md). */
export const PROBE: Options = {
  'no-probe': { type: 'boolean' },
  'require-probe': { type: 'boolean' }
}
export const PROBE_HELP = `      --no-probe               ask neither Stripe nor Slack before writing (offline runs)
      --require-probe          stop when a probe cannot tell (429, 5xx, time-out), not only when dead`
