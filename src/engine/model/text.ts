/** Small text helpers every rendering shares. */

/** "2026-11-29 22:05 UTC", or "—" when there is no date. */
export const formatWhen = (d?: Date): string =>
  d ? `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC` : '—'

/** "2026-11-29". */
export const formatDay = (d: Date): string => d.toISOString().slice(0, 10)

/**
 * Everything that may end a line somewhere: the runner reads its log with .NET's ReadLine (CR,
 * LF, CR LF); a terminal or a browser also breaks at VT, FF, NEL and the Unicode separators.
 */
const LINE_BREAK = /\r\n|[\n\r\v\f\u0085\u2028\u2029]/

/** A catalogue's names may hold line breaks: each row stays on one line of the log or table. */
export const oneLine = (s: string): string => s.replace(new RegExp(LINE_BREAK, 'g'), ' ')

/**
 * Leading characters the runner skips before it looks for "::" (.NET TrimStart: every Unicode
 * white space, NEL included), and a few invisible ones besides, to be safe.
 */
const LEADING_BLANKS = /^[\s\u0085\u180e\u200b\u2060\ufeff]*/

/**
 * One line made unable to act as a workflow command. The runner runs a line as a command when,
 * past its leading white space, it starts with "::name …::", or when it holds "##[name …]"
 * anywhere (the older form): the first gets a visible "> " in front, the second a space that
 * breaks "##[". Any other line is returned as it is.
 */
export function inert(line: string): string {
  const broken = line.replace(/##\[/g, '## [')
  const start = LEADING_BLANKS.exec(broken)?.[0].length ?? 0
  return broken.startsWith('::', start) ? `> ${broken}` : broken
}

/** A text as the lines to print: split at every line break, each line inert. */
export const printableLines = (text: string): string[] => text.split(LINE_BREAK).map(inert)

/**
 * What a registered secret text is: a `value` (no piece of it may be printed either), or a
 * `container` of values (the whole `secrets` input, a whole document), whose other parts are
 * names and punctuation that messages rightly use ("STRIPE_SECRET_KEY_DEV is missing"): it is
 * redacted only as a whole, and the values in it are registered on their own.
 */
export type MaskKind = 'value' | 'container'

/**
 * Whether a text a user typed might be a secret pasted in the wrong place (a Stripe key, a
 * webhook secret): such a text is never quoted back.
 */
export const looksLikeSecret = (text: string): boolean => /_(live|test)_|^whsec_/.test(text)

export const NOT_SHOWN = '(not shown: it could be a secret)'

const WORD = /^[A-Za-z][A-Za-z0-9._-]{0,19}$/

/**
 * A file path as people name files: a plain word, or parts made of path characters joined by
 * "/" or ".", none longer than a long folder name (a key or a token is one long run).
 */
const isPath = (text: string): boolean =>
  /^[A-Za-z0-9 ._~+@=,/-]{1,200}$/.test(text) &&
  (/[./]/.test(text) || WORD.test(text)) &&
  text.split(/[./]/).every((part) => part.length <= 32)

interface Shape {
  test: (text: string) => boolean
}

/** The shapes of what may be shown back: a word, an AWS region, a file path, an id. */
export const QUOTABLE = {
  word: WORD,
  region: /^[A-Za-z0-9_-]{1,30}$/,
  path: { test: isPath },
  id: /^[A-Za-z0-9._-]{1,64}$/
} as const satisfies Record<string, Shape>

/**
 * What a user gave, shown back only when it has the expected shape and does not look like a
 * secret (a mistyped command, environment, region or path); anything else, pasted in the wrong
 * place or holding a line break, is never shown.
 */
export const shown = (text: string, shape: Shape = WORD): string =>
  shape.test(text) && !looksLikeSecret(text) ? text : NOT_SHOWN

/** The same, in quotes when shown. */
export const echo = (text: string, shape: Shape = WORD): string => {
  const safe = shown(text, shape)
  return safe === NOT_SHOWN ? safe : `"${safe}"`
}

/** The edit distance (insertions, deletions, substitutions, swaps of neighbours) of two texts. */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0))
  )
  const at = (i: number, j: number) => d[i]?.[j] ?? 0
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, at(i - 2, j - 2) + 1)
      const row = d[i]
      if (row) row[j] = best
    }
  }
  return at(a.length, b.length)
}

/**
 * The candidate closest to `word` (case aside), when it is near enough to be a typo of it: at
 * most 2 edits, and fewer than a third of the word's length; undefined when none is, or two are.
 */
export function nearest(word: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.min(2, Math.ceil(word.length / 3) - 1)
  let best: string | undefined
  let bestDistance = Infinity
  let tie = false
  for (const candidate of candidates) {
    const d = distance(word.toLowerCase(), candidate.toLowerCase())
    if (d > limit || d > bestDistance) continue
    tie = d === bestDistance && candidate !== best
    if (d < bestDistance) {
      best = candidate
      bestDistance = d
    }
  }
  return tie ? undefined : best
}

/**
 * Where AWS_ENDPOINT_URL sends every call, as "http://host:port" (no user, password or path),
 * for messages; undefined when it is not set or not a URL.
 */
export function endpointOverride(env: NodeJS.ProcessEnv): string | undefined {
  const text = env.AWS_ENDPOINT_URL
  if (!text) return undefined
  try {
    const url = new URL(text)
    return `${url.protocol}//${url.host}`
  } catch {
    return 'AWS_ENDPOINT_URL (not a URL)'
  }
}
