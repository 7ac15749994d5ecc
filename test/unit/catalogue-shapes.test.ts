/**
 * Found by the catalogue property (test/property/catalogue-file.test.ts): a per-environment map
 * was told from a pattern rule by its having a "pattern" key, so an environment called "pattern"
 * made a source map read as one source (a TypeError at run time) and a rule map as a pattern rule.
 */
import { describe, expect, test } from '@jest/globals'
import {
  CatalogueError,
  parseCatalogue,
  selectEntries
} from '../../src/engine/catalogue/catalogue.js'

const entry = (over: Record<string, unknown>) => ({
  target: 'mail/smtp',
  field: 'password',
  source: { dev: 'smtp_dev', prod: 'smtp_prod' },
  ...over
})
const catalogue = (secrets: unknown[], environments = ['dev', 'prod']) => ({
  environments,
  secrets
})

function problemsOf(document: unknown): string[] {
  try {
    parseCatalogue(document, 'test.json')
  } catch (error) {
    if (error instanceof CatalogueError) return error.problems
    throw error
  }
  return []
}

describe('per-environment maps and pattern rules are told apart by shape', () => {
  test.each(['pattern', 'expects'])('an environment named "%s" is refused, with why', (env) => {
    const problems = problemsOf(
      catalogue([entry({ source: { dev: 'a', [env]: 'b' } })], ['dev', env])
    )
    expect(problems).toEqual([
      `environments.1: "pattern" and "expects" name the parts of a pattern rule; choose another environment name`
    ])
  })

  test('a source map naming an unknown environment "pattern" is refused, not read as one source', () => {
    expect(
      problemsOf(catalogue([entry({ source: { dev: 'a', prod: 'b', pattern: 'c' } })]))
    ).toEqual(['secrets.0 (mail/smtp): source names unknown environment pattern'])
  })

  test('a rule map naming an unknown environment "pattern" is refused, not read as a pattern rule', () => {
    const rule = { dev: 'non-empty', prod: 'non-empty', pattern: 'non-empty' }
    expect(problemsOf(catalogue([entry({ rule })]))).toEqual([
      'secrets.0 (mail/smtp): rule names unknown environment pattern'
    ])
  })

  test('pattern rules, alone or per environment, still read as pattern rules', () => {
    const strict = { pattern: '^\\S{12,}$', expects: 'at least 12 characters' }
    const parsed = parseCatalogue(
      catalogue([
        entry({ rule: strict }),
        entry({ target: 'mail/other', rule: { dev: 'non-empty', prod: strict } })
      ]),
      'test.json'
    )
    expect(selectEntries(parsed, 'dev').entries.map((e) => [e.sourceKey, e.rule])).toEqual([
      ['smtp_dev', strict],
      ['smtp_dev', 'non-empty']
    ])
    expect(selectEntries(parsed, 'prod').entries.map((e) => e.rule)).toEqual([strict, strict])
  })
})
