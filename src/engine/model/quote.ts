/**
 * What a user typed, quoted back only when it is safe: the one test of "may I show this", for
 * every message of both fronts and the engine.
 */

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

export interface Shape {
  test: (text: string) => boolean
}

/**
 * The shapes of what may be shown back: a word, an AWS region, a file path, an id, a target of
 * the catalogue, an option's name as typed (--dry-run).
 */
export const QUOTABLE = {
  word: WORD,
  region: /^[A-Za-z0-9_-]{1,30}$/,
  path: { test: isPath },
  id: /^[A-Za-z0-9._-]{1,64}$/,
  target: /^[A-Za-z0-9/_.-]{1,64}$/,
  option: /^-{1,2}[A-Za-z][A-Za-z0-9-]{0,30}$/
} as const satisfies Record<string, Shape>

/** May `text` be shown back: it has the expected shape, and does not look like a secret. */
export const quotable = (text: string, shape: Shape = WORD): boolean =>
  shape.test(text) && !looksLikeSecret(text)

/**
 * What a user gave, shown back only when quotable (a mistyped command, environment, region or
 * path); anything else, pasted in the wrong place or holding a line break, is never shown.
 */
export const shown = (text: string, shape: Shape = WORD): string =>
  quotable(text, shape) ? text : NOT_SHOWN

/** The same, in quotes when shown. */
export const echo = (text: string, shape: Shape = WORD): string =>
  quotable(text, shape) ? `"${text}"` : NOT_SHOWN
