/** What to do about a failure whose cause lies in the workflow or the role, and its title. */
import type { Problem, ProblemKind } from '../engine/model/problem.js'
import { endpointOverride } from '../engine/model/text.js'

/** Where a job that never had AWS credentials is sent: the set-up it has not finished yet. */
const SET_UP =
  'If this repository is new, set-up is not finished: README "Set up AWS and GitHub" (the role in ' +
  'each AWS account, then its account, region and role in the environments file, ' +
  '.github/secrets-environments.json); docs/aws-trust.md explains which jobs the role trusts.'

/** Where the run acted, for the ARNs a hint names. */
export interface HintScope {
  region: string
  prefix: string
  account?: string
}

/** Actions whose only resource is "*". */
const STAR_ONLY = new Set(['secretsmanager:BatchGetSecretValue', 'secretsmanager:ListSecrets'])

export function hintFor(
  problem: Problem,
  env: NodeJS.ProcessEnv,
  scope: HintScope
): string | undefined {
  if (problem.kind === 'credentials') {
    if (env.GITHUB_ACTIONS === 'true' && !env.ACTIONS_ID_TOKEN_REQUEST_URL) {
      return (
        'This job cannot request a GitHub OIDC token: add `permissions: id-token: write` (and ' +
        '`contents: read`) to the job, and run aws-actions/configure-aws-credentials with ' +
        '`role-to-assume` before this step.'
      )
    }
    return `Run aws-actions/configure-aws-credentials with \`role-to-assume\` before this step (no long-lived keys needed). ${SET_UP}`
  }
  const endpoint = endpointOverride(env)
  if (problem.kind === 'network' && endpoint) {
    return `AWS_ENDPOINT_URL is set (${endpoint}): every call goes there instead of AWS; check that it answers, or remove the variable.`
  }
  if (problem.kind === 'unconfirmed-account') {
    return (
      "Set the step's `expected-account-id` input to the 12-digit id of the AWS account this " +
      "environment lives in (the workflows give the environments file's, `${{ steps.pin.outputs.account }}`): " +
      'the run then checks the credentials against it, and adopts the secret if its value passes ' +
      "this environment's rule (docs/migrate-from-cdk.md)."
    )
  }
  if (problem.kind === 'kms') {
    return (
      'Check that the KMS key (kms-key-id, or the key the secret already uses) exists and is ' +
      "enabled, and that the role's policy and the key's policy allow kms:GenerateDataKey and kms:Decrypt."
    )
  }
  if (problem.kind === 'access-denied' && problem.action) {
    const secrets = `arn:aws:secretsmanager:${scope.region}:${scope.account ?? '<account>'}:secret:${scope.prefix}/*`
    const where = STAR_ONLY.has(problem.action)
      ? `on Resource "*" (AWS accepts nothing narrower for it), together with secretsmanager:GetSecretValue on ${secrets}`
      : problem.action.startsWith('kms:')
        ? 'on the KMS key that encrypts the secret (kms-key-id), and the key policy must let the role use it'
        : `on ${secrets}`
    return `The deploy role's policy must allow ${problem.action} ${where} (docs/setup.md: "AWS permissions").`
  }
  return undefined
}

const TITLES: Partial<Record<ProblemKind, string>> = {
  'access-denied': 'AWS access denied',
  credentials: 'No usable AWS credentials',
  throttling: 'AWS throttling',
  network: 'AWS unreachable',
  kms: 'KMS key problem',
  drift: 'Secrets Manager differs from GitHub',
  'unconfirmed-account': 'AWS account not confirmed',
  audit: 'Secret not as this tool left it'
}

/** The annotation's title. */
export function titleOf(problem: Problem): string {
  if (problem.kind) return TITLES[problem.kind] ?? 'AWS error'
  if (problem.source) return `Fix GitHub secret ${problem.source}`
  return 'impressionnistes-secrets'
}
