/**
 * The README's troubleshooting tables quote messages: each quoted piece must still be printed by
 * the code, so docs and code cannot drift apart unnoticed.
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
const troubleshooting = readme.slice(
  readme.indexOf('## Troubleshooting'),
  readme.indexOf('## Secrets Manager cost')
)

/** What the code fills in at run time: names, numbers, quoted values, lists. */
const DYNAMIC =
  /…|<[^>]+>|\b[A-Z][A-Z0-9_]{5,}\b|\b[NAB]\b|\d+|"[^"]*"|dev, prod|sync, plan, verify|The secrets input|\(|\)/

/** Code spans of each row's first cell (`x` or ``x``), cut where the code fills something in. */
const quoted = troubleshooting
  .split('\n')
  .filter((line) => line.startsWith('| `') && !line.includes('in a Lambda'))
  .map((line) => line.split(' | ')[0] ?? '')
  .flatMap((cell) => [...cell.matchAll(/``(.+?)``|`([^`]+)`/g)].map((m) => m[1] ?? m[2] ?? ''))
  .flatMap((span) => span.replace(/`/g, '').split(DYNAMIC))
  .map((piece) => piece.trim())
  .filter((piece) => piece.length >= 12)

describe('README troubleshooting', () => {
  test('quotes something', () => {
    expect(quoted.length).toBeGreaterThan(50)
  })
  test.each(quoted)('%j is printed by the code', (piece) => {
    expect(code).toContain(piece)
  })
})

describe('README workflow example', () => {
  test('is .github/workflows/deploy-dev.yml as committed (its header comments aside)', () => {
    const block = /```yaml\n(name: Deploy secrets \(dev\)[\s\S]*?)```/.exec(readme)?.[1]
    const file = readFileSync(join(ROOT, '.github/workflows/deploy-dev.yml'), 'utf8')
    const withoutHeader = file.slice(file.indexOf('name: '))
    expect(block?.replace(' # or <owner>/impressionnistes-secrets@<sha>', '')).toBe(withoutHeader)
  })
})
