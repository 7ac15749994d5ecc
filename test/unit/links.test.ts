/**
 * Every link between the project's documents leads somewhere: the file exists, and an #anchor is
 * a heading of that file (GitHub's anchors: lower case, punctuation dropped, spaces as hyphens).
 */
import { describe, expect, test } from '@jest/globals'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'

const ROOT = join(import.meta.dirname, '../..')
const DOCS = [
  ...readdirSync(ROOT).filter((f) => f.endsWith('.md')),
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`)
]

export const slug = (heading: string): string =>
  heading
    .trim()
    .replace(/`/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-')

/** The anchors of a Markdown file's headings (outside code blocks), duplicates numbered. */
export function anchorsOf(text: string): Set<string> {
  const seen = new Map<string, number>()
  const anchors = new Set<string>()
  let fenced = false
  for (const line of text.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced
    if (fenced) continue
    const heading = /^#{1,6}\s+(.*)$/.exec(line)?.[1]
    if (heading === undefined) continue
    const base = slug(heading)
    const n = seen.get(base) ?? 0
    seen.set(base, n + 1)
    anchors.add(n ? `${base}-${n}` : base)
  }
  return anchors
}

/** [link as written, the file it is in] for every relative link outside code blocks. */
function linksOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8').replace(/```[\s\S]*?```/g, '')
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1] ?? '')
    .filter((target) => !/^[a-z]+:/.test(target))
}

const cases = DOCS.flatMap((file) => linksOf(file).map((link) => [file, link] as const))

describe('links between the documents', () => {
  test('there are links to check', () => {
    expect(cases.length).toBeGreaterThan(20)
  })

  test.each(cases)('%s → %s', (file, link) => {
    const [path = '', anchor] = link.split('#')
    const target = path ? resolve(dirname(join(ROOT, file)), path) : join(ROOT, file)
    expect(relative(ROOT, target)).not.toMatch(/^\.\./)
    expect(existsSync(target)).toBe(true)
    if (anchor !== undefined && statSync(target).isFile() && target.endsWith('.md'))
      expect([...anchorsOf(readFileSync(target, 'utf8'))]).toContain(anchor)
  })

  test('a broken link is caught', () => {
    expect(anchorsOf('# Set up AWS and GitHub\n## Use it\n## Use it\n')).toEqual(
      new Set(['set-up-aws-and-github', 'use-it', 'use-it-1'])
    )
  })
})
