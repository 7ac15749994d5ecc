/**
 * Resolve and validate: from the raw source values (GitHub secrets or secrets.json) to the
 * desired content of each selected target. Every problem is collected, none stops the scan, and
 * no message ever quotes a value.
 */
import type { SelectedEntry } from '../catalogue/catalogue.js'
import { ruleFor, type RuleSpec } from '../catalogue/rules.js'
import { documentOf, MAX_SECRET_BYTES } from '../model/document.js'
import type { Problem, ProblemCode } from '../model/problem.js'
import { looksLikeSecret } from '../model/quote.js'
import { nearest } from '../model/typo.js'
import { isExampleValue } from './example-values.js'
import { kindOf } from './sources.js'

export interface Desired {
  target: string
  field: string
  value: string
  /** The source's name as shown to the user. */
  sourceKey: string
  description?: string
  /** The entry's rule in this environment: an existing secret is adopted only if it passes. */
  rule: RuleSpec
}

export interface Resolution {
  desired: Desired[]
  problems: Problem[]
  warnings: Problem[]
}

interface Lookup {
  /** The key as written in the sources, when found. */
  key?: string
  value?: unknown
  /** Two keys differing only by case, holding different values. */
  ambiguous?: string[]
}

function lookup(sources: Record<string, unknown>, sourceKey: string): Lookup {
  const wanted = sourceKey.toLowerCase()
  const hits = Object.keys(sources).filter(
    (k) => k.toLowerCase() === wanted && sources[k] !== undefined
  )
  if (hits.length === 0) return {}
  const same = (v: unknown) => (typeof v === 'string' ? v.trim() : JSON.stringify(v))
  const distinct = new Set(hits.map((k) => same(sources[k])))
  if (distinct.size > 1) return { ambiguous: hits }
  const key = hits[0] as string
  return { key, value: sources[key] }
}

/** How a source key is named to the user, and what to say of a missing one. */
interface Naming {
  display: (sourceKey: string) => string
  missing: (sourceKey: string) => string
}

interface Resolved {
  desired?: Desired
  problems: Problem[]
  warning?: Problem
}

/**
 * One entry: its value found, trimmed and checked against its rule, Secrets Manager's size limit
 * and the other environments' values. A value the same as another environment's is still
 * desired (and reported): the run stops on the problem anyway.
 */
function resolveEntry(
  entry: SelectedEntry,
  sources: Record<string, unknown>,
  { display, missing }: Naming
): Resolved {
  const about = { source: display(entry.sourceKey), target: entry.target }
  const problem = (code: ProblemCode, message: string) => ({
    problems: [{ ...about, code, message }]
  })
  const found = lookup(sources, entry.sourceKey)
  if (found.ambiguous)
    return problem(
      'source-given-twice',
      `is given ${found.ambiguous.length} times with different values (${found.ambiguous.join(', ')}); keep one.`
    )
  if (found.key === undefined) return problem('source-missing', missing(entry.sourceKey))
  if (typeof found.value !== 'string')
    return problem('not-a-string', `must be a string, but it is ${kindOf(found.value)}.`)
  const value = found.value.trim()
  if (value === '') return problem('source-missing', 'is empty; set its value.')
  const warning =
    value !== found.value
      ? { warning: { ...about, code: 'whitespace-trimmed' as const, message: TRIMMED } }
      : {}
  if (isExampleValue(value)) return { ...problem('example-value', EXAMPLE_VALUE), ...warning }
  const ruleProblem = ruleFor(entry.rule).check(value)
  if (ruleProblem) return { ...problem(ruleProblem.code, ruleProblem.message), ...warning }
  const bytes = Buffer.byteLength(documentOf(entry.field, value), 'utf8')
  if (bytes > MAX_SECRET_BYTES)
    return {
      ...problem(
        'value-too-large',
        `is too large: stored as JSON it takes ${bytes} bytes, and Secrets Manager holds at most ${MAX_SECRET_BYTES}.`
      ),
      ...warning
    }
  const same = entry.mustDifferFrom.filter((other) => {
    const theirs = lookup(sources, other.sourceKey)
    return typeof theirs.value === 'string' && theirs.value.trim() === value
  })
  return {
    problems: same.map((other) => ({
      ...about,
      code: 'same-value' as const,
      message: `holds the same value as ${display(other.sourceKey)} (${other.environment}); each environment needs its own.`
    })),
    ...warning,
    desired: {
      target: entry.target,
      field: entry.field,
      value,
      sourceKey: display(entry.sourceKey),
      ...(entry.description ? { description: entry.description } : {}),
      rule: entry.rule
    }
  }
}

const EXAMPLE_VALUE =
  'holds the placeholder value of secrets.json.example, not a real one; put the real value in.'

const TRIMMED =
  'has whitespace or a line break around its value; it was trimmed. Re-paste it without them to silence this warning.'

/** What a missing source is told: a given key the catalogue does not expect may be it, misspelt. */
function missingOf(
  entries: readonly SelectedEntry[],
  sources: Record<string, unknown>,
  display: (sourceKey: string) => string
): (sourceKey: string) => string {
  const expected = new Set(
    entries
      .flatMap((e) => [
        e.sourceKey,
        ...(e.otherSourceKeys ?? []),
        ...e.mustDifferFrom.map((m) => m.sourceKey)
      ])
      .map((k) => k.toLowerCase())
  )
  const strays = Object.keys(sources).filter(
    (k) =>
      !expected.has(k.toLowerCase()) && /^[A-Za-z0-9_.-]{1,128}$/.test(k) && !looksLikeSecret(k)
  )
  return (sourceKey) => {
    const stray = nearest(sourceKey, strays)
    return stray === undefined
      ? 'is missing; add it.'
      : `is missing; add it. ${display(stray)} is given but the catalogue expects no such key: if it is this one misspelt, rename it.`
  }
}

/**
 * @param display how a source key is named to the user: GitHub upper-cases secret names, a
 *   secrets.json keeps them as written.
 */
export function resolve(
  entries: readonly SelectedEntry[],
  sources: Record<string, unknown>,
  display: (sourceKey: string) => string = (key) => key
): Resolution {
  const naming = { display, missing: missingOf(entries, sources, display) }
  const resolved = entries.map((entry) => resolveEntry(entry, sources, naming))
  return {
    desired: resolved.flatMap((r) => (r.desired ? [r.desired] : [])),
    problems: resolved.flatMap((r) => r.problems),
    warnings: resolved.flatMap((r) => (r.warning ? [r.warning] : []))
  }
}
