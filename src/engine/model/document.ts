/** A secret's document: a JSON object of which this tool owns one field. */

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
