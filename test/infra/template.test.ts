/**
 * infra/github-deploy-role.yml as CloudFormation would read it (cfn-lint is Python-only, so the
 * checks are ours): every reference resolves, parameters refuse wildcards, rules catch bad
 * combinations, outputs resolve, the README's deploy commands match the template, and the
 * AGPL simulator used to test it never reaches the bundle.
 */
import { describe, expect, test } from '@jest/globals'
import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { loadTemplate, Resolver, ROOT, TEMPLATE_PATH, type Json } from './cfn.js'

const template = loadTemplate()
const PSEUDO = [
  'AWS::AccountId',
  'AWS::Region',
  'AWS::Partition',
  'AWS::URLSuffix',
  'AWS::StackName',
  'AWS::NoValue'
]
const BASE = {
  GitHubOwner: 'course-impressionnistes',
  GitHubRepository: 'registration',
  GitHubEnvironment: 'dev'
}

/** Every Ref, ${Sub} variable, GetAtt, Fn::If and Condition name used anywhere under a value. */
function references(value: Json, out = { refs: new Set<string>(), conditions: new Set<string>() }) {
  if (Array.isArray(value)) value.forEach((v) => references(v, out))
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'Ref') out.refs.add(String(v))
      else if (k === 'Condition' && typeof v === 'string') out.conditions.add(v)
      else if (k === 'Fn::If') out.conditions.add(String((v as Json[])[0]))
      else if (k === 'Fn::GetAtt') out.refs.add(String((v as Json[])[0]))
      else if (k === 'Fn::Sub') {
        const text = Array.isArray(v) ? String(v[0]) : String(v)
        const local = Array.isArray(v) ? Object.keys(v[1] as object) : []
        for (const m of text.matchAll(/\$\{([^}!]+)\}/g)) {
          const name = (m[1] as string).split('.')[0] as string
          if (!local.includes(name)) out.refs.add(name)
        }
      }
      references(v, out)
    }
  }
  return out
}

function deploy(parameters: Record<string, string>) {
  return new Resolver(template, {
    parameters: { ...BASE, ...parameters },
    accountId: '111122223333',
    region: 'eu-west-3'
  })
}

const COMBINATIONS: [string, Record<string, string>][] = [
  ['defaults', {}],
  [
    'prod with a KMS key',
    { GitHubEnvironment: 'prod', KmsKeyArn: 'arn:aws:kms:eu-west-3:111122223333:key/1234abcd-12ab' }
  ],
  [
    'immutable subject',
    { SubjectForm: 'immutable', GitHubOwnerId: '123456', GitHubRepositoryId: '456789' }
  ],
  [
    'both subject forms',
    { SubjectForm: 'both', GitHubOwnerId: '123456', GitHubRepositoryId: '456789' }
  ],
  [
    'existing provider',
    {
      CreateOidcProvider: 'false',
      ExistingOidcProviderArn:
        'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com'
    }
  ]
]

describe('CloudFormation template structure', () => {
  test('format version, description, and only IAM resources', () => {
    expect(template.AWSTemplateFormatVersion).toBe('2010-09-09')
    expect(template.Description.length).toBeLessThanOrEqual(1024)
    expect(
      Object.fromEntries(Object.entries(template.Resources).map(([id, r]) => [id, r.Type]))
    ).toEqual({
      GitHubOidcProvider: 'AWS::IAM::OIDCProvider',
      DeployRole: 'AWS::IAM::Role',
      LambdaReadPolicy: 'AWS::IAM::ManagedPolicy'
    })
  })

  test('deployable from a local file (under the 51,200-byte limit of --template-file)', () => {
    expect(statSync(TEMPLATE_PATH).size).toBeLessThan(51200)
  })

  test('every Ref, ${…}, GetAtt and condition name points at something defined', () => {
    const { refs, conditions } = references(template as unknown as Json)
    const defined = [
      ...Object.keys(template.Parameters),
      ...Object.keys(template.Resources),
      ...PSEUDO
    ]
    expect([...refs].filter((r) => !defined.includes(r))).toEqual([])
    for (const r of Object.values(template.Resources)) if (r.Condition) conditions.add(r.Condition)
    expect([...conditions].filter((c) => !(c in template.Conditions))).toEqual([])
  })

  test('every parameter is used, described, and its pattern compiles', () => {
    const { refs } = references({ ...template, Parameters: {} } as unknown as Json)
    for (const [name, p] of Object.entries(template.Parameters)) {
      expect([name, refs.has(name)]).toEqual([name, true])
      expect(p.Type).toBe('String')
      expect(p.Description.length).toBeGreaterThan(10)
      if (p.AllowedPattern) expect(() => new RegExp(p.AllowedPattern as string)).not.toThrow()
    }
  })

  test.each(COMBINATIONS)(
    '%s: parameters valid, rules hold, everything resolves',
    (_name, params) => {
      const r = deploy(params)
      expect(r.invalidParameters()).toEqual([])
      expect(r.failingRules()).toEqual([])
      const resources = r.resources()
      expect(Object.keys(resources)).toContain('DeployRole')
      const outputs = Object.fromEntries(
        Object.entries(template.Outputs)
          .filter(([, o]) => o.Condition === undefined || r.condition(o.Condition))
          .map(([k, o]) => [k, r.resolve(o.Value)])
      )
      expect(JSON.stringify(outputs)).not.toMatch(/Fn::|"Ref"|\$\{/)
      expect(outputs.RoleArn).toBe(
        `arn:aws:iam::111122223333:role/impressionnistes-secrets-${r.parameter('GitHubEnvironment')}`
      )
      // the claim outputs the README tells people to compare are exactly the subs the trust pins
      const statement = (
        resources.DeployRole?.Properties.AssumeRolePolicyDocument as {
          Statement: { Condition: Json }[]
        }
      ).Statement[0]
      const pinned = (statement?.Condition as { StringEquals: Record<string, Json> }).StringEquals
      const claims = [outputs.SubjectClaim, outputs.ImmutableSubjectClaim].filter(
        (c) => c !== undefined
      )
      expect(claims.length).toBeGreaterThan(0)
      expect(pinned['token.actions.githubusercontent.com:sub']).toEqual(claims)
      expect(pinned['token.actions.githubusercontent.com:aud']).toBe('sts.amazonaws.com')
      expect(String(outputs.LambdaReadPolicyArn)).toMatch(/^arn:aws:iam::111122223333:policy\//)
    }
  )

  test('role names stay within IAM’s 64 characters at the longest parameters', () => {
    const r = deploy({ RoleNamePrefix: 'p'.repeat(24), GitHubEnvironment: 'e'.repeat(39) })
    expect(r.invalidParameters()).toEqual([])
    expect(String(r.resources().DeployRole?.Properties.RoleName).length).toBeLessThanOrEqual(64)
  })

  test.each<[string, Record<string, string>]>([
    ['a wildcard owner', { GitHubOwner: '*' }],
    ['a wildcard repository', { GitHubRepository: 'regis*' }],
    ['a wildcard environment', { GitHubEnvironment: '*' }],
    ['an environment with a colon (another claim)', { GitHubEnvironment: 'dev:ref' }],
    ['a wildcard prefix', { SecretPrefix: 'impressionnistes*' }],
    ['a prefix with a trailing slash', { SecretPrefix: 'impressionnistes/' }],
    ['an empty prefix', { SecretPrefix: '' }],
    [
      'a KMS alias instead of a key ARN',
      { KmsKeyArn: 'arn:aws:kms:eu-west-3:111122223333:alias/secrets' }
    ],
    ['a KMS wildcard', { KmsKeyArn: '*' }],
    [
      'a non-numeric owner id',
      { SubjectForm: 'immutable', GitHubOwnerId: 'abc', GitHubRepositoryId: '1' }
    ],
    ['an unknown subject form', { SubjectForm: 'any' }],
    [
      'another OIDC provider',
      {
        CreateOidcProvider: 'false',
        ExistingOidcProviderArn: 'arn:aws:iam::111122223333:oidc-provider/gitlab.com'
      }
    ]
  ])('CloudFormation refuses %s', (_why, params) => {
    expect(deploy(params).invalidParameters()).not.toEqual([])
  })

  test.each<[string, Record<string, string>, string]>([
    [
      'CreateOidcProvider=false without an ARN',
      { CreateOidcProvider: 'false' },
      'ExistingProviderNeedsItsArn'
    ],
    ['the immutable form without ids', { SubjectForm: 'immutable' }, 'ImmutableFormNeedsBothIds'],
    [
      'both forms with only the owner id',
      { SubjectForm: 'both', GitHubOwnerId: '123456' },
      'ImmutableFormNeedsBothIds'
    ],
    [
      'ids with the name form (they would be ignored)',
      { GitHubRepositoryId: '456789' },
      'NameFormTakesNoIds'
    ]
  ])('a rule stops %s', (_why, params, rule) => {
    expect(deploy(params).failingRules()).toEqual([rule])
  })

  test('the OIDC provider is GitHub’s, for audience sts.amazonaws.com', () => {
    const provider = deploy({}).resources().GitHubOidcProvider?.Properties
    expect(provider?.Url).toBe('https://token.actions.githubusercontent.com')
    expect(provider?.ClientIdList).toEqual(['sts.amazonaws.com'])
  })
})

describe('README set-up section and the template agree', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
  const start = readme.indexOf('## Set up AWS and GitHub')
  const section = readme.slice(start, readme.indexOf('\n## ', start + 5))
  const commands = [...section.matchAll(/aws cloudformation deploy[^`]*?(?=\n```)/g)].map(
    (m) => m[0]
  )

  test('there is one deploy command per environment, using the template file', () => {
    expect(start).toBeGreaterThan(0)
    expect(commands).toHaveLength(2)
    for (const c of commands) expect(c).toContain('--template-file infra/github-deploy-role.yml')
    expect(commands.map((c) => /GitHubEnvironment=(\w+)/.exec(c)?.[1])).toEqual(['dev', 'prod'])
  })

  test('the commands name only real parameters, and the capability the named role needs', () => {
    for (const c of commands) {
      expect(c).toContain('--capabilities CAPABILITY_NAMED_IAM')
      const names = [...c.matchAll(/\s([A-Za-z]+)=/g)].map((m) => m[1] as string)
      expect(names.length).toBeGreaterThanOrEqual(3)
      expect(names.filter((n) => !(n in template.Parameters))).toEqual([])
    }
  })

  test('it names the variables the workflows read', () => {
    for (const v of ['AWS_ROLE_ARN', 'AWS_REGION', 'AWS_ACCOUNT_ID']) expect(section).toContain(v)
  })
})

describe('the AGPL simulator stays out of the action', () => {
  test('it is a dev dependency only, absent from the bundle and its licence list', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>
      devDependencies: Record<string, string>
    }
    expect(Object.keys(pkg.dependencies)).not.toContain('@cloud-copilot/iam-simulate')
    expect(pkg.devDependencies['@cloud-copilot/iam-simulate']).toMatch(/^\d+\.\d+\.\d+$/)
    for (const file of ['dist/licenses.txt', 'dist/index.js']) {
      expect(readFileSync(join(ROOT, file), 'utf8')).not.toMatch(/cloud-copilot|iam-simulate/)
    }
  })
})
