/** The retry and time-out inputs: defaults, accepted forms, and the error for anything else. */
import { afterEach, describe, expect, test } from '@jest/globals'
import { readInputs } from '../../src/action/inputs.js'
import { STORE_DEFAULTS } from '../../src/store/aws.js'

const NAMES = [
  'INPUT_ENVIRONMENT',
  'INPUT_MAX-ATTEMPTS',
  'INPUT_CONNECT-TIMEOUT',
  'INPUT_REQUEST-TIMEOUT'
]
function read(inputs: Record<string, string>) {
  process.env.INPUT_ENVIRONMENT = 'dev'
  for (const [name, value] of Object.entries(inputs))
    process.env[`INPUT_${name.toUpperCase()}`] = value
  return readInputs()
}
afterEach(() => {
  for (const name of NAMES) delete process.env[name]
})

describe('retry and time-out inputs', () => {
  test('unset: the store defaults', () => {
    const { inputs, problems } = read({})
    expect(problems).toEqual([])
    expect(inputs.store).toEqual({
      maxAttempts: STORE_DEFAULTS.maxAttempts,
      connectionTimeoutMs: STORE_DEFAULTS.connectionTimeoutMs,
      requestTimeoutMs: STORE_DEFAULTS.requestTimeoutMs
    })
  })

  test.each([
    [{ 'max-attempts': '1' }, { maxAttempts: 1 }],
    [{ 'max-attempts': '10' }, { maxAttempts: 10 }],
    [{ 'connect-timeout': '10' }, { connectionTimeoutMs: 10_000 }],
    [{ 'connect-timeout': '0.1' }, { connectionTimeoutMs: 100 }],
    [{ 'request-timeout': '2.5' }, { requestTimeoutMs: 2_500 }],
    [{ 'request-timeout': '300' }, { requestTimeoutMs: 300_000 }]
  ])('%j is taken', (given, expected) => {
    const { inputs, problems } = read(given)
    expect(problems).toEqual([])
    expect(inputs.store).toMatchObject(expected)
  })

  test.each([
    ['max-attempts', '0', 'Input "max-attempts" must be a whole number from 1 to 10; got "0".'],
    ['max-attempts', '11', 'Input "max-attempts" must be a whole number from 1 to 10; got "11".'],
    ['max-attempts', '2.5', 'Input "max-attempts" must be a whole number from 1 to 10; got "2.5".'],
    [
      'max-attempts',
      'five',
      'Input "max-attempts" must be a whole number from 1 to 10; got "five".'
    ],
    [
      'connect-timeout',
      '0',
      'Input "connect-timeout" must be a number of seconds from 0.1 to 60; got "0".'
    ],
    [
      'connect-timeout',
      '61',
      'Input "connect-timeout" must be a number of seconds from 0.1 to 60; got "61".'
    ],
    [
      'connect-timeout',
      '5s',
      'Input "connect-timeout" must be a number of seconds from 0.1 to 60; got "5s".'
    ],
    [
      'request-timeout',
      '-1',
      'Input "request-timeout" must be a number of seconds from 0.1 to 300; got "-1".'
    ],
    [
      'request-timeout',
      '1e3',
      'Input "request-timeout" must be a number of seconds from 0.1 to 300; got "1e3".'
    ]
  ])('%s: %j is refused, and the default kept', (name, value, message) => {
    const { inputs, problems } = read({ [name]: value })
    expect(problems).toEqual([{ code: 'retry-input-wrong', message }])
    expect(inputs.store).toEqual({
      maxAttempts: STORE_DEFAULTS.maxAttempts,
      connectionTimeoutMs: STORE_DEFAULTS.connectionTimeoutMs,
      requestTimeoutMs: STORE_DEFAULTS.requestTimeoutMs
    })
  })
})
