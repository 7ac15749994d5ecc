/**
 * Resolve and validate: from the raw source values (GitHub secrets or secrets.json) to the
 * desired content of each selected target. Every problem is collected, none stops the scan, and
 * no message ever quotes a value.
 */
import type { SelectedEntry } from '../catalogue/catalogue.js'
import { ruleFor } from './rules.js'

/** Secrets Manager's limit on a SecretString, in bytes. */
export const MAX_SECRET_BYTES = 65_536

/** A problem with one source value; `source` names it as the user knows it. */
export interface Problem {
  source?: string
  target?: string
  message: string
  /** For store failures and drift: what kind ("access-denied", "credentials", "drift"…), so fronts can add hints. */
  kind?: string
  /** For store failures: the IAM action that failed, e.g. "secretsmanager:PutSecretValue". */
  action?: string
}

/** The sentence a user reads: the source's name, then what is wrong with it. */
export const problemText = (p: Problem): string =>
  p.source ? `${p.source} ${p.message}` : p.message

export interface Desired {
  target: string
  field: string
  value: string
  /** The source's name as shown to the user. */
  sourceKey: string
  description?: string
}

export interface Resolution {
  desired: Desired[]
  problems: Problem[]
  warnings: Problem[]
}

export class SourcesError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'SourcesError'
  }
}

/** Describes a JSON value's type without showing it. */
function kindOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'object') return 'an object'
  return `a ${typeof value}`
}

/**
 * Parses the `secrets` text (normally `${{ toJSON(secrets) }}`). The error never echoes the input,
 * not even JSON.parse's message, which quotes part of it.
 */
export function parseSources(text: string, what = 'The `secrets` input'): Record<string, unknown> {
  if (text.trim() === '') throw new SourcesError(`${what} is empty.`)
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new SourcesError(
      `${what} is not valid JSON (its content is not shown, as it may hold secrets).`
    )
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new SourcesError(
      `${what} must be a JSON object of name → value, but it is ${kindOf(parsed)}.`
    )
  }
  return parsed as Record<string, unknown>
}

/** Every string value of the sources, for masking before anything else is printed. */
export function sourceStrings(sources: Record<string, unknown>): string[] {
  const out: string[] = []
  const visit = (v: unknown): void => {
    if (typeof v === 'string') out.push(v)
    else if (typeof v === 'number' || typeof v === 'boolean') out.push(String(v))
    else if (Array.isArray(v)) v.forEach(visit)
    else if (v && typeof v === 'object') Object.values(v).forEach(visit)
  }
  visit(sources)
  return out
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

/** The document a target holds when it has only our field: what a create writes. */
export function documentOf(field: string, value: string): string {
  return JSON.stringify({ [field]: value })
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

  for (const entry of entries) {
    const at = { source: display(entry.sourceKey), target: entry.target }
    const found = lookup(sources, entry.sourceKey)
    if (found.ambiguous) {
      problems.push({
        ...at,
        message: `is given ${found.ambiguous.length} times with different values (${found.ambiguous.join(', ')}); keep one.`
      })
      continue
    }
    if (found.key === undefined) {
      problems.push({ ...at, message: 'is missing; add it.' })
      continue
    }
    if (typeof found.value !== 'string') {
      problems.push({ ...at, message: `must be a string, but it is ${kindOf(found.value)}.` })
      continue
    }
    const value = found.value.trim()
    if (value === '') {
      problems.push({ ...at, message: 'is empty; set its value.' })
      continue
    }
    if (value !== found.value) {
      warnings.push({
        ...at,
        message:
          'has whitespace or a line break around its value; it was trimmed. Re-paste it without them to silence this warning.'
      })
    }
    const ruleProblem = ruleFor(entry.rule).check(value)
    if (ruleProblem) {
      problems.push({ ...at, message: ruleProblem })
      continue
    }
    const bytes = Buffer.byteLength(documentOf(entry.field, value), 'utf8')
    if (bytes > MAX_SECRET_BYTES) {
      problems.push({
        ...at,
        message: `is too large: stored as JSON it takes ${bytes} bytes, and Secrets Manager holds at most ${MAX_SECRET_BYTES}.`
      })
      continue
    }
    for (const other of entry.mustDifferFrom) {
      const theirs = lookup(sources, other.sourceKey)
      if (typeof theirs.value === 'string' && theirs.value.trim() === value) {
        problems.push({
          ...at,
          message: `holds the same value as ${display(other.sourceKey)} (${other.environment}); each environment needs its own.`
        })
      }
    }
    desired.push({
      target: entry.target,
      field: entry.field,
      value,
      sourceKey: display(entry.sourceKey),
      ...(entry.description ? { description: entry.description } : {})
    })
  }
  return { desired, problems, warnings }
}
