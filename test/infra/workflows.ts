/** The repository's workflows and action.yml, read as text and as data for the workflow tests. */
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'

export const ROOT = join(import.meta.dirname, '../..')
export const WORKFLOW_DIR = join(ROOT, '.github/workflows')
export const DOCS_DIR = join(ROOT, 'docs')

export interface Step {
  id?: string
  name?: string
  uses?: string
  run?: string
  shell?: string
  if?: string
  with?: Record<string, string | number | boolean>
  env?: Record<string, string>
}

export interface Job {
  name?: string
  /** A job that calls a reusable workflow has uses (and with, secrets) instead of steps. */
  uses?: string
  with?: Record<string, string | number | boolean>
  secrets?: 'inherit' | Record<string, string>
  outputs?: Record<string, string>
  'runs-on': string
  'timeout-minutes'?: number
  needs?: string | string[]
  if?: string
  environment?: string | { name: string }
  permissions?: Record<string, string> | string
  concurrency?: { group: string; 'cancel-in-progress': boolean } | string
  strategy?: { matrix?: Record<string, unknown>; 'fail-fast'?: boolean }
  env?: Record<string, string>
  steps: Step[]
}

export interface Workflow {
  name: string
  on: Record<string, unknown>
  permissions?: Record<string, string> | string
  concurrency?: { group: string; 'cancel-in-progress': boolean } | string
  jobs: Record<string, Job>
}

export interface WorkflowFile {
  file: string
  path: string
  text: string
  data: Workflow
}

/**
 * The release workflow and the reusable workflow called from other repositories. They follow
 * rules of their own (test/infra/release.test.ts): publishing needs contents: write and
 * attestations: write in jobs bound to no environment, and sync.yml runs the action from its
 * own commit (uses: ./.impressionnistes-secrets), not from the caller's (uses: ./).
 */
export const RELEASE_WORKFLOWS = ['release.yml', 'sync.yml']

/** Every workflow file in .github/workflows. */
export function allWorkflowFiles(): WorkflowFile[] {
  return readdirSync(WORKFLOW_DIR)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((file) => {
      const path = join(WORKFLOW_DIR, file)
      const text = readFileSync(path, 'utf8')
      return { file, path, text, data: parse(text) as Workflow }
    })
}

/** The workflows that deploy, check and test this repository (all but RELEASE_WORKFLOWS). */
export function workflows(): WorkflowFile[] {
  return allWorkflowFiles().filter((w) => !RELEASE_WORKFLOWS.includes(w.file))
}

/** RELEASE_WORKFLOWS, as files. */
export function releaseWorkflows(): WorkflowFile[] {
  return allWorkflowFiles().filter((w) => RELEASE_WORKFLOWS.includes(w.file))
}

/**
 * The complete workflows shown in docs/*.md: every ```yaml block that has jobs. `file` names
 * the page and the block's first line in it (docs/x.md:12).
 */
export function docWorkflows(): WorkflowFile[] {
  if (!existsSync(DOCS_DIR)) return []
  return readdirSync(DOCS_DIR)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .flatMap((page) => {
      const path = join(DOCS_DIR, page)
      const markdown = readFileSync(path, 'utf8')
      return [...markdown.matchAll(/^```yaml\n([\s\S]*?)^```$/gm)].flatMap((m) => {
        const text = m[1] as string
        const data = parse(text) as Workflow | null
        if (typeof data !== 'object' || data === null || !('jobs' in data)) return []
        // A committed workflow shown in a page (docs/setup.md shows deploy-dev.yml) is checked as
        // the file it copies (test/unit/readme.test.ts holds the two equal).
        if (/^name: Deploy secrets \((dev|prod)\)\n/.test(text)) return []
        const line = markdown.slice(0, m.index).split('\n').length + 1
        return [{ file: `docs/${page}:${line}`, path, text, data }]
      })
    })
}

export function workflow(file: string): Workflow {
  const found = workflows().find((w) => w.file === file)
  if (!found) throw new Error(`no workflow ${file}`)
  return found.data
}

export interface ActionYml {
  inputs: Record<string, { description: string; required?: boolean; default?: string }>
}

export const ACTION_YML_PATH = join(ROOT, 'action.yml')
export function actionYml(): ActionYml {
  return parse(readFileSync(ACTION_YML_PATH, 'utf8')) as ActionYml
}

/** Every step of every job, with where it is. */
export function allSteps(): { file: string; jobId: string; job: Job; index: number; step: Step }[] {
  return workflows().flatMap(({ file, data }) =>
    Object.entries(data.jobs).flatMap(([jobId, job]) =>
      job.steps.map((step, index) => ({ file, jobId, job, index, step }))
    )
  )
}

export function environmentOf(job: Job): string | undefined {
  return typeof job.environment === 'object' ? job.environment.name : job.environment
}

/**
 * The GitHub plans set-up documents (docs/setup.md). Public repositories and Enterprise, and
 * private ones on Pro or Team, run the committed workflows as they are; private repositories on
 * GitHub Free have no environments, and run them with each job's `environment:` line deleted,
 * the one edit docs/setup.md asks for.
 */
export const GITHUB_PLANS = ['public or Enterprise', 'private on Pro or Team', 'private on Free']

export const FREE_PRIVATE_EDIT = /^ {4}environment: (dev|prod)\n/gm

export function workflowForPlan(text: string, plan: string): string {
  return plan === 'private on Free' ? text.replace(FREE_PRIVATE_EDIT, '') : text
}
