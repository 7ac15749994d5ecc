/**
 * The workflows as data: triggers, environments, permissions, concurrency, pinned actions, no
 * untrusted ${{ }} in shell, and the inputs given to our action (uses: ./) checked against
 * action.yml. The prod ref guard is executed, not just read.
 */
import { describe, expect, test } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import {
  actionYml,
  allSteps,
  allWorkflowFiles,
  environmentOf,
  ROOT,
  workflow,
  workflows,
  type Job,
  type Step
} from './workflows.js'

const FILES = workflows()
const ACTION = actionYml()

/** The credentials step of every role-assuming job: all from the pin, the session naming the run. */
const PIN_CREDENTIALS = {
  'role-to-assume': '${{ steps.pin.outputs.role }}',
  'aws-region': '${{ steps.pin.outputs.region }}',
  'role-session-name': 'impressionnistes-secrets-${{ github.run_id }}-${{ github.run_attempt }}'
}
const pinStep = (job: Job): Step | undefined => job.steps.find((s) => s.id === 'pin')

const OIDC = { 'id-token': 'write', contents: 'read' }
const SHA_PIN = /^uses:\s+([\w.-]+\/[\w./-]+)@([0-9a-f]{40}) # v\d+\.\d+\.\d+$/

function steps(job: Job | undefined): Step[] {
  if (!job) throw new Error('missing job')
  return job.steps
}
const ours = (s: Step) => s.uses === './'
const credentials = (s: Step) =>
  s.uses?.startsWith('aws-actions/configure-aws-credentials@') ?? false
const jobsOf = (file: string) => Object.entries(workflow(file).jobs)

/** A job that runs our action in audit mode only: it may assume the audit role, without an environment. */
const auditJob = (job: Job): boolean => {
  const runs = job.steps.filter(ours)
  return runs.length > 0 && runs.every((s) => s.with?.mode === 'audit')
}
/** The job's steps ask for the alert issue, which needs issues: write. */
const alerting = (job: Job): boolean =>
  job.steps.some((s) => ours(s) && s.with?.['alert-issue'] === true)

/** The modes action.yml documents for its mode input: "sync (…), plan (…) or verify (…)". */
const DOCUMENTED_MODES = [
  ...(ACTION.inputs.mode?.description ?? '').matchAll(/(?:^|, | or )([a-z]+) \(/g)
].map((m) => m[1])

describe('every workflow', () => {
  test('never runs on pull_request_target or workflow_run (untrusted code with secrets)', () => {
    for (const { data } of FILES) {
      expect(Object.keys(data.on)).not.toContain('pull_request_target')
      expect(Object.keys(data.on)).not.toContain('workflow_run')
    }
  })

  test.each(FILES.map((w) => [w.file, w.data] as const))(
    '%s: top-level permissions are none or contents: read',
    (_file, data) => {
      expect([{}, { contents: 'read' }]).toContainEqual(data.permissions)
    }
  )

  test('only jobs bound to a GitHub environment, or audit-only jobs, get id-token: write: exactly id-token + contents: read (+ issues: write for the alert issue)', () => {
    let audits = 0
    for (const { file, data } of FILES) {
      for (const [id, job] of Object.entries(data.jobs)) {
        const effective = job.permissions ?? data.permissions
        const where = `${file} ${id}`
        const oidc = environmentOf(job) !== undefined || auditJob(job)
        if (auditJob(job) && environmentOf(job) === undefined) audits++
        const alert = alerting(job) ? { issues: 'write' } : {}
        if (oidc) expect([where, job.permissions]).toEqual([where, { ...OIDC, ...alert }])
        else
          expect([where, JSON.stringify(effective)]).not.toEqual([
            where,
            expect.stringContaining('id-token')
          ])
        expect([where, JSON.stringify(effective)]).not.toEqual([
          where,
          expect.stringMatching(/write-all|read-all/)
        ])
        const writes = Object.entries(typeof effective === 'object' ? effective : {}).filter(
          ([, v]) => v === 'write'
        )
        expect([where, writes.map(([k]) => k).sort()]).toEqual([
          where,
          [...(oidc ? ['id-token'] : []), ...(alerting(job) ? ['issues'] : [])].sort()
        ])
      }
    }
    expect(audits).toBe(1) // the drift check's prod audit
  })

  test('every job that assumes an AWS role is bound to an environment (or audits with the audit role) and has its queue', () => {
    const assuming = allSteps().filter(({ step }) => credentials(step))
    expect(assuming.length).toBeGreaterThanOrEqual(4)
    for (const { file, jobId, job } of assuming) {
      const env = environmentOf(job)
      const where = [file, jobId]
      if (env === undefined) {
        // Without an environment: only the audit, only with the audit role, never with values.
        expect([...where, auditJob(job)]).toEqual([...where, true])
        expect([...where, pinStep(job)?.env?.ROLE_KEY]).toEqual([...where, 'auditRole'])
        const audited = job.steps.find(ours)?.with?.environment
        expect(job.concurrency).toEqual({
          group: `impressionnistes-secrets-audit-${String(audited)}`,
          'cancel-in-progress': false
        })
        continue
      }
      expect([...where, typeof env]).toEqual([...where, 'string'])
      // Writers share one queue per environment; the read-only drift check has its own.
      const queue = file === 'drift-check.yml' ? `verify-${env}` : env
      expect(job.concurrency).toEqual({
        group: `impressionnistes-secrets-${queue}`,
        'cancel-in-progress': false
      })
    }
  })

  test('every job has a timeout', () => {
    for (const { file, data } of FILES)
      for (const [id, job] of Object.entries(data.jobs))
        expect([file, id, typeof job['timeout-minutes']]).toEqual([file, id, 'number'])
  })

  test('every third-party action is pinned to a full commit SHA with its version in a comment', () => {
    const usesLines = FILES.flatMap(({ file, text }) =>
      text
        .split('\n')
        .map((line) => line.trim().replace(/^- /, ''))
        .filter((line) => line.startsWith('uses:'))
        .map((line) => [file, line] as const)
    )
    // the text scan sees every uses: the parsed data holds
    expect(usesLines.length).toBe(allSteps().filter(({ step }) => step.uses !== undefined).length)
    const pins = new Map<string, string>()
    for (const [file, line] of usesLines) {
      if (line === 'uses: ./') continue
      const m = SHA_PIN.exec(line)
      expect([file, line, m !== null]).toEqual([file, line, true])
      if (!m) continue
      const [, action, sha] = m as unknown as [string, string, string]
      // one version of each action across the repository
      expect([action, sha]).toEqual([action, pins.get(action) ?? sha])
      pins.set(action, sha)
    }
    expect([...pins.keys()].sort()).toEqual([
      'actions/checkout',
      'actions/setup-node',
      'actions/upload-artifact',
      'aws-actions/configure-aws-credentials'
    ])
  })

  test('no ${{ }} expression inside a run: block (values reach the shell through env:)', () => {
    const runs = allSteps().filter(({ step }) => step.run !== undefined)
    expect(runs.length).toBeGreaterThan(0)
    for (const { file, jobId, step } of runs)
      expect([file, jobId, step.run]).not.toEqual([file, jobId, expect.stringContaining('${{')])
  })

  test('checkout never leaves the token in .git/config', () => {
    const checkouts = allSteps().filter(({ step }) => step.uses?.startsWith('actions/checkout@'))
    expect(checkouts.length).toBeGreaterThanOrEqual(5)
    for (const { step } of checkouts) expect(step.with?.['persist-credentials']).toBe(false)
  })

  test('toJSON(secrets) is handed only to our action, in jobs bound to an environment', () => {
    for (const { file, text } of FILES) {
      const count = text.split('toJSON(secrets)').length - 1
      const given = allSteps().filter(
        ({ file: f, step }) =>
          f === file && ours(step) && step.with?.secrets === '${{ toJSON(secrets) }}'
      )
      expect([file, count]).toEqual([file, given.length])
      for (const { job } of given) expect(environmentOf(job)).toBeDefined()
    }
  })
})

describe('inputs given to our action (uses: ./) match action.yml', () => {
  const uses = allSteps().filter(({ step }) => ours(step))
  const declared = Object.keys(ACTION.inputs)
  const required = Object.entries(ACTION.inputs)
    .filter(([, i]) => i.required === true)
    .map(([name]) => name)

  test('our action is used by the deploy, drift and CI workflows', () => {
    expect([...new Set(uses.map((u) => u.file))].sort()).toEqual([
      'ci.yml',
      'deploy-dev.yml',
      'deploy-prod.yml',
      'drift-check.yml'
    ])
    // secrets is required by every mode but audit: the action checks it, not the runner.
    expect(required).toEqual(['environment'])
  })

  test('every step but an audit gives the secrets', () => {
    for (const { file, jobId, step } of uses.filter((u) => u.file !== 'ci.yml')) {
      const where = [file, jobId]
      if (step.with?.mode === 'audit')
        expect([...where, step.with.secrets]).toEqual([...where, undefined])
      else expect([...where, step.with?.secrets]).toEqual([...where, '${{ toJSON(secrets) }}'])
    }
  })

  test.each(uses.map((u) => [`${u.file} ${u.jobId} step ${u.index + 1}`, u.step] as const))(
    '%s: every with: key exists in action.yml and every required input is given',
    (_where, step) => {
      const given = Object.keys(step.with ?? {})
      expect(given.filter((k) => !declared.includes(k))).toEqual([])
      expect(required.filter((k) => !given.includes(k))).toEqual([])
    }
  )

  test('a literal mode is one action.yml documents', () => {
    expect(DOCUMENTED_MODES).toEqual(
      expect.arrayContaining(['sync', 'plan', 'verify', 'rollback', 'audit'])
    )
    for (const { step } of uses) {
      const mode = step.with?.mode
      if (typeof mode === 'string' && !mode.includes('${{'))
        expect(DOCUMENTED_MODES).toContain(mode)
    }
  })

  test('account, region and role come from the environments file, read before the credentials step; the session names the run', () => {
    for (const { file, jobId, job } of uses.filter((u) => u.file !== 'ci.yml')) {
      const list = steps(job)
      const creds = list.findIndex(credentials)
      const pin = list.findIndex((s) => s.id === 'pin')
      const where = [file, jobId]
      expect([...where, pin >= 0 && pin < creds && creds < list.findIndex(ours)]).toEqual([
        ...where,
        true
      ])
      expect([...where, list[pin]?.run, list[pin]?.env]).toEqual([
        ...where,
        'bash script/read-pin',
        {
          FILE: '.github/secrets-environments.json',
          ENVIRONMENT: String(list.find(ours)?.with?.environment),
          ROLE_KEY: environmentOf(job) ? 'deployRole' : 'auditRole'
        }
      ])
      expect([...where, list[creds]?.with]).toEqual([...where, PIN_CREDENTIALS])
      for (const s of list.filter(ours))
        expect([...where, s.with?.['expected-account-id']]).toEqual([
          ...where,
          '${{ steps.pin.outputs.account }}'
        ])
    }
  })
})

type Dispatch = {
  inputs: Record<string, { type: string; options?: string[]; default?: string; required?: boolean }>
}

describe('Deploy secrets (dev)', () => {
  const wf = workflow('deploy-dev.yml')
  const dispatch = wf.on.workflow_dispatch as Dispatch
  test('runs on push to main, and by hand (GitHub runs nothing when a secret is edited)', () => {
    expect(Object.keys(wf.on).sort()).toEqual(['push', 'workflow_dispatch'])
    expect(wf.on.push).toEqual({ branches: ['main'] })
  })
  test('by hand: the same mode choices and only as prod, each a documented mode; sync by default', () => {
    const prod = (workflow('deploy-prod.yml').on.workflow_dispatch as Dispatch).inputs
    expect(dispatch.inputs.mode?.type).toBe('choice')
    expect([...(dispatch.inputs.mode?.options ?? [])].sort()).toEqual(
      [...(prod.mode?.options ?? ['missing'])].sort()
    )
    expect(DOCUMENTED_MODES).toEqual(expect.arrayContaining(dispatch.inputs.mode?.options ?? ['x']))
    expect(dispatch.inputs.mode?.default).toBe('sync')
    expect(dispatch.inputs.only).toEqual(prod.only)
  })
  test('one job, environment dev, syncing dev on a push, the chosen mode and only by hand', () => {
    const jobs = jobsOf('deploy-dev.yml')
    expect(jobs).toHaveLength(1)
    const [, job] = jobs[0] as [string, Job]
    expect(environmentOf(job)).toBe('dev')
    const action = steps(job).find(ours)
    expect(action?.with).toMatchObject({
      environment: 'dev',
      // A push has no inputs: the expression falls back to sync.
      mode: "${{ inputs.mode || 'sync' }}",
      only: '${{ inputs.only }}'
    })
  })
})

describe('Deploy secrets (prod)', () => {
  const wf = workflow('deploy-prod.yml')
  const dispatch = wf.on.workflow_dispatch as Dispatch

  test('runs only when started by hand', () => {
    expect(Object.keys(wf.on)).toEqual(['workflow_dispatch'])
  })

  test('mode is a choice of plan and sync, each a mode action.yml documents; plan by default', () => {
    const mode = dispatch.inputs.mode
    expect(mode?.type).toBe('choice')
    expect(mode?.options).toEqual(expect.arrayContaining(['plan', 'sync']))
    expect(DOCUMENTED_MODES).toEqual(expect.arrayContaining(mode?.options ?? ['missing']))
    expect(mode?.default).toBe('plan')
    expect(dispatch.inputs.only).toMatchObject({ type: 'string', required: false })
  })

  test('the prod job is bound to prod, waits for the main-only check, and passes mode and only', () => {
    const job = wf.jobs.sync as Job
    expect(environmentOf(job)).toBe('prod')
    expect(job.needs).toBe('main-only')
    expect(steps(job).find(ours)?.with).toMatchObject({
      environment: 'prod',
      mode: '${{ inputs.mode }}',
      only: '${{ inputs.only }}'
    })
  })

  const guardJob = wf.jobs['main-only'] as Job
  const guard = steps(guardJob).find((s) => s.run !== undefined) as Step

  test('the main-only check is a step that fails (not a skipped job) and holds no permission', () => {
    expect(guardJob.if).toBeUndefined()
    expect(guard.if).toBeUndefined()
    expect(guardJob.permissions).toEqual({})
    expect(environmentOf(guardJob)).toBeUndefined()
    expect(guard.env).toEqual({ REF: '${{ github.ref }}' })
  })

  /** The guard's script, run as the runner runs it (bash -e) with the ref in its env. */
  const runGuard = (ref: string) =>
    spawnSync('bash', ['-e', '-c', guard.run as string], {
      env: { PATH: process.env.PATH, REF: ref },
      encoding: 'utf8'
    })

  test.each([
    'refs/heads/feature/x',
    'refs/heads/mainline',
    'refs/tags/v1.0.0',
    'refs/pull/7/merge'
  ])('refuses %s with a clear error', (ref) => {
    const result = runGuard(ref)
    expect(result.status).toBe(1)
    expect(result.stdout).toContain('::error title=Prod runs only from main::')
    expect(result.stdout).toContain(`started from: ${ref}`)
  })

  test('lets refs/heads/main through', () => {
    const result = runGuard('refs/heads/main')
    expect(result.status).toBe(0)
    expect(result.stdout).not.toContain('::error')
  })
})

describe('Drift check', () => {
  const wf = workflow('drift-check.yml')
  test('daily schedule and manual start', () => {
    expect(Object.keys(wf.on).sort()).toEqual(['schedule', 'workflow_dispatch'])
    const [entry] = wf.on.schedule as { cron: string }[]
    expect(entry?.cron).toMatch(/^\d{1,2} \d{1,2} \* \* \*$/)
  })
  test('dev: verify, bound to the dev environment (its values, no reviewer)', () => {
    const job = wf.jobs['verify-dev'] as Job
    expect(environmentOf(job)).toBe('dev')
    expect(steps(job).find(ours)?.with).toMatchObject({ environment: 'dev', mode: 'verify' })
  })
  test('prod: audit with the audit role, in no environment (no approval), without any value', () => {
    const job = wf.jobs['audit-prod'] as Job
    expect(environmentOf(job)).toBeUndefined()
    expect(job.needs).toBeUndefined() // the dev check failing does not hold it back
    const action = steps(job).find(ours)
    expect(action?.with).toMatchObject({ environment: 'prod', mode: 'audit' })
    expect(action?.with?.secrets).toBeUndefined()
    expect(pinStep(job)?.env).toMatchObject({ ENVIRONMENT: 'prod', ROLE_KEY: 'auditRole' })
    expect(steps(job).find(credentials)?.with).toEqual(PIN_CREDENTIALS)
  })
  test('both keep an alert issue while they fail, with issues: write', () => {
    expect(Object.keys(wf.jobs).sort()).toEqual(['audit-prod', 'verify-dev'])
    for (const job of Object.values(wf.jobs)) {
      expect(steps(job).find(ours)?.with?.['alert-issue']).toBe(true)
      expect(job.permissions).toMatchObject({ issues: 'write' })
    }
  })
})

describe('CI', () => {
  const wf = workflow('ci.yml')
  test('runs on push to main and on pull requests, with read-only contents', () => {
    expect(Object.keys(wf.on).sort()).toEqual(['pull_request', 'push', 'workflow_dispatch'])
    expect(wf.permissions).toEqual({ contents: 'read' })
  })
  test('runs the test command', () => {
    expect(steps(wf.jobs.test).map((s) => s.run)).toContain('npm test')
  })
  test('installs every outside tool the tests need under CI=true: shellcheck, moto, cfn-lint', () => {
    const runs = steps(wf.jobs.test)
      .map((s) => s.run ?? '')
      .join('\n')
    expect(runs).toContain('apt-get install -y shellcheck')
    expect(runs).toMatch(/pip" install --quiet 'moto\[server\]==[\d.]+' 'cfn-lint==[\d.]+'/)
    for (const variable of ['TEST_PYTHON3_BIN', 'TEST_CFN_LINT_BIN'])
      expect(runs).toContain(variable)
  })
  test('runs our action against the stand-in started earlier, twice, then checks outputs through env', () => {
    const list = steps(wf.jobs.action)
    const start = list.findIndex((s) => s.run?.includes('npm run --silent standin'))
    const first = list.findIndex(ours)
    expect(start).toBeGreaterThan(0)
    expect(first).toBeGreaterThan(start)
    expect(list[start]?.run).toContain('AWS_ENDPOINT_URL=')
    expect(list.filter(ours).map((s) => s.id)).toEqual(['first', 'second', 'verify'])
    const check = list.at(-1) as Step
    expect(Object.values(check.env ?? {})).toEqual(
      expect.arrayContaining([
        '${{ steps.first.outputs.created }}',
        '${{ steps.second.outputs.changed }}'
      ])
    )
  })
  test('no key-shaped literal is committed (the fake values are made at run time)', () => {
    const text = readFileSync(join(ROOT, '.github/workflows/ci.yml'), 'utf8')
    expect(text).not.toMatch(
      /sk_(test|live)_[A-Za-z0-9]{8,}|whsec_[A-Za-z0-9]{8,}|AKIA[A-Z0-9]{16}/
    )
    expect(text).not.toMatch(/services\/T[A-Z0-9]{8,}\/B[A-Z0-9]{8,}\/[A-Za-z0-9]{24}/)
  })
})

describe('Check dist', () => {
  const wf = workflow('check-dist.yml')
  test('rebuilds with the project script and uploads the expected dist/ on a difference', () => {
    const list = steps(wf.jobs['check-dist'])
    expect(list.map((s) => s.run)).toEqual(
      expect.arrayContaining(['npm ci --no-audit --no-fund', 'bash script/check-dist'])
    )
    const upload = list.find((s) => s.uses?.startsWith('actions/upload-artifact@'))
    expect(upload?.if).toBe("failure() && steps.diff.outcome == 'failure'")
    expect(upload?.with?.path).toBe('dist/')
  })
})

describe('Dependabot', () => {
  const config = parse(readFileSync(join(ROOT, '.github/dependabot.yml'), 'utf8')) as {
    version: number
    updates: { 'package-ecosystem': string; directory: string; groups?: Record<string, unknown> }[]
  }
  test('npm and GitHub Actions, each grouped', () => {
    expect(config.version).toBe(2)
    expect(config.updates.map((u) => u['package-ecosystem']).sort()).toEqual([
      'github-actions',
      'npm'
    ])
    for (const u of config.updates) expect(Object.keys(u.groups ?? {}).length).toBeGreaterThan(0)
  })
})

/** The one variable a workflow may read: the pause switch, off when unset. */
const OPTIONAL_PAUSE = "${{ vars.SECRETS_SYNC_PAUSED || 'false' }}"

describe('no repository or environment variable is needed', () => {
  test.each(FILES.map((w) => [w.file, w.text] as const))(
    '%s reads no vars. but the optional pause switch',
    (_file, text) => {
      expect(text.split(OPTIONAL_PAUSE).join('')).not.toMatch(/\bvars\./)
    }
  )

  test('the deploy workflows fill the pause input from SECRETS_SYNC_PAUSED, false when unset', () => {
    for (const file of ['deploy-dev.yml', 'deploy-prod.yml', 'sync.yml'])
      expect(allWorkflowFiles().find((w) => w.file === file)?.text).toContain(
        `pause: ${OPTIONAL_PAUSE}`
      )
  })
})

describe('a run before set-up is finished says which value is missing, every role-assuming job included', () => {
  const assuming = allSteps().filter(({ step }) => credentials(step))

  test('every job that assumes a role reads the environments file first (the daily audit too)', () => {
    expect(assuming.map(({ file, jobId }) => `${file} ${jobId}`).sort()).toEqual([
      'deploy-dev.yml sync',
      'deploy-prod.yml sync',
      'drift-check.yml audit-prod',
      'drift-check.yml verify-dev'
    ])
    for (const { job } of assuming) expect(pinStep(job)?.name).toBe('Read the environments file')
  })

  test('the README section its message names exists', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
    expect(readme).toMatch(/^## Set up AWS and GitHub$/m)
  })
})
