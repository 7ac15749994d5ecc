/**
 * What to do about a problem whose cause lies outside the sources (the workflow, the role, the
 * laptop's login), told in each front's own words: the action names its inputs and the job's
 * permissions, the CLI its options and the make variables. One table per front, keyed by kind.
 */
import { endpointOverride } from '../model/endpoint.js'
import type { Problem, ProblemKind } from '../model/problem.js'

/** Where the run acted, and which front says the hint. */
export type HintContext =
  | {
      front: 'action'
      env: NodeJS.ProcessEnv
      region: string
      prefix: string
      account?: string
    }
  | {
      front: 'cli'
      env: NodeJS.ProcessEnv
      environment: string
      /** The AWS profile in use (--profile, else AWS_PROFILE). */
      profile: string | undefined
    }

type Hints<C> = Partial<Record<ProblemKind, (problem: Problem, ctx: C) => string | undefined>>

/** Where a job that never had AWS credentials is sent: the set-up it has not finished yet. */
const SET_UP =
  'If this repository is new, set-up is not finished: README "Set up AWS and GitHub" (the role in ' +
  'each AWS account, then its account, region and role in the environments file, ' +
  '.github/secrets-environments.json); docs/aws-trust.md explains which jobs the role trusts.'

/** Actions whose only resource is "*". */
const STAR_ONLY = new Set(['secretsmanager:BatchGetSecretValue', 'secretsmanager:ListSecrets'])

type ActionContext = Extract<HintContext, { front: 'action' }>
type CliContext = Extract<HintContext, { front: 'cli' }>

const ACTION: Hints<ActionContext> = {
  credentials: (_p, { env }) =>
    env.GITHUB_ACTIONS === 'true' && !env.ACTIONS_ID_TOKEN_REQUEST_URL
      ? 'This job cannot request a GitHub OIDC token: add `permissions: id-token: write` (and ' +
        '`contents: read`) to the job, and run aws-actions/configure-aws-credentials with ' +
        '`role-to-assume` before this step.'
      : `Run aws-actions/configure-aws-credentials with \`role-to-assume\` before this step (no long-lived keys needed). ${SET_UP}`,
  network: (_p, { env }) => {
    const endpoint = endpointOverride(env)
    return endpoint
      ? `AWS_ENDPOINT_URL is set (${endpoint}): every call goes there instead of AWS; check that it answers, or remove the variable.`
      : undefined
  },
  'unconfirmed-account': () =>
    "Set the step's `expected-account-id` input to the 12-digit id of the AWS account this " +
    "environment lives in (the workflows give the environments file's, `${{ steps.pin.outputs.account }}`): " +
    'the run then checks the credentials against it, and adopts the secret if its value passes ' +
    "this environment's rule (docs/migrate-from-cdk.md).",
  kms: () =>
    'Check that the KMS key (kms-key-id, or the key the secret already uses) exists and is ' +
    "enabled, and that the role's policy and the key's policy allow kms:GenerateDataKey and kms:Decrypt.",
  'access-denied': ({ action }, { region, account, prefix }) => {
    if (!action) return undefined
    const secrets = `arn:aws:secretsmanager:${region}:${account ?? '<account>'}:secret:${prefix}/*`
    const where = STAR_ONLY.has(action)
      ? `on Resource "*" (AWS accepts nothing narrower for it), together with secretsmanager:GetSecretValue on ${secrets}`
      : action.startsWith('kms:')
        ? 'on the KMS key that encrypts the secret (kms-key-id), and the key policy must let the role use it'
        : `on ${secrets}`
    return `The deploy role's policy must allow ${action} ${where} (docs/setup.md: "AWS permissions").`
  }
}

const CLI: Hints<CliContext> = {
  'unconfirmed-account': (_p, { environment }) =>
    `Pass --expected-account-id <id> (make … ACCOUNT=<id>), <id> being the 12-digit id of ` +
    `the AWS account ${environment} lives in, as your team records it: not read off these ` +
    `credentials, which are what it checks. The secret is then adopted if its value passes ` +
    `${environment}'s rule (docs/migrate-from-cdk.md).`,
  network: (_p, { env }) => {
    const endpoint = endpointOverride(env)
    return endpoint
      ? `AWS_ENDPOINT_URL is set (${endpoint}): every call goes there instead of AWS. ` +
          'Start what should answer there (npm run standin, for a rehearsal), or unset AWS_ENDPOINT_URL.'
      : undefined
  },
  credentials: (_p, { profile }) =>
    profile
      ? `Log in first (aws sso login --profile ${profile}), and check that the profile exists: aws configure list-profiles.`
      : 'Log in first (aws sso login --profile NAME) and pass --profile NAME, or set AWS_PROFILE.',
  'access-denied': ({ action }) =>
    action ? `Your AWS identity needs ${action}; ask whoever manages the account's IAM.` : undefined
}

/** The hint for `problem` in this front's words; undefined when it needs none. */
export function hintFor(problem: Problem, ctx: HintContext): string | undefined {
  if (!problem.kind) return undefined
  return ctx.front === 'action'
    ? ACTION[problem.kind]?.(problem, ctx)
    : CLI[problem.kind]?.(problem, ctx)
}

/** The problem with its hint after its message, when it has one. */
export function withHint(problem: Problem, ctx: HintContext): Problem {
  const hint = hintFor(problem, ctx)
  return hint ? { ...problem, message: `${problem.message} ${hint}` } : problem
}
