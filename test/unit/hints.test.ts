import { describe, expect, test } from '@jest/globals'
import { withHelp } from '../../src/cli/context.js'
import { hintFor, withHint } from '../../src/engine/report/hints.js'

const at = { region: 'eu-west-3', prefix: 'impressionnistes', account: '111122223333' }
/** The action's words, with the runner's environment `env`. */
const inAction = (
  env: NodeJS.ProcessEnv,
  where: { region: string; prefix: string; account?: string }
) => ({ front: 'action', env, ...where }) as const
const secrets = 'arn:aws:secretsmanager:eu-west-3:111122223333:secret:impressionnistes/*'

describe('hints', () => {
  test.each<[string, string | undefined, string]>([
    [
      'secretsmanager:PutSecretValue',
      undefined,
      `allow secretsmanager:PutSecretValue on ${secrets}`
    ],
    ['secretsmanager:BatchGetSecretValue', undefined, 'on Resource "*"'],
    ['kms:GenerateDataKey', undefined, 'on the KMS key'],
    ['secretsmanager:DescribeSecret', 'no account', 'secret:impressionnistes/*']
  ])('access denied on %s', (action, noAccount, fragment) => {
    const where = noAccount ? { region: at.region, prefix: at.prefix } : at
    const hint = hintFor(
      { message: 'm', code: 'aws-denied', kind: 'access-denied', action },
      inAction({}, where)
    )?.text
    expect(hint).toContain(fragment)
    if (noAccount) expect(hint).toContain(':<account>:')
  })

  test('missing credentials: id-token permission when the job cannot get an OIDC token', () => {
    const p = { message: 'm', code: 'no-credentials', kind: 'credentials' } as const
    expect(hintFor(p, inAction({ GITHUB_ACTIONS: 'true' }, at))).toEqual({
      code: 'no-oidc-token',
      text: expect.stringContaining('permissions: id-token: write')
    })
    const hint = hintFor(
      p,
      inAction({ GITHUB_ACTIONS: 'true', ACTIONS_ID_TOKEN_REQUEST_URL: 'https://x' }, at)
    )
    expect(hint?.text).toContain('configure-aws-credentials')
    expect(hint?.code).toBeUndefined()
  })

  test('a hint that names the cause more precisely moves the help link with it', () => {
    const p = {
      message: 'AWS rejected or could not find credentials.',
      code: 'no-credentials'
    } as const
    const hinted = withHint(p, inAction({ GITHUB_ACTIONS: 'true' }, at))
    expect(hinted.code).toBe('no-oidc-token')
    expect(hinted.message).toMatch(/^AWS rejected or could not find credentials\. This job cannot/)
    const cli = { front: 'cli', env: {}, environment: 'dev', profile: undefined } as const
    expect(withHint(p, cli).code).toBe('cli-no-credentials')
  })

  test('source problems need no hint', () => {
    expect(
      hintFor(
        { message: 'is missing; add it.', code: 'source-missing', source: 'X' },
        inAction({}, at)
      )
    ).toBeUndefined()
  })

  test('each front names the account setting in its own words', () => {
    const p = { message: 'm', code: 'made-outside-unconfirmed' } as const
    const cli = { front: 'cli', env: {}, environment: 'prod', profile: undefined } as const
    expect(hintFor(p, inAction({}, at))?.text).toContain('`expected-account-id` input')
    expect(hintFor(p, cli)?.text).toContain('Pass --expected-account-id <id> (make … ACCOUNT=<id>)')
    expect(hintFor(p, cli)?.text).toContain('the AWS account prod lives in')
  })

  test('the CLI says to log in with the profile in use', () => {
    const p = { message: 'm', code: 'no-credentials' } as const
    const cli = { front: 'cli', env: {}, environment: 'dev' } as const
    expect(hintFor(p, { ...cli, profile: 'impressionnistes-dev' })?.text).toContain(
      'aws sso login --profile impressionnistes-dev'
    )
    expect(hintFor(p, { ...cli, profile: undefined })?.text).toContain('pass --profile NAME')
  })

  test('the CLI names, after each message, the heading that explains it', () => {
    expect(
      withHelp({
        source: 'stripe_secret_key_dev',
        code: 'live-key-in-dev',
        message: 'is a LIVE-mode Stripe key.'
      })
    ).toBe(
      'stripe_secret_key_dev is a LIVE-mode Stripe key. (how to fix: docs/troubleshooting.md#a-live-stripe-key-in-dev)'
    )
  })
})
