/**
 * docs/troubleshooting.md as the tests read it: each ### heading's anchor and the messages
 * quoted under it, and whether a message is one a heading quotes.
 */
import { expect } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { CODES, type ProblemCode } from '../../src/engine/model/codes.js'
import { TROUBLESHOOTING } from '../../src/engine/report/help.js'

export const page = readFileSync(join(import.meta.dirname, '../..', TROUBLESHOOTING), 'utf8')

/** GitHub's anchor for a heading: backticks and punctuation dropped, lower case, hyphens. */
export const slug = (heading: string): string =>
  heading
    .trim()
    .replace(/`/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-')

/** Each ### heading's anchor → the code spans quoted under it (its messages). */
export const quotedUnder = new Map<string, string[]>()
{
  let anchor: string | undefined
  for (const line of page.split('\n')) {
    if (line.startsWith('### ')) {
      anchor = slug(line.slice(4))
      quotedUnder.set(anchor, [])
    } else if (anchor && line.startsWith('> ')) {
      const spans = [...line.matchAll(/``(.+?)``|`([^`]+)`/g)].map((m) => m[1] ?? m[2] ?? '')
      quotedUnder.set(anchor, spans)
    }
  }
}

/** What the code fills in (names, numbers, quoted values, a parenthesis): a quote is cut there. */
const FILLED = /…|<[^>]+>|"[^"]*"|\d+|\b[A-Z][A-Z0-9_]{5,}\b|\(|\)/

/** Whether `message` is one the heading quotes: every fixed piece of one of its quotes is in it. */
export function quotes(anchor: string, message: string): boolean {
  return (quotedUnder.get(anchor) ?? []).some((span) =>
    span
      .split(FILLED)
      .map((piece) => piece.trim())
      .filter((piece) => piece.length >= 8)
      .every((piece) => message.includes(piece))
  )
}

/** Checks that `code` is a code and that its heading quotes `message`. */
export function expectQuotedUnderItsHeading(code: ProblemCode, message: string): void {
  expect(Object.keys(CODES)).toContain(code)
  expect(quotes(CODES[code].anchor, message.replace(/\n/g, ' '))).toBe(true)
}
