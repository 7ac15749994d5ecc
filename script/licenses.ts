/**
 * `tsx script/licenses.ts DIR`: writes DIR/licenses.txt, the licence of every package a bundle
 * holds, from the webpack stats ncc wrote to DIR/stats.json (then deleted).
 *
 * Why not ncc's own `--license`: its plugin writes one file per chunk under the one name given,
 * so once the bundle has chunk files (the Lambda client and @actions/github, loaded only when a
 * run needs them) the last chunk's list overwrites the others. This writes what the plugin wrote
 * when the bundle was one file: the packages sorted by name, each with its `license` field and
 * the text of its first licen[cs]e* file, every chunk included.
 */
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

interface StatsModule {
  name?: string
  modules?: StatsModule[]
}

const dir = process.argv[2]
if (!dir) throw new Error('usage: tsx script/licenses.ts DIR (DIR/stats.json from ncc --stats-out)')
const statsPath = join(dir, 'stats.json')
const stats = JSON.parse(readFileSync(statsPath, 'utf8')) as { modules: StatsModule[] }

/** Every module name, those concatenated into another one included. */
function names(modules: readonly StatsModule[]): string[] {
  return modules.flatMap((m) => [...(m.name ? [m.name] : []), ...names(m.modules ?? [])])
}

/** name → folder of each package (the innermost node_modules/<name> of a module's path). */
const packages = new Map<string, string>()
for (const name of names(stats.modules).sort()) {
  const match = /^(.*node_modules\/)((?:@[^/]+\/)?[^/]+)\//.exec(name.replace(/^\.\//, ''))
  if (match && !packages.has(match[2] as string))
    packages.set(match[2] as string, `${match[1]}${match[2]}`)
}

function licenceOf(name: string, folder: string): string {
  const pkg = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as {
    license?: string | { type: string }
    licenses?: { type: string }[]
  }
  const id =
    typeof pkg.license === 'string' ? pkg.license : (pkg.license?.type ?? pkg.licenses?.[0]?.type)
  const file = readdirSync(folder).find(
    (f) => /^licen[cs]e/i.test(f) && !statSync(join(folder, f)).isDirectory()
  )
  const text = file ? readFileSync(join(folder, file), 'utf8').replace(/\r\n/g, '\n') : undefined
  return `${name}${id ? `\n${id}` : ''}${text ? `\n${text}` : ''}\n\n`
}

const text = [...packages.keys()]
  .sort((a, b) => (a < b ? -1 : 1))
  .map((name) => licenceOf(name, packages.get(name) as string))
  .join('')
writeFileSync(join(dir, 'licenses.txt'), `${text.trim()}\n`)
rmSync(statsPath)
