/**
 * Every staleness message has its heading in docs/troubleshooting.md: each anchor of
 * STALENESS_HELP is a heading, the message quoted under it is picked by its own pattern, and the
 * sentences the code actually says are picked too.
 */
import { describe, expect, test } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { STALENESS_HELP } from '../../src/engine/staleness/help.js'
import * as say from '../../src/engine/staleness/messages.js'

const page = readFileSync(join(import.meta.dirname, '../../docs/troubleshooting.md'), 'utf8')

/** GitHub's anchor for a heading (as test/unit/troubleshooting.test.ts computes it). */
const slug = (heading: string): string =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-')

const quoted = new Map<string, string[]>()
{
  let anchor: string | undefined
  for (const line of page.split('\n')) {
    if (line.startsWith('### ')) anchor = slug(line.slice(4))
    else if (anchor && line.startsWith('> ')) {
      quoted.set(
        anchor,
        [...line.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? '')
      )
    }
  }
}

const anchorOf = (message: string): string | undefined =>
  STALENESS_HELP.find(([, says]) => says.test(message))?.[0]

describe('the staleness messages in docs/troubleshooting.md', () => {
  test.each(STALENESS_HELP.map(([anchor]) => anchor))('#%s quotes a message it picks', (anchor) => {
    expect((quoted.get(anchor) ?? []).map(anchorOf)).toContain(anchor)
  })

  test('each sentence the code says has a heading', () => {
    const when = new Date('2026-03-01T10:00:00Z')
    const reasons = [
      'no-token',
      'no-repository',
      'bad-token',
      'no-permission',
      'not-found',
      'insecure-url',
      'rate-limited',
      'server-error',
      'timeout',
      'network',
      'unexpected-answer'
    ] as const
    const sentences = [
      `STRIPE_SECRET_KEY_PROD ${say.editedAfterWrite(when, when, 'Deploy secrets (prod)')}`,
      `STRIPE_SECRET_KEY_PROD ${say.olderThanPolicy(91, when, 90, 'Deploy secrets (prod)')}`,
      `SLACK_WEBHOOK_ADMIN ${say.notOnGitHub('prod')}`,
      say.notInCatalogue('OLD_KEY'),
      ...reasons.map(say.skipped)
    ]
    expect(sentences.filter((s) => anchorOf(s) === undefined)).toEqual([])
  })
})
