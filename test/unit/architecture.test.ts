/**
 * The shape of src/, checked from its import statements: no import cycle, the engine's stages
 * import only the stages before them (and the shared model, which imports nothing outside
 * itself), the fronts enter the engine and the store by their doors only, and only the store
 * talks to AWS.
 */
import { describe, expect, test } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'

const SRC = join(import.meta.dirname, '..', '..', 'src')

type Graph = Map<string, string[]>

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sourceFiles(join(dir, e.name))
      : e.name.endsWith('.ts')
        ? [join(dir, e.name)]
        : []
  )
}

/** Every module of src/ (as "engine/plan/plan.ts") → the src/ modules and packages it imports. */
function importGraph(): Graph {
  const graph: Graph = new Map()
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, 'utf8')
    const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map((m) => m[1] ?? '')
    graph.set(
      relative(SRC, file),
      specs.map((s) =>
        s.startsWith('.') ? relative(SRC, resolve(dirname(file), s)).replace(/\.js$/, '.ts') : s
      )
    )
  }
  return graph
}

/** The first cycle found, as a path that ends where it starts; undefined when there is none. */
export function findCycle(graph: Graph): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>()
  const path: string[] = []
  const visit = (node: string): string[] | undefined => {
    if (state.get(node) === 'done') return undefined
    if (state.get(node) === 'open') return [...path.slice(path.indexOf(node)), node]
    state.set(node, 'open')
    path.push(node)
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue
      const cycle = visit(next)
      if (cycle) return cycle
    }
    path.pop()
    state.set(node, 'done')
    return undefined
  }
  for (const node of graph.keys()) {
    const cycle = visit(node)
    if (cycle) return cycle
  }
  return undefined
}

/** The part of src/ a module belongs to: "engine/plan", "store", "cli", "engine" (run.ts)… */
const partOf = (module: string): string => {
  const parts = module.split('/')
  return parts[0] === 'engine' && parts.length > 2 ? `engine/${parts[1]}` : (parts[0] ?? '')
}

/**
 * What each part may import from src/ (besides itself): the flow's order. The model is the
 * engine's ground floor (its vocabulary and its ports) and imports nothing outside itself; the
 * store is the adapter that implements the ports, the one part that talks to AWS.
 */
const ALLOWED: Record<string, readonly string[]> = {
  store: ['engine/model'],
  'engine/model': [],
  'engine/catalogue': ['engine/model'],
  'engine/environments': ['engine/model'],
  'engine/resolve': ['engine/catalogue', 'engine/model'],
  'engine/prepare': [
    'engine/catalogue',
    'engine/environments',
    'engine/resolve',
    'engine/refresh',
    'engine/model'
  ],
  'engine/account': ['engine/environments', 'engine/model'],
  'engine/current': ['engine/model'],
  'engine/plan': ['engine/catalogue', 'engine/current', 'engine/resolve', 'engine/model'],
  'engine/apply': ['engine/plan', 'engine/current', 'engine/model'],
  'engine/rollback': ['engine/model'],
  'engine/refresh': ['engine/model'],
  'engine/audit': ['engine/model'],
  'engine/inventory': ['engine/catalogue', 'engine/probe', 'engine/model'],
  'engine/report': ['engine/plan', 'engine/apply', 'engine/model'],
  'engine/staleness': ['engine/model'],
  'engine/probe': ['engine/model'],
  github: ['engine/staleness'],
  providers: ['engine/probe'],
  'engine/flows': [
    'engine/catalogue',
    'engine/environments',
    'engine/resolve',
    'engine/account',
    'engine/current',
    'engine/plan',
    'engine/apply',
    'engine/rollback',
    'engine/refresh',
    'engine/audit',
    'engine/staleness',
    'engine/report',
    'engine/probe',
    'engine/model'
  ],
  engine: [
    'engine/model',
    'engine/catalogue',
    'engine/environments',
    'engine/resolve',
    'engine/prepare',
    'engine/account',
    'engine/current',
    'engine/plan',
    'engine/apply',
    'engine/rollback',
    'engine/refresh',
    'engine/audit',
    'engine/inventory',
    'engine/flows',
    'engine/staleness',
    'engine/report',
    'engine/probe'
  ]
}

/** The fronts, and the one module of the engine and of the store each may import: the door. */
const FRONTS = ['action', 'cli']
const DOORS: Record<string, string> = {
  engine: 'engine/index.ts',
  store: 'store/index.ts',
  providers: 'providers/providers.ts'
}

function layerViolations(graph: Graph): string[] {
  const wrong: string[] = []
  for (const [module, imports] of graph) {
    const part = partOf(module)
    for (const target of imports) {
      if (!graph.has(target)) {
        // A package: only the store may import the AWS SDK, only the action @actions/*.
        if (target.startsWith('@aws-sdk/') && part !== 'store') wrong.push(`${module} → ${target}`)
        if (target.startsWith('@actions/') && part !== 'action') wrong.push(`${module} → ${target}`)
        continue
      }
      const to = partOf(target)
      if (FRONTS.includes(part)) {
        // A front goes through the door of the engine and of the store, never past it.
        const door = DOORS[to.split('/')[0] ?? '']
        if (door !== undefined && target !== door) wrong.push(`${module} → ${target}`)
        continue
      }
      const allowed = ALLOWED[part] ?? []
      if (to !== part && !allowed.includes(to)) wrong.push(`${module} → ${target}`)
    }
  }
  return wrong
}

describe('the shape of src/', () => {
  const graph = importGraph()

  test('reads the imports of every module', () => {
    expect(graph.size).toBeGreaterThan(30)
    expect(graph.get('engine/run.ts')).toContain('engine/flows/sync.ts')
  })

  test('has no import cycle', () => {
    expect(findCycle(graph)).toBeUndefined()
  })

  test('the cycle finder finds a planted cycle', () => {
    const planted: Graph = new Map([...graph, ['engine/model/names.ts', ['engine/run.ts']]])
    expect(findCycle(planted)).toEqual(expect.arrayContaining(['engine/run.ts']))
  })

  test('each stage imports only the stages before it, the model and the store', () => {
    expect(layerViolations(graph)).toEqual([])
  })

  test('a stage importing a later one, or the engine importing a front or @actions, is caught', () => {
    const planted: Graph = new Map([
      ...graph,
      ['engine/plan/x.ts', ['engine/apply/apply.ts']],
      ['engine/report/y.ts', ['@actions/core']],
      ['engine/model/z.ts', ['cli/args.ts']]
    ])
    expect(layerViolations(planted)).toEqual([
      'engine/plan/x.ts → engine/apply/apply.ts',
      'engine/report/y.ts → @actions/core',
      'engine/model/z.ts → cli/args.ts'
    ])
  })

  test('the model importing the store adapter is caught', () => {
    const planted: Graph = new Map([
      ...graph,
      ['engine/model/names.ts', [...(graph.get('engine/model/names.ts') ?? []), 'store/aws.ts']]
    ])
    expect(layerViolations(planted)).toEqual(['engine/model/names.ts → store/aws.ts'])
  })

  test('a front importing past the door of the engine or the store is caught', () => {
    const planted: Graph = new Map([
      ...graph,
      ['cli/x.ts', ['engine/index.ts', 'engine/plan/plan.ts', 'store/index.ts']],
      ['action/y.ts', ['engine/model/report.ts', 'store/aws.ts', 'engine/run.ts']]
    ])
    expect(layerViolations(planted)).toEqual([
      'cli/x.ts → engine/plan/plan.ts',
      'action/y.ts → engine/model/report.ts',
      'action/y.ts → store/aws.ts',
      'action/y.ts → engine/run.ts'
    ])
  })
})
