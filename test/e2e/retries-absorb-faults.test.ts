/**
 * The fault matrix: for every API call position of a sync of the default catalogue (the account
 * check, each read, each write, each tag), each fault the stand-in can inject. The engine runs in-process with the
 * real AwsStore (real SDK, real HTTP) against its own stand-in per case, with short time-outs set
 * through AwsStoreOptions, the same configuration the action's inputs feed; the SDK's retry mode
 * and backoff (and the write pacer) are left as the action ships them. For every case: the run succeeds (the
 * retries absorbed the fault); every target holds exactly the desired JSON; no write made a
 * second version; a rerun writes nothing. A second table keeps a fault up past the last attempt:
 * the run then fails with a report naming the secret, and a rerun converges.
 * A few cases run the bundle to prove the inputs reach the SDK. Rollback's calls (DescribeSecret,
 * TagResource, UpdateSecretVersionStage) get the same treatment.
 */
import { describe, expect, test } from '@jest/globals'
import { Standin, type Fault, type FaultKind } from '../../standin/server.js'
import { runAction, runnerEnv } from '../../standin/runner.js'
import { AwsStore, type AwsStoreOptions } from '../../src/store/aws.js'
import { runEngine } from '../../src/engine/run.js'
import { DEFAULT_CATALOGUE } from '../../src/engine/catalogue/catalogue.js'
import type { Report } from '../../src/engine/model/report.js'
import { expectNothingLeaked } from './expect-no-leak.js'
import { ALL, CANARY, NAMES, SOURCES, secretsInput } from './fixtures.js'

process.env.AWS_ACCESS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE'
process.env.AWS_SECRET_ACCESS_KEY = 'test'
process.env.AWS_EC2_METADATA_DISABLED = 'true'

/** Short time-outs so a slow answer costs well under a second; attempts as the action ships. */
const FAST: Omit<AwsStoreOptions, 'region'> = { connectionTimeoutMs: 1_000, requestTimeoutMs: 400 }
/** Longer than FAST.requestTimeoutMs: the client gives up and retries. */
const SLOW_MS = 1_000

const FIELD: Record<string, string> = {
  [NAMES.api]: 'api_key',
  [NAMES.webhook]: 'webhook_secret',
  [NAMES.admin]: 'webhook_url',
  [NAMES.devops]: 'webhook_url'
}
const SOURCE_OF: Record<string, keyof typeof SOURCES> = {
  [NAMES.api]: 'STRIPE_SECRET_KEY_DEV',
  [NAMES.webhook]: 'STRIPE_WEBHOOK_SECRET_DEV',
  [NAMES.admin]: 'SLACK_WEBHOOK_ADMIN',
  [NAMES.devops]: 'SLACK_WEBHOOK_DEVOPS'
}
/** Every dev source changed: a sync of these updates all four secrets. */
const CHANGED: Record<string, string> = {
  ...SOURCES,
  STRIPE_SECRET_KEY_DEV: 'sk_test_CANARYrotatedKey0002',
  STRIPE_WEBHOOK_SECRET_DEV: 'whsec_CANARYrotatedHook2',
  SLACK_WEBHOOK_ADMIN: 'https://hooks.slack.com/services/T0CANARY/B0CANARY/adminCANARY02',
  SLACK_WEBHOOK_DEVOPS: 'https://hooks.slack.com/services/T0CANARY/B0CANARY/devopsCANARY2'
}
const documentOf = (sources: Record<string, string>, name: string) =>
  JSON.stringify({ [FIELD[name] as string]: sources[SOURCE_OF[name] as string] })

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function sync(
  standin: Standin,
  sources: Record<string, string>,
  options: Omit<AwsStoreOptions, 'region'> = FAST
): Promise<Report> {
  const store = new AwsStore({ region: 'eu-west-3', endpoint: standin.url, ...options })
  try {
    return await runEngine(store, {
      mode: 'sync',
      // As the README's workflow does: the account check adds sts:GetCallerIdentity to the calls.
      account: { expected: '123456789012' },
      environment: 'dev',
      catalogue: DEFAULT_CATALOGUE,
      prefix: 'impressionnistes',
      region: 'eu-west-3',
      sources: Object.fromEntries(Object.entries(sources).map(([k, v]) => [k.toLowerCase(), v])),
      display: (key) => key.toUpperCase(),
      mask: () => undefined,
      provenance: {
        environment: 'dev',
        runId: String(Math.floor(Math.random() * 1e9)),
        attempt: '1',
        repository: 'course-impressionnistes/registration',
        commit: 'a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2',
        runUrl: 'https://github.com/course-impressionnistes/registration/actions/runs/1'
      }
    })
  } finally {
    store.destroy()
  }
}

const writes = (standin: Standin) => {
  const c = standin.calls()
  return (c.CreateSecret ?? 0) + (c.PutSecretValue ?? 0) + (c.TagResource ?? 0)
}

/** AWSCURRENT of every target is exactly `sources`' document; the version count of each. */
function expectState(
  standin: Standin,
  sources: Record<string, string>,
  versions: number,
  previous?: Record<string, string>
) {
  for (const name of ALL) {
    const secret = standin.secret(name)
    expect(secret?.versions).toHaveLength(versions)
    const stage = (s: string) => secret?.versions.find((v) => v.stages.includes(s))?.secretString
    expect(stage('AWSCURRENT')).toBe(documentOf(sources, name))
    if (previous) expect(stage('AWSPREVIOUS')).toBe(documentOf(previous, name))
  }
}

type Scenario = 'new' | 'changed'
const READS = ['sts:GetCallerIdentity', 'DescribeSecret', 'BatchGetSecretValue']

/** What a fault-free sync of the scenario calls, per operation. */
const PLANNED: Record<Scenario, Record<string, number>> = {
  new: { 'sts:GetCallerIdentity': 1, DescribeSecret: 4, BatchGetSecretValue: 1, CreateSecret: 4 },
  changed: {
    'sts:GetCallerIdentity': 1,
    DescribeSecret: 4,
    BatchGetSecretValue: 1,
    PutSecretValue: 4,
    TagResource: 4
  }
}

interface Variant {
  label: string
  kind: FaultKind
  applyBeforeEffect?: boolean
}
const READ_FAULTS: Variant[] = [
  { label: 'ThrottlingException', kind: 'throttle' },
  { label: 'HTTP 500', kind: 'internal' },
  { label: 'HTTP 503', kind: 'unavailable' },
  { label: 'dropped connection', kind: 'drop' },
  { label: `answer slower than the request time-out`, kind: 'slow' }
]
const WRITE_FAULTS: Variant[] = [
  { label: 'ThrottlingException', kind: 'throttle' },
  { label: 'HTTP 500 before the write', kind: 'internal' },
  { label: 'HTTP 500 after the write', kind: 'internal', applyBeforeEffect: false },
  { label: 'HTTP 503 before the write', kind: 'unavailable' },
  { label: 'HTTP 503 after the write', kind: 'unavailable', applyBeforeEffect: false },
  { label: 'dropped connection before the write', kind: 'drop' },
  { label: 'dropped connection after the write', kind: 'drop', applyBeforeEffect: false },
  { label: 'slow answer, write made late', kind: 'slow' },
  { label: 'slow answer, write made at once', kind: 'slow', applyBeforeEffect: false }
]

interface Case {
  scenario: Scenario
  operation: string
  nth: number
  variant: Variant
}
const positions = (scenario: Scenario, operation: string, faults: Variant[]): Case[] =>
  Array.from({ length: PLANNED[scenario][operation] ?? 0 }, (_, i) => i + 1).flatMap((nth) =>
    faults.map((variant) => ({ scenario, operation, nth, variant }))
  )
const MATRIX: Case[] = [
  ...positions('new', 'sts:GetCallerIdentity', READ_FAULTS),
  ...(['new', 'changed'] as const).flatMap((scenario) => [
    ...positions(scenario, 'DescribeSecret', READ_FAULTS),
    ...positions(scenario, 'BatchGetSecretValue', READ_FAULTS)
  ]),
  ...positions('new', 'CreateSecret', WRITE_FAULTS),
  ...positions('changed', 'PutSecretValue', WRITE_FAULTS),
  ...positions('changed', 'TagResource', WRITE_FAULTS)
]
const row = (c: Case) => [
  `${c.scenario === 'new' ? 'all new' : 'all changed'}: ${c.operation} #${c.nth}, ${c.variant.label}`,
  c
]

/** A fresh stand-in, seeded with the old values when the scenario updates. */
async function prepared(scenario: Scenario): Promise<Standin> {
  const standin = await Standin.start()
  if (scenario === 'changed') {
    expect((await sync(standin, SOURCES)).ok).toBe(true)
    standin.resetCalls()
  }
  return standin
}

describe('one fault at each call position is absorbed by the retries', () => {
  test('the matrix covers every call of both syncs', () => {
    // The account check (once), 4 DescribeSecret + 1 BatchGetSecretValue in each scenario,
    // 4 CreateSecret, 4 PutSecretValue, 4 TagResource: 19 positions, 5 read faults and 9 write
    // faults each.
    expect(MATRIX).toHaveLength((1 + 2 * 5) * READ_FAULTS.length + 12 * WRITE_FAULTS.length)
  })

  test.concurrent.each(MATRIX.map(row))('%s', async (_label, c) => {
    const { scenario, operation, nth, variant } = c as Case
    const standin = await prepared(scenario)
    try {
      const fault: Fault = { operation, nth, kind: variant.kind, slowMs: SLOW_MS }
      if (variant.applyBeforeEffect !== undefined)
        fault.applyBeforeEffect = variant.applyBeforeEffect
      standin.addFault(fault)
      const desired = scenario === 'new' ? SOURCES : CHANGED
      const report = await sync(standin, desired)
      // A slow write made late may land after the run has moved on: let it land first.
      const late = variant.kind === 'slow' && variant.applyBeforeEffect !== false
      if (late && !READS.includes(operation)) await sleep(SLOW_MS + 200)

      expect(report.problems).toEqual([])
      expect(report.warnings).toEqual([])
      expect(report.ok).toBe(true)
      const done = scenario === 'new' ? 'created' : 'updated'
      expect(report.rows.map((r) => [r.name, r.action]).sort()).toEqual(
        ALL.map((name) => [name, done])
      )
      // The fault fired and the SDK tried again.
      const calls = standin.calls()
      expect(calls[operation]).toBeGreaterThan(PLANNED[scenario][operation] ?? 0)
      // Exactly the desired JSON everywhere; one version per write, however often it was sent.
      if (scenario === 'new') expectState(standin, desired, 1)
      else expectState(standin, desired, 2, SOURCES)
      for (const r of report.rows) {
        const current = standin
          .secret(r.name)
          ?.versions.find((v) => v.stages.includes('AWSCURRENT'))
        expect(r.versionId).toBe(current?.versionId)
      }

      standin.clearFaults()
      standin.resetCalls()
      const rerun = await sync(standin, desired)
      expect(rerun.ok).toBe(true)
      expect(rerun.rows.every((r) => r.action === 'unchanged')).toBe(true)
      expect(writes(standin)).toBe(0)
      if (scenario === 'new') expectState(standin, desired, 1)
      else expectState(standin, desired, 2, SOURCES)
    } finally {
      await standin.stop()
    }
  })
})

/** A rollback of the four secrets, as `mode: rollback` with `only` naming them all. */
async function rollBack(standin: Standin): Promise<Report> {
  const store = new AwsStore({ region: 'eu-west-3', endpoint: standin.url, ...FAST })
  try {
    return await runEngine(store, {
      mode: 'rollback',
      environment: 'dev',
      catalogue: DEFAULT_CATALOGUE,
      prefix: 'impressionnistes',
      region: 'eu-west-3',
      only: ALL.map((name) => name.slice('impressionnistes/'.length)),
      sources: {},
      mask: () => undefined,
      provenance: { environment: 'dev', runId: 'rollback', attempt: '1' }
    })
  } finally {
    store.destroy()
  }
}

const ROLLBACK_MATRIX: [string, string, number, Variant][] = [
  ...[1, 2, 3, 4].flatMap((nth) =>
    READ_FAULTS.map((v): [string, string, number, Variant] => [
      `DescribeSecret #${nth}, ${v.label}`,
      'DescribeSecret',
      nth,
      v
    ])
  ),
  ...(['TagResource', 'UpdateSecretVersionStage'] as const).flatMap((operation) =>
    [1, 2, 3, 4].flatMap((nth) =>
      WRITE_FAULTS.map((v): [string, string, number, Variant] => [
        `${operation} #${nth}, ${v.label}`,
        operation,
        nth,
        v
      ])
    )
  )
]

describe('rollback: one fault at each call position is absorbed, and a rerun moves nothing', () => {
  test.concurrent.each(ROLLBACK_MATRIX)('%s', async (_label, operation, nth, variant) => {
    const standin = await prepared('changed')
    try {
      expect((await sync(standin, CHANGED)).ok).toBe(true)
      standin.resetCalls()
      const fault: Fault = { operation, nth, kind: variant.kind, slowMs: SLOW_MS }
      if (variant.applyBeforeEffect !== undefined)
        fault.applyBeforeEffect = variant.applyBeforeEffect
      standin.addFault(fault)
      const report = await rollBack(standin)
      if (variant.kind === 'slow' && operation !== 'DescribeSecret') await sleep(SLOW_MS + 200)
      expect(report.problems).toEqual([])
      expect(report.ok).toBe(true)
      expect(report.rows.map((r) => r.action)).toEqual(ALL.map(() => 'rolled-back'))
      expect(standin.calls()[operation]).toBeGreaterThan(4)
      // Back on the first values, with no version added; the rotated ones are AWSPREVIOUS.
      expectState(standin, SOURCES, 2, CHANGED)

      standin.clearFaults()
      const again = await rollBack(standin)
      expect(again.ok).toBe(true)
      expect(again.rows.map((r) => r.action)).toEqual(ALL.map(() => 'unchanged'))
      expectState(standin, SOURCES, 2, CHANGED)
    } finally {
      await standin.stop()
    }
  })
})

interface Persistent {
  label: string
  scenario: Scenario
  fault: Fault
  /** A piece of the problem (or warning) the run must report. */
  says: string
  /** Whether the target's value was nevertheless written (a lost answer). */
  written: boolean
}
/**
 * Two attempts, every one faulted (the four secrets' calls run at once, so a fault that outlasts
 * the attempts of one secret outlasts those of all four): the run reports each failure, naming
 * the secret, and a rerun converges.
 */
const PERSISTENT: Persistent[] = [
  {
    label: 'CreateSecret throttled on every attempt',
    scenario: 'new',
    fault: { operation: 'CreateSecret', nth: 1, times: 8, kind: 'throttle' },
    says: 'AWS kept throttling secretsmanager:CreateSecret on impressionnistes/',
    written: false
  },
  {
    label: 'PutSecretValue answered 500 on every attempt',
    scenario: 'changed',
    fault: { operation: 'PutSecretValue', nth: 1, times: 8, kind: 'internal' },
    says: 'secretsmanager:PutSecretValue on impressionnistes/',
    written: false
  },
  {
    label: 'PutSecretValue written, but every answer lost',
    scenario: 'changed',
    fault: {
      operation: 'PutSecretValue',
      nth: 1,
      times: 8,
      kind: 'drop',
      applyBeforeEffect: false
    },
    says: 'did not get an answer from AWS (network error or time-out) after every retry; rerun.',
    written: true
  },
  {
    label: 'CreateSecret slower than the time-out on every attempt',
    scenario: 'new',
    fault: { operation: 'CreateSecret', nth: 1, times: 8, kind: 'slow', slowMs: SLOW_MS },
    says: 'secretsmanager:CreateSecret on impressionnistes/',
    written: true
  },
  {
    label: 'DescribeSecret answered 503 on every attempt',
    scenario: 'changed',
    fault: { operation: 'DescribeSecret', nth: 1, times: 8, kind: 'unavailable' },
    says: 'secretsmanager:DescribeSecret on impressionnistes/',
    written: false
  },
  {
    label: 'BatchGetSecretValue dropped on every attempt',
    scenario: 'new',
    fault: { operation: 'BatchGetSecretValue', nth: 1, times: 2, kind: 'drop' },
    says: 'secretsmanager:BatchGetSecretValue did not get an answer from AWS',
    written: false
  },
  {
    label: 'TagResource throttled on every attempt',
    scenario: 'changed',
    fault: { operation: 'TagResource', nth: 1, times: 8, kind: 'throttle' },
    says: 'was written, but its tags were not refreshed: AWS kept throttling secretsmanager:TagResource',
    written: true
  }
]

describe('a fault that outlasts every attempt is reported per secret, and a rerun converges', () => {
  test.concurrent.each(PERSISTENT.map((p) => [p.label, p]))('%s', async (_label, p) => {
    const { scenario, fault, says, written } = p as Persistent
    const standin = await prepared(scenario)
    try {
      standin.addFault(fault)
      const desired = scenario === 'new' ? SOURCES : CHANGED
      const report = await sync(standin, desired, { ...FAST, maxAttempts: 2 })
      if (fault.kind === 'slow') await sleep(SLOW_MS + 200)
      const isRead = READS.includes(fault.operation ?? '')
      const isTag = fault.operation === 'TagResource'
      const said = [...report.problems, ...report.warnings].map((x) => x.message).join('\n')
      expect(said).toContain(says)
      expect(said).not.toContain(CANARY)
      if (isTag) {
        // The values are in place; only the provenance tags are stale, and each secret says so.
        expect(report.ok).toBe(true)
        expect(report.warnings.map((w) => w.target).sort()).toEqual(ALL)
        for (const w of report.warnings) expect(w.message).toContain(`${w.target} was written`)
        expectState(standin, desired, 2, SOURCES)
      } else if (isRead) {
        expect(report.ok).toBe(false)
        expect(report.stage).toBe('read')
        expect(writes(standin)).toBe(0)
      } else {
        // Every secret failed, each named in its own problem and row.
        expect(report.ok).toBe(false)
        expect(report.stage).toBe('apply')
        expect(report.rows.map((r) => [r.name, r.action]).sort()).toEqual(
          ALL.map((name) => [name, 'failed'])
        )
        for (const r of report.rows) expect(r.error).toContain(r.name)
        expect(report.problems.map((x) => x.target).sort()).toEqual(ALL)
        for (const name of ALL) {
          const held = standin.secret(name)
          const current = held?.versions.find((v) => v.stages.includes('AWSCURRENT'))
          if (written) {
            // What was written is the whole desired document, once.
            expect(held?.versions).toHaveLength(scenario === 'new' ? 1 : 2)
            expect(current?.secretString).toBe(documentOf(desired, name))
          } else if (scenario === 'new') {
            expect(held).toBeUndefined()
          } else {
            expect(held?.versions).toHaveLength(1)
            expect(current?.secretString).toBe(documentOf(SOURCES, name))
          }
        }
      }

      standin.clearFaults()
      const rerun = await sync(standin, desired)
      expect(rerun.ok).toBe(true)
      expect(rerun.problems).toEqual([])
      if (scenario === 'new') expectState(standin, desired, 1)
      else expectState(standin, desired, 2, SOURCES)
      standin.resetCalls()
      const third = await sync(standin, desired)
      expect(third.ok).toBe(true)
      expect(writes(standin)).toBe(0)
    } finally {
      await standin.stop()
    }
  })
})

describe('the bundle hands its retry and time-out inputs to the SDK', () => {
  const act = async (standin: Standin, inputs: Record<string, string>, secrets = secretsInput()) =>
    runAction({ environment: 'dev', secrets, ...inputs }, runnerEnv(standin.url))

  test.concurrent(
    'request-timeout: a slow CreateSecret is cut short and retried with the same token',
    async () => {
      const standin = await Standin.start()
      try {
        standin.addFault({ operation: 'CreateSecret', kind: 'slow', slowMs: 4_000 })
        const started = performance.now()
        const run = await act(standin, { 'request-timeout': '0.5' })
        const took = performance.now() - started
        expect(run.code).toBe(0)
        // With the default (20 s) the one call would have waited the whole 4 s and succeeded.
        expect(standin.calls().CreateSecret).toBe(5)
        expect(took).toBeLessThan(4_000)
        await sleep(4_200)
        expectState(standin, SOURCES, 1)
        expectNothingLeaked(run, CANARY)
      } finally {
        await standin.stop()
      }
    }
  )

  test.concurrent(
    'max-attempts: 1 turns a single HTTP 500 into a failure; the default absorbs it',
    async () => {
      const standin = await Standin.start()
      try {
        standin.addFault({ operation: 'CreateSecret', kind: 'internal' })
        const once = await act(standin, { 'max-attempts': '1' })
        expect(once.code).toBe(1)
        expect(standin.calls().CreateSecret).toBe(4)
        const result = JSON.parse(once.outputs.result ?? '[]') as { action: string }[]
        expect(result.filter((r) => r.action === 'failed')).toHaveLength(1)
        expect(once.errors.join('\n')).toContain('secretsmanager:CreateSecret on impressionnistes/')
        expectNothingLeaked(once, CANARY)

        standin.reset()
        standin.resetCalls()
        standin.addFault({ operation: 'CreateSecret', kind: 'internal' })
        const retried = await act(standin, {})
        expect(retried.code).toBe(0)
        expect(standin.calls().CreateSecret).toBe(5)
        expectState(standin, SOURCES, 1)
      } finally {
        await standin.stop()
      }
    }
  )

  test.concurrent('bad retry or time-out inputs stop the run before any AWS call', async () => {
    const standin = await Standin.start()
    try {
      const run = await act(standin, {
        'max-attempts': '0',
        'connect-timeout': 'ten',
        'request-timeout': '301'
      })
      expect(run.code).toBe(1)
      const errors = run.errors.join('\n')
      expect(errors).toContain('Input "max-attempts" must be a whole number from 1 to 10; got "0"')
      expect(errors).toContain(
        'Input "connect-timeout" must be a number of seconds from 0.1 to 60; got "ten"'
      )
      expect(errors).toContain(
        'Input "request-timeout" must be a number of seconds from 0.1 to 300; got "301"'
      )
      expect(standin.calls()).toEqual({})
      expectNothingLeaked(run, CANARY)
    } finally {
      await standin.stop()
    }
  })
})
