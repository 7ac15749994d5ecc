/** The `consumers` lines: parsed, checked, and quoted back only once they passed the check. */
import { describe, expect, test } from '@jest/globals'
import { parseConsumers, unknownConsumerTargets } from '../../src/engine/refresh/consumers.js'
import { toStoreError } from '../../src/store/errors.js'

const parse = (text: string) => parseConsumers(text, 'impressionnistes', 'Input "consumers"')

describe('parseConsumers', () => {
  test('lines of "target: function, function", the prefix optional, comments and blanks skipped', () => {
    const { consumers, problems } = parse(
      [
        '# who reads what',
        'stripe/api_key: registration-payment, registration-refund',
        '',
        '  impressionnistes/stripe/webhook_secret :stripe_webhook  ',
        'stripe/api_key: registration-refund, admin-report'
      ].join('\n')
    )
    expect(problems).toEqual([])
    expect([...consumers]).toEqual([
      ['stripe/api_key', ['registration-payment', 'registration-refund', 'admin-report']],
      ['stripe/webhook_secret', ['stripe_webhook']]
    ])
  })

  test('";" separates lines too (one make variable, one --consumer), CRLF is fine', () => {
    const { consumers, problems } = parse('stripe/api_key: a-fn;slack/admin_webhook: b-fn\r\n')
    expect(problems).toEqual([])
    expect([...consumers.keys()]).toEqual(['stripe/api_key', 'slack/admin_webhook'])
  })

  test('empty input: no consumers, no problem', () => {
    expect(parse('')).toEqual({ consumers: new Map(), problems: [] })
    expect(parse('\n# nothing\n')).toEqual({ consumers: new Map(), problems: [] })
  })

  test('a name of 64 characters is accepted, 65 is not', () => {
    const ok = 'f'.repeat(64)
    expect(parse(`stripe/api_key: ${ok}`).problems).toEqual([])
    const [problem] = parse(`stripe/api_key: ${ok}f`).problems
    expect(problem).toContain('is not a Lambda function name (1 to 64 letters, digits, - or _)')
  })

  test('a line without ":" or without a function, or a bad target, is a problem naming its line', () => {
    const { consumers, problems } = parse(
      'stripe/api_key registration-payment\nstripe/api_key:\n: fn\nstripe/api key: fn\nslack/admin_webhook: ok-fn'
    )
    expect(problems).toEqual([
      'Input "consumers", line 1: write "target: function, function" (e.g. stripe/api_key: my-function).',
      'Input "consumers", line 2: no function after "stripe/api_key".',
      'Input "consumers", line 3: the part before ":" must be a target of the catalogue (e.g. stripe/api_key).',
      'Input "consumers", line 4: the part before ":" must be a target of the catalogue (e.g. stripe/api_key).'
    ])
    expect([...consumers.keys()]).toEqual(['slack/admin_webhook'])
  })

  test('a version or an alias is refused: its configuration is frozen; the bare name is suggested', () => {
    const { consumers, problems } = parse('stripe/api_key: registration-payment:live, other:7')
    expect(consumers.size).toBe(0)
    expect(problems).toHaveLength(2)
    expect(problems[0]).toContain(
      '"registration-payment:live" names a published version or an alias'
    )
    expect(problems[0]).toContain('configuration is frozen')
    expect(problems[0]).toContain('("registration-payment")')
    expect(problems[1]).toContain('"other:7" names a published version')
  })

  test('an ARN is refused with the way out: the name', () => {
    const arn = 'arn:aws:lambda:eu-west-3:123456789012:function:registration-payment'
    const [full] = parse(`stripe/api_key: ${arn}`).problems
    expect(full).toBe(
      `Input "consumers", line 1: "${arn}" is an ARN: give the function's name (after "function:"); it must be in this account and region.`
    )
    const [partial] = parse('stripe/api_key: 123456789012:function:fn').problems
    expect(partial).toContain('is an ARN')
  })

  test('what looks like a secret pasted in the wrong place is never quoted back', () => {
    const key = 'sk_live_CANARY51Habcdefghijklmnop'
    const webhook = 'whsec_CANARYabcdefghijklmnop'
    const slack = 'https://hooks.slack.com/services/T0/B0/CANARYxyz'
    for (const line of [
      `stripe/api_key: ${key}`,
      `stripe/api_key: fn, ${webhook}`,
      `stripe/api_key: ${slack}`,
      `${key}: fn`,
      `stripe/api_key: x:${key}`
    ]) {
      const { problems } = parse(line)
      expect(problems.length).toBeGreaterThan(0)
      expect(problems.join('\n')).not.toContain('CANARY')
    }
  })
})

describe('unknownConsumerTargets', () => {
  test('names each target the catalogue of this environment lacks, and the ones it has', () => {
    const consumers = new Map([
      ['stripe/api_key', ['fn']],
      ['stripe/apikey', ['fn']],
      ['sk_test_CANARYpasted', ['fn']]
    ])
    const problems = unknownConsumerTargets(
      consumers,
      ['stripe/api_key', 'slack/admin_webhook'],
      'dev'
    )
    expect(problems).toEqual([
      'consumers: "stripe/apikey" is not a secret of the catalogue in dev; name one of: stripe/api_key, slack/admin_webhook.',
      'consumers: (not shown: it could be a secret) is not a secret of the catalogue in dev; name one of: stripe/api_key, slack/admin_webhook.'
    ])
  })
})

describe('toStoreError on a Lambda call', () => {
  test("never quotes Lambda's words: its 4 KB answer quotes every variable, values included", () => {
    const error = Object.assign(
      new Error(
        'Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: {"DB_PASSWORD":"CANARYvalue"}'
      ),
      { name: 'InvalidParameterValueException', $metadata: { httpStatusCode: 400 } }
    )
    const stored = toStoreError(error, 'lambda:UpdateFunctionConfiguration', 'registration-payment')
    expect(stored.kind).toBe('invalid')
    expect(stored.message).toBe(
      'lambda:UpdateFunctionConfiguration on registration-payment failed.'
    )
    expect(stored.message).not.toContain('CANARY')
  })

  test('a stale RevisionId and an update in progress are conflicts; a missing function is said so', () => {
    const aws = (name: string, status: number) =>
      Object.assign(new Error('x'), { name, $metadata: { httpStatusCode: status } })
    const action = 'lambda:UpdateFunctionConfiguration'
    expect(toStoreError(aws('PreconditionFailedException', 412), action, 'f').kind).toBe('conflict')
    expect(toStoreError(aws('ResourceConflictException', 409), action, 'f').kind).toBe('conflict')
    expect(toStoreError(aws('TooManyRequestsException', 429), action, 'f').kind).toBe('throttling')
    const missing = toStoreError(aws('ResourceNotFoundException', 404), action, 'f')
    expect(missing.message).toBe(`${action} on f: the function does not exist.`)
    // Secrets Manager's own words are still quoted.
    const sm = toStoreError(
      Object.assign(new Error("Secrets Manager can't find the specified secret."), {
        name: 'ResourceNotFoundException',
        $metadata: { httpStatusCode: 400 }
      }),
      'secretsmanager:DescribeSecret',
      's'
    )
    expect(sm.message).toContain("AWS said: Secrets Manager can't find the specified secret.")
  })
})
