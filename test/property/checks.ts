/** Checks shared by the property tests: no value in any channel, no crash, no write. */
import { expect } from '@jest/globals'
import { expectNothingLeaked } from '../e2e/expect-no-leak.js'
import type { ActionRun } from '../../standin/runner.js'
import { CANARY } from '../e2e/fixtures.js'

/** The redactor's promise (src/engine/report/redact.ts): forms of 8 characters or more. */
export const MIN_REDACTED = 8

/**
 * Every form of a value that must not be printed, written here independently of the code under
 * test: as given, trimmed, JSON-escaped (both), and each line of a multi-line value.
 */
export function formsOf(value: string, options: { blank?: boolean } = {}): string[] {
  const escaped = (v: string) => JSON.stringify(v).slice(1, -1)
  const forms = [value, value.trim(), escaped(value), escaped(value.trim())]
  for (const line of value.split(/\r\n|\n|\r/)) forms.push(line.trim(), escaped(line.trim()))
  // A form that is only whitespace is no secret (an "empty" value): padding may hold such runs.
  return [...new Set(forms)].filter(
    (f) => f.length >= MIN_REDACTED && (options.blank === true || f.trim() !== '')
  )
}

/** No form of any value in a channel a user or a later step can see; the canary nowhere. */
export function expectNoValueLeaked(run: ActionRun, values: readonly string[]): void {
  expectNothingLeaked(run, CANARY)
  for (const value of values) {
    for (const form of formsOf(value)) {
      if (run.visible.includes(form)) {
        throw new Error(
          `a value leaked: ${JSON.stringify(form.slice(0, 80))} found in the visible output`
        )
      }
    }
  }
}

/** A clear failure or a success: never an unexpected error, a stack trace or a signal. */
export function expectNoCrash(run: ActionRun): void {
  expect([0, 1]).toContain(run.code)
  expect(run.visible).not.toContain('Unexpected failure')
  expect(run.visible).not.toMatch(/(\n|%0A)\s+at .+:\d+:\d+/)
}

export const WRITE_OPERATIONS = ['CreateSecret', 'PutSecretValue', 'TagResource'] as const

export const writesIn = (calls: Record<string, number>): number =>
  WRITE_OPERATIONS.reduce((n, op) => n + (calls[op] ?? 0), 0)

/** Every string in a parsed JSON value (object values, array items, nested). */
export function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value]
  if (Array.isArray(value)) return value.flatMap(stringsIn)
  if (value && typeof value === 'object') return Object.values(value).flatMap(stringsIn)
  return []
}

/** Reproducible: a fixed seed unless FC_SEED asks for another; fast-check prints seed and path on failure. */
export const SEED = Number(process.env.FC_SEED ?? 20_261_129)

/** A catalogue refused: its error names the file and says `says`; not one call to AWS. */
export function expectCatalogueRefused(
  run: ActionRun,
  calls: Record<string, number>,
  file: string,
  says: string
): void {
  expectNoCrash(run)
  expect(run.code).toBe(1)
  expect(calls).toEqual({})
  const errors = run.errors.join('\n')
  expect(errors).toContain(`The catalogue ${file} is not valid:`)
  if (!errors.includes(says)) throw new Error(`no error says "${says}"; errors:\n${errors}`)
  expect(errors).toContain('Stopped before any write')
}
