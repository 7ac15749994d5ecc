/**
 * The raw sources: the `secrets` input (`${{ toJSON(secrets) }}`) or a secrets.json file, read
 * and masked before anything else is printed. Errors never echo the text, not even JSON.parse's
 * message, which quotes part of it.
 */

export class SourcesError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'SourcesError'
  }
}

/** Describes a JSON value's type without showing it. */
export function kindOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'object') return 'an object'
  return `a ${typeof value}`
}

/** Parses the sources' text into an object of name → value; throws SourcesError otherwise. */
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

/**
 * Masks, then parses: the whole text first (it may not parse), then every value in it. Both
 * fronts read their sources through here, before they print anything.
 */
export function readSources(
  text: string,
  mask: (value: string) => void,
  what?: string
): Record<string, unknown> {
  if (text) mask(text)
  const sources = parseSources(text, what)
  for (const value of sourceStrings(sources)) mask(value)
  return sources
}
