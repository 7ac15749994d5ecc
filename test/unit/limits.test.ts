/**
 * What Secrets Manager would refuse is refused before anything is written. A
 * name (CreateSecret's Name) is 1 to 512 characters (botocore's secretsmanager model, NameType);
 * no name may end with "-" and six characters, the shape of the suffix AWS adds to every ARN
 * (CreateSecret's reference); no "." or ".." between slashes.
 */
import { describe, expect, test } from '@jest/globals'
import { CatalogueError, parseCatalogue } from '../../src/engine/catalogue/catalogue.js'
import { nameProblems, MAX_NAME_LENGTH } from '../../src/engine/model/names.js'
import { scopeProblems } from '../../src/engine/model/scope.js'

/** The messages, each checked to carry the code of a wrong input. */
const scope = (prefix: string, extra: { region?: string; expectedAccountId?: string } = {}) =>
  scopeProblems(
    { prefix, region: extra.region ?? 'eu-west-3', ...extra },
    (s) => `Input "${s}"`
  ).map((p) => {
    expect(p.code).toBe('input-wrong')
    return p.message
  })

describe('the prefix', () => {
  test.each(['impressionnistes/..', '../x', 'a/./b', 'a/.', '.', '..', 'a//b'])(
    '%j is refused',
    (prefix) => {
      expect(scope(prefix)).toEqual([expect.stringContaining('Input "prefix" must not hold')])
    }
  )
  test.each(['impressionnistes', 'a/b.c', 'team.x/.hidden', 'x..y'])('%j is fine', (prefix) => {
    expect(scope(prefix)).toEqual([])
  })
  test('a prefix longer than 256 characters is refused', () => {
    expect(scope('p'.repeat(257))).toEqual([expect.stringContaining('longer than 256')])
  })
})

describe('full names', () => {
  test('at most 512 characters, the prefix included', () => {
    expect(MAX_NAME_LENGTH).toBe(512)
    const fits = 'a'.repeat(512 - 'impressionnistes/'.length)
    expect(nameProblems('impressionnistes', [fits])).toEqual([])
    expect(nameProblems('impressionnistes', [`${fits}b`])).toEqual([
      `secret ${fits}b: its full name (prefix included) has 513 characters; Secrets Manager allows at most 512.`
    ])
  })
})

const catalogue = (target: string) => ({
  environments: ['dev'],
  secrets: [{ target, field: 'f', source: 'S' }]
})
const refusal = (target: string): string => {
  try {
    parseCatalogue(catalogue(target), 'c.json')
  } catch (error) {
    if (error instanceof CatalogueError) return error.problems.join('\n')
    throw error
  }
  return ''
}

describe('catalogue targets', () => {
  test.each(['app/../x', 'app/./x', '..', 'app/.'])('%j: no "." or ".." part', (target) => {
    expect(refusal(target)).toContain('must not hold a "." or ".." part')
  })
  test.each(['stripe/api-secret', 'db-a1b2c3'])('%j: ends like an ARN suffix', (target) => {
    expect(refusal(target)).toContain('must not end with "-" and six letters or digits')
  })
  test.each(['stripe/api_key', 'slack/admin-webhook', 'a-b', 'x.y/z..w', 'app/key-12345'])(
    '%j is fine',
    (target) => {
      expect(refusal(target)).toBe('')
    }
  )
})

describe('the expected-account-id placeholder of the workflows', () => {
  test('names the variable to set and where', () => {
    const [problem] = scope('impressionnistes', {
      expectedAccountId: 'set-the-AWS_ACCOUNT_ID-variable'
    })
    expect(problem).toContain('the AWS_ACCOUNT_ID variable is not set')
    expect(problem).toContain("Settings → Environments → this job's environment")
    expect(problem).toContain('README "Set up AWS and GitHub"')
  })
  test('any other wrong id is quoted when it is a plain word, not when it holds a line break', () => {
    expect(scope('impressionnistes', { expectedAccountId: '12345' })).toEqual([
      'Input "expected-account-id" must be a 12-digit AWS account id; got "12345".'
    ])
    expect(scope('impressionnistes', { expectedAccountId: '1\n::warning::x' })[0]).toContain(
      '(not shown: it could be a secret)'
    )
  })
})
