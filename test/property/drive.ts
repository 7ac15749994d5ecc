/**
 * Runs the action front (src/action/main.ts) inside the test process, as dist/index.js would run
 * it, but without a process start per case: INPUT_* variables and the runner's GITHUB_OUTPUT and
 * GITHUB_STEP_SUMMARY files in process.env, stdout and stderr captured, the exit code read from
 * process.exitCode. Returns the same ActionRun shape as the bundle harness (standin/runner.ts),
 * so the same leak checks apply to both.
 *
 * One copy of the front is loaded per test file and serves every case: each run makes its own
 * writer and redactor (src/action/log.ts createLog), so no mask outlives its run and none can
 * hide a leak in a later case. secrets-input.test.ts proves it ("one loaded front serves every
 * case"); were that to fail, each case would need a fresh copy (jest.resetModules), some 150 ms
 * and more each.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { actionRunOf, runnerFiles, type ActionRun } from '../../standin/runner.js'

type Write = typeof process.stdout.write

interface Loaded {
  runAction: (env: NodeJS.ProcessEnv) => Promise<void>
  /** The runner files of this copy (@actions/core keeps the summary's path once it has it). */
  dir: string
}

let loaded: Loaded | undefined

async function front(): Promise<Loaded> {
  if (!loaded) {
    const { run: runAction } = await import('../../src/action/main.js')
    loaded = { runAction, dir: mkdtempSync(join(tmpdir(), 'imp-prop-')) }
  }
  return loaded
}

export async function runInProcess(
  inputs: Record<string, string>,
  env: Record<string, string>
): Promise<ActionRun> {
  const { runAction, dir } = await front()
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
