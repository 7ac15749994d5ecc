/**
 * The troubleshooting page quotes messages: each quoted piece must still be printed by the code,
 * so docs and code cannot drift apart unnoticed.
 */
import { describe, expect, test } from '@jest/globals'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

const ROOT = join(import.meta.dirname, '../..')

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []
  )
}

/**
 * All source text, with strings that were split over lines ('a ' +\n 'b') joined again and
 * backticks dropped (the README cannot show them inside code spans).
 */
const code = sources(join(ROOT, 'src'))
  .map((f) => readFileSync(f, 'utf8'))
  .join('\n')
  .replace(/['`]\s*\+\s*\n\s*['`]/g, '')
  .replace(/\\?`/g, '')

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
const troubleshooting = readFileSync(join(ROOT, 'docs/troubleshooting.md'), 'utf8')

/** What the code fills in at run time: names, numbers, quoted values, lists. */
const DYNAMIC =
  /…|<[^>]+>|\b[A-Z][A-Z0-9_]{5,}\b|\b[NAB]\b|\d+|"[^"]*"|dev, prod|sync, plan, verify|The secrets input|\(|\)/

/**
 * Code spans (`x` or ``x``) of each quoted message, cut where the code fills something in; not
 * the messages of configure-aws-credentials or of a Lambda.
 */
const quoted = troubleshooting
  .split('\n')
  .filter((line) => line.startsWith('> `') && !line.includes('in a Lambda'))
  .flatMap((cell) => [...cell.matchAll(/``(.+?)``|`([^`]+)`/g)].map((m) => m[1] ?? m[2] ?? ''))
  .flatMap((span) => span.replace(/`/g, '').split(DYNAMIC))
  .map((piece) => piece.trim())
  .filter((piece) => piece.length >= 12)

describe('docs/troubleshooting.md', () => {
  test('quotes something', () => {
    expect(quoted.length).toBeGreaterThan(50)
  })
  test.each(quoted)('%j is printed by the code', (piece) => {
    expect(code).toContain(piece)
  })
})

describe('README', () => {
  const lines = readme.split('\n')

  test('fits on a few screens: at most 300 lines', () => {
    expect(lines.length).toBeLessThanOrEqual(300)
  })

  test('gives the two commands to try it within its first 80 lines', () => {
    const head = lines.slice(0, 80).join('\n')
    expect(head).toContain('npm ci && npm start')
    expect(head).toContain('npm ci && npm test')
  })

  test('its commands are the scripts package.json defines', () => {
    const scripts = Object.keys(
      (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: object }).scripts
    )
    const used = [...readme.matchAll(/npm (?:run )?([a-z:-]+)/g)].map((m) => m[1] ?? '')
    expect(
      used.filter((s) => !['ci', 'install', 'link'].includes(s) && !scripts.includes(s))
    ).toEqual([])
  })
})

describe('docs/setup.md workflow example', () => {
  test('is .github/workflows/deploy-dev.yml as committed (its header comments aside)', () => {
    const setup = readFileSync(join(ROOT, 'docs/setup.md'), 'utf8')
    const block = /```yaml\n(name: Deploy secrets \(dev\)[\s\S]*?)```/.exec(setup)?.[1]
    const file = readFileSync(join(ROOT, '.github/workflows/deploy-dev.yml'), 'utf8')
    const withoutHeader = file.slice(file.indexOf('name: '))
    expect(block?.replace(' # or <owner>/impressionnistes-secrets@<sha>', '')).toBe(withoutHeader)
  })
})
