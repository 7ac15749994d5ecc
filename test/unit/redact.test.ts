/**
 * The redactor, the last line of defence behind masking: the order it replaces values in, and the
 * length from which it replaces them (Redactor.MIN). The action and CLI runs on both sides of
 * these are in test/e2e/safety-edges.test.ts.
 */
import { describe, expect, test } from '@jest/globals'
import { Redactor } from '../../src/engine/report/redact.js'

const redactorOf = (...values: string[]) => {
  const r = new Redactor()
  for (const v of values) r.add(v)
  return r
}

describe('a value inside a longer one', () => {
  const short = 'sk_test_CANARY01'
  const long = `${short}XYZtailCANARY02`

  test.each([
    ['the shorter added first', [short, long]],
    ['the longer added first', [long, short]]
  ])('the longer is replaced whole, %s', (_order, values) => {
    const r = redactorOf(...values)
    expect(r.redact(`key=${long};`)).toBe('key=***;')
    expect(r.redact(`a ${short} b ${long} c`)).toBe('a *** b *** c')
  })

  test('several nested values: each text is left with no piece of any', () => {
    const values = ['CANARY-a1b2', 'CANARY-a1b2-c3d4', 'CANARY-a1b2-c3d4-e5f6']
    const r = redactorOf(...values)
    for (const v of values) expect(r.redact(`[${v}]`)).toBe('[***]')
  })
})

describe('Redactor.MIN', () => {
  test('a value of 8 characters is redacted, in each of its forms', () => {
    const r = redactorOf('p4ss"w0r')
    expect(r.redact('said p4ss"w0r')).toBe('said ***')
    expect(r.redact('{"k":"p4ss\\"w0r"}')).toBe('{"k":"***"}')
  })

  test('a value of 7 characters is not: ordinary text stays readable', () => {
    const r = redactorOf('clubapp', 'eu-west')
    expect(r.redact('sync dev (clubapp/*, eu-west-3)')).toBe('sync dev (clubapp/*, eu-west-3)')
  })

  test('a trimmed form shorter than 8 is not redacted, the 8-character whole is', () => {
    const r = redactorOf(' abcdefg')
    expect(r.redact('x abcdefg y')).toBe('x*** y')
    expect(r.redact('abcdefg')).toBe('abcdefg')
  })
})
