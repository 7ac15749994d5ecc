/** A secret's document: a JSON object of which this tool owns one field. */
import { topMembers } from './members.js'

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
 * How many times a document (a JSON object) holds `field` at its top level, its keys read as a
 * JSON reader decodes them: more than once, readers disagree on its value (JSON.parse takes the
 * last copy, others the first, strict ones refuse the document).
 */
export const copiesOf = (text: string, field: string): number =>
  topMembers(text)?.members.filter((m) => m.key === field).length ?? 0

/**
 * The existing document (a JSON object) with our field set to `value`, and every other byte as
 * it was: other tools' numbers (12345678901234567890123, 1.10), escapes, key order and
 * whitespace are not parsed and re-serialised, which would change them. Only the text of our
 * field's value is replaced (or `,"field": value` added after the last member). Undefined when
 * the result would not read back as that value, as when the field is given twice.
 */
export function withField(text: string, field: string, value: string): string | undefined {
  const found = topMembers(text)
  if (!found) return undefined
  const ours = found.members.filter((m) => m.key === field)
  const last = found.members.at(-1)
  const json = JSON.stringify(value)
  const edited =
    ours.length > 1
      ? undefined
      : ours[0]
        ? text.slice(0, ours[0].start) + json + text.slice(ours[0].end)
        : last
          ? `${text.slice(0, last.end)},${JSON.stringify(field)}: ${json}${text.slice(last.end)}`
          : `${text.slice(0, found.open + 1)}${JSON.stringify(field)}: ${json}${text.slice(found.open + 1)}`
  return edited !== undefined && parseObject(edited)?.[field] === value ? edited : undefined
}
