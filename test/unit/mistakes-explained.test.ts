/**
 * A user's mistakes explained, below the fronts: JSON read for a user (a syntax error placed by line and column, never quoted; a byte-order mark accepted; nesting
 * bounded without a stack overflow), a misspelt key named where it was meant, and the CLI's
 * word for an unknown option.
 */
import { describe, expect, test } from '@jest/globals'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  DEFAULT_CATALOGUE,
  loadCatalogue,
  selectEntries
} from '../../src/engine/catalogue/catalogue.js'
import { parseSources, readSources, SourcesError } from '../../src/engine/resolve/sources.js'
import { resolve } from '../../src/engine/resolve/resolve.js'
import { nearest } from '../../src/engine/model/typo.js'
import { parse } from '../../src/cli/args.js'

const messageOf = (f: () => unknown): string => {
  try {
    f()
  } catch (error) {
    expect(error).toBeInstanceOf(SourcesError)
    return (error as Error).message
  }
  throw new Error('no error')
}

describe('a JSON syntax error is placed, never quoted', () => {
  test.each<[string, number, number]>([
    ['{\n  "a": "sk_live_secretvalue",\n  "b": "x"\n  "c": "y"\n}', 4, 3],
    ['{\n  "a": sk_live_secretvalue\n}', 2, 8],
    ['{\r\n  "a": "sk_live_secretvalue",\r\n}', 3, 1],
    ['sk_live_secretvalue', 1, 1],
    ['{"a": "sk_live_secretvalue"', 1, 28],
    ['{"a": "sk_live_secret\nvalue"}', 1, 22]
  ])('%j: line %i, column %i', (text, line, column) => {
    const message = messageOf(() => parseSources(text, 'secrets.json'))
    expect(message).toContain(`secrets.json is not valid JSON: line ${line}, column ${column}`)
    expect(message).not.toContain('secretvalue')
    expect(message).not.toContain('sk_live')
  })
})

describe('a byte-order mark', () => {
  test('is accepted before a `secrets` text', () => {
    expect(parseSources('\ufeff{"A": "b"}')).toEqual({ A: 'b' })
  })

  test('is accepted before a catalogue file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'imp-bom-'))
    const file = join(dir, 'catalogue.json')
    writeFileSync(
      file,
      `\ufeff${JSON.stringify({ environments: ['dev'], secrets: [{ target: 'a/b', field: 'f', source: 'S' }] })}`
    )
    try {
      expect((await loadCatalogue(file)).secrets[0]?.target).toBe('a/b')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('deep nesting', () => {
  test.each([1_000, 100_000])(
    '%i levels: a clear error, no stack overflow, values masked whole',
    (depth) => {
      const text = `{"A": ${'['.repeat(depth)}"sk_live_secretvalue"${']'.repeat(depth)}}`
      const masked: string[] = []
      const message = messageOf(() => readSources(text, (v) => masked.push(v)))
      expect(message).toContain('nests values more than 32 levels deep')
      expect(message).not.toContain('secretvalue')
      expect(masked).toEqual([text])
    }
  )

  test('32 levels are read, and every value in them is masked', () => {
    const text = `{"A": ${'['.repeat(31)}"deep-value-0001"${']'.repeat(31)}}`
    const masked: string[] = []
    readSources(text, (v) => masked.push(v))
    expect(masked).toContain('deep-value-0001')
  })
})

describe('a misspelt key is named where it was meant', () => {
  const dev = selectEntries(DEFAULT_CATALOGUE, 'dev').entries
  const file = {
    slack_webhook_admin: 'https://hooks.slack.com/services/T0/B0/adminXYZ',
    slack_webhook_devops: 'https://hooks.slack.com/services/T0/B0/devopsXYZ',
    stripe_secret_key_deb: 'sk_test_CANARYmisspelt0001',
    stripe_secret_key_prod: 'sk_live_CANARYprodKey00001',
    stripe_webhook_secret_dev: 'whsec_CANARYdevWebhook01'
  }

  test('secrets.json: the misspelt key, by name only', () => {
    const r = resolve(dev, file)
    const missing = r.problems.find((p) => p.source === 'stripe_secret_key_dev')
    expect(missing?.message).toMatch(/^is missing; add it\. stripe_secret_key_deb is given/)
    expect(JSON.stringify(r.problems)).not.toContain('CANARY')
  })

  test('GitHub secrets: named as GitHub shows them', () => {
    const upper = Object.fromEntries(Object.entries(file).map(([k, v]) => [k.toUpperCase(), v]))
    const r = resolve(dev, upper, (k) => k.toUpperCase())
    expect(r.problems.map((p) => `${p.source} ${p.message}`)).toContainEqual(
      expect.stringContaining(
        'STRIPE_SECRET_KEY_DEV is missing; add it. STRIPE_SECRET_KEY_DEB is given'
      )
    )
  })

  test("never another environment's key, a far one, or one that looks like a value", () => {
    const { stripe_secret_key_deb: _typo, ...rest } = file
    const odd = { ...rest, sk_test_stripe_secret_key_de: 'x', STRIPE_KEY: 'y' }
    const missing = resolve(dev, odd).problems.find((p) => p.source === 'stripe_secret_key_dev')
    expect(missing?.message).toBe('is missing; add it.')
  })

  test('nearest: close enough and unique, else nothing', () => {
    expect(nearest('stripe_secret_key_dev', ['stripe_secret_key_deb', 'other'])).toBe(
      'stripe_secret_key_deb'
    )
    expect(nearest('stripe_secret_key_dev', ['stripe_secret_key_prod'])).toBeUndefined()
    expect(nearest('KEY_A', ['KEY_B', 'KEY_C'])).toBeUndefined()
    expect(nearest('env', ['en'])).toBeUndefined()
  })
})

describe('an unknown option', () => {
  const usage = (argv: string[]) => {
    const parsed = parse(argv)
    expect(parsed.kind).toBe('usage')
    return parsed.kind === 'usage' ? (parsed.message.split('\n')[0] ?? '') : ''
  }

  test.each<[string[], string]>([
    [['deploy', '--env', 'dev', '--dry-run'], 'unknown option --dry-run; did you mean --plan?'],
    [['deploy', '--env', 'dev', '--dry-run=yes'], 'unknown option --dry-run; did you mean --plan?'],
    [['deploy', '--env', 'dev', '--fiel', 'x.json'], 'unknown option --fiel; did you mean --file?'],
    [['list', '--environment', 'dev'], 'unknown option --environment; did you mean --env?'],
    [['list', '--env', 'dev', '--dry-run'], 'unknown option --dry-run.'],
    [['deploy', '--env', 'dev', '--force'], 'unknown option --force.'],
    [['deploy', '-x', '--env', 'dev'], 'unknown option -x.']
  ])('%j: %s', (argv, said) => {
    expect(usage(argv)).toBe(said)
  })

  test('an option that could be a pasted value is not named', () => {
    const said = usage(['deploy', '--env', 'dev', '--sk_live_CANARYpasted0001'])
    expect(said).toBe('unknown option (not shown: it could be a secret).')
    expect(said).not.toContain('CANARY')
  })
})
