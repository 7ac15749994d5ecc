/**
 * What the CLI quotes back of what a user typed (args.ts echo, text.ts looksLikeSecret): a word
 * with a typo, yes; anything that might be a key pasted in the wrong place, never. The CLI bundle
 * runs on the same cases in test/e2e/safety-edges.test.ts.
 */
import { describe, expect, test } from '@jest/globals'
import { echo } from '../../src/engine/model/quote.js'
import { looksLikeSecret } from '../../src/engine/model/quote.js'

const HIDDEN = '(not shown: it could be a secret)'

describe('looksLikeSecret', () => {
  test.each([
    'sk_test_abc123',
    'sk_live_abc123',
    'rk_test_abc123',
    'rk_live_abc123',
    'pk_live_abc123',
    'whsec_abc123',
    'stripe/sk_test_abc'
  ])('%s: yes', (text) => expect(looksLikeSecret(text)).toBe(true))

  test.each([
    'deploy',
    'stripe/api_key',
    'slack/devops_webhook',
    'test_live',
    'my_whsec_x',
    'live'
  ])('%s: no', (text) => expect(looksLikeSecret(text)).toBe(false))
})

describe('echo', () => {
  test.each([
    ['deplyo', '"deplyo"'],
    ['staging', '"staging"'],
    ['a', '"a"'],
    ['deploy-everything-na', '"deploy-everything-na"'], // 20 characters: the longest quoted
    ['v1.2_rc-3', '"v1.2_rc-3"']
  ])('%s is quoted', (text, said) => expect(echo(text)).toBe(said))

  test.each([
    ['a Stripe test key', 'sk_test_abc123'],
    ['a live restricted key', 'rk_live_abc123'],
    ['a webhook secret', 'whsec_abc123'],
    ['21 characters', 'deploy-everything-now'],
    ['a word starting with a digit', '1password'],
    ['a space', 'two words'],
    ['a slash', 'a/b'],
    ['an empty text', ''],
    ['a line break', 'deploy\nx'],
    ['a terminal escape', 'deploy\u001b[2J']
  ])('%s is not', (_what, text) => expect(echo(text)).toBe(HIDDEN))
})
