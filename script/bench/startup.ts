/**
 * `npm run bench:startup [-- --against REV] [-- --reps N]`: start-up (spawn → first AWS call) of
 * the committed dist/index.js against the bundle of another revision (default: the previous
 * commit), on the same machine in the same run, alternating the two so that the noise of a shared
 * machine falls on both alike. Prints each one's median and their ratio; sizes too.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { BUNDLE, exampleSecretsInput, ROOT, node24 } from '../../standin/runner.js'
import { Standin } from '../../standin/server.js'
import { median, runOnce, STANDIN_ACCOUNT } from './measure.js'

const { values: args } = parseArgs({
  options: {
    against: { type: 'string', default: 'HEAD~1' },
    reps: { type: 'string', default: '15' }
  }
})
const reps = Math.max(3, Number(args.reps))
const dir = mkdtempSync(join(tmpdir(), 'imp-startup-'))
const baseline = join(dir, 'index.js')
// The baseline is a bundle of its own: its licences and chunks are not needed to run it.
writeFileSync(
  baseline,
  execFileSync('git', ['show', `${args.against}:dist/index.js`], { cwd: ROOT, maxBuffer: 1 << 26 })
)
// A package.json saying "module", as beside dist/index.js.
writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }))

const node = node24()
const standin = await Standin.start({ latencyMs: 50 })
const inputs = {
  environment: 'dev',
  secrets: exampleSecretsInput(),
  'expected-account-id': STANDIN_ACCOUNT
}
const startup: Record<'now' | 'baseline', number[]> = { now: [], baseline: [] }
try {
  // Warm the file cache of both, then alternate.
  await runOnce(node, standin, inputs, 120_000, BUNDLE)
  await runOnce(node, standin, inputs, 120_000, baseline)
  for (let i = 0; i < reps; i++) {
    for (const [which, bundle] of i % 2
      ? ([
          ['baseline', baseline],
          ['now', BUNDLE]
        ] as const)
      : ([
          ['now', BUNDLE],
          ['baseline', baseline]
        ] as const)) {
      const sample = await runOnce(node, standin, inputs, 120_000, bundle)
      if (sample.code !== 0) throw new Error(`${which} run failed: ${sample.errors.join('; ')}`)
      startup[which].push(sample.startupMs)
    }
  }
} finally {
  await standin.stop()
  rmSync(dir, { recursive: true, force: true })
}
const now = median(startup.now)
const before = median(startup.baseline)
const size = (path: string) => statSync(path).size
console.log(
  [
    `start-up, spawn → first AWS call, median of ${reps} alternating runs each (Node ${process.versions.node} harness):`,
    `  dist/index.js now:        ${now.toFixed(0)} ms   (${size(BUNDLE)} bytes)`,
    `  dist/index.js at ${args.against}: ${before.toFixed(0)} ms`,
    `  ratio now / ${args.against}: ${(now / before).toFixed(2)}`
  ].join('\n')
)
