/**
 * The byte-exact editor of a secret's document: our field found as JSON readers decode its key,
 * counted (a document holding it twice is never edited), and another tool's field nested as deep
 * as JSON.parse reads skipped without recursion.
 */
import { describe, expect, test } from '@jest/globals'
import { copiesOf, withField } from '../../src/engine/model/document.js'

/** A field of another tool nested `levels` deep, as valid JSON. */
const nested = (levels: number, open = '[', close = ']') =>
  `${open.repeat(levels)}1${close.repeat(levels)}`

describe('the document editor', () => {
  test.each([
    ['{"api_key":"a","api_key":"b"}', 2],
    ['{"api_key":"a","\\u0061pi_key":"b"}', 2],
    ['{"api\\u005fkey":"a", "other": {"api_key": "c"}}', 1],
    ['{"other":"\\"api_key\\":", "x": ["api_key"]}', 0]
  ])('counts our field in %s as %i', (doc, count) => {
    expect(copiesOf(doc, 'api_key')).toBe(count)
  })

  test('never edits a document holding our field twice, however spelt', () => {
    expect(withField('{"api_key":"a","api_key":"b"}', 'api_key', 'b')).toBeUndefined()
    expect(withField('{"\\u0061pi_key":"a","api_key":"b"}', 'api_key', 'c')).toBeUndefined()
  })

  test('replaces only our value, and adds a missing field after the last member', () => {
    const doc = '{ "n": 1.10 , "api_key" : "old", "t": [true, {"a": "}"}] }'
    expect(withField(doc, 'api_key', 'new')).toBe(
      '{ "n": 1.10 , "api_key" : "new", "t": [true, {"a": "}"}] }'
    )
    expect(withField('{ "kept" : 1.10 }', 'api_key', 'v')).toBe('{ "kept" : 1.10,"api_key": "v" }')
    expect(withField(' {\n}', 'api_key', 'v')).toBe(' {"api_key": "v"\n}')
  })

  test.each([
    ['arrays', '[', ']'],
    ['objects', '{"a":', '}']
  ])('edits beside a field of %s nested 20,000 levels deep', (_what, open, close) => {
    const deep = nested(20_000, open, close)
    const doc = `{"other": ${deep}, "api_key": "old"}`
    expect(JSON.parse(doc)).toBeDefined()
    expect(withField(doc, 'api_key', 'new')).toBe(`{"other": ${deep}, "api_key": "new"}`)
    expect(withField(`{"other": ${deep}}`, 'api_key', 'v')).toBe(
      `{"other": ${deep},"api_key": "v"}`
    )
  })
})
