/**
 * What to do about a problem whose cause lies outside the sources (the workflow, the role, the
 * laptop's login), told in each front's own words: the action names its inputs and the job's
 * permissions, the CLI its options and the make variables. One table, keyed by the problem's
 * code (../model/codes.ts), each entry in both fronts' vocabulary.
 */
import { endpointOverride } from '../model/endpoint.js'
import type { Problem, ProblemCode } from '../model/problem.js'

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

/**
 * A front's hint for a problem: its text, or its text and a more precise code (which the help
 * link then follows); undefined when it has none.
 */
type Hint<C> = (
  problem: Problem,
  ctx: C
) => string | { text: string; code: ProblemCode } | undefined

/** Where a job that never had AWS credentials is sent: the set-up it has not finished yet. */
const SET_UP =
  'If this repository is new, set-up is not finished: README "Set up AWS and GitHub" (the role in ' +
  'each AWS account, then its account, region and role in the environments file, ' +
  '.github/secrets-environments.json); docs/aws-trust.md explains which jobs the role trusts.'

/** Actions whose only resource is "*". */
const STAR_ONLY = new Set(['secretsmanager:BatchGetSecretValue', 'secretsmanager:ListSecrets'])

type ActionContext = Extract<HintContext, { front: 'action' }>
type CliContext = Extract<HintContext, { front: 'cli' }>

/** AWS_ENDPOINT_URL, when it sends every call elsewhere than AWS. */
const endpointHint =
  (then: string) =>
  (_p: Problem, { env }: HintContext): string | undefined => {
    const endpoint = endpointOverride(env)
    return endpoint
      ? `AWS_ENDPOINT_URL is set (${endpoint}): every call goes there instead of AWS${then}`
      : undefined
  }

/** The deploy role's policy a denied action needs, from the action's point of view. */
function deniedInAction({ action }: Problem, { region, account, prefix }: ActionContext) {
  if (!action) return undefined
  const secrets = `arn:aws:secretsmanager:${region}:${account ?? '<account>'}:secret:${prefix}/*`
  const where = STAR_ONLY.has(action)
    ? `on Resource "*" (AWS accepts nothing narrower for it), together with secretsmanager:GetSecretValue on ${secrets}`
    : action.startsWith('kms:')
      ? 'on the KMS key that encrypts the secret (kms-key-id), and the key policy must let the role use it'
      : `on ${secrets}`
  return `The deploy role's policy must allow ${action} ${where} (docs/setup.md: "AWS permissions").`
}

const deniedInCli = ({ action }: Problem): string | undefined =>
  action ? `Your AWS identity needs ${action}; ask whoever manages the account's IAM.` : undefined

/** The one table: by code, what each front says. */
const HINTS: Partial<
  Record<ProblemCode, { action?: Hint<ActionContext>; cli?: Hint<CliContext> }>
> = {
  'no-credentials': {
    action: (_p, { env }) =>
      env.GITHUB_ACTIONS === 'true' && !env.ACTIONS_ID_TOKEN_REQUEST_URL
        ? {
            code: 'no-oidc-token',
            text:
              'This job cannot request a GitHub OIDC token: add `permissions: id-token: write` (and ' +
              '`contents: read`) to the job, and run aws-actions/configure-aws-credentials with ' +
              '`role-to-assume` before this step.'
          }
        : `Run aws-actions/configure-aws-credentials with \`role-to-assume\` before this step (no long-lived keys needed). ${SET_UP}`,
    cli: (_p, { profile }) => ({
      code: 'cli-no-credentials',
      text: profile
        ? `Log in first (aws sso login --profile ${profile}), and check that the profile exists: aws configure list-profiles.`
        : 'Log in first (aws sso login --profile NAME) and pass --profile NAME, or set AWS_PROFILE.'
    })
  },
  'no-answer': {
    action: endpointHint('; check that it answers, or remove the variable.'),
    cli: endpointHint(
      '. Start what should answer there (npm run standin, for a rehearsal), or unset AWS_ENDPOINT_URL.'
    )
  },
  'made-outside-unconfirmed': {
    action: () =>
      "Set the step's `expected-account-id` input to the 12-digit id of the AWS account this " +
      "environment lives in (the workflows give the environments file's, `${{ steps.pin.outputs.account }}`): " +
      'the run then checks the credentials against it, and adopts the secret if its value passes ' +
      "this environment's rule (docs/migrate-from-cdk.md).",
    cli: (_p, { environment }) =>
      `Pass --expected-account-id <id> (make … ACCOUNT=<id>), <id> being the 12-digit id of ` +
      `the AWS account ${environment} lives in, as your team records it: not read off these ` +
      `credentials, which are what it checks. The secret is then adopted if its value passes ` +
      `${environment}'s rule (docs/migrate-from-cdk.md).`
  },
  kms: {
    action: () =>
      'Check that the KMS key (kms-key-id, or the key the secret already uses) exists and is ' +
      "enabled, and that the role's policy and the key's policy allow kms:GenerateDataKey and kms:Decrypt."
  },
  'aws-denied': { action: deniedInAction, cli: deniedInCli },
  'cannot-decrypt': { action: deniedInAction, cli: deniedInCli }
}

/** The hint for `problem` in this front's words, and the code it makes more precise. */
export function hintFor(
  problem: Problem,
  ctx: HintContext
): { text: string; code?: ProblemCode } | undefined {
  const entry = HINTS[problem.code]
  const hint = ctx.front === 'action' ? entry?.action?.(problem, ctx) : entry?.cli?.(problem, ctx)
  return typeof hint === 'string' ? { text: hint } : hint
}

/** The problem with its hint after its message (and its more precise code), when it has one. */
export function withHint(problem: Problem, ctx: HintContext): Problem {
  const hint = hintFor(problem, ctx)
  if (!hint) return problem
  return { ...problem, message: `${problem.message} ${hint.text}`, code: hint.code ?? problem.code }
}
