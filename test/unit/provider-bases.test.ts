/**
 * Where the probes may point: Stripe's and Slack's own hosts, or, by an environment variable,
 * this machine only. Every trick that names another host is refused, with a fixed sentence that
 * does not quote the variable's value.
 */
import { describe, expect, test } from '@jest/globals'
import { BaseRefused, providerBases, under } from '../../src/providers/bases.js'

const stripeBase = (value: string): string => providerBases({ STRIPE_API_BASE: value }).stripe.href

describe('the provider bases', () => {
  test('are Stripe and Slack themselves when nothing is set (or set empty)', () => {
    expect(providerBases({}).stripe.href).toBe('https://api.stripe.com/')
    expect(providerBases({}).slack.href).toBe('https://hooks.slack.com/')
    expect(providerBases({ STRIPE_API_BASE: '', SLACK_HOOKS_BASE: ' ' }).slack.href).toBe(
      'https://hooks.slack.com/'
    )
  })

  test.each([
    'http://127.0.0.1:8080',
    'http://127.45.6.7',
    'https://localhost:9999/stripe',
    'http://LOCALHOST:1',
    'http://[::1]:4000',
    // Other spellings of a loopback address: the URL class rewrites them to 127.0.0.1.
    'http://2130706433:1',
    'http://0x7f000001:1',
    'http://0x7f.1:1'
  ])('may point at this machine: %s', (value) => {
    expect(() => stripeBase(value)).not.toThrow()
    expect(() => providerBases({ SLACK_HOOKS_BASE: value })).not.toThrow()
  })

  test.each([
    'https://api.stripe.com.evil.example',
    'http://10.0.0.1',
    'http://3232235777', // 192.168.1.1 in decimal
    'http://127.0.0.1@evil.example',
    'http://user:pass@127.0.0.1',
    'http://localhost.evil.example',
    'http://127.0.0.1.evil.example',
    'http://localhost.',
    'http://[::ffff:127.0.0.1]',
    'http://[::ffff:7f00:1]',
    'http://[::]',
    'http://0.0.0.0',
    'ftp://127.0.0.1',
    'file:///etc/passwd',
    'http://127.0.0.1/?to=evil.example',
    'http://127.0.0.1/#x',
    'not a url',
    '//127.0.0.1'
  ])('may not point elsewhere: %s', (value) => {
    for (const variable of ['STRIPE_API_BASE', 'SLACK_HOOKS_BASE'] as const) {
      let error: unknown
      try {
        providerBases({ [variable]: value })
      } catch (e) {
        error = e
      }
      expect(error).toBeInstanceOf(BaseRefused)
      const message = (error as Error).message
      expect(message.startsWith(`${variable} may only point at a loopback address`)).toBe(true)
      expect(message).not.toContain('evil')
      expect(message).not.toContain(value)
    }
  })

  test("a path is appended to the base's own path", () => {
    const base = new URL('http://127.0.0.1:9/prefix/')
    expect(under(base, '/v1/account').href).toBe('http://127.0.0.1:9/prefix/v1/account')
    expect(under(new URL('https://api.stripe.com'), '/v1/account').href).toBe(
      'https://api.stripe.com/v1/account'
    )
  })
})
