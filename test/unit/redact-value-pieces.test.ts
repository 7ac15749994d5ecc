/**
 * An AWS error may quote a piece of a value (a cut-short document): no run of 12 or
 * more of a value's characters may be printed, whatever it is cut from. The whole-value rule and
 * its 8-character minimum stay as they were.
 */
import { describe, expect, test } from '@jest/globals'
import fc from 'fast-check'
import { Redactor } from '../../src/engine/report/redact.js'

const VALUE = 'sk_live_51Habcdefghijklmnopqrstuv'

const redactorOf = (...values: string[]) => {
  const r = new Redactor()
  for (const v of values) r.add(v)
  return r
}

describe('pieces of a value', () => {
  test('every piece of 12 characters or more is redacted, wherever it is cut', () => {
    const r = redactorOf(VALUE)
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: VALUE.length - 12 }),
        fc.integer({ min: 12, max: VALUE.length }),
        fc.string({ maxLength: 20 }),
        fc.string({ maxLength: 20 }),
        (from, length, before, after) => {
          const piece = VALUE.slice(from, from + length)
          if (piece.length < 12) return
          const out = r.redact(`${before}AWS said: near '${piece}'.${after}`)
          for (let i = 0; i + 12 <= out.length; i++)
            expect(VALUE.includes(out.slice(i, i + 12))).toBe(false)
        }
      )
    )
  })

  test('the text around a piece is kept; 11 characters are not a piece', () => {
    const r = redactorOf(VALUE)
    expect(r.redact(`near '${VALUE.slice(5, 25)}' here`)).toBe("near '***' here")
    expect(r.redact(`near '${VALUE.slice(5, 16)}' here`)).toBe(`near '${VALUE.slice(5, 16)}' here`)
  })

  test('two pieces far apart are each redacted, the text between them kept', () => {
    const r = redactorOf(VALUE)
    const text = `a ${VALUE.slice(0, 14)} middle ${VALUE.slice(-13)} z`
    expect(r.redact(text)).toBe('a *** middle *** z')
  })

  test('a piece of a JSON-escaped form is found too', () => {
    const r = redactorOf('line one "quoted"\nline two tail')
    expect(r.redact('x \\"quoted\\"\\nline two y')).not.toContain('quoted\\"\\nline')
  })

  test('a run of blanks in a value is no piece: table padding survives', () => {
    const r = redactorOf(`a${' '.repeat(20)}b`)
    expect(r.redact(`name${' '.repeat(14)}created`)).toBe(`name${' '.repeat(14)}created`)
  })
})

describe('containers are redacted whole, not cut up', () => {
  test('the names in a `secrets` input or a document stay printable', () => {
    const r = new Redactor()
    r.add('{\n  "STRIPE_SECRET_KEY_DEV": "sk_test_abcdefghijklmnop"\n}', 'container')
    r.add('{"webhook_secret":"whsec_abcdefghijklmnop"}', 'container')
    expect(r.redact('STRIPE_SECRET_KEY_DEV is missing; field webhook_secret')).toBe(
      'STRIPE_SECRET_KEY_DEV is missing; field webhook_secret'
    )
    expect(r.redact('{"webhook_secret":"whsec_abcdefghijklmnop"}')).toBe('***')
  })
})

describe('the whole-value rule is unchanged', () => {
  test('values of 8 to 11 characters are redacted whole, shorter ones not at all', () => {
    const r = redactorOf('abcdefgh', 'short')
    expect(r.redact('x abcdefgh y short z')).toBe('x *** y short z')
    expect(Redactor.MIN).toBe(8)
    expect(Redactor.FRAGMENT).toBe(12)
  })

  test('a longer value containing a shorter one is replaced whole first', () => {
    const r = redactorOf('abcdefgh', 'abcdefgh-and-a-tail-of-it')
    expect(r.redact('[abcdefgh-and-a-tail-of-it]')).toBe('[***]')
  })
})
