/**
 * The raw sources: the `secrets` input (`${{ toJSON(secrets) }}`) or a secrets.json file, read
 * and masked before anything else is printed. Errors never echo the text, not even JSON.parse's
 * message, which quotes part of it: a syntax error is placed by line and column only.
 */
import { parseJson } from '../model/json.js'
import type { MaskKind } from '../model/mask.js'

export class SourcesError extends Error {
  /** Its code (../model/codes.ts): the sources are unusable as a whole. */
  readonly code = 'secrets-input-unusable'
  constructor(message: string) {
    super(message)
    this.name = 'SourcesError'
  }
}

/** How deep values may nest: `toJSON(secrets)` and secrets.json are one level (name → text). */
export const MAX_DEPTH = 32

/** Describes a JSON value's type without showing it. */
export function kindOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'object') return 'an object'
  return `a ${typeof value}`
}

/** Fails when values nest deeper than MAX_DEPTH; iterative, so no depth can overflow the stack. */
function checkDepth(root: unknown, what: string): void {
  const stack: [unknown, number][] = [[root, 0]]
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [value, depth] = item
    if (typeof value !== 'object' || value === null) continue
    if (depth >= MAX_DEPTH) {
      throw new SourcesError(
        `${what} nests values more than ${MAX_DEPTH} levels deep; it must be an object of name → text ` +
          '(its content is not shown, as it may hold secrets).'
      )
    }
    for (const child of Object.values(value)) stack.push([child, depth + 1])
  }
}

/** Parses the sources' text into an object of name → value; throws SourcesError otherwise. */
export function parseSources(text: string, what = 'The `secrets` input'): Record<string, unknown> {
  if (text.replace(/^\ufeff/, '').trim() === '') throw new SourcesError(`${what} is empty.`)
  const read = parseJson(text)
  if (!read.ok) {
    throw new SourcesError(
      `${what} is not valid JSON: ${read.where} (its content is not shown, as it may hold secrets).`
    )
  }
  const parsed = read.value
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new SourcesError(
      `${what} must be a JSON object of name → value, but it is ${kindOf(parsed)}.`
    )
  }
  checkDepth(parsed, what)
  return parsed as Record<string, unknown>
}

/** Every string value of the sources (numbers and booleans as text), for masking; iterative. */
export function sourceStrings(sources: Record<string, unknown>): string[] {
  const out: string[] = []
  const stack: unknown[] = [sources]
  for (let v = stack.pop(); stack.length > 0 || v !== undefined; v = stack.pop()) {
    if (typeof v === 'string') out.push(v)
    else if (typeof v === 'number' || typeof v === 'boolean') out.push(String(v))
    else if (v && typeof v === 'object') {
      const children = Object.values(v)
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i])
    }
  }
  return out
}

/**
 * Masks, then parses: the whole text first (it may not parse), then every value in it. Both
 * fronts read their sources through here, before they print anything.
 */
export function readSources(
  text: string,
  mask: (value: string, kind?: MaskKind) => void,
  what?: string
): Record<string, unknown> {
  if (text) mask(text, 'container')
  const sources = parseSources(text, what)
  for (const value of sourceStrings(sources)) mask(value)
  return sources
}
