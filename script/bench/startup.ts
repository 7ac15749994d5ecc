/**
 * `npm run bench:startup [-- --against REV …] [-- --reps N]`: start-up (spawn → first AWS call)
 * of the built dist/index.js (its chunk files beside it) against the bundles of other revisions
 * (by default the one before the lean start, c15b840, and the end-of-November one, abc79f0) and
 * against Node alone (a script that opens one HTTP request to the stand-in): all on the same
 * machine in the same run, in rotating order, so that the noise of a shared machine falls on all
 * alike. Prints each one's median start-up, its ratio to now, the whole run's CPU time and peak
 * memory (max RSS), and the sizes. Every bundle runs an unchanged sync of four secrets.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { BUNDLE, exampleSecretsInput, ROOT, node24 } from '../../standin/runner.js'
import { Standin } from '../../standin/server.js'
import { median, runOnce, STANDIN_ACCOUNT } from './measure.js'

const { values: args } = parseArgs({
  options: {
    against: { type: 'string', multiple: true, default: ['c15b840', 'abc79f0'] },
    reps: { type: 'string', default: '15' }
  }
})
const reps = Math.max(3, Number(args.reps))
const dir = mkdtempSync(join(tmpdir(), 'imp-startup-'))

/** Writes at exit the process's own peak memory and CPU time on stderr, for every contender. */
const probe = join(dir, 'probe.mjs')
writeFileSync(
  probe,
  "process.on('exit', () => { const u = process.resourceUsage(); process.stderr.write(`\\nIMP_USAGE ${u.maxRSS} ${(u.userCPUTime + u.systemCPUTime) / 1000}\\n`) })\n"
)
const nodeArgs = ['--import', pathToFileURL(probe).href]

interface Contender {
  label: string
  script: string
  /** index.js, then the chunk files beside it. */
  bytes: number[]
}

/** The .js files of dist/ (the entry and its chunks), entry first. */
const jsFiles = (files: string[]) =>
  files.filter((f) => f.endsWith('.js')).sort((a, b) => (a === 'index.js' ? -1 : a < b ? -1 : 1))

/** A revision's dist/ bundle and chunks, written to a folder of their own. */
function fromRevision(rev: string): Contender {
  const out = join(dir, rev.replace(/[^\w.-]/g, '_'))
  mkdirSync(out)
  // A package.json saying "module", as beside dist/index.js.
  writeFileSync(join(out, 'package.json'), JSON.stringify({ type: 'module' }))
  const listed = execFileSync('git', ['ls-tree', '--name-only', `${rev}:dist`], { cwd: ROOT })
  const files = jsFiles(listed.toString().split('\n').filter(Boolean))
  const git = (file: string) =>
    execFileSync('git', ['show', `${rev}:dist/${file}`], { cwd: ROOT, maxBuffer: 1 << 26 })
  for (const f of files) writeFileSync(join(out, f), git(f))
  const script = join(out, 'index.js')
  return { label: `dist at ${rev}`, script, bytes: files.map((f) => statSync(join(out, f)).size) }
}

const nodeAlone = join(dir, 'node-alone.mjs')
writeFileSync(
  nodeAlone,
  "import { request } from 'node:http'\n" +
    "request(process.env.AWS_ENDPOINT_URL, { method: 'POST', agent: false }, (r) => r.resume()).end('{}')\n"
)
const builtDir = dirname(BUNDLE)
const contenders: Contender[] = [
  {
    label: 'dist now',
    script: BUNDLE,
    bytes: jsFiles(readdirSync(builtDir)).map((f) => statSync(join(builtDir, f)).size)
  },
  ...(args.against ?? []).map(fromRevision),
  { label: 'Node alone (one HTTP request)', script: nodeAlone, bytes: [] }
]

interface Samples {
  startup: number[]
  cpu: number[]
  rss: number[]
}
const samples = new Map<Contender, Samples>(
  contenders.map((c) => [c, { startup: [], cpu: [], rss: [] }])
)

const node = node24()
const standin = await Standin.start({ latencyMs: 50 })
const inputs = {
  environment: 'dev',
  secrets: exampleSecretsInput(),
  'expected-account-id': STANDIN_ACCOUNT
}
async function measure(c: Contender, keep: boolean): Promise<void> {
  const sample = await runOnce(node, standin, inputs, 120_000, c.script, nodeArgs)
  if (sample.code !== 0) throw new Error(`${c.label} failed: ${sample.errors.join('; ')}`)
  const usage = /IMP_USAGE (\d+) ([\d.]+)/.exec(sample.stderr)
  if (!keep) return
  const s = samples.get(c) as Samples
  s.startup.push(sample.startupMs)
  s.rss.push(Number(usage?.[1]) / 1024)
  s.cpu.push(Number(usage?.[2]))
}
try {
  // Warm the file cache of each, then rotate the order on every round.
  for (const c of contenders) await measure(c, false)
  for (let i = 0; i < reps; i++)
    for (let j = 0; j < contenders.length; j++)
      await measure(contenders[(i + j) % contenders.length] as Contender, true)
} finally {
  await standin.stop()
  rmSync(dir, { recursive: true, force: true })
}

const now = median(samples.get(contenders[0] as Contender)?.startup ?? [])
const pad = (text: string, n: number) => text.padEnd(n)
const kb = (bytes: number[]) =>
  bytes.length
    ? `${bytes[0]}${bytes.length > 1 ? ` + chunks ${bytes.slice(1).join(' + ')}` : ''}`
    : '-'
console.log(
  `Start-up, spawn → first AWS call: median of ${reps} rotating runs each; CPU and max RSS of ` +
    `the whole run (an unchanged sync of 4 secrets, 50 ms per call). Node ${process.versions.node}.`
)
console.log(
  `${pad('', 32)}${pad('start-up ms', 13)}${pad('÷ now', 8)}${pad('now ÷', 8)}${pad('CPU ms', 9)}${pad('max RSS MiB', 13)}bytes`
)
for (const c of contenders) {
  const s = samples.get(c) as Samples
  const startup = median(s.startup)
  console.log(
    pad(c.label, 32) +
      pad(startup.toFixed(0), 13) +
      pad((startup / now).toFixed(2), 8) +
      pad((now / startup).toFixed(2), 8) +
      pad(median(s.cpu).toFixed(0), 9) +
      pad(median(s.rss).toFixed(1), 13) +
      kb(c.bytes)
  )
}
