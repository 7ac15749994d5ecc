/**
 * The members of a JSON object's top level, found without parsing what they hold: each key as a
 * JSON reader decodes it ("\u0061pi_key" is "api_key"), and where its value's text starts and
 * ends. One pass, no recursion: another tool's field nested 20,000 levels deep is skipped by
 * counting brackets, so no document JSON.parse reads can overflow the stack here.
 */

export interface Member {
  /** The key, decoded. */
  key: string
  /** Where the key's opening quote is. */
  keyStart: number
  /** The value's text is text.slice(start, end). */
  start: number
  end: number
}

export interface Members {
  members: Member[]
  /** Where the object's text opens ("{"): a member is added after it when there is none. */
  open: number
}

const BLANK = /[ \t\n\r]/

/** The end (past the closing quote) of the string literal whose opening quote is at `at`. */
function stringEnd(text: string, at: number): number {
  let i = at + 1
  while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1
  return i + 1
}

/** The end of the value starting at `at`: a string, a nested object or array, or a scalar. */
function valueEnd(text: string, at: number): number {
  const first = text[at]
  if (first === '"') return stringEnd(text, at)
  if (first !== '{' && first !== '[') {
    let i = at
    while (i < text.length && !/[\s,}\]]/.test(text[i] ?? '')) i++
    return i
  }
  let depth = 0
  let i = at
  do {
    const c = text[i]
    if (c === '"') {
      i = stringEnd(text, i)
      continue
    }
    if (c === '{' || c === '[') depth++
    else if (c === '}' || c === ']') depth--
    i++
  } while (depth > 0 && i < text.length)
  return i
}

/**
 * The top-level members of `text`, which must be a JSON object that JSON.parse reads; undefined
 * for anything else (the caller has parsed it already, so that is never expected).
 */
export function topMembers(text: string): Members | undefined {
  let i = 0
  const skip = () => {
    while (i < text.length && BLANK.test(text[i] ?? '')) i++
  }
  skip()
  if (text[i] !== '{') return undefined
  const open = i
  i++
  const members: Member[] = []
  for (;;) {
    skip()
    if (text[i] === '}') return { members, open }
    if (text[i] !== '"') return undefined
    const keyStart = i
    const keyEnd = stringEnd(text, i)
    const key: unknown = JSON.parse(text.slice(i, keyEnd))
    i = keyEnd
    skip()
    if (text[i] !== ':' || typeof key !== 'string') return undefined
    i++
    skip()
    const start = i
    i = valueEnd(text, start)
    members.push({ key, keyStart, start, end: i })
    skip()
    if (text[i] === ',') i++
    else if (text[i] !== '}') return undefined
  }
}
