/**
 * JSON text read for a user: a byte-order mark (Windows editors write one) is accepted, and a
 * syntax error is placed by line and column without quoting the text, which may hold secrets
 * (JSON.parse's own message quotes it).
 */

const AT = / in JSON at position (\d+)/
const END = /^Unexpected end of JSON input/

/** Line and column (from 1) of a character offset. */
export function place(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset)
  const breaks = before.match(/\r\n|\r|\n/g) ?? []
  const lastBreak = Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r'))
  return { line: breaks.length + 1, column: offset - lastBreak }
}

/**
 * JSON.parse's words for what is wrong ("Expected ',' or '}' after property value"), kept only
 * when they are grammar: letters, and the punctuation it expected, in quotes; never a token.
 */
function grammar(message: string): string | undefined {
  const head = /^(.*?) in JSON at position \d+/.exec(message)?.[1]
  if (head === undefined) return END.test(message) ? 'unexpected end of the text' : undefined
  if (/^Unexpected token/.test(head)) return undefined
  return /^[A-Za-z -]+(?:'[^A-Za-z0-9\s'"]'[A-Za-z -]*)*$/.test(head) ? head : undefined
}

/**
 * Where JSON.parse stopped: the offset it gives, else (its "Unexpected token 'x', "…" is not
 * valid JSON" quotes the text and gives no offset) the end of the shortest prefix of the text
 * that already fails for a reason other than ending too soon.
 */
function stoppedAt(text: string, message: string): number {
  const at = AT.exec(message)
  if (at) return Number(at[1])
  if (END.test(message)) return text.length
  const failsWithin = (length: number): boolean => {
    try {
      JSON.parse(text.slice(0, length))
      return false
    } catch (e) {
      const m = e instanceof Error ? e.message : ''
      const position = AT.exec(m)
      return position ? Number(position[1]) < length : !END.test(m)
    }
  }
  let low = 1
  let high = text.length
  while (low < high) {
    const mid = Math.floor((low + high) / 2)
    if (failsWithin(mid)) high = mid
    else low = mid + 1
  }
  return low - 1
}

export type JsonRead =
  | { ok: true; value: unknown }
  /** `where`: "line 3, column 5: Expected ',' or '}' after property value". */
  | { ok: false; line: number; column: number; where: string }

export function parseJson(text: string): JsonRead {
  const json = text.startsWith('\ufeff') ? text.slice(1) : text
  try {
    return { ok: true, value: JSON.parse(json) }
  } catch (error) {
    const message = error instanceof Error ? error.message : ''
    const { line, column } = place(json, stoppedAt(json, message))
    const what = grammar(message) ?? 'unexpected character'
    return { ok: false, line, column, where: `line ${line}, column ${column}: ${what}` }
  }
}
