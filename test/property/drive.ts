/**
 * Runs the action front (src/action/main.ts) inside the test process, as dist/index.js would run
 * it, but without a process start per case: INPUT_* variables and the runner's GITHUB_OUTPUT and
 * GITHUB_STEP_SUMMARY files in process.env, stdout and stderr captured, the exit code read from
 * process.exitCode. Returns the same ActionRun shape as the bundle harness (standin/runner.ts),
 * so the same leak checks apply to both.
 *
 * The front keeps, for its process's life, every value it was asked to mask. A mask left by an
 * earlier case must never hide a leak in this one: when a form registered earlier is part of a
 * form of this case's values, a fresh copy of the front is loaded first (jest.resetModules).
 * Otherwise the loaded one is reused, since a fresh load costs some 150 ms per case.
 */
import { jest } from '@jest/globals'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { actionRunOf, runnerFiles, type ActionRun } from '../../standin/runner.js'
import { MIN_REDACTED, formsOf } from './checks.js'

type Write = typeof process.stdout.write

interface Loaded {
  runAction: (env: NodeJS.ProcessEnv) => Promise<void>
  /** The runner files: one pair per loaded copy (@actions/core keeps the summary's path). */
  dir: string
  /** Forms of every value the loaded copy may have masked so far. */
  forms: Set<string>
}

let loaded: Loaded | undefined
/** How many copies of the front were loaded, for the curious. */
export let loads = 0

/** Every string and number a `secrets` text holds, as the front masks them. */
function maskedBy(text: string): string[] {
  const out = [text]
  const visit = (v: unknown): void => {
    if (typeof v === 'string') out.push(v)
    else if (typeof v === 'number' || typeof v === 'boolean') out.push(String(v))
    else if (Array.isArray(v)) v.forEach(visit)
    else if (v && typeof v === 'object') Object.values(v).forEach(visit)
  }
  try {
    visit(JSON.parse(text))
  } catch {
    // not JSON: only the whole text is masked
  }
  return out
}

/** Would one of `earlier` be redacted inside one of `forms`? (8-grams first: forms may be huge.) */
function overlaps(earlier: Iterable<string>, forms: readonly string[]): boolean {
  const grams = new Set<string>()
  for (const form of forms)
    for (let i = 0; i + MIN_REDACTED <= form.length; i++) grams.add(form.slice(i, i + MIN_REDACTED))
  for (const old of earlier) {
    if (grams.has(old.slice(0, MIN_REDACTED)) && forms.some((form) => form.includes(old)))
      return true
  }
  return false
}

async function front(values: readonly string[]): Promise<Loaded> {
  // Blank forms too: the front's redactor keeps them, though the leak checks skip them.
  const forms = values.flatMap((v) => formsOf(v, { blank: true }))
  const stale = loaded !== undefined && overlaps(loaded.forms, forms)
  if (!loaded || stale) {
    if (loaded) rmSync(loaded.dir, { recursive: true, force: true })
    jest.resetModules()
    const { run: runAction } = await import('../../src/action/main.js')
    loaded = { runAction, dir: mkdtempSync(join(tmpdir(), 'imp-prop-')), forms: new Set() }
    loads++
  }
  for (const form of forms) loaded.forms.add(form)
  return loaded
}

/**
 * @param values every value this run may mask besides the `secrets` input's own (values already
 *   in the store, say), so that the decision to reload sees them.
 */
export async function runInProcess(
  inputs: Record<string, string>,
  env: Record<string, string>,
  values: readonly string[] = []
): Promise<ActionRun> {
  const { runAction, dir } = await front([...maskedBy(inputs.secrets ?? ''), ...values])
  const files = runnerFiles(inputs, dir)
  const savedEnv = process.env
  const savedOut = process.stdout.write
  const savedErr = process.stderr.write
  let stdout = ''
  let stderr = ''
  const capture =
    (append: (text: string) => void): Write =>
    (chunk: unknown, ...rest: unknown[]) => {
      append(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString())
      const done = rest.find((r) => typeof r === 'function') as (() => void) | undefined
      done?.()
      return true
    }
  let code: number
  try {
    process.env = { ...env, ...files.env }
    process.exitCode = undefined
    process.stdout.write = capture((t) => (stdout += t))
    process.stderr.write = capture((t) => (stderr += t))
    await runAction(process.env)
  } finally {
    process.stdout.write = savedOut
    process.stderr.write = savedErr
    code = Number(process.exitCode ?? 0)
    process.exitCode = undefined
    process.env = savedEnv
  }
  return actionRunOf(code, stdout, stderr, files)
}

/** Removes the runner files of the loaded copy (call from afterAll). */
export function cleanUp(): void {
  if (loaded) rmSync(loaded.dir, { recursive: true, force: true })
  loaded = undefined
}
