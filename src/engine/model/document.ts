/** A secret's document: a JSON object of which this tool owns one field. */
import { applyEdits, modify } from 'jsonc-parser'

/** Secrets Manager's limit on a SecretString, in bytes. */
export const MAX_SECRET_BYTES = 65_536

/** The document a target holds when it has only our field: what a create writes. */
export const documentOf = (field: string, value: string): string =>
  JSON.stringify({ [field]: value })

/** A document's fields, when it is a JSON object; undefined for anything else. */
export function parseObject(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined
  try {
    const parsed: unknown = JSON.parse(text)
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}

/**
 * The existing document (a JSON object) with our field set to `value`, and every other byte as
 * it was: other tools' numbers (12345678901234567890123, 1.10), escapes, key order and
 * whitespace are not parsed and re-serialised, which would change them. Only the text of our
 * field's value is replaced (or `, "field": value` added after the last member). Undefined when
 * the result would not read back as that value, as when the field is given twice (a JSON reader
 * takes the last, the edit the first).
 */
export function withField(text: string, field: string, value: string): string | undefined {
  const edited = applyEdits(text, modify(text, [field], value, {}))
  return parseObject(edited)?.[field] === value ? edited : undefined
}
