/**
 * Resolve and validate: from the raw source values (GitHub secrets or secrets.json) to the
 * desired content of each selected target. Every problem is collected, none stops the scan, and
 * no message ever quotes a value.
 */
import type { SelectedEntry } from '../catalogue/catalogue.js'
import { ruleFor, type RuleSpec } from '../catalogue/rules.js'
import { documentOf, MAX_SECRET_BYTES } from '../model/document.js'
import type { Problem } from '../model/problem.js'
import { looksLikeSecret, nearest } from '../model/text.js'
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

/**
 * @param display how a source key is named to the user: GitHub upper-cases secret names, a
 *   secrets.json keeps them as written.
 */
export function resolve(
  entries: readonly SelectedEntry[],
  sources: Record<string, unknown>,
  display: (sourceKey: string) => string = (key) => key
): Resolution {
  const desired: Desired[] = []
  const problems: Problem[] = []
  const warnings: Problem[] = []
  // Keys given that no entry of the catalogue expects: a misspelt one is named where it was meant.
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
  const missing = (sourceKey: string): string => {
    const stray = nearest(sourceKey, strays)
    return stray === undefined
      ? 'is missing; add it.'
      : `is missing; add it. ${display(stray)} is given but the catalogue expects no such key: if it is this one misspelt, rename it.`
  }

  for (const entry of entries) {
    const about = { source: display(entry.sourceKey), target: entry.target }
    const found = lookup(sources, entry.sourceKey)
    if (found.ambiguous) {
      problems.push({
        ...about,
        message: `is given ${found.ambiguous.length} times with different values (${found.ambiguous.join(', ')}); keep one.`
      })
      continue
    }
    if (found.key === undefined) {
      problems.push({ ...about, message: missing(entry.sourceKey) })
      continue
    }
    if (typeof found.value !== 'string') {
      problems.push({ ...about, message: `must be a string, but it is ${kindOf(found.value)}.` })
      continue
    }
    const value = found.value.trim()
    if (value === '') {
      problems.push({ ...about, message: 'is empty; set its value.' })
      continue
    }
    if (value !== found.value) {
      warnings.push({
        ...about,
        message:
          'has whitespace or a line break around its value; it was trimmed. Re-paste it without them to silence this warning.'
      })
    }
    if (isExampleValue(value)) {
      problems.push({
        ...about,
        message:
          'holds the placeholder value of secrets.json.example, not a real one; put the real value in.'
      })
      continue
    }
    const ruleProblem = ruleFor(entry.rule).check(value)
    if (ruleProblem) {
      problems.push({ ...about, message: ruleProblem })
      continue
    }
    const bytes = Buffer.byteLength(documentOf(entry.field, value), 'utf8')
    if (bytes > MAX_SECRET_BYTES) {
      problems.push({
        ...about,
        message: `is too large: stored as JSON it takes ${bytes} bytes, and Secrets Manager holds at most ${MAX_SECRET_BYTES}.`
      })
      continue
    }
    for (const other of entry.mustDifferFrom) {
      const theirs = lookup(sources, other.sourceKey)
      if (typeof theirs.value === 'string' && theirs.value.trim() === value) {
        problems.push({
          ...about,
          message: `holds the same value as ${display(other.sourceKey)} (${other.environment}); each environment needs its own.`
        })
      }
    }
    desired.push({
      target: entry.target,
      field: entry.field,
      value,
      sourceKey: display(entry.sourceKey),
      ...(entry.description ? { description: entry.description } : {}),
      rule: entry.rule
    })
  }
  return { desired, problems, warnings }
}
