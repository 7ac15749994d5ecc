/**
 * `npm run bench [-- --reps N] [-- --quota-reps N] [-- --write]`: how many API calls and
 * sequential round trips a sync costs, and how close its wall time comes to the floor, against the
 * Secrets Manager stand-in answering every call after LATENCY_MS. `--only 4-one,4-consumers` runs
 * some scenarios (not with --write); `--lambda-update-ms N` sets how long the stand-in takes to
 * apply a Lambda configuration update (default 1000). Runs the committed
 * dist/index.js on Node 24 as a runner does. Prints a Markdown table; --write also puts it into
 * docs/benchmarks.md (between the bench:begin and bench:end markers). See docs/benchmarks.md for what each
 * figure means.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { gzipSync } from 'node:zlib'
import * as prettier from 'prettier'
import { BUNDLE, exampleSecretsInput, ROOT, node24 } from '../standin/runner.js'
import { ProviderStandin } from '../standin/providers.js'
import { Standin } from '../standin/server.js'
import {
  CONCURRENCY,
  floorDepth,
  median,
  runOnce,
  STANDIN_ACCOUNT,
  type Sample
} from './bench/measure.js'

const LATENCY_MS = 50
/** Secrets Manager's write quotas (AWS "Secrets Manager quotas" page): 50 requests a second. */
const WRITE_QUOTA_PER_SECOND = 50
const GOAL = 1.2
const PREFIX = 'impressionnistes'
/**
 * How long the stand-in takes to apply a Lambda configuration update (LastUpdateStatus InProgress,
 * then Successful), by default 1 s: an assumption, AWS documents no figure except "a minute" for
 * a function in a VPC. The refresh polls once a second (src/store/lambda.ts).
 */
const DEFAULT_LAMBDA_UPDATE_MS = 1_000
const CONSUMERS = ['registration-payment', 'registration-refund']

const { values: args } = parseArgs({
  options: {
    reps: { type: 'string', default: '5' },
    'quota-reps': { type: 'string', default: '3' },
    /** Only these scenarios (ids, comma-separated), e.g. 4-one,4-consumers. */
    only: { type: 'string' },
    'lambda-update-ms': { type: 'string', default: String(DEFAULT_LAMBDA_UPDATE_MS) },
    write: { type: 'boolean', default: false }
  }
})
const reps = Math.max(1, Number(args.reps))
const quotaReps = Math.max(1, Number(args['quota-reps']))
const only = args.only?.split(',').map((id) => id.trim())
const LAMBDA_UPDATE_MS = Math.max(0, Number(args['lambda-update-ms']))
if (only && args.write) throw new Error('--write writes the whole table: run every scenario')
const benchStarted = performance.now()
/** The machine is shared: say how busy it was. */
const loadAtStart = loadavg()[0] ?? NaN

interface Expect {
  created: number
  updated: number
  unchanged: number
  /** Lambda functions refreshed (the consumers input). */
  refreshed?: number
}

interface Scenario {
  label: string
  n: number
  expect: Expect
  /** the write quota is enforced (500 new only) */
  quota?: boolean
  samples: Sample[]
}

const scenarios = new Map<string, Scenario>()
function scenario(id: string, label: string, n: number, expect: Expect, quota = false): Scenario {
  const s: Scenario = { label, n, expect, samples: [], ...(quota ? { quota } : {}) }
  if (!only || only.includes(id)) scenarios.set(id, s)
  return s
}
const wanted = (s: Scenario) => [...scenarios.values()].includes(s)

const small = {
  fresh: scenario('4-new', '4 secrets, all new', 4, { created: 4, updated: 0, unchanged: 0 }),
  same: scenario('4-same', '4 secrets, unchanged', 4, { created: 0, updated: 0, unchanged: 4 }),
  one: scenario('4-one', '4 secrets, 1 changed', 4, { created: 0, updated: 1, unchanged: 3 }),
  probed: scenario('4-probed', '4 secrets, 1 changed, probed', 4, {
    created: 0,
    updated: 1,
    unchanged: 3
  }),
  consumers: scenario(
    '4-consumers',
    `4 secrets, 1 changed, ${CONSUMERS.length} consumers refreshed`,
    4,
    { created: 0, updated: 1, unchanged: 3, refreshed: CONSUMERS.length }
  )
}
const large = [100, 500].map((n) => ({
  n,
  fresh: scenario(`${n}-new`, `${n} secrets, all new`, n, { created: n, updated: 0, unchanged: 0 }),
  same: scenario(`${n}-same`, `${n} secrets, unchanged`, n, {
    created: 0,
    updated: 0,
    unchanged: n
  })
}))
const QUOTA_N = 500
const quota = scenario(
  'quota',
  `${QUOTA_N} secrets, all new, write quota ${WRITE_QUOTA_PER_SECOND}/s`,
  QUOTA_N,
  { created: QUOTA_N, updated: 0, unchanged: 0 },
  true
)

/** A catalogue of n secrets (environment dev, one field each, any non-empty value) and its sources. */
function generated(n: number, dir: string) {
  const ids = Array.from({ length: n }, (_, i) => String(i + 1).padStart(4, '0'))
  const catalogue = {
    environments: ['dev'],
    secrets: ids.map((id) => ({
      target: `bench/secret-${id}`,
      field: 'value',
      description: `Generated secret ${id} of the benchmark catalogue`,
      source: `bench_secret_${id}`,
      rule: 'non-empty'
    }))
  }
  const path = join(dir, `catalogue-${n}.json`)
  writeFileSync(path, JSON.stringify(catalogue, null, 2))
  const sources = Object.fromEntries(
    ids.map((id) => [`BENCH_SECRET_${id}`, `bench-value-${id}-${'x'.repeat(24)}`])
  )
  return {
    path,
    secrets: JSON.stringify(sources, null, 2),
    names: ids.map((id) => `${PREFIX}/bench/secret-${id}`)
  }
}

const count = (json: string | undefined) => (JSON.parse(json ?? '[]') as unknown[]).length

/** A benchmark of a run that did not do what the scenario says is worthless: stop. */
function check(s: Scenario, sample: Sample): void {
  const got = {
    created: count(sample.outputs.created),
    updated: count(sample.outputs.updated),
    unchanged: count(sample.outputs.unchanged)
  }
  const failed = (JSON.parse(sample.outputs.result ?? '[]') as { action: string }[]).filter(
    (r) => r.action === 'failed'
  ).length
  const refreshed = (JSON.parse(sample.outputs.refreshed ?? '[]') as { result: string }[]).filter(
    (r) => r.result === 'refreshed'
  ).length
  if (
    sample.code !== 0 ||
    refreshed !== (s.expect.refreshed ?? 0) ||
    sample.errors.length > 0 ||
    failed > 0 ||
    got.created !== s.expect.created ||
    got.updated !== s.expect.updated ||
    got.unchanged !== s.expect.unchanged
  ) {
    throw new Error(
      `"${s.label}" did not run as expected: exit ${sample.code}, ${failed} failed, ` +
        `${refreshed} refreshed, got ${JSON.stringify(got)}, expected ${JSON.stringify(s.expect)}\n` +
        `${sample.errors.slice(0, 5).join('\n')}\n${sample.stderr.slice(-2000)}`
    )
  }
}

const node = node24()
const nodeVersion = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim()
const work = mkdtempSync(join(tmpdir(), 'imp-bench-cat-'))
const standin = await Standin.start({ latencyMs: LATENCY_MS })
const limited = await Standin.start({
  latencyMs: LATENCY_MS,
  writeRatePerSecond: WRITE_QUOTA_PER_SECOND
})
const providers = await ProviderStandin.start({ latencyMs: LATENCY_MS })
const progress = (text: string) => process.stderr.write(`${text}\n`)

async function measure(
  s: Scenario,
  on: Standin,
  inputs: Record<string, string>,
  env: Record<string, string> = {}
): Promise<void> {
  if (!wanted(s)) return
  const sample = await runOnce(
    node,
    on,
    { environment: 'dev', 'expected-account-id': STANDIN_ACCOUNT, ...inputs },
    120_000,
    undefined,
    [],
    env
  )
  check(s, sample)
  s.samples.push(sample)
  progress(
    `  ${s.label}: ${Math.round(sample.wallMs)} ms, start-up ${Math.round(sample.startupMs)} ms, ` +
      `depth ${sample.depth}, throttled ${sample.throttled}`
  )
}

try {
  const catalogues = new Map(large.map(({ n }) => [n, generated(n, work)]))
  for (let rep = 1; rep <= reps; rep++) {
    progress(`repetition ${rep} of ${reps}`)
    standin.reset()
    standin.setLambdaUpdateMs(LAMBDA_UPDATE_MS)
    for (const name of CONSUMERS)
      standin.putFunction({ name, variables: { TABLE: 'registrations', STAGE: 'dev' } })
    // Each scenario starts where the previous one left the account: the first one sets it up.
    await measure(small.fresh, standin, { secrets: exampleSecretsInput() })
    if (!wanted(small.fresh))
      await runOnce(node, standin, { environment: 'dev', secrets: exampleSecretsInput() })
    await measure(small.same, standin, { secrets: exampleSecretsInput() })
    const slack = {
      SLACK_WEBHOOK_ADMIN: `https://hooks.slack.com/services/T0BENCH/B0BENCH/changed${rep}x`
    }
    await measure(small.one, standin, { secrets: exampleSecretsInput(slack) })
    // The same change with the probes on: the new hook asked at Slack (a stand-in as far away
    // as AWS), once, after the reads and before the write.
    const hook = `https://hooks.slack.com/services/T00000000/B0BENCH/probed${rep}x`
    providers.seedHook(hook, { state: 'alive' })
    await measure(
      small.probed,
      standin,
      {
        secrets: exampleSecretsInput({
          ...(wanted(small.one) ? slack : {}),
          SLACK_WEBHOOK_ADMIN: hook
        }),
        probe: 'on'
      },
      providers.env
    )
    // A rotated Stripe key, read by two Lambdas: both refreshed (one update each, then a wait).
    await measure(small.consumers, standin, {
      secrets: exampleSecretsInput({
        ...(wanted(small.one) ? slack : {}),
        ...(wanted(small.probed) ? { SLACK_WEBHOOK_ADMIN: hook } : {}),
        STRIPE_SECRET_KEY_DEV: `sk_test_BENCHrotated${rep}xxxxxxxxxxxx`
      }),
      consumers: `stripe/api_key: ${CONSUMERS.join(', ')}`
    })
    for (const { n, fresh, same } of large) {
      if (!wanted(fresh) && !wanted(same)) continue
      const cat = catalogues.get(n)
      if (!cat) throw new Error(`no catalogue for ${n}`)
      standin.reset()
      await measure(fresh, standin, { secrets: cat.secrets, catalogue: cat.path })
      await measure(same, standin, { secrets: cat.secrets, catalogue: cat.path })
    }
  }
  const cat = generated(QUOTA_N, work)
  for (let rep = 1; rep <= (wanted(quota) ? quotaReps : 0); rep++) {
    progress(`write quota, repetition ${rep} of ${quotaReps}`)
    limited.reset()
    // Start with a full bucket (a quiet account), whatever the previous repetition left.
    await new Promise((r) => setTimeout(r, 1_100))
    await measure(quota, limited, { secrets: cat.secrets, catalogue: cat.path })
    // Every secret written once: no lost write, no version created twice by a retry.
    const wrong = cat.names.filter((name) => limited.secret(name)?.versions.length !== 1)
    if (wrong.length)
      throw new Error(`quota run: ${wrong.length} secrets without exactly 1 version`)
  }
} finally {
  await standin.stop()
  await limited.stop()
  await providers.stop()
  rmSync(work, { recursive: true, force: true })
}

// ---- the table -------------------------------------------------------------------------------

const SHORT: Record<string, string> = {
  DescribeSecret: 'Describe',
  BatchGetSecretValue: 'BatchGet',
  CreateSecret: 'Create',
  PutSecretValue: 'Put',
  TagResource: 'Tag',
  'sts:GetCallerIdentity': 'STS',
  'lambda:GetFunctionConfiguration': 'Lambda Get',
  'lambda:UpdateFunctionConfiguration': 'Lambda Update'
}
const ms = (x: number) => (Number.isFinite(x) ? `${Math.round(x)}` : '—')
const callsText = (calls: Record<string, number>) =>
  Object.entries(calls)
    .map(([op, k]) => `${SHORT[op] ?? op} ${k}`)
    .join(', ')
const total = (calls: Record<string, number>) => Object.values(calls).reduce((a, b) => a + b, 0)
/** Calls of the median-wall sample (they are the same in every repetition unless throttled). */
const typical = (s: Scenario): Sample => {
  const sorted = [...s.samples].sort((a, b) => a.wallMs - b.wallMs)
  return sorted[Math.floor((sorted.length - 1) / 2)] as Sample
}

interface Row {
  scenario: Scenario
  floorDepth: number
  floorMs: number
  ratio: number
}

/**
 * The refresh after the writes: read each consumer, update it (functions in parallel), then the
 * update takes LAMBDA_UPDATE_MS and one more read sees it finished. Nothing faster can know.
 */
const REFRESH_DEPTH = 3

/** The probes: one round trip, all side by side, between the reads and the writes. */
const PROBE_DEPTH = 1

function rowOf(s: Scenario): Row {
  const refresh = s.expect.refreshed ? REFRESH_DEPTH : 0
  const probe = s === small.probed ? PROBE_DEPTH : 0
  const depth = floorDepth(s.n, s.expect.created, s.expect.updated) + refresh + probe
  const waitMs = refresh ? LAMBDA_UPDATE_MS : 0
  if (!s.quota) {
    const floor = (x: Sample) => x.startupMs + depth * LATENCY_MS + waitMs
    return {
      scenario: s,
      floorDepth: depth,
      floorMs: median(s.samples.map(floor)),
      ratio: median(s.samples.map((x) => x.wallMs / floor(x)))
    }
  }
  // Under the quota the writes cannot go faster than the quota, whatever the concurrency: the
  // bucket's burst (as many as the quota, like the stand-in's bucket) goes at once, the rest at
  // the quota's pace, and the last write still takes its round trip.
  const readDepth = floorDepth(s.n, 0, 0)
  const paced = Math.max(0, s.expect.created - WRITE_QUOTA_PER_SECOND)
  const writeMs = (paced / WRITE_QUOTA_PER_SECOND) * 1000 + LATENCY_MS
  const floors = s.samples.map((x) => x.startupMs + readDepth * LATENCY_MS + writeMs)
  return {
    scenario: s,
    floorDepth: depth,
    floorMs: median(floors),
    ratio: median(s.samples.map((x, i) => x.wallMs / (floors[i] as number)))
  }
}

const rows = [...scenarios.values()].map(rowOf)
const header =
  '| Scenario | API calls | Depth (measured / floor) | Start-up ms | Calls span ms | Wall ms | Floor ms | Wall / floor | Throttled |\n' +
  '|---|---|---|---:|---:|---:|---:|---:|---:|'
const lines = rows.map(({ scenario: s, floorDepth: fd, floorMs, ratio }) => {
  const t = typical(s)
  // Under the quota the floor is the reads' round trips plus the writes at the quota's pace.
  const floorText = s.quota
    ? `${floorDepth(s.n, 0, 0)} + (${s.expect.created} − ${WRITE_QUOTA_PER_SECOND} burst) writes ÷ ${WRITE_QUOTA_PER_SECOND}/s + 1`
    : s.expect.refreshed
      ? `${fd} + ${LAMBDA_UPDATE_MS} ms update`
      : `${fd}`
  const ok = ratio <= GOAL ? '✅' : '❌'
  return (
    `| ${s.label} | ${total(t.calls)}: ${callsText(t.calls)} | ${median(s.samples.map((x) => x.depth))} / ${floorText} ` +
    `| ${ms(median(s.samples.map((x) => x.startupMs)))} | ${ms(median(s.samples.map((x) => x.spanMs)))} ` +
    `| ${ms(median(s.samples.map((x) => x.wallMs)))} ` +
    `| ${ms(floorMs)} | ${ratio.toFixed(2)} ${ok} | ${median(s.samples.map((x) => x.throttled))} |`
  )
})

const startups = [small.fresh, small.same, small.one, small.consumers].flatMap((s) =>
  s.samples.map((x) => x.startupMs)
)
const bundle = readFileSync(BUNDLE)
const gzip = gzipSync(bundle, { level: 9 }).length
const cpu = cpus()
const seconds = (performance.now() - benchStarted) / 1000
const table = [
  `Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}; ` +
    `action on Node ${nodeVersion.replace(/^v/, '')}, bench on Node ${process.versions.node}; ` +
    `stand-in latency ${LATENCY_MS} ms a call, ${LAMBDA_UPDATE_MS} ms to apply a Lambda update; concurrency ${CONCURRENCY}; ` +
    `median of ${reps} repetition(s), ${quotaReps} for the quota run; bench took ${seconds.toFixed(0)} s; ` +
    `load average (1 min) ${loadAtStart.toFixed(2)} at the start, ${(loadavg()[0] ?? NaN).toFixed(2)} at the end.`,
  '',
  header,
  ...lines,
  '',
  `- Bundle: dist/index.js ${statSync(BUNDLE).size.toLocaleString('en')} bytes, ` +
    `${gzip.toLocaleString('en')} gzipped (level 9).`,
  `- Cold start (spawn → first API call), ${startups.length} runs of the 4-secret scenarios: median ` +
    `${ms(median(startups))} ms (min ${ms(Math.min(...startups))}, max ${ms(Math.max(...startups))}).`,
  ...(wanted(quota)
    ? [
        `- Write quota run (the median one): successful writes in each second from the first write: ` +
          `${typical(quota).writesPerSecond.join(', ')}.`
      ]
    : []),
  `- Tail (last answer → process exit), median over all runs: ` +
    `${ms(median([...scenarios.values()].flatMap((s) => s.samples.map((x) => x.tailMs))))} ms.`
].join('\n')

console.log(table)
const missed = rows.filter((r) => !(r.ratio <= GOAL))
console.log(
  missed.length
    ? `\nMissed the ${GOAL}× goal: ${missed.map((r) => r.scenario.label).join('; ')}.`
    : `\nEvery scenario within ${GOAL}× of its floor.`
)

if (args.write) {
  const path = join(ROOT, 'docs/benchmarks.md')
  const doc = readFileSync(path, 'utf8')
  const begin = '<!-- bench:begin -->'
  const end = '<!-- bench:end -->'
  const from = doc.indexOf(begin)
  const to = doc.indexOf(end)
  if (from < 0 || to < from) throw new Error(`docs/benchmarks.md has no ${begin} … ${end} section`)
  const updated = `${doc.slice(0, from + begin.length)}\n${table}\n${doc.slice(to)}`
  // Formatted as `npm run lint` expects it (prettier --check).
  const options = (await prettier.resolveConfig(path)) ?? {}
  writeFileSync(path, await prettier.format(updated, { ...options, filepath: path }))
  console.log(`\nWrote the table into ${path}.`)
}
