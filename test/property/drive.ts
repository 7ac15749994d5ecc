/**
 * Runs the action front (src/action/main.ts) inside the test process, as dist/index.js would run
 * it, but without a process start per case: INPUT_* variables and the runner's GITHUB_OUTPUT and
 * GITHUB_STEP_SUMMARY files in process.env, stdout and stderr captured, the exit code read from
 * process.exitCode. Each run imports a fresh copy of the front (jest.resetModules), so masks
 * registered by one case can never hide a leak in the next. Returns the same ActionRun shape as
 * the bundle harness (test/e2e/harness.ts), so the same leak checks apply to both.
 */
import { jest } from '@jest/globals'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseOutputFile, type ActionRun } from '../e2e/harness.js'

type Write = typeof process.stdout.write

export async function runInProcess(
  inputs: Record<string, string>,
  env: Record<string, string>
): Promise<ActionRun> {
  const dir = mkdtempSync(join(tmpdir(), 'imp-prop-'))
  const outputPath = join(dir, 'output')
  const summaryPath = join(dir, 'summary')
  writeFileSync(outputPath, '')
  writeFileSync(summaryPath, '')
  const inputEnv = Object.fromEntries(
    Object.entries(inputs).map(([k, v]) => [`INPUT_${k.replace(/ /g, '_').toUpperCase()}`, v])
  )
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
  jest.resetModules()
  const { runAction } = await import('../../src/action/main.js')
  try {
    process.env = {
      ...env,
      ...inputEnv,
      GITHUB_OUTPUT: outputPath,
      GITHUB_STEP_SUMMARY: summaryPath
    }
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
  const outputFile = readFileSync(outputPath, 'utf8')
  const summary = readFileSync(summaryPath, 'utf8')
  rmSync(dir, { recursive: true, force: true })
  const lines = stdout.split('\n')
  const visibleStdout = lines.filter((l) => !l.startsWith('::add-mask::')).join('\n')
  return {
    code,
    stdout,
    stderr,
    summary,
    outputs: parseOutputFile(outputFile),
    outputFile,
    visible: [visibleStdout, stderr, summary, outputFile].join('\n'),
    errors: lines.filter((l) => l.startsWith('::error')),
    warnings: lines.filter((l) => l.startsWith('::warning'))
  }
}
