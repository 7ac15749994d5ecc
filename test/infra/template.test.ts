/**
 * infra/github-deploy-role.yml as CloudFormation would read it: cfn-lint (AWS's linter, Python;
 * skipped with the install command when the machine lacks it) and our own checks: every reference
 * resolves, parameters refuse wildcards, rules catch bad combinations, outputs resolve and name
 * exactly what the trust policies pin, the README's and docs/aws-trust.md's deploy commands match
 * the template, and the AGPL simulator used to test it never reaches the bundle.
 */
import { describe, expect, test } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadTemplate, Resolver, ROOT, TEMPLATE_PATH, type Json } from './cfn.js'
import { CFN_LINT, runsWith } from '../tools.js'

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

const SUB = 'token.actions.githubusercontent.com:sub'
const AUD = 'token.actions.githubusercontent.com:aud'
const WORKFLOW = 'token.actions.githubusercontent.com:job_workflow_ref'
const defined = <T>(v: T | undefined): v is T => v !== undefined

/** The StringEquals block of a role's (only) trust statement. */
function trustConditions(props: Record<string, Json> | undefined): Record<string, Json> {
  const doc = props?.AssumeRolePolicyDocument as { Statement: { Condition: Json }[] }
  expect(doc.Statement).toHaveLength(1)
  return (doc.Statement[0]?.Condition as { StringEquals: Record<string, Json> }).StringEquals
}

/** The subs a trust should pin: each claim, or each claim:job_workflow_ref:workflow. */
function expectedSubs(claims: Json[], workflows: Json[], inSubject: boolean): Json[] {
  if (!inSubject) return claims
  return claims.flatMap((c) => workflows.map((w) => `${String(c)}:job_workflow_ref:${String(w)}`))
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
  ],
  ['audit role', { CreateAuditRole: 'true' }],
  [
    'audit role pinned to its workflow, immutable subject',
    {
      CreateAuditRole: 'true',
      AuditWorkflowFile: 'drift-check.yml',
      SubjectForm: 'immutable',
      GitHubOwnerId: '123456',
      GitHubRepositoryId: '456789'
    }
  ],
  ['consumer Lambdas', { ConsumerFunctions: 'registration-payment,registration-refund' }],
  [
    'environment form pinned to a workflow',
    { GitHubEnvironment: 'prod', WorkflowFile: 'deploy-prod.yml' }
  ],
  [
    'branch form (prod)',
    { TrustForm: 'branch', GitHubEnvironment: 'prod', WorkflowFile: 'deploy-prod.yml' }
  ],
  [
    'branch form (dev, two workflows)',
    { TrustForm: 'branch', WorkflowFile: 'deploy-dev.yml', ExtraWorkflowFile: 'drift-check.yml' }
  ],
  [
    'branch form, workflow in the sub, both subject forms, audit role',
    {
      TrustForm: 'branch',
      WorkflowFile: 'deploy-dev.yml',
      ExtraWorkflowFile: 'drift-check.yml',
      WorkflowCheck: 'subject',
      SubjectForm: 'both',
      GitHubOwnerId: '123456',
      GitHubRepositoryId: '456789',
      CreateAuditRole: 'true',
      AuditWorkflowFile: 'drift-check.yml'
    }
  ],
  [
    'reusable form',
    {
      TrustForm: 'reusable',
      GitHubEnvironment: 'prod',
      AppRepository: 'course-impressionnistes/app'
    }
  ],
  [
    'reusable form, immutable app, workflow in the sub, v2',
    {
      TrustForm: 'reusable',
      GitHubEnvironment: 'prod',
      AppRepository: 'course-impressionnistes@1/app@2',
      WorkflowCheck: 'subject',
      ReleaseTag: 'v2'
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
      AuditRole: 'AWS::IAM::Role',
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
      // the claim outputs the docs tell people to compare are exactly what the trust pins
      const inSubject = r.parameter('WorkflowCheck') === 'subject'
      const pinned = trustConditions(resources.DeployRole?.Properties)
      const claims = [outputs.SubjectClaim, outputs.ImmutableSubjectClaim].filter(defined)
      const workflows = [outputs.WorkflowClaim, outputs.ExtraWorkflowClaim].filter(defined)
      expect(claims.length).toBeGreaterThan(0)
      expect(pinned[SUB]).toEqual(expectedSubs(claims, workflows, inSubject))
      expect(pinned[WORKFLOW]).toEqual(workflows.length > 0 && !inSubject ? workflows : undefined)
      expect(pinned[AUD]).toBe('sts.amazonaws.com')
      if (r.parameter('CreateAuditRole') === 'true') {
        expect(String(outputs.AuditRoleArn)).toMatch(/^arn:aws:iam::111122223333:role\//)
        const audit = trustConditions(resources.AuditRole?.Properties)
        const auditClaims = [outputs.AuditSubjectClaim, outputs.AuditImmutableSubjectClaim]
        const auditWorkflows = [outputs.AuditWorkflowClaim].filter(defined)
        const thisRepoInSubject = inSubject && r.parameter('TrustForm') !== 'reusable'
        expect(audit[SUB]).toEqual(
          expectedSubs(auditClaims.filter(defined), auditWorkflows, thisRepoInSubject)
        )
        expect(audit[WORKFLOW]).toEqual(
          auditWorkflows.length > 0 && !thisRepoInSubject ? auditWorkflows[0] : undefined
        )
        expect(audit[AUD]).toBe('sts.amazonaws.com')
      } else {
        expect(resources.AuditRole).toBeUndefined()
        expect(outputs.AuditRoleArn).toBeUndefined()
      }
      expect(String(outputs.LambdaReadPolicyArn)).toMatch(/^arn:aws:iam::111122223333:policy\//)
    }
  )

  test('with every new parameter at its default, the stack is today’s (existing stacks unchanged)', () => {
    const r = deploy({})
    const resources = r.resources()
    expect(Object.keys(resources).sort()).toEqual([
      'DeployRole',
      'GitHubOidcProvider',
      'LambdaReadPolicy'
    ])
    const role = resources.DeployRole?.Properties as Record<string, Json>
    expect(role.Description).toBe(
      'GitHub course-impressionnistes/registration, environment dev: sync impressionnistes/* secrets'
    )
    expect(role.AssumeRolePolicyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'OnlyThisRepositoryAndEnvironment',
          Effect: 'Allow',
          Principal: {
            Federated: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com'
          },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: {
            StringEquals: {
              [AUD]: 'sts.amazonaws.com',
              [SUB]: ['repo:course-impressionnistes/registration:environment:dev']
            }
          }
        }
      ]
    })
    const policy = (role.Policies as { PolicyDocument: { Statement: { Sid: string }[] } }[])[0]
    expect(policy?.PolicyDocument.Statement.map((st) => st.Sid)).toEqual([
      'ReadAndWriteTheManagedSecrets',
      'BatchReadHasNoNarrowerResource'
    ])
    const outputs = Object.entries(template.Outputs)
      .filter(([, o]) => o.Condition === undefined || r.condition(o.Condition))
      .map(([k]) => k)
    expect(outputs.sort()).toEqual(
      [
        'AccountId',
        'LambdaReadPolicyArn',
        'OidcProviderArn',
        'Region',
        'RoleArn',
        'SubjectClaim'
      ].sort()
    )
  })

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
    ['an unknown trust form', { TrustForm: 'any' }],
    ['an unknown workflow check', { WorkflowCheck: 'StringLike' }],
    ['a wildcard workflow file', { WorkflowFile: '*.yml' }],
    ['a workflow file with a path', { WorkflowFile: '.github/workflows/deploy-prod.yml' }],
    ['a workflow file that is not YAML', { WorkflowFile: 'deploy-prod' }],
    ['a wildcard extra workflow file', { ExtraWorkflowFile: 'deploy-*.yml' }],
    ['a wildcard audit workflow file', { AuditWorkflowFile: '*' }],
    ['a wildcard default branch', { DefaultBranch: '*' }],
    ['a default branch with a colon (another claim)', { DefaultBranch: 'main:job_workflow_ref' }],
    ['an empty default branch', { DefaultBranch: '' }],
    ['a wildcard app repository', { AppRepository: 'course-impressionnistes/*' }],
    ['an app repository without an owner', { AppRepository: 'app' }],
    ['an app repository with only one id', { AppRepository: 'course-impressionnistes@1/app' }],
    ['a branch as release tag', { ReleaseTag: 'main' }],
    ['a wildcard release tag', { ReleaseTag: 'v1*' }],
    ['a release ref instead of a tag name', { ReleaseTag: 'refs/tags/v1' }],
    ['an unknown CreateAuditRole', { CreateAuditRole: 'yes' }],
    ['consumer names with a space', { ConsumerFunctions: 'a, b' }],
    [
      'a consumer ARN instead of a name',
      { ConsumerFunctions: 'arn:aws:lambda:eu-west-3:111122223333:function:a' }
    ],
    ['a consumer with a qualifier', { ConsumerFunctions: 'registration-payment:prod' }],
    ['a wildcard consumer', { ConsumerFunctions: 'registration-*' }],
    ['a trailing comma in the consumers', { ConsumerFunctions: 'a,b,' }],
    ['eleven consumers (ten slots)', { ConsumerFunctions: 'a,b,c,d,e,f,g,h,i,j,k' }],
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
    ],
    [
      'the branch form without a workflow (any job on main)',
      { TrustForm: 'branch' },
      'BranchFormPinsAWorkflow'
    ],
    ['the reusable form without the app', { TrustForm: 'reusable' }, 'ReusableFormNeedsTheApp'],
    [
      'the reusable form with a workflow of this repository',
      { TrustForm: 'reusable', AppRepository: 'o/app', WorkflowFile: 'deploy-prod.yml' },
      'ReusableFormNeedsTheApp'
    ],
    [
      'an app repository outside the reusable form',
      { AppRepository: 'o/app' },
      'AppRepositoryIsForTheReusableForm'
    ],
    [
      'an extra workflow without the first',
      { ExtraWorkflowFile: 'drift-check.yml' },
      'ExtraWorkflowNeedsTheFirst'
    ],
    [
      'the workflow in the sub without a workflow',
      { WorkflowCheck: 'subject' },
      'SubjectCheckNeedsAPinnedWorkflow'
    ],
    [
      'an audit workflow without the audit role',
      { AuditWorkflowFile: 'drift-check.yml' },
      'AuditWorkflowIsForTheAuditRole'
    ],
    [
      'the audit role of a customised repository without its workflow',
      {
        TrustForm: 'branch',
        WorkflowFile: 'deploy-prod.yml',
        WorkflowCheck: 'subject',
        CreateAuditRole: 'true'
      },
      'CustomSubjectAuditNeedsItsWorkflow'
    ],
    [
      'an audit role that may read values, without its workflow',
      { CreateAuditRole: 'true', AuditMayProbe: 'true' },
      'ProbingAuditIsPinnedToItsWorkflow'
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

describe('docs/setup.md and the template agree', () => {
  const setup = readFileSync(join(ROOT, 'docs/setup.md'), 'utf8')
  const start = setup.indexOf('# Set up AWS and GitHub')
  const section = setup.slice(start, setup.indexOf('\n## Use it in a workflow', start + 5))
  const commands = [...section.matchAll(/aws cloudformation deploy[^`]*?(?=\n```)/g)].map(
    (m) => m[0]
  )

  test('there is one deploy command per environment, using the template file', () => {
    expect(start).toBeGreaterThanOrEqual(0)
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

  test('it names the environments file keys the workflows read, and no variable', () => {
    for (const key of ['account', 'region', 'deployRole', 'auditRole'])
      expect(section).toContain(`| \`${key}\``)
    expect(section).not.toMatch(/AWS_ROLE_ARN|AWS_ACCOUNT_ID|vars\./)
  })
})

/** cfn-lint, AWS's CloudFormation linter (Python): skipped and named where missing, except under CI. */
const withCfnLint = runsWith(CFN_LINT) ? test : test.skip
function cfnLint(file: string) {
  return spawnSync(CFN_LINT.command(), ['--format', 'parseable', '--', file], { encoding: 'utf8' })
}

describe('cfn-lint', () => {
  withCfnLint(
    'the template has no error, warning or informational finding',
    () => {
      const result = cfnLint(TEMPLATE_PATH)
      expect(result.stdout + result.stderr).toBe('')
      expect(result.status).toBe(0)
    },
    60_000
  )

  withCfnLint(
    'it reports a mistake (control: a Ref to a parameter that does not exist)',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'cfn-lint-'))
      try {
        const broken = join(dir, 'broken.yml')
        const text = readFileSync(TEMPLATE_PATH, 'utf8')
        expect(text).toContain('!Ref ConsumerFunctions]]')
        writeFileSync(broken, text.replace('!Ref ConsumerFunctions]]', '!Ref ConsumerFunctionz]]'))
        const result = cfnLint(broken)
        expect(result.status).not.toBe(0)
        expect(result.stdout).toMatch(/ConsumerFunctionz/)
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    },
    60_000
  )
})

describe('docs/aws-trust.md and the template agree', () => {
  const DOC_PATH = join(ROOT, 'docs/aws-trust.md')
  const doc = readFileSync(DOC_PATH, 'utf8')
  const commands = [...doc.matchAll(/```sh\n(aws cloudformation deploy[^`]*?)\n```/g)].map(
    (m) => m[1] as string
  )
  const overrides = (command: string) =>
    Object.fromEntries(
      [...(/--parameter-overrides (.*)$/m.exec(command)?.[1] ?? '').matchAll(/(\w+)=(\S+)/g)].map(
        (m) => [m[1] as string, m[2] as string]
      )
    )

  test('it documents a deploy command for each form and for the audit role', () => {
    const forms = commands.map((c) => overrides(c).TrustForm ?? 'environment')
    expect(new Set(forms)).toEqual(new Set(['environment', 'branch', 'reusable']))
    expect(commands.some((c) => overrides(c).CreateAuditRole === 'true')).toBe(true)
    expect(commands.some((c) => overrides(c).WorkflowFile === 'deploy-prod.yml')).toBe(true)
  })

  test.each(commands.map((c): [string, string] => [(c.split('\n').at(-1) ?? c).trim(), c]))(
    'deployable as written: %s',
    (_line, command) => {
      expect(command).toContain('--template-file infra/github-deploy-role.yml')
      expect(command).toContain('--capabilities CAPABILITY_NAMED_IAM')
      const params = overrides(command)
      expect(Object.keys(params).filter((n) => !(n in template.Parameters))).toEqual([])
      const r = new Resolver(template, {
        parameters: params,
        accountId: '111122223333',
        region: 'eu-west-3'
      })
      expect(r.invalidParameters()).toEqual([])
      expect(r.failingRules()).toEqual([])
      // every claim the stack pins is quoted in the doc, so a reader can compare
      for (const name of [
        'SubjectClaim',
        'WorkflowClaim',
        'ExtraWorkflowClaim',
        'AuditSubjectClaim',
        'AuditWorkflowClaim'
      ]) {
        const output = template.Outputs[name]
        if (output === undefined) throw new Error(`no output ${name}`)
        if (output.Condition !== undefined && !r.condition(output.Condition)) continue
        expect([name, doc.includes(`\`${String(r.resolve(output.Value))}\``)]).toEqual([name, true])
      }
    }
  )

  test('the subject customisation call is the one the subject check expects', () => {
    const call =
      /```sh\n(gh api --method PUT repos\/YOUR-ORG\/YOUR-REPO\/actions\/oidc\/customization\/sub --input - <<'EOF'\n(.*)\nEOF)\n```/.exec(
        doc
      )
    expect(call).not.toBeNull()
    expect(JSON.parse(call?.[2] ?? '')).toEqual({
      use_default: false,
      include_claim_keys: ['repo', 'context', 'job_workflow_ref']
    })
    // with that template GitHub writes repo:…:CONTEXT:job_workflow_ref:WORKFLOW, which the trust pins
    const r = deploy({
      TrustForm: 'branch',
      WorkflowFile: 'deploy-prod.yml',
      WorkflowCheck: 'subject'
    })
    expect(trustConditions(r.resources().DeployRole?.Properties)[SUB]).toEqual([
      'repo:course-impressionnistes/registration:ref:refs/heads/main:job_workflow_ref:course-impressionnistes/registration/.github/workflows/deploy-prod.yml@refs/heads/main'
    ])
  })

  test('its links point at real headings or https pages', () => {
    const slugs = [...doc.matchAll(/^#+ (.*)$/gm)].map((m) =>
      (m[1] as string)
        .toLowerCase()
        .replace(/[^a-z0-9 -]/g, '')
        .replace(/ /g, '-')
    )
    const links = [...doc.matchAll(/\]\(([^)]+)\)/g)].map((m) => m[1] as string)
    expect(links.length).toBeGreaterThan(5)
    for (const link of links) {
      if (link.startsWith('#')) expect([link, slugs.includes(link.slice(1))]).toEqual([link, true])
      // Links to other pages are checked by test/unit/links.test.ts.
      else if (!link.endsWith('.md') && !link.includes('.md#')) expect(link).toMatch(/^https:\/\//)
    }
  })

  test('every template parameter the forms add is explained in it', () => {
    for (const name of [
      'TrustForm',
      'WorkflowFile',
      'ExtraWorkflowFile',
      'WorkflowCheck',
      'AppRepository',
      'ReleaseTag',
      'CreateAuditRole',
      'AuditWorkflowFile',
      'ConsumerFunctions',
      'DefaultBranch'
    ])
      expect([name, doc.includes(name)]).toEqual([name, true])
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
