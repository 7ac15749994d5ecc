/**
 * CONTRIBUTING.md draws the source tree a newcomer reads first: every folder it names must exist
 * where it says, and every folder of src/ must be in it, so the drawing cannot fall behind.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'

const ROOT = join(import.meta.dirname, '..', '..')

/** The folders the drawing names, as paths: indentation (two spaces a level) gives the parent. */
function drawnFolders(text: string): string[] {
  const start = text.indexOf('```\nsrc/')
  const block = text.slice(start + 4, text.indexOf('```', start + 4))
  const stack: string[] = []
  const folders: string[] = []
  for (const line of block.split('\n')) {
    const match = /^( *)([\w.-]+)\/(\s|$)/.exec(line)
    if (!match) continue
    const depth = match[1]!.length / 2
    stack.length = depth
    stack.push(match[2]!)
    folders.push(stack.join('/'))
  }
  return folders
}

function sourceFolders(dir: string, base = dir): string[] {
  return readdirSync(dir)
    .filter((name) => statSync(join(dir, name)).isDirectory())
    .flatMap((name) => {
      const path = join(dir, name)
      return [path.slice(base.length - 'src'.length), ...sourceFolders(path, base)]
    })
}

describe("CONTRIBUTING.md's tree", () => {
  const drawn = drawnFolders(readFileSync(join(ROOT, 'CONTRIBUTING.md'), 'utf8'))

  it('names only folders that exist, where it puts them', () => {
    expect(drawn.length).toBeGreaterThan(20)
    const missing = drawn.filter((folder) => {
      try {
        return !statSync(join(ROOT, folder)).isDirectory()
      } catch {
        return true
      }
    })
    expect(missing).toEqual([])
  })

  it('names every folder of src/', () => {
    const src = sourceFolders(join(ROOT, 'src'))
    expect(src).toContain('src/engine/model/ports')
    expect(src.filter((folder) => !drawn.includes(folder))).toEqual([])
  })

  it('reads indentation as nesting (a folder drawn one level too deep is found)', () => {
    const wrong = '```\nsrc/\n  engine/\n    store/\n```\n'
    expect(drawnFolders(wrong)).toEqual(['src', 'src/engine', 'src/engine/store'])
  })
})
