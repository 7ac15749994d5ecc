/**
 * A catalogue target may carry `maxAgeDays`, the oldest its value in AWS may be: a whole number
 * of days, at least 1. A bad one is refused like any catalogue mistake, by its place in the file.
 */
import { describe, expect, test } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  CatalogueError,
  loadCatalogue,
  parseCatalogue,
  selectEntries
} from '../../src/engine/catalogue/catalogue.js'

const entry = { target: 'mail/smtp', field: 'password', source: 'smtp_password' }
const withAge = (maxAgeDays: unknown) => ({
  environments: ['dev', 'prod'],
  secrets: [entry, { ...entry, target: 'mail/api', source: 'mail_api', maxAgeDays }]
})

describe('maxAgeDays in the catalogue', () => {
  test('is given to the selected entry of every environment, and absent where not set', () => {
    const catalogue = parseCatalogue(withAge(90), 'test')
    for (const environment of ['dev', 'prod']) {
      const [plain, aged] = selectEntries(catalogue, environment).entries
      expect(aged?.maxAgeDays).toBe(90)
      expect(plain).not.toHaveProperty('maxAgeDays')
    }
  })

  test.each<[string, unknown]>([
    ['zero', 0],
    ['negative', -30],
    ['a fraction', 1.5],
    ['a string', '90'],
    ['null', null],
    ['too large to be whole', Number.MAX_VALUE * 10]
  ])('refuses %s, naming where', (_name, value) => {
    let error: unknown
    try {
      parseCatalogue(withAge(value), 'file.json')
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(CatalogueError)
    expect((error as CatalogueError).problems).toEqual([
      expect.stringMatching(/^secrets\.1\.maxAgeDays: /)
    ])
  })

  test('a file with a bad maxAgeDays is refused with every other problem, by path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'catalogue-'))
    const file = join(dir, 'catalogue.json')
    writeFileSync(
      file,
      JSON.stringify({ ...withAge(0), secrets: [...withAge(0).secrets, { target: 'x' }] }, null, 2)
    )
    await expect(loadCatalogue(file)).rejects.toThrow(
      /secrets\.1\.maxAgeDays: must be a whole number of days, at least 1/
    )
    await expect(loadCatalogue(file)).rejects.toThrow(/secrets\.2\.field/)
  })
})
