/** The repository's workflows and action.yml, read as text and as data for the workflow tests. */
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'

export const ROOT = join(import.meta.dirname, '../..')
export const WORKFLOW_DIR = join(ROOT, '.github/workflows')

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
  jobs: Record<string, Job>
}

export interface WorkflowFile {
  file: string
  path: string
  text: string
  data: Workflow
}

export function workflows(): WorkflowFile[] {
  return readdirSync(WORKFLOW_DIR)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((file) => {
      const path = join(WORKFLOW_DIR, file)
      const text = readFileSync(path, 'utf8')
      return { file, path, text, data: parse(text) as Workflow }
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
