/**
 * Where a key sits in a JSON text, by line and column, and which keys an object gives twice
 * (JSON.parse keeps the last silently): what a message about a committed file must point at.
 * Built on the one-pass member scanner (model/members.ts), so no nesting can overflow the stack.
 */
import { place } from '../model/json.js'
import { topMembers, type Member } from '../model/members.js'

export type JsonPath = (string | number)[]

export interface Located {
  /** "line 3, column 16" */
  at: (path: JsonPath) => string
  /** The line of the key at `path` (of its nearest existing parent when it is missing). */
  line: (path: JsonPath) => number
  /** Each key given twice in one object: its path and where its second mention is. */
  duplicates: { path: JsonPath; at: string }[]
}

/** The members of the object whose text starts at `start`, with offsets into the whole text. */
function membersAt(text: string, start: number, end: number): Member[] | undefined {
  const found = topMembers(text.slice(start, end))
  return found?.members.map((m) => ({
    key: m.key,
    keyStart: m.keyStart + start,
    start: m.start + start,
    end: m.end + start
  }))
}

/** The offset of the key at `path`, or of its nearest existing parent (0: the whole text). */
function offsetOf(text: string, path: JsonPath): number {
  let at = 0
  let range = { start: 0, end: text.length }
  for (const step of path) {
    const member =
      typeof step === 'string'
        ? membersAt(text, range.start, range.end)
            ?.filter((m) => m.key === step)
            .at(-1)
        : undefined
    if (!member) break
    at = member.keyStart
    range = { start: member.start, end: member.end }
  }
  return at
}

/** Keys given twice in any object of `text`, breadth first, without recursion. */
function duplicatesOf(text: string): Located['duplicates'] {
  const found: Located['duplicates'] = []
  const queue: { start: number; end: number; path: JsonPath }[] = [
    { start: 0, end: text.length, path: [] }
  ]
  for (let next = queue.shift(); next; next = queue.shift()) {
    const seen = new Set<string>()
    for (const m of membersAt(text, next.start, next.end) ?? []) {
      if (seen.has(m.key)) {
        const { line, column } = place(text, m.keyStart)
        found.push({ path: [...next.path, m.key], at: `line ${line}, column ${column}` })
      }
      seen.add(m.key)
      if (text[m.start] === '{')
        queue.push({ start: m.start, end: m.end, path: [...next.path, m.key] })
    }
  }
  return found
}

/** `text` must already be valid JSON (parseJson said so), without its byte-order mark. */
export function locate(text: string): Located {
  const where = (path: JsonPath) => place(text, offsetOf(text, path))
  return {
    at: (path) => {
      const { line, column } = where(path)
      return `line ${line}, column ${column}`
    },
    line: (path) => where(path).line,
    duplicates: duplicatesOf(text)
  }
}
