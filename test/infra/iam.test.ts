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
  context: Record<string, string> = {}
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
function assume(
  trust: Policy,
  claims: { sub?: string; aud?: string },
  principal = PROVIDER,
  action = 'sts:AssumeRoleWithWebIdentity'
): Verdict {
  const context: Record<string, string> = {}
  if (claims.aud !== undefined) context['token.actions.githubusercontent.com:aud'] = claims.aud
  if (claims.sub !== undefined) context['token.actions.githubusercontent.com:sub'] = claims.sub
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
