/**
 * The environments file: read and checked with messages naming the file, line, column and key;
 * placeholders left by set-up; and a pin held against what a run sees.
 */
import { describe, expect, test } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  EnvironmentsError,
  loadEnvironments,
  parseEnvironments,
  pinFor
} from '../../src/engine/environments/environments.js'
import { DEFAULT_ENVIRONMENTS_FILE, type Pin } from '../../src/engine/environments/schema.js'
import {
  environmentsPath,
  pinProblems,
  placeholderKeys,
  setUpUnfinished
} from '../../src/engine/environments/pin.js'
import { helpAnchor } from '../../src/engine/report/help.js'
import type { Problem } from '../../src/engine/model/problem.js'

const ROOT = join(import.meta.dirname, '../..')
const FILE = 'envs.json'
const DEV = '111122223333'
const PROD = '444455556666'

const filled = (changes: Record<string, unknown> = {}): string =>
  JSON.stringify(
    {
      dev: {
        account: DEV,
        region: 'eu-west-3',
        deployRole: `arn:aws:iam::${DEV}:role/deploy`,
        auditRole: `arn:aws:iam::${DEV}:role/audit`,
        stripeAccount: 'acct_1AbCdEf',
        slackWorkspace: 'T0123ABCD'
      },
      prod: { account: PROD, region: 'eu-west-3', deployRole: `arn:aws:iam::${PROD}:role/deploy` },
      ...changes
    },
    null,
    2
  )

/** The messages a text is refused with. */
function refusals(text: string): string[] {
  try {
    parseEnvironments(text, FILE)
  } catch (error) {
    if (error instanceof EnvironmentsError) return error.problems.map((p) => p.message)
    throw error
  }
  return []
}

describe('reading the file', () => {
  test('a filled-in file gives each environment its pin, with the line of each key', () => {
    const file = parseEnvironments(filled(), FILE)
    const dev = pinFor(file, 'dev')
    expect(dev).toMatchObject({
      environment: 'dev',
      account: DEV,
      region: 'eu-west-3',
      deployRole: `arn:aws:iam::${DEV}:role/deploy`,
      stripeAccount: 'acct_1AbCdEf',
      slackWorkspace: 'T0123ABCD',
      origin: FILE
    })
    expect(dev.lines).toMatchObject({ entry: 2, account: 3, region: 4, deployRole: 5 })
    expect(pinFor(file, 'prod').auditRole).toBeUndefined()
  })

  test.each([
    [
      'not JSON',
      '{\n  "dev": {\n    "account": "1"\n  ,}\n}',
      /^The environments file envs\.json, line 4, column 4, \(text\): is not valid JSON/
    ],
    [
      'a malformed account',
      filled().replace(DEV, '11112222333'),
      /^The environments file envs\.json, line 3, column 5, dev\.account: must be the 12 digits of an AWS account id$/
    ],
    [
      'a malformed region',
      filled().replace('"eu-west-3"', '"eu-west3"'),
      /^The environments file envs\.json, line 4, column 5, dev\.region: must be an AWS region, such as eu-west-3$/
    ],
    [
      'a missing region',
      filled({ prod: { account: PROD } }),
      /, line 10, column 3, prod\.region: is missing$/
    ],
    [
      'a misspelt key',
      filled({ prod: { account: PROD, region: 'eu-west-3', acount: PROD } }),
      /line 13, column 5, prod: unknown key "acount"; did you mean account\?$/
    ],
    [
      'a duplicate key',
      filled().replace(
        `"region": "eu-west-3",`,
        `"region": "eu-west-3",\n    "region": "eu-west-1",`
      ),
      /^The environments file envs\.json, line 5, column 5, dev\.region: is given twice; keep one$/
    ],
    [
      'a role of another account',
      filled().replace(`${DEV}:role/deploy`, `${PROD}:role/deploy`),
      /line 5, column 5, dev\.deployRole: is a role of account 444455556666, not of dev's account 111122223333$/
    ],
    [
      'a Stripe account that is not one',
      filled().replace('acct_1AbCdEf', 'sk_test_x'),
      /dev\.stripeAccount: must be a Stripe account id, acct_…$/
    ],
    [
      'a top level that is not an object',
      '[]',
      /line 1, column 1, \(top level\): must be a JSON object keyed by environment name$/
    ],
    ['no environment', '{}', /names no environment$/]
  ])('%s is refused, naming the file, line, column and key', (_what, text, message) => {
    expect(refusals(text)).toEqual([expect.stringMatching(message)])
  })

  test('the Lambdas to refresh are read as the consumers input lines; a malformed one is refused', () => {
    const prod = { account: PROD, region: 'eu-west-3', consumers: ['stripe/api_key: fn-a, fn-b'] }
    expect(pinFor(parseEnvironments(filled({ prod }), FILE), 'prod').consumers).toEqual([
      'stripe/api_key: fn-a, fn-b'
    ])
    expect(refusals(filled({ prod: { ...prod, consumers: ['fn-a'] } }))).toEqual([
      expect.stringMatching(/prod\.consumers\.0: must each be "target: function, function"/)
    ])
  })

  test('every problem is listed at once', () => {
    const text = filled().replace(DEV, 'x').replace('"eu-west-3"', '"paris"')
    expect(refusals(text)).toHaveLength(2)
  })

  test('a value is never quoted back: a key pasted in place of an account stays out of the message', () => {
    const messages = refusals(filled().replace(DEV, 'sk_live_CANARY0123456789'))
    expect(messages).toHaveLength(1)
    expect(messages.join('\n')).not.toContain('CANARY')
  })

  test('an unknown environment is refused with the nearest name and the names there are', () => {
    const file = parseEnvironments(filled(), FILE)
    expect(() => pinFor(file, 'prodd')).toThrow(
      'Environment "prodd" is not in the environments file envs.json. Did you mean prod? It names: dev, prod.'
    )
    expect(() => pinFor(file, 'staging')).toThrow(
      /not in the environments file envs\.json\. It names: dev, prod\.$/
    )
  })

  test('a missing file is refused, naming the file and how to give another', async () => {
    const missing = join(mkdtempSync(join(tmpdir(), 'envs-')), 'none.json')
    await expect(loadEnvironments(missing)).rejects.toThrow(
      /^The environments file .*none\.json cannot be read \(ENOENT\): .*--environments, ENVIRONMENTS= or the environments input\.$/
    )
  })

  test('a file on disk is read, byte-order mark included', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'envs-')), 'envs.json')
    writeFileSync(path, `\ufeff${filled()}`)
    expect(pinFor(await loadEnvironments(path), 'dev').lines.account).toBe(3)
  })

  test('the path is the one given, else the default, under the workspace', () => {
    expect(environmentsPath(undefined, '/ws')).toBe(`/ws/${DEFAULT_ENVIRONMENTS_FILE}`)
    expect(environmentsPath('  ', '/ws')).toBe(`/ws/${DEFAULT_ENVIRONMENTS_FILE}`)
    expect(environmentsPath('conf/envs.json', '/ws')).toBe('/ws/conf/envs.json')
    expect(environmentsPath('/etc/envs.json', '/ws')).toBe('/etc/envs.json')
  })
})

describe('the shipped file, before set-up', () => {
  const shipped = async () =>
    parseEnvironments(
      await readFile(join(ROOT, DEFAULT_ENVIRONMENTS_FILE), 'utf8'),
      DEFAULT_ENVIRONMENTS_FILE
    )

  test('is valid, names dev and prod in eu-west-3, and every key but the region is a placeholder', async () => {
    const file = await shipped()
    expect([...file.pins.keys()]).toEqual(['dev', 'prod'])
    for (const pin of file.pins.values()) {
      expect(pin.region).toBe('eu-west-3')
      expect(placeholderKeys(pin)).toEqual([
        'account',
        'deployRole',
        'auditRole',
        'stripeAccount',
        'slackWorkspace'
      ])
    }
  })

  test('every write stops with "Set-up not finished", naming the file, key and line', async () => {
    const pin = pinFor(await shipped(), 'prod')
    expect(setUpUnfinished(pin)?.message).toBe(
      'Set-up not finished: the environments file .github/secrets-environments.json still holds a placeholder in prod.account (line 12). Nothing was read or written. Put the real value there (docs/setup.md says where each one comes from), commit it, and run again.'
    )
    expect(setUpUnfinished(pin, ['auditRole'])?.message).toContain('prod.auditRole (line 15)')
    expect(pinProblems(pin, { credentialsAccount: PROD }).map((p) => p.message)).toEqual([
      expect.stringMatching(/^Set-up not finished: /)
    ])
  })

  test('a filled-in pin is finished', () => {
    expect(setUpUnfinished(pinFor(parseEnvironments(filled(), FILE), 'dev'))).toBeUndefined()
  })
})

describe('a pin held against what the run sees', () => {
  const dev: Pin = pinFor(parseEnvironments(filled(), FILE), 'dev')
  const messages = (seen: Parameters<typeof pinProblems>[1]) =>
    pinProblems(dev, seen).map((p) => p.message)

  test('credentials in the pinned account, no explicit region or confirmation: no problem', () => {
    expect(messages({ credentialsAccount: DEV })).toEqual([])
    expect(
      messages({ credentialsAccount: DEV, explicitRegion: 'eu-west-3', expectedAccountId: DEV })
    ).toEqual([])
  })

  test('credentials of another account are refused, naming both accounts and the file', () => {
    expect(messages({ credentialsAccount: PROD })).toEqual([
      "The AWS credentials are for account 444455556666, but the environments file envs.json pins dev to account 111122223333 (line 3): nothing was read or written. Use dev's role or AWS profile, or correct the file."
    ])
  })

  test('an explicit region that differs is refused, naming both and the file', () => {
    expect(messages({ credentialsAccount: DEV, explicitRegion: 'us-east-1' })).toEqual([
      'The region asked for (--region "us-east-1") differs from the region the environments file envs.json pins for dev (eu-west-3, line 4): refused, nothing was read or written. Leave the region out (the pin is used), or correct the file.'
    ])
  })

  test('an account to confirm that differs is refused, naming both; each front names its own setting', () => {
    const found = pinProblems(
      dev,
      { credentialsAccount: DEV, expectedAccountId: PROD },
      { region: 'region', expectedAccountId: 'expected-account-id' }
    )
    expect(found.map((p) => p.message)).toEqual([
      'The account to confirm (expected-account-id 444455556666) differs from the account the environments file envs.json pins for dev (111122223333, line 3): refused, nothing was read or written. One of the two is wrong: correct it.'
    ])
  })

  test('every disagreement is listed at once; a value pasted as a setting is not shown', () => {
    const found = messages({
      credentialsAccount: PROD,
      explicitRegion: 'sk_live_CANARY',
      expectedAccountId: 'whsec_CANARY'
    })
    expect(found).toHaveLength(3)
    expect(found.join('\n')).not.toContain('CANARY')
  })
})

describe('every message has its troubleshooting heading', () => {
  const dev = pinFor(parseEnvironments(filled(), FILE), 'dev')
  const shippedPin: Pin = { ...dev, account: '000000000000' }
  const problemsOf = (f: () => unknown): Problem[] => {
    try {
      f()
    } catch (error) {
      if (error instanceof EnvironmentsError) return error.problems
      throw error
    }
    return []
  }
  const problems: Problem[] = [
    ...problemsOf(() => parseEnvironments('{', FILE)),
    ...problemsOf(() => parseEnvironments(filled().replace(DEV, '1'), FILE)),
    ...problemsOf(() =>
      parseEnvironments(filled({ prod: { account: PROD, region: 'eu-west-3', acount: 1 } }), FILE)
    ),
    ...pinProblems(dev, {
      credentialsAccount: PROD,
      explicitRegion: 'us-east-1',
      expectedAccountId: PROD
    }),
    ...(setUpUnfinished(shippedPin) ? [setUpUnfinished(shippedPin) as Problem] : []),
    ...problemsOf(() => pinFor(parseEnvironments(filled(), FILE), 'qa'))
  ]

  test.each(problems.map((p) => [p.code, p.message] as const))('%s: %s', (code, message) => {
    expect(helpAnchor({ code })).toEqual(expect.any(String))
    expect(message).not.toBe('')
  })

  test('each kind of refusal has its own heading', () => {
    expect(new Set(problems.map((p) => helpAnchor(p)))).toEqual(
      new Set([
        'the-environments-file-is-not-valid',
        'the-credentials-are-not-in-the-pinned-account',
        'a-region-that-differs-from-the-pin',
        'an-account-to-confirm-that-differs-from-the-pin',
        'set-up-not-finished',
        'an-environment-not-in-the-environments-file'
      ])
    )
  })

  test('a file that cannot be read', async () => {
    const error = await loadEnvironments('/nonexistent/envs.json').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(EnvironmentsError)
    expect(helpAnchor((error as EnvironmentsError).problems[0]!)).toBe(
      'the-environments-file-cannot-be-read'
    )
  })
})
