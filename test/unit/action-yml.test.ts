/** action.yml is the public interface: the code, docs/reference.md and the metadata must agree. */
import { describe, expect, test } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { stoppedReport } from '../../src/engine/model/report.js'
import { outputsOf } from '../../src/engine/report/render.js'

const ROOT = join(import.meta.dirname, '../..')
const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { required?: boolean; default?: string }>
  outputs: Record<string, unknown>
  runs: { using: string; main: string }
}
/** docs/reference.md documents every input and output. */
const reference = readFileSync(join(ROOT, 'docs/reference.md'), 'utf8')
const section = (title: string) => {
  const start = reference.indexOf(`## ${title}`)
  return reference.slice(start, reference.indexOf('\n#', start + 4))
}
const tableNames = (text: string) => [...text.matchAll(/^\| `([a-z-]+)`\s*\|/gm)].map((m) => m[1])

describe('action.yml', () => {
  test('runs the committed bundle on node24', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' })
  })

  test('declares the inputs the code reads, and docs/reference.md documents the same ones', () => {
    // Every file of the action front, wherever an input is read.
    const code = readdirSync(join(ROOT, 'src/action'))
      .filter((f) => f.endsWith('.ts'))
      .map((f) => readFileSync(join(ROOT, 'src/action', f), 'utf8'))
      .join('\n')
    const read = [...code.matchAll(/get(?:Input)?\('([a-z-]+)'/g)].map((m) => m[1]).sort()
    expect(Object.keys(action.inputs).sort()).toEqual([...new Set(read)].sort())
    expect(tableNames(section('Inputs')).sort()).toEqual(Object.keys(action.inputs).sort())
    expect(action.inputs.environment?.required).toBe(true)
    // Every mode but audit needs it: the action says so (test/e2e/action-audit.test.ts).
    expect(action.inputs.secrets?.required).toBe(false)
    expect(action.inputs['github-token']?.default).toBe('${{ github.token }}')
    expect(action.inputs['alert-issue']?.default).toBe('false')
    expect(action.inputs.mode?.default).toBe('sync')
    expect(action.inputs.prefix?.default).toBe('impressionnistes')
  })

  test('declares the outputs the code sets, and docs/reference.md documents the same ones', () => {
    const report = stoppedReport({ mode: 'sync', environment: 'dev', prefix: 'p', region: 'r' }, [])
    const set = Object.keys(outputsOf(report)).sort()
    expect(Object.keys(action.outputs).sort()).toEqual(set)
    expect(tableNames(section('Outputs')).sort()).toEqual(set)
  })

  test('every action word the result output can hold is documented in action.yml and docs/reference.md', () => {
    const words = readFileSync(join(ROOT, 'src/engine/model/report.ts'), 'utf8')
      .match(/export type RowAction =([^/]*?)\n\n/s)?.[1]
      ?.match(/'([a-z]+)'/g)
      ?.map((w) => w.slice(1, -1))
    expect(words).toEqual([
      'created',
      'updated',
      'unchanged',
      'failed',
      'create',
      'update',
      'refused',
      'skipped',
      'flagged'
    ])
    const described = String((action.outputs.result as { description: string }).description)
    const row =
      section('Outputs')
        .split('\n')
        .find((l) => l.startsWith('| `result`')) ?? ''
    for (const word of words ?? []) {
      expect(described).toMatch(new RegExp(`\\b${word}\\b`))
      expect(row).toContain(`\`${word}\``)
    }
  })
})
