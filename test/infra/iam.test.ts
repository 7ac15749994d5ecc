/**
 * The policies of infra/github-deploy-role.yml, resolved for real-looking parameter values and
 * evaluated by an IAM policy simulator (@cloud-copilot/iam-simulate, a dev-only dependency):
 * what the action needs is allowed, and nothing else; only the pinned repository, environment and
 * audience may assume the role.
 */
import { describe, expect, test } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { runSimulation, runUnsafeSimulation } from '@cloud-copilot/iam-simulate'
import { loadTemplate, Resolver, ROOT, type Json } from './cfn.js'

const ACCOUNT = '111122223333'
const OTHER_ACCOUNT = '444455556666'
const REGION = 'eu-west-3'
const OWNER = 'course-impressionnistes'
const REPO = 'registration'
const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`
const OTHER_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/9999abcd-12ab-34cd-56ef-1234567890ab`
const VIA_SM = `secretsmanager.${REGION}.amazonaws.com`
const PROVIDER = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`

const template = loadTemplate()

function deploy(parameters: Record<string, string>, region = REGION): Resolver {
  const resolver = new Resolver(template, {
    parameters: {
      GitHubOwner: OWNER,
      GitHubRepository: REPO,
      GitHubEnvironment: 'dev',
      ...parameters
    },
    accountId: ACCOUNT,
    region
  })
  expect(resolver.invalidParameters()).toEqual([])
  expect(resolver.failingRules()).toEqual([])
  return resolver
}

type Policy = { Version: string; Statement: Json[] }
interface RoleProps {
  AssumeRolePolicyDocument: Policy
  Policies: { PolicyName: string; PolicyDocument: Policy }[]
  RoleName: string
}

function role(r: Resolver): RoleProps {
  return r.resources().DeployRole?.Properties as unknown as RoleProps
}
function deployPolicy(r: Resolver): Policy {
  const policies = role(r).Policies
  expect(policies).toHaveLength(1)
  return (policies[0] as { PolicyDocument: Policy }).PolicyDocument
}
function lambdaPolicy(r: Resolver): Policy {
  return r.resources().LambdaReadPolicy?.Properties.PolicyDocument as unknown as Policy
}

/** The full names the action manages: PREFIX/ + each catalogue target. */
const catalogue = JSON.parse(
  readFileSync(join(ROOT, 'src/engine/catalogue/default-catalogue.json'), 'utf8')
) as { secrets: { target: string }[] }
const TARGETS = catalogue.secrets.map((s) => s.target)

/** A real-looking secret ARN: Secrets Manager appends a dash and six random characters. */
const secretArn = (name: string, region = REGION, account = ACCOUNT) =>
  `arn:aws:secretsmanager:${region}:${account}:secret:${name}-AbCdEf`

const CALLER = `arn:aws:sts::${ACCOUNT}:assumed-role/impressionnistes-secrets-dev/GitHubActions`

type Verdict = 'Allowed' | 'ImplicitlyDenied' | 'ExplicitlyDenied'

/**
 * KMS needs the key's own policy to let IAM policies grant access; this is the default key policy
 * (the account's root may use the key, so IAM policies decide). The simulator models that.
 */
const DEFAULT_KEY_POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'Enable IAM User Permissions',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
      Action: 'kms:*',
      Resource: '*'
    }
  ]
}

/** One request through the simulator, with its input validation on (actions, ARNs, keys). */
async function evaluate(
  policy: Policy,
  action: string,
  resource: string,
  context: Record<string, string | string[]> = {}
): Promise<Verdict> {
  const account = /^arn:aws:[a-z]+:[a-z0-9-]*:(\d{12}):/.exec(resource)?.[1] ?? ACCOUNT
  const result = await runSimulation(
    {
      request: {
        principal: CALLER,
        action,
        resource: { resource, accountId: account },
        contextVariables: context
      },
      identityPolicies: [{ name: 'policy', policy }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      ...(action.startsWith('kms:') ? { resourcePolicy: DEFAULT_KEY_POLICY } : {})
    },
    {}
  )
  if (result.resultType === 'error') throw new Error(JSON.stringify(result.errors))
  return result.overallResult as Verdict
}

const ALLOW = 'Allowed'
const DENY = 'ImplicitlyDenied'

describe('deploy role permissions (no KMS key given)', () => {
  const policy = deployPolicy(deploy({}))

  const actionCalls = [
    'secretsmanager:DescribeSecret',
    'secretsmanager:ListSecretVersionIds',
    'secretsmanager:GetSecretValue',
    'secretsmanager:CreateSecret',
    'secretsmanager:PutSecretValue',
    'secretsmanager:TagResource',
    'secretsmanager:UpdateSecretVersionStage'
  ]
  const allowed: [string, string][] = actionCalls.flatMap((action) =>
    TARGETS.map((t): [string, string] => [action, secretArn(`impressionnistes/${t}`)])
  )

  test.each(allowed)('ALLOW %s on %s', async (action, resource) => {
    expect(await evaluate(policy, action, resource)).toBe(ALLOW)
  })

  test('ALLOW secretsmanager:BatchGetSecretValue on * (the API has no narrower resource)', async () => {
    expect(await evaluate(policy, 'secretsmanager:BatchGetSecretValue', '*')).toBe(ALLOW)
  })

  const api = secretArn('impressionnistes/stripe/api_key')
  test.each<[string, string, string]>([
    ['delete', 'secretsmanager:DeleteSecret', api],
    ['restore', 'secretsmanager:RestoreSecret', api],
    ['rotate', 'secretsmanager:RotateSecret', api],
    ['cancel rotation', 'secretsmanager:CancelRotateSecret', api],
    ['change the resource policy', 'secretsmanager:PutResourcePolicy', api],
    ['delete the resource policy', 'secretsmanager:DeleteResourcePolicy', api],
    ['remove tags', 'secretsmanager:UntagResource', api],
    ['change the secret (KMS key, description)', 'secretsmanager:UpdateSecret', api],
    ['replicate', 'secretsmanager:ReplicateSecretToRegions', api],
    ['list every secret', 'secretsmanager:ListSecrets', '*'],
    [
      'read under another prefix',
      'secretsmanager:GetSecretValue',
      secretArn('other/stripe/api_key')
    ],
    [
      'write under another prefix',
      'secretsmanager:PutSecretValue',
      secretArn('other/stripe/api_key')
    ],
    [
      'read a name that only starts like the prefix',
      'secretsmanager:GetSecretValue',
      secretArn('impressionnistes-legacy/stripe')
    ],
    ['create at the top level', 'secretsmanager:CreateSecret', secretArn('impressionnistes')],
    [
      'read in another region',
      'secretsmanager:GetSecretValue',
      secretArn('impressionnistes/stripe/api_key', 'us-east-1')
    ],
    [
      'create in another region',
      'secretsmanager:CreateSecret',
      secretArn('impressionnistes/stripe/api_key', 'eu-west-1')
    ],
    [
      'read in another account',
      'secretsmanager:GetSecretValue',
      secretArn('impressionnistes/stripe/api_key', REGION, OTHER_ACCOUNT)
    ],
    [
      'write in another account',
      'secretsmanager:PutSecretValue',
      secretArn('impressionnistes/stripe/api_key', REGION, OTHER_ACCOUNT)
    ],
    ['use a KMS key when none was given', 'kms:Decrypt', KEY],
    ['encrypt with a KMS key when none was given', 'kms:GenerateDataKey', KEY]
  ])('DENY: %s (%s on %s)', async (_why, action, resource) => {
    const context: Record<string, string> = action.startsWith('kms:')
      ? { 'kms:ViaService': VIA_SM }
      : {}
    expect(await evaluate(policy, action, resource, context)).toBe(DENY)
  })

  test('grants nothing beyond the listed actions (no wildcard action, no other statement)', () => {
    const statements = policy.Statement as { Action: string | string[]; Resource: string }[]
    const actions = statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]))
    expect(actions.sort()).toEqual([...actionCalls, 'secretsmanager:BatchGetSecretValue'].sort())
    expect(actions.some((a) => a.includes('*'))).toBe(false)
  })
})

describe('deploy role permissions with a KMS key', () => {
  const policy = deployPolicy(deploy({ KmsKeyArn: KEY }))

  test.each(['kms:GenerateDataKey', 'kms:Decrypt'])(
    'ALLOW %s on the given key, through Secrets Manager',
    async (action) => {
      expect(await evaluate(policy, action, KEY, { 'kms:ViaService': VIA_SM })).toBe(ALLOW)
    }
  )

  test.each<[string, string, string, Record<string, string>]>([
    ['decrypt with another key', 'kms:Decrypt', OTHER_KEY, { 'kms:ViaService': VIA_SM }],
    ['call KMS directly, not through Secrets Manager', 'kms:Decrypt', KEY, {}],
    [
      'go through another service',
      'kms:Decrypt',
      KEY,
      { 'kms:ViaService': `s3.${REGION}.amazonaws.com` }
    ],
    [
      'go through Secrets Manager in another region',
      'kms:GenerateDataKey',
      KEY,
      { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' }
    ],
    [
      'encrypt directly (Secrets Manager needs only GenerateDataKey)',
      'kms:Encrypt',
      KEY,
      { 'kms:ViaService': VIA_SM }
    ],
    ['grant the key to someone', 'kms:CreateGrant', KEY, { 'kms:ViaService': VIA_SM }],
    ['schedule the key for deletion', 'kms:ScheduleKeyDeletion', KEY, { 'kms:ViaService': VIA_SM }],
    ['change the key policy', 'kms:PutKeyPolicy', KEY, { 'kms:ViaService': VIA_SM }]
  ])('DENY: %s (%s on %s)', async (_why, action, resource, context) => {
    expect(await evaluate(policy, action, resource, context)).toBe(DENY)
  })

  test('the secret permissions are unchanged by the key', async () => {
    expect(
      await evaluate(
        policy,
        'secretsmanager:CreateSecret',
        secretArn('impressionnistes/stripe/api_key')
      )
    ).toBe(ALLOW)
    expect(
      await evaluate(
        policy,
        'secretsmanager:DeleteSecret',
        secretArn('impressionnistes/stripe/api_key')
      )
    ).toBe(DENY)
  })
})

describe('deploy role permissions follow SecretPrefix and the stack region', () => {
  test('another prefix moves the allowed names with it', async () => {
    const policy = deployPolicy(deploy({ SecretPrefix: 'club/secrets' }))
    expect(
      await evaluate(
        policy,
        'secretsmanager:PutSecretValue',
        secretArn('club/secrets/stripe/api_key')
      )
    ).toBe(ALLOW)
    expect(
      await evaluate(
        policy,
        'secretsmanager:PutSecretValue',
        secretArn('impressionnistes/stripe/api_key')
      )
    ).toBe(DENY)
  })
  test('a stack in us-east-1 allows only us-east-1 secrets', async () => {
    const policy = deployPolicy(deploy({}, 'us-east-1'))
    const name = 'impressionnistes/stripe/api_key'
    expect(
      await evaluate(policy, 'secretsmanager:GetSecretValue', secretArn(name, 'us-east-1'))
    ).toBe(ALLOW)
    expect(await evaluate(policy, 'secretsmanager:GetSecretValue', secretArn(name, REGION))).toBe(
      DENY
    )
  })
})

describe('Lambda read-only policy', () => {
  const policy = lambdaPolicy(deploy({}))

  test.each(TARGETS)('ALLOW GetSecretValue on impressionnistes/%s', async (target) => {
    expect(
      await evaluate(
        policy,
        'secretsmanager:GetSecretValue',
        secretArn(`impressionnistes/${target}`)
      )
    ).toBe(ALLOW)
  })

  test.each<[string, string]>([
    ['secretsmanager:PutSecretValue', secretArn('impressionnistes/stripe/api_key')],
    ['secretsmanager:CreateSecret', secretArn('impressionnistes/stripe/api_key')],
    ['secretsmanager:DeleteSecret', secretArn('impressionnistes/stripe/api_key')],
    ['secretsmanager:ListSecrets', '*'],
    ['secretsmanager:GetSecretValue', secretArn('other/stripe/api_key')]
  ])('DENY %s on %s', async (action, resource) => {
    expect(await evaluate(policy, action, resource)).toBe(DENY)
  })

  test('with a KMS key it may decrypt through Secrets Manager only', async () => {
    const withKey = lambdaPolicy(deploy({ KmsKeyArn: KEY }))
    expect(await evaluate(withKey, 'kms:Decrypt', KEY, { 'kms:ViaService': VIA_SM })).toBe(ALLOW)
    expect(await evaluate(withKey, 'kms:Decrypt', KEY, {})).toBe(DENY)
    expect(await evaluate(withKey, 'kms:GenerateDataKey', KEY, { 'kms:ViaService': VIA_SM })).toBe(
      DENY
    )
    expect(await evaluate(policy, 'kms:Decrypt', KEY, { 'kms:ViaService': VIA_SM })).toBe(DENY)
  })
})

/**
 * sts:AssumeRoleWithWebIdentity against the role's trust policy. IAM accepts PROVIDER:aud and
 * PROVIDER:sub for every OIDC provider, but the simulator's action data lists only GitHub's other
 * claims, so its validated entry point would drop them; this uses its unvalidated entry point,
 * which evaluates the same way. The policy goes in as iam-policy's documented ValidatedPolicy
 * shape, carrying the name that entry point otherwise lacks (its explain step reads it).
 */
interface Claims {
  sub?: string
  aud?: string
  /** The workflow file the job runs (for a reusable workflow, the called one), at its ref. */
  job_workflow_ref?: string
}

function assume(
  trust: Policy,
  claims: Claims,
  principal = PROVIDER,
  action = 'sts:AssumeRoleWithWebIdentity'
): Verdict {
  const context: Record<string, string> = {}
  for (const [claim, value] of Object.entries(claims))
    if (value !== undefined) context[`token.actions.githubusercontent.com:${claim}`] = value
  const result = runUnsafeSimulation(
    {
      request: {
        principal,
        action,
        resource: {
          resource: `arn:aws:iam::${ACCOUNT}:role/impressionnistes-secrets-dev`,
          accountId: ACCOUNT
        },
        contextVariables: context
      },
      identityPolicies: [],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: {
        __validated: true,
        policyDocument: trust,
        metadata: { name: 'trust' },
        errors: []
      }
    },
    {}
  )
  return result as Verdict
}

const AUD = 'sts.amazonaws.com'
const SUB = `repo:${OWNER}/${REPO}:environment:dev`

describe('trust policy (name form of sub)', () => {
  const r = deploy({})
  const trust = role(r).AssumeRolePolicyDocument

  test('ALLOW: this repository, environment dev, audience sts.amazonaws.com', () => {
    expect(assume(trust, { sub: SUB, aud: AUD })).toBe(ALLOW)
  })

  test.each<[string, { sub?: string; aud?: string }, string]>([
    [
      'another repository of the owner',
      { sub: `repo:${OWNER}/other:environment:dev`, aud: AUD },
      PROVIDER
    ],
    [
      'the same repository name under another owner',
      { sub: `repo:someone-else/${REPO}:environment:dev`, aud: AUD },
      PROVIDER
    ],
    [
      'another environment (prod)',
      { sub: `repo:${OWNER}/${REPO}:environment:prod`, aud: AUD },
      PROVIDER
    ],
    [
      'an environment that only starts like dev',
      { sub: `repo:${OWNER}/${REPO}:environment:dev-preview`, aud: AUD },
      PROVIDER
    ],
    [
      'a branch, even main',
      { sub: `repo:${OWNER}/${REPO}:ref:refs/heads/main`, aud: AUD },
      PROVIDER
    ],
    ['a tag', { sub: `repo:${OWNER}/${REPO}:ref:refs/tags/v1.0.0`, aud: AUD }, PROVIDER],
    ['a pull request', { sub: `repo:${OWNER}/${REPO}:pull_request`, aud: AUD }, PROVIDER],
    [
      'a wrong audience (the default GitHub owner URL)',
      { sub: SUB, aud: `https://github.com/${OWNER}` },
      PROVIDER
    ],
    ['no audience', { sub: SUB }, PROVIDER],
    ['no subject', { aud: AUD }, PROVIDER],
    [
      'a different OIDC provider with the same claims',
      { sub: SUB, aud: AUD },
      `arn:aws:iam::${ACCOUNT}:oidc-provider/gitlab.com`
    ],
    [
      'the GitHub provider of another account',
      { sub: SUB, aud: AUD },
      `arn:aws:iam::${OTHER_ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`
    ]
  ])('DENY: %s', (_why, claims, principal) => {
    expect(assume(trust, claims, principal)).toBe(DENY)
  })

  test('DENY: plain sts:AssumeRole by the provider principal', () => {
    expect(assume(trust, { sub: SUB, aud: AUD }, PROVIDER, 'sts:AssumeRole')).toBe(DENY)
  })

  test('the prod stack trusts prod and not dev', () => {
    const prod = role(deploy({ GitHubEnvironment: 'prod' })).AssumeRolePolicyDocument
    expect(assume(prod, { sub: `repo:${OWNER}/${REPO}:environment:prod`, aud: AUD })).toBe(ALLOW)
    expect(assume(prod, { sub: SUB, aud: AUD })).toBe(DENY)
  })

  test('an existing provider is trusted by its ARN, and the provider is then not created', () => {
    const other = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`
    const r2 = deploy({ CreateOidcProvider: 'false', ExistingOidcProviderArn: other })
    expect(Object.keys(r2.resources()).sort()).toEqual(['DeployRole', 'LambdaReadPolicy'])
    expect(assume(role(r2).AssumeRolePolicyDocument, { sub: SUB, aud: AUD }, other)).toBe(ALLOW)
  })

  test("the trust policy passes the simulator's policy validation", async () => {
    const result = await runSimulation(
      {
        request: {
          principal: PROVIDER,
          action: 'sts:AssumeRoleWithWebIdentity',
          resource: {
            resource: `arn:aws:iam::${ACCOUNT}:role/impressionnistes-secrets-dev`,
            accountId: ACCOUNT
          },
          contextVariables: {}
        },
        identityPolicies: [],
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        resourcePolicy: trust
      },
      {}
    )
    expect(result.resultType === 'error' ? result.errors : []).toEqual([])
  })

  test('no condition uses a wildcard operator or value', () => {
    const text = JSON.stringify(trust)
    expect(text).not.toMatch(/StringLike|ForAnyValue|IfExists/)
    expect(text).not.toContain('*')
  })
})

describe('trust policy (immutable-id form of sub)', () => {
  const ids = { GitHubOwnerId: '123456', GitHubRepositoryId: '456789' }
  const trust = role(deploy({ SubjectForm: 'immutable', ...ids })).AssumeRolePolicyDocument
  const IMMUTABLE = `repo:${OWNER}@123456/${REPO}@456789:environment:dev`

  test('ALLOW: the immutable sub of this repository and environment', () => {
    expect(assume(trust, { sub: IMMUTABLE, aud: AUD })).toBe(ALLOW)
  })
  test.each<[string, string]>([
    ['the name-only form', SUB],
    [
      'a recycled repository name (other repository id)',
      `repo:${OWNER}@123456/${REPO}@999999:environment:dev`
    ],
    [
      'a recycled owner name (other owner id)',
      `repo:${OWNER}@654321/${REPO}@456789:environment:dev`
    ],
    ['another environment', `repo:${OWNER}@123456/${REPO}@456789:environment:prod`],
    ['a branch', `repo:${OWNER}@123456/${REPO}@456789:ref:refs/heads/main`]
  ])('DENY: %s', (_why, sub) => {
    expect(assume(trust, { sub, aud: AUD })).toBe(DENY)
  })

  test('SubjectForm both: either exact form, and still nothing else', () => {
    const both = role(deploy({ SubjectForm: 'both', ...ids })).AssumeRolePolicyDocument
    expect(assume(both, { sub: IMMUTABLE, aud: AUD })).toBe(ALLOW)
    expect(assume(both, { sub: SUB, aud: AUD })).toBe(ALLOW)
    expect(
      assume(both, { sub: `repo:${OWNER}@123456/${REPO}@999999:environment:dev`, aud: AUD })
    ).toBe(DENY)
    expect(assume(both, { sub: `repo:${OWNER}/${REPO}:environment:prod`, aud: AUD })).toBe(DENY)
    expect(assume(both, { sub: `repo:${OWNER}/${REPO}:ref:refs/heads/main`, aud: AUD })).toBe(DENY)
    expect(assume(both, { sub: IMMUTABLE, aud: 'https://github.com/x' })).toBe(DENY)
  })
})

describe('the simulator can say no to a bad policy (these cases would fail on a loose template)', () => {
  const trust = role(deploy({})).AssumeRolePolicyDocument

  test('a wildcard sub (StringLike repo:O/R:*) lets a branch in', () => {
    const loose = JSON.parse(
      JSON.stringify(trust)
        .replace('"StringEquals"', '"StringLike"')
        .replace(':environment:dev"', ':*"')
    ) as Policy
    expect(assume(loose, { sub: `repo:${OWNER}/${REPO}:ref:refs/heads/main`, aud: AUD })).toBe(
      ALLOW
    )
    expect(assume(trust, { sub: `repo:${OWNER}/${REPO}:ref:refs/heads/main`, aud: AUD })).toBe(DENY)
  })

  test('secretsmanager:* would allow DeleteSecret', async () => {
    const policy = deployPolicy(deploy({}))
    const loose = JSON.parse(
      JSON.stringify(policy).replace('"secretsmanager:DescribeSecret"', '"secretsmanager:*"')
    ) as Policy
    const arn = secretArn('impressionnistes/stripe/api_key')
    expect(await evaluate(loose, 'secretsmanager:DeleteSecret', arn)).toBe(ALLOW)
    expect(await evaluate(policy, 'secretsmanager:DeleteSecret', arn)).toBe(DENY)
  })
})

/** The simulator's validated entry point: its errors for a trust policy (unknown keys, bad ARNs…). */
async function trustValidationErrors(trust: Policy): Promise<unknown> {
  const result = await runSimulation(
    {
      request: {
        principal: PROVIDER,
        action: 'sts:AssumeRoleWithWebIdentity',
        resource: { resource: `arn:aws:iam::${ACCOUNT}:role/any`, accountId: ACCOUNT },
        contextVariables: {}
      },
      identityPolicies: [],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: trust
    },
    {}
  )
  return result.resultType === 'error' ? result.errors : []
}

function auditRole(r: Resolver): RoleProps {
  const props = r.resources().AuditRole?.Properties
  if (props === undefined) throw new Error('no AuditRole in this deployment')
  return props as unknown as RoleProps
}
function auditPolicy(r: Resolver): Policy {
  const policies = auditRole(r).Policies
  expect(policies).toHaveLength(1)
  return (policies[0] as { PolicyDocument: Policy }).PolicyDocument
}

/** The workflow claim GitHub puts in a job's token: OWNER/REPO/.github/workflows/FILE@REF. */
const workflowRef = (repo: string, file: string, ref = 'refs/heads/main') =>
  `${repo}/.github/workflows/${file}@${ref}`
const THIS = `${OWNER}/${REPO}`
const MAIN = `repo:${THIS}:ref:refs/heads/main`

describe('audit role (CreateAuditRole=true): DescribeSecret and ListSecretVersionIds on PREFIX/* and nothing else', () => {
  test('not created unless asked for', () => {
    expect(Object.keys(deploy({}).resources())).not.toContain('AuditRole')
  })

  const r = deploy({ CreateAuditRole: 'true', GitHubEnvironment: 'prod', KmsKeyArn: KEY })
  const policy = auditPolicy(r)
  const api = secretArn('impressionnistes/stripe/api_key')

  test.each(TARGETS)('ALLOW DescribeSecret on impressionnistes/%s', async (target) => {
    expect(
      await evaluate(
        policy,
        'secretsmanager:DescribeSecret',
        secretArn(`impressionnistes/${target}`)
      )
    ).toBe(ALLOW)
  })

  test.each(TARGETS)(
    'ALLOW ListSecretVersionIds on impressionnistes/%s (when the value was written)',
    async (target) => {
      expect(
        await evaluate(
          policy,
          'secretsmanager:ListSecretVersionIds',
          secretArn(`impressionnistes/${target}`)
        )
      ).toBe(ALLOW)
    }
  )

  test.each(TARGETS)(
    'DENY GetSecretValue on impressionnistes/%s (no value read)',
    async (target) => {
      expect(
        await evaluate(
          policy,
          'secretsmanager:GetSecretValue',
          secretArn(`impressionnistes/${target}`)
        )
      ).toBe(DENY)
    }
  )

  test.each<[string, string, string]>([
    ['batch value read', 'secretsmanager:BatchGetSecretValue', '*'],
    ['create', 'secretsmanager:CreateSecret', api],
    ['put a value', 'secretsmanager:PutSecretValue', api],
    ['tag', 'secretsmanager:TagResource', api],
    ['untag', 'secretsmanager:UntagResource', api],
    ['move a stage (rollback)', 'secretsmanager:UpdateSecretVersionStage', api],
    ['update the secret', 'secretsmanager:UpdateSecret', api],
    ['delete', 'secretsmanager:DeleteSecret', api],
    ['restore', 'secretsmanager:RestoreSecret', api],
    ['rotate', 'secretsmanager:RotateSecret', api],
    ['cancel rotation', 'secretsmanager:CancelRotateSecret', api],
    ['change the resource policy', 'secretsmanager:PutResourcePolicy', api],
    ['read the resource policy', 'secretsmanager:GetResourcePolicy', api],
    ['list every secret', 'secretsmanager:ListSecrets', '*'],
    [
      'list versions under another prefix',
      'secretsmanager:ListSecretVersionIds',
      secretArn('other/stripe/api_key')
    ],
    [
      'describe under another prefix',
      'secretsmanager:DescribeSecret',
      secretArn('other/stripe/api_key')
    ],
    [
      'describe a name that only starts like the prefix',
      'secretsmanager:DescribeSecret',
      secretArn('impressionnistes-legacy/stripe')
    ],
    [
      'describe in another region',
      'secretsmanager:DescribeSecret',
      secretArn('impressionnistes/stripe/api_key', 'us-east-1')
    ],
    [
      'describe in another account',
      'secretsmanager:DescribeSecret',
      secretArn('impressionnistes/stripe/api_key', REGION, OTHER_ACCOUNT)
    ],
    ['decrypt with the stack’s KMS key', 'kms:Decrypt', KEY]
  ])('DENY: %s (%s on %s)', async (_why, action, resource) => {
    const context: Record<string, string> = action.startsWith('kms:')
      ? { 'kms:ViaService': VIA_SM }
      : {}
    expect(await evaluate(policy, action, resource, context)).toBe(DENY)
  })

  test('its only actions are DescribeSecret and ListSecretVersionIds, on PREFIX/* of this region and account', () => {
    expect(policy.Statement).toEqual([
      {
        Sid: 'DescribeTheManagedSecretsOnly',
        Effect: 'Allow',
        Action: ['secretsmanager:DescribeSecret', 'secretsmanager:ListSecretVersionIds'],
        Resource: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:impressionnistes/*`
      }
    ])
  })

  const trust = auditRole(r).AssumeRolePolicyDocument

  test('ALLOW: this repository, default branch, no environment, audience sts.amazonaws.com', () => {
    expect(assume(trust, { sub: MAIN, aud: AUD })).toBe(ALLOW)
  })

  test.each<[string, Claims, string]>([
    [
      'another repository of the owner',
      { sub: `repo:${OWNER}/other:ref:refs/heads/main`, aud: AUD },
      PROVIDER
    ],
    [
      'the same name under another owner',
      { sub: `repo:someone-else/${REPO}:ref:refs/heads/main`, aud: AUD },
      PROVIDER
    ],
    ['a pull request', { sub: `repo:${THIS}:pull_request`, aud: AUD }, PROVIDER],
    ['another branch', { sub: `repo:${THIS}:ref:refs/heads/feature`, aud: AUD }, PROVIDER],
    [
      'a branch that only starts like main',
      { sub: `repo:${THIS}:ref:refs/heads/main-old`, aud: AUD },
      PROVIDER
    ],
    ['a tag', { sub: `repo:${THIS}:ref:refs/tags/v1`, aud: AUD }, PROVIDER],
    ['a job in the prod environment', { sub: `repo:${THIS}:environment:prod`, aud: AUD }, PROVIDER],
    ['a job in the dev environment', { sub: `repo:${THIS}:environment:dev`, aud: AUD }, PROVIDER],
    ['a wrong audience', { sub: MAIN, aud: `https://github.com/${OWNER}` }, PROVIDER],
    ['no audience', { sub: MAIN }, PROVIDER],
    [
      'another OIDC provider',
      { sub: MAIN, aud: AUD },
      `arn:aws:iam::${ACCOUNT}:oidc-provider/gitlab.com`
    ]
  ])('DENY: %s', (_why, claims, principal) => {
    expect(assume(trust, claims, principal)).toBe(DENY)
  })

  test('another DefaultBranch moves the trust with it', () => {
    const trunk = auditRole(
      deploy({ CreateAuditRole: 'true', DefaultBranch: 'trunk' })
    ).AssumeRolePolicyDocument
    expect(assume(trunk, { sub: `repo:${THIS}:ref:refs/heads/trunk`, aud: AUD })).toBe(ALLOW)
    expect(assume(trunk, { sub: MAIN, aud: AUD })).toBe(DENY)
  })

  test('immutable subject: the ids are pinned too', () => {
    const ids = { SubjectForm: 'immutable', GitHubOwnerId: '123456', GitHubRepositoryId: '456789' }
    const imm = auditRole(deploy({ CreateAuditRole: 'true', ...ids })).AssumeRolePolicyDocument
    const sub = `repo:${OWNER}@123456/${REPO}@456789:ref:refs/heads/main`
    expect(assume(imm, { sub, aud: AUD })).toBe(ALLOW)
    expect(assume(imm, { sub: MAIN, aud: AUD })).toBe(DENY)
    expect(assume(imm, { sub: sub.replace('456789', '999999'), aud: AUD })).toBe(DENY)
  })

  test('AuditWorkflowFile pins the workflow (job_workflow_ref)', () => {
    const pinned = auditRole(
      deploy({ CreateAuditRole: 'true', AuditWorkflowFile: 'drift-check.yml' })
    ).AssumeRolePolicyDocument
    const drift = workflowRef(THIS, 'drift-check.yml')
    expect(assume(pinned, { sub: MAIN, aud: AUD, job_workflow_ref: drift })).toBe(ALLOW)
    expect(
      assume(pinned, { sub: MAIN, aud: AUD, job_workflow_ref: workflowRef(THIS, 'ci.yml') })
    ).toBe(DENY)
    expect(assume(pinned, { sub: MAIN, aud: AUD })).toBe(DENY)
  })

  test('passes the simulator’s validation; no wildcard anywhere', async () => {
    expect(await trustValidationErrors(trust)).toEqual([])
    expect(JSON.stringify(trust)).not.toMatch(/StringLike|ForAnyValue|IfExists|\*/)
  })
})

describe('audit role that may probe (AuditMayProbe=true): the four values, read only, one workflow', () => {
  const params = {
    CreateAuditRole: 'true',
    AuditMayProbe: 'true',
    AuditWorkflowFile: 'drift-check.yml',
    GitHubEnvironment: 'prod',
    KmsKeyArn: KEY
  }
  const r = deploy(params)
  const policy = auditPolicy(r)
  const api = secretArn('impressionnistes/stripe/api_key')

  test.each(TARGETS)('ALLOW GetSecretValue on impressionnistes/%s', async (target) => {
    expect(
      await evaluate(
        policy,
        'secretsmanager:GetSecretValue',
        secretArn(`impressionnistes/${target}`)
      )
    ).toBe(ALLOW)
  })

  test('ALLOW decrypting them through Secrets Manager only', async () => {
    expect(await evaluate(policy, 'kms:Decrypt', KEY, { 'kms:ViaService': VIA_SM })).toBe(ALLOW)
    expect(await evaluate(policy, 'kms:Decrypt', KEY)).toBe(DENY)
    expect(await evaluate(policy, 'kms:Decrypt', OTHER_KEY, { 'kms:ViaService': VIA_SM })).toBe(
      DENY
    )
  })

  test.each<[string, string, string]>([
    ['batch value read', 'secretsmanager:BatchGetSecretValue', '*'],
    ['create', 'secretsmanager:CreateSecret', api],
    ['put a value', 'secretsmanager:PutSecretValue', api],
    ['tag', 'secretsmanager:TagResource', api],
    ['move a stage (rollback)', 'secretsmanager:UpdateSecretVersionStage', api],
    ['update the secret', 'secretsmanager:UpdateSecret', api],
    ['delete', 'secretsmanager:DeleteSecret', api],
    ['list every secret', 'secretsmanager:ListSecrets', '*'],
    [
      'read another secret under the prefix',
      'secretsmanager:GetSecretValue',
      secretArn('impressionnistes/stripe/other_key')
    ],
    [
      'read a name that only starts like a managed one',
      'secretsmanager:GetSecretValue',
      secretArn('impressionnistes/stripe/api_key_old')
    ],
    [
      'read under another prefix',
      'secretsmanager:GetSecretValue',
      secretArn('other/stripe/api_key')
    ],
    [
      'read in another region',
      'secretsmanager:GetSecretValue',
      secretArn('impressionnistes/stripe/api_key', 'us-east-1')
    ],
    [
      'read in another account',
      'secretsmanager:GetSecretValue',
      secretArn('impressionnistes/stripe/api_key', REGION, OTHER_ACCOUNT)
    ]
  ])('DENY: %s (%s on %s)', async (_why, action, resource) => {
    expect(await evaluate(policy, action, resource)).toBe(DENY)
  })

  const trust = auditRole(r).AssumeRolePolicyDocument
  const drift = workflowRef(THIS, 'drift-check.yml')

  test('ALLOW: the drift check workflow, on the default branch, without an environment', () => {
    expect(assume(trust, { sub: MAIN, aud: AUD, job_workflow_ref: drift })).toBe(ALLOW)
  })

  test.each<[string, Claims]>([
    ['another workflow', { sub: MAIN, aud: AUD, job_workflow_ref: workflowRef(THIS, 'ci.yml') }],
    [
      'the drift check of another branch',
      {
        sub: `repo:${THIS}:ref:refs/heads/feature`,
        aud: AUD,
        job_workflow_ref: workflowRef(THIS, 'drift-check.yml', 'refs/heads/feature')
      }
    ],
    [
      'the drift check file at another ref, run from main',
      {
        sub: MAIN,
        aud: AUD,
        job_workflow_ref: workflowRef(THIS, 'drift-check.yml', 'refs/heads/x')
      }
    ],
    ['a job without the workflow claim', { sub: MAIN, aud: AUD }],
    [
      'a job in the prod environment',
      { sub: `repo:${THIS}:environment:prod`, aud: AUD, job_workflow_ref: drift }
    ],
    ['a pull request', { sub: `repo:${THIS}:pull_request`, aud: AUD, job_workflow_ref: drift }]
  ])('DENY: %s', (_why, claims) => {
    expect(assume(trust, claims)).toBe(DENY)
  })

  test('without AuditMayProbe the audit role reads no value (the default)', async () => {
    const plain = auditPolicy(
      deploy({ CreateAuditRole: 'true', AuditWorkflowFile: 'drift-check.yml' })
    )
    expect(await evaluate(plain, 'secretsmanager:GetSecretValue', api)).toBe(DENY)
  })
})

describe('consumer Lambdas (ConsumerFunctions): read and update their configuration only', () => {
  const FUNCTIONS = ['registration-payment', 'registration-refund']
  const fn = (name: string, region = REGION, account = ACCOUNT) =>
    `arn:aws:lambda:${region}:${account}:function:${name}`
  const policy = deployPolicy(deploy({ ConsumerFunctions: FUNCTIONS.join(',') }))
  const ACTIONS = ['lambda:GetFunctionConfiguration', 'lambda:UpdateFunctionConfiguration']

  test.each(ACTIONS.flatMap((a) => FUNCTIONS.map((f): [string, string] => [a, f])))(
    'ALLOW %s on %s',
    async (action, name) => {
      expect(await evaluate(policy, action, fn(name))).toBe(ALLOW)
    }
  )

  test.each<[string, string, string]>([
    ['another function', 'lambda:UpdateFunctionConfiguration', fn('registration-admin')],
    [
      'a function whose name starts like a listed one',
      'lambda:UpdateFunctionConfiguration',
      fn('registration-payment-v2')
    ],
    [
      'a listed name in another region',
      'lambda:UpdateFunctionConfiguration',
      fn('registration-payment', 'us-east-1')
    ],
    [
      'a listed name in another account',
      'lambda:UpdateFunctionConfiguration',
      fn('registration-payment', REGION, OTHER_ACCOUNT)
    ],
    [
      'an alias of a listed function',
      'lambda:GetFunctionConfiguration',
      `${fn('registration-payment')}:prod`
    ],
    [
      'a version of a listed function',
      'lambda:GetFunctionConfiguration',
      `${fn('registration-payment')}:3`
    ],
    ['its code', 'lambda:UpdateFunctionCode', fn('registration-payment')],
    ['invoking it', 'lambda:InvokeFunction', fn('registration-payment')],
    ['deleting it', 'lambda:DeleteFunction', fn('registration-payment')],
    ['reading its code (GetFunction)', 'lambda:GetFunction', fn('registration-payment')],
    ['publishing a version', 'lambda:PublishVersion', fn('registration-payment')],
    ['moving an alias', 'lambda:UpdateAlias', fn('registration-payment')],
    ['granting invocation to others', 'lambda:AddPermission', fn('registration-payment')],
    ['changing its concurrency', 'lambda:PutFunctionConcurrency', fn('registration-payment')],
    ['tagging it', 'lambda:TagResource', fn('registration-payment')],
    ['creating a function of that name', 'lambda:CreateFunction', fn('registration-payment')],
    ['listing functions', 'lambda:ListFunctions', '*']
  ])('DENY: %s (%s on %s)', async (_why, action, resource) => {
    expect(await evaluate(policy, action, resource)).toBe(DENY)
  })

  describe('an update of the environment only: no layer, no VPC', () => {
    const update = (context: Record<string, string | string[]>) =>
      evaluate(policy, 'lambda:UpdateFunctionConfiguration', fn('registration-payment'), context)
    const LAYER = `arn:aws:lambda:${REGION}:${OTHER_ACCOUNT}:layer:wrapper:1`

    test('ALLOW: setting the environment (no layer or VPC in the request)', async () => {
      expect(await update({})).toBe(ALLOW)
    })

    test.each<[string, Record<string, string | string[]>]>([
      ['adding a layer', { 'lambda:Layer': [LAYER] }],
      ['attaching a VPC', { 'lambda:VpcIds': 'vpc-0a1b2c3d4e5f60718' }],
      ['choosing subnets', { 'lambda:SubnetIds': ['subnet-0a1b2c3d4e5f60718'] }],
      ['choosing security groups', { 'lambda:SecurityGroupIds': ['sg-0a1b2c3d4e5f60718'] }]
    ])('DENY: %s', async (_why, context) => {
      expect(await update(context)).toBe(DENY)
    })
  })

  test('an empty list grants no Lambda action at all', async () => {
    const none = deployPolicy(deploy({ ConsumerFunctions: '' }))
    expect(JSON.stringify(none)).not.toContain('lambda')
    for (const action of ACTIONS)
      expect(await evaluate(none, action, fn('registration-payment'))).toBe(DENY)
  })

  test('the statement names exactly the listed functions, unqualified, no wildcard', () => {
    const ten = Array.from({ length: 10 }, (_, i) => `consumer-${i}`)
    for (const names of [['only-one'], FUNCTIONS, ten]) {
      const statements = deployPolicy(deploy({ ConsumerFunctions: names.join(',') })).Statement as {
        Sid: string
        Action: string[]
        Resource: string[]
      }[]
      const lambda = statements.filter((s) => s.Sid === 'RefreshTheConsumerFunctions')
      expect(lambda).toHaveLength(1)
      expect(lambda[0]?.Action).toEqual(ACTIONS)
      expect([...new Set(lambda[0]?.Resource)].sort()).toEqual(names.map((n) => fn(n)).sort())
      expect(JSON.stringify(lambda)).not.toContain('*')
    }
  })

  test('all ten slots are granted', async () => {
    const ten = Array.from({ length: 10 }, (_, i) => `consumer-${i}`)
    const p = deployPolicy(deploy({ ConsumerFunctions: ten.join(',') }))
    for (const name of ten)
      expect(await evaluate(p, 'lambda:UpdateFunctionConfiguration', fn(name))).toBe(ALLOW)
  })

  test('the secret permissions are unchanged by the consumers', async () => {
    const api = secretArn('impressionnistes/stripe/api_key')
    expect(await evaluate(policy, 'secretsmanager:PutSecretValue', api)).toBe(ALLOW)
    expect(await evaluate(policy, 'secretsmanager:DeleteSecret', api)).toBe(DENY)
  })
})

describe('trust form environment + WorkflowFile (Pro/Team private: no reviewer, so pin the workflow)', () => {
  const trust = role(
    deploy({ GitHubEnvironment: 'prod', WorkflowFile: 'deploy-prod.yml' })
  ).AssumeRolePolicyDocument
  const PROD = `repo:${THIS}:environment:prod`
  const deployProd = workflowRef(THIS, 'deploy-prod.yml')

  test('ALLOW: environment prod, running deploy-prod.yml from main', () => {
    expect(assume(trust, { sub: PROD, aud: AUD, job_workflow_ref: deployProd })).toBe(ALLOW)
  })

  test.each<[string, Claims]>([
    [
      'another workflow of the repository in environment prod',
      { sub: PROD, aud: AUD, job_workflow_ref: workflowRef(THIS, 'deploy-dev.yml') }
    ],
    [
      'deploy-prod.yml from another branch',
      {
        sub: PROD,
        aud: AUD,
        job_workflow_ref: workflowRef(THIS, 'deploy-prod.yml', 'refs/heads/feature')
      }
    ],
    ['no workflow claim', { sub: PROD, aud: AUD }],
    [
      'the right workflow outside the environment',
      { sub: MAIN, aud: AUD, job_workflow_ref: deployProd }
    ],
    [
      'the right workflow in environment dev',
      { sub: `repo:${THIS}:environment:dev`, aud: AUD, job_workflow_ref: deployProd }
    ]
  ])('DENY: %s', (_why, claims) => {
    expect(assume(trust, claims)).toBe(DENY)
  })
})

describe('trust form branch (GitHub Free private: no environments)', () => {
  const prodParams = {
    TrustForm: 'branch',
    GitHubEnvironment: 'prod',
    WorkflowFile: 'deploy-prod.yml'
  }
  const deployProd = workflowRef(THIS, 'deploy-prod.yml')
  const deployDev = workflowRef(THIS, 'deploy-dev.yml')

  describe('WorkflowCheck=claim (AWS’s job_workflow_ref condition key)', () => {
    const trust = role(deploy(prodParams)).AssumeRolePolicyDocument

    test('ALLOW: deploy-prod.yml on main, no environment', () => {
      expect(assume(trust, { sub: MAIN, aud: AUD, job_workflow_ref: deployProd })).toBe(ALLOW)
    })

    test.each<[string, Claims]>([
      [
        'the dev workflow on main (deploy-dev.yml)',
        { sub: MAIN, aud: AUD, job_workflow_ref: deployDev }
      ],
      [
        'the drift check on main',
        { sub: MAIN, aud: AUD, job_workflow_ref: workflowRef(THIS, 'drift-check.yml') }
      ],
      [
        'deploy-prod.yml run from another branch',
        {
          sub: `repo:${THIS}:ref:refs/heads/feature`,
          aud: AUD,
          job_workflow_ref: workflowRef(THIS, 'deploy-prod.yml', 'refs/heads/feature')
        }
      ],
      [
        'main, but the workflow file from another branch',
        {
          sub: MAIN,
          aud: AUD,
          job_workflow_ref: workflowRef(THIS, 'deploy-prod.yml', 'refs/heads/feature')
        }
      ],
      [
        'a pull request running deploy-prod.yml',
        {
          sub: `repo:${THIS}:pull_request`,
          aud: AUD,
          job_workflow_ref: workflowRef(THIS, 'deploy-prod.yml', 'refs/pull/7/merge')
        }
      ],
      [
        'a tag',
        {
          sub: `repo:${THIS}:ref:refs/tags/v1`,
          aud: AUD,
          job_workflow_ref: workflowRef(THIS, 'deploy-prod.yml', 'refs/tags/v1')
        }
      ],
      ['no workflow claim', { sub: MAIN, aud: AUD }],
      [
        'another repository’s deploy-prod.yml on main',
        {
          sub: `repo:${OWNER}/other:ref:refs/heads/main`,
          aud: AUD,
          job_workflow_ref: workflowRef(`${OWNER}/other`, 'deploy-prod.yml')
        }
      ],
      [
        'this workflow in a job with an environment',
        { sub: `repo:${THIS}:environment:prod`, aud: AUD, job_workflow_ref: deployProd }
      ],
      [
        'a wrong audience',
        { sub: MAIN, aud: `https://github.com/${OWNER}`, job_workflow_ref: deployProd }
      ]
    ])('DENY: %s', (_why, claims) => {
      expect(assume(trust, claims)).toBe(DENY)
    })

    test('the dev stack trusts deploy-dev.yml and drift-check.yml, not deploy-prod.yml', () => {
      const dev = role(
        deploy({
          TrustForm: 'branch',
          WorkflowFile: 'deploy-dev.yml',
          ExtraWorkflowFile: 'drift-check.yml'
        })
      ).AssumeRolePolicyDocument
      expect(assume(dev, { sub: MAIN, aud: AUD, job_workflow_ref: deployDev })).toBe(ALLOW)
      expect(
        assume(dev, { sub: MAIN, aud: AUD, job_workflow_ref: workflowRef(THIS, 'drift-check.yml') })
      ).toBe(ALLOW)
      expect(assume(dev, { sub: MAIN, aud: AUD, job_workflow_ref: deployProd })).toBe(DENY)
    })

    test('passes the simulator’s validation (it knows job_workflow_ref); no wildcard', async () => {
      expect(await trustValidationErrors(trust)).toEqual([])
      expect(JSON.stringify(trust)).not.toMatch(/StringLike|ForAnyValue|IfExists|\*/)
    })
  })

  describe('WorkflowCheck=subject (sub template repo, context, job_workflow_ref)', () => {
    const trust = role(deploy({ ...prodParams, WorkflowCheck: 'subject' })).AssumeRolePolicyDocument
    const custom = (file: string) => `${MAIN}:job_workflow_ref:${workflowRef(THIS, file)}`

    test('ALLOW: the customised sub of deploy-prod.yml on main', () => {
      expect(assume(trust, { sub: custom('deploy-prod.yml'), aud: AUD })).toBe(ALLOW)
    })

    test('the policy checks no separate workflow key', () => {
      expect(JSON.stringify(trust)).not.toContain(':job_workflow_ref"')
    })

    test.each<[string, string]>([
      ['the default sub (template not customised)', MAIN],
      ['the dev workflow’s customised sub', custom('deploy-dev.yml')],
      [
        'deploy-prod.yml from another branch',
        `repo:${THIS}:ref:refs/heads/feature:job_workflow_ref:${workflowRef(THIS, 'deploy-prod.yml', 'refs/heads/feature')}`
      ],
      [
        'a pull request',
        `repo:${THIS}:pull_request:job_workflow_ref:${workflowRef(THIS, 'deploy-prod.yml', 'refs/pull/7/merge')}`
      ],
      [
        'another repository',
        `repo:${OWNER}/other:ref:refs/heads/main:job_workflow_ref:${workflowRef(`${OWNER}/other`, 'deploy-prod.yml')}`
      ]
    ])('DENY: %s', (_why, sub) => {
      expect(assume(trust, { sub, aud: AUD })).toBe(DENY)
    })

    test('immutable ids come first in the customised sub, as GitHub keeps them', () => {
      const ids = {
        SubjectForm: 'immutable',
        GitHubOwnerId: '123456',
        GitHubRepositoryId: '456789'
      }
      const imm = role(
        deploy({ ...prodParams, WorkflowCheck: 'subject', ...ids })
      ).AssumeRolePolicyDocument
      const sub = `repo:${OWNER}@123456/${REPO}@456789:ref:refs/heads/main:job_workflow_ref:${deployProd}`
      expect(assume(imm, { sub, aud: AUD })).toBe(ALLOW)
      expect(assume(imm, { sub: custom('deploy-prod.yml'), aud: AUD })).toBe(DENY)
    })

    test('the audit role of a customised repository pins its workflow inside sub', () => {
      const r = deploy({
        ...prodParams,
        WorkflowCheck: 'subject',
        CreateAuditRole: 'true',
        AuditWorkflowFile: 'drift-check.yml'
      })
      const audit = auditRole(r).AssumeRolePolicyDocument
      expect(assume(audit, { sub: custom('drift-check.yml'), aud: AUD })).toBe(ALLOW)
      expect(assume(audit, { sub: custom('deploy-dev.yml'), aud: AUD })).toBe(DENY)
      expect(assume(audit, { sub: MAIN, aud: AUD })).toBe(DENY)
    })
  })
})

describe('trust form reusable (the app repository calls this repository’s sync.yml)', () => {
  const SECRETS_REPO = 'impressionnistes-secrets'
  const HOST = `${OWNER}/${SECRETS_REPO}`
  const APP = `${OWNER}/registration-app`
  const params = {
    TrustForm: 'reusable',
    GitHubRepository: SECRETS_REPO,
    AppRepository: APP,
    GitHubEnvironment: 'prod'
  }
  const SYNC_V1 = workflowRef(HOST, 'sync.yml', 'refs/tags/v1')
  const APP_PROD = `repo:${APP}:environment:prod`

  describe('WorkflowCheck=claim', () => {
    const trust = role(deploy(params)).AssumeRolePolicyDocument

    test('ALLOW: the app’s prod environment calling sync.yml@refs/tags/v1', () => {
      expect(assume(trust, { sub: APP_PROD, aud: AUD, job_workflow_ref: SYNC_V1 })).toBe(ALLOW)
    })

    test.each<[string, Claims]>([
      [
        'another repository calling it',
        { sub: `repo:${OWNER}/other-app:environment:prod`, aud: AUD, job_workflow_ref: SYNC_V1 }
      ],
      [
        'a same-named app under another owner',
        {
          sub: `repo:someone-else/registration-app:environment:prod`,
          aud: AUD,
          job_workflow_ref: SYNC_V1
        }
      ],
      [
        'the app running its own job, no reusable workflow',
        { sub: APP_PROD, aud: AUD, job_workflow_ref: workflowRef(APP, 'deploy.yml') }
      ],
      ['the app job without a workflow claim', { sub: APP_PROD, aud: AUD }],
      [
        'sync.yml at a branch',
        {
          sub: APP_PROD,
          aud: AUD,
          job_workflow_ref: workflowRef(HOST, 'sync.yml', 'refs/heads/main')
        }
      ],
      [
        'sync.yml at another tag',
        { sub: APP_PROD, aud: AUD, job_workflow_ref: workflowRef(HOST, 'sync.yml', 'refs/tags/v2') }
      ],
      [
        'sync.yml at a tag that only starts like v1',
        {
          sub: APP_PROD,
          aud: AUD,
          job_workflow_ref: workflowRef(HOST, 'sync.yml', 'refs/tags/v1-rc')
        }
      ],
      [
        'another workflow of this repository at v1',
        {
          sub: APP_PROD,
          aud: AUD,
          job_workflow_ref: workflowRef(HOST, 'deploy-prod.yml', 'refs/tags/v1')
        }
      ],
      [
        'a fork’s sync.yml at v1',
        {
          sub: APP_PROD,
          aud: AUD,
          job_workflow_ref: workflowRef(`someone-else/${SECRETS_REPO}`, 'sync.yml', 'refs/tags/v1')
        }
      ],
      [
        'a pull request of the app',
        { sub: `repo:${APP}:pull_request`, aud: AUD, job_workflow_ref: SYNC_V1 }
      ],
      [
        'the app’s main branch without an environment',
        { sub: `repo:${APP}:ref:refs/heads/main`, aud: AUD, job_workflow_ref: SYNC_V1 }
      ],
      [
        'another environment of the app',
        { sub: `repo:${APP}:environment:dev`, aud: AUD, job_workflow_ref: SYNC_V1 }
      ],
      [
        'this repository calling its own sync.yml in prod',
        { sub: `repo:${HOST}:environment:prod`, aud: AUD, job_workflow_ref: SYNC_V1 }
      ],
      [
        'a wrong audience',
        { sub: APP_PROD, aud: `https://github.com/${OWNER}`, job_workflow_ref: SYNC_V1 }
      ]
    ])('DENY: %s', (_why, claims) => {
      expect(assume(trust, claims)).toBe(DENY)
    })

    test('another ReleaseTag moves the trust with it', () => {
      const v2 = role(deploy({ ...params, ReleaseTag: 'v2' })).AssumeRolePolicyDocument
      const SYNC_V2 = workflowRef(HOST, 'sync.yml', 'refs/tags/v2')
      expect(assume(v2, { sub: APP_PROD, aud: AUD, job_workflow_ref: SYNC_V2 })).toBe(ALLOW)
      expect(assume(v2, { sub: APP_PROD, aud: AUD, job_workflow_ref: SYNC_V1 })).toBe(DENY)
    })

    test('an app repository with immutable ids is trusted by that exact sub', () => {
      const imm = role(
        deploy({ ...params, AppRepository: `${OWNER}@123456/registration-app@777` })
      ).AssumeRolePolicyDocument
      const sub = `repo:${OWNER}@123456/registration-app@777:environment:prod`
      expect(assume(imm, { sub, aud: AUD, job_workflow_ref: SYNC_V1 })).toBe(ALLOW)
      expect(assume(imm, { sub: APP_PROD, aud: AUD, job_workflow_ref: SYNC_V1 })).toBe(DENY)
    })

    test('passes the simulator’s validation; no wildcard', async () => {
      expect(await trustValidationErrors(trust)).toEqual([])
      expect(JSON.stringify(trust)).not.toMatch(/StringLike|ForAnyValue|IfExists|\*/)
    })
  })

  describe('WorkflowCheck=subject (the app’s sub template is repo, context, job_workflow_ref)', () => {
    const trust = role(deploy({ ...params, WorkflowCheck: 'subject' })).AssumeRolePolicyDocument

    test('ALLOW: the app’s customised sub naming sync.yml@refs/tags/v1', () => {
      expect(assume(trust, { sub: `${APP_PROD}:job_workflow_ref:${SYNC_V1}`, aud: AUD })).toBe(
        ALLOW
      )
    })

    test.each<[string, string]>([
      ['the app’s default sub', APP_PROD],
      [
        'sync.yml at a branch',
        `${APP_PROD}:job_workflow_ref:${workflowRef(HOST, 'sync.yml', 'refs/heads/main')}`
      ],
      ['the app’s own workflow', `${APP_PROD}:job_workflow_ref:${workflowRef(APP, 'deploy.yml')}`],
      [
        'another repository calling it',
        `repo:${OWNER}/other-app:environment:prod:job_workflow_ref:${SYNC_V1}`
      ],
      ['a pull request', `repo:${APP}:pull_request:job_workflow_ref:${SYNC_V1}`],
      ['another environment', `repo:${APP}:environment:dev:job_workflow_ref:${SYNC_V1}`]
    ])('DENY: %s', (_why, sub) => {
      expect(assume(trust, { sub, aud: AUD })).toBe(DENY)
    })
  })
})

describe('the simulator can say no: loosened copies of the new policies let in what the real ones refuse', () => {
  const loosen = (p: Policy, from: RegExp | string, to: string) =>
    JSON.parse(JSON.stringify(p).replace(from, to)) as Policy

  test('audit role: secretsmanager:* instead of DescribeSecret would read values', async () => {
    const policy = auditPolicy(deploy({ CreateAuditRole: 'true' }))
    const loose = loosen(policy, '"secretsmanager:DescribeSecret"', '"secretsmanager:*"')
    const arn = secretArn('impressionnistes/stripe/api_key')
    expect(await evaluate(loose, 'secretsmanager:GetSecretValue', arn)).toBe(ALLOW)
    expect(await evaluate(policy, 'secretsmanager:GetSecretValue', arn)).toBe(DENY)
  })

  test('audit role: a StringLike repo:O/R:* sub would let a pull request in', () => {
    const trust = auditRole(deploy({ CreateAuditRole: 'true' })).AssumeRolePolicyDocument
    const loose = loosen(
      loosen(trust, '"StringEquals"', '"StringLike"'),
      ':ref:refs/heads/main"',
      ':*"'
    )
    const pr = { sub: `repo:${THIS}:pull_request`, aud: AUD }
    expect(assume(loose, pr)).toBe(ALLOW)
    expect(assume(trust, pr)).toBe(DENY)
  })

  test('consumers: a name* resource would reach a look-alike function and aliases', async () => {
    const policy = deployPolicy(deploy({ ConsumerFunctions: 'registration-payment' }))
    const loose = loosen(
      policy,
      /function:registration-payment"/g,
      'function:registration-payment*"'
    )
    const lookalike = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:registration-payment-v2`
    const alias = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:registration-payment:prod`
    expect(await evaluate(loose, 'lambda:UpdateFunctionConfiguration', lookalike)).toBe(ALLOW)
    expect(await evaluate(loose, 'lambda:GetFunctionConfiguration', alias)).toBe(ALLOW)
    expect(await evaluate(policy, 'lambda:UpdateFunctionConfiguration', lookalike)).toBe(DENY)
    expect(await evaluate(policy, 'lambda:GetFunctionConfiguration', alias)).toBe(DENY)
  })

  test('branch form: without the job_workflow_ref condition the dev workflow gets the prod role', () => {
    const trust = role(
      deploy({ TrustForm: 'branch', GitHubEnvironment: 'prod', WorkflowFile: 'deploy-prod.yml' })
    ).AssumeRolePolicyDocument
    const loose = JSON.parse(JSON.stringify(trust)) as {
      Statement: { Condition: { StringEquals: Record<string, unknown> } }[]
    }
    delete loose.Statement[0]?.Condition.StringEquals[
      'token.actions.githubusercontent.com:job_workflow_ref'
    ]
    const dev = { sub: MAIN, aud: AUD, job_workflow_ref: workflowRef(THIS, 'deploy-dev.yml') }
    expect(assume(loose as unknown as Policy, dev)).toBe(ALLOW)
    expect(assume(trust, dev)).toBe(DENY)
  })

  test('reusable form: StringLike sync.yml@* would accept a branch of sync.yml', () => {
    const trust = role(
      deploy({
        TrustForm: 'reusable',
        AppRepository: `${OWNER}/registration-app`,
        GitHubEnvironment: 'prod'
      })
    ).AssumeRolePolicyDocument
    const loose = loosen(loosen(trust, '"StringEquals"', '"StringLike"'), '@refs/tags/v1"', '@*"')
    const branch = {
      sub: `repo:${OWNER}/registration-app:environment:prod`,
      aud: AUD,
      job_workflow_ref: workflowRef(THIS, 'sync.yml', 'refs/heads/main')
    }
    expect(assume(loose, branch)).toBe(ALLOW)
    expect(assume(trust, branch)).toBe(DENY)
  })
})
