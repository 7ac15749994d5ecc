/**
 * The probes' two sides stay apart: the engine's probe stage knows the providers only through its
 * port (it imports the model and itself, never src/providers/), and the adapters import nothing of
 * the engine but that port's types. Only src/providers/ calls fetch.
 */
import { describe, expect, test } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'

const SRC = join(import.meta.dirname, '..', '..', 'src')

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []
  )
}

/** The src/ modules (as "engine/probe/plan.ts") and packages a file imports. */
const importsOf = (file: string): string[] =>
  [...readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map((m) => {
    const spec = m[1] ?? ''
    return spec.startsWith('.')
      ? relative(SRC, resolve(dirname(file), spec)).replace(/\.js$/, '.ts')
      : spec
  })

/** Imports from `dir` that `allowed` does not accept. */
const outside = (dir: string, allowed: (target: string) => boolean): string[] =>
  files(join(SRC, dir)).flatMap((f) =>
    importsOf(f)
      .filter((t) => !allowed(t))
      .map((t) => `${relative(SRC, f)} → ${t}`)
  )

describe('the probes’ boundaries', () => {
  test('engine/probe imports only the model, itself and node built-ins', () => {
    expect(
      outside(
        'engine/probe',
        (t) =>
          t.startsWith('engine/probe/') || t.startsWith('engine/model/') || t.startsWith('node:')
      )
    ).toEqual([])
  })

  test('no engine module imports the providers', () => {
    expect(outside('engine', (t) => !t.startsWith('providers/'))).toEqual([])
  })

  test('the adapters import only the port, themselves and node built-ins', () => {
    expect(
      outside(
        'providers',
        (t) => t === 'engine/probe/port.ts' || t.startsWith('providers/') || t.startsWith('node:')
      )
    ).toEqual([])
  })

  test('only the adapters send HTTP requests: the providers and the GitHub API', () => {
    // fetch, or node:http(s)'s request (the store's SDK sends its own, from src/store).
    const sends = /\bfetch\(|from 'node:https?'/
    const callers = files(SRC)
      .filter((f) => sends.test(readFileSync(f, 'utf8')))
      .map((f) => relative(SRC, f))
    expect(callers.filter((f) => !/^(providers|github|store)\//.test(f))).toEqual([])
    expect(callers).toContain('providers/http.ts')
    expect(callers).toContain('github/secrets-metadata.ts')
  })
})
