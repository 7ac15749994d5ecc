/**
 * docs/troubleshooting.md and the code that links to it: every anchor the code links to is a
 * heading of the page, and the pattern that picks it matches the message quoted under that very
 * heading (and no earlier pattern does).
 */
import { describe, expect, test } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { HELP, helpAnchor, TROUBLESHOOTING } from '../../src/engine/report/help.js'

const page = readFileSync(join(import.meta.dirname, '../..', TROUBLESHOOTING), 'utf8')

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
export const slug = (heading: string): string =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-')

/** Each ### heading's anchor → the message quoted under it (code spans, backticks dropped). */
const quotedUnder = new Map<string, string[]>()
{
  let anchor: string | undefined
  for (const line of page.split('\n')) {
    if (line.startsWith('### ')) anchor = slug(line.slice(4))
    else if (anchor && line.startsWith('> ')) {
      const spans = [...line.matchAll(/``(.+?)``|`([^`]+)`/g)].map((m) => m[1] ?? m[2] ?? '')
      quotedUnder.set(anchor, spans)
    }
  }
}

describe(TROUBLESHOOTING, () => {
  test('has a heading and a quoted message for each message', () => {
    expect(quotedUnder.size).toBeGreaterThan(50)
    expect([...quotedUnder.values()].every((spans) => spans.length > 0)).toBe(true)
  })

  test('headings are unique', () => {
    const headings = page.split('\n').filter((l) => l.startsWith('### '))
    expect(new Set(headings.map((h) => slug(h.slice(4)))).size).toBe(headings.length)
  })

  test.each(HELP.map(([anchor]) => anchor))('links to #%s, a heading of the page', (anchor) => {
    expect([...quotedUnder.keys()]).toContain(anchor)
  })

  test.each(HELP.map(([anchor]) => anchor))(
    'the message quoted under #%s is linked to that heading',
    (anchor) => {
      const spans = quotedUnder.get(anchor) ?? []
      expect(spans.map((message) => helpAnchor({ message }))).toContain(anchor)
    }
  )

  test('a message of no heading gets no link', () => {
    expect(helpAnchor({ message: 'Something nobody wrote down.' })).toBeUndefined()
  })
})
