/**
 * Two runs for the same environment at once (the workflow's concurrency group aside): both end
 * in the desired state, neither reports a false failure, and no write is lost. In-process runs
 * (the real AwsStore, real HTTP) against a stand-in with latency, so both runs read before either
 * writes; then two `dist/index.js` processes started together.
 */
import { describe, expect, test } from '@jest/globals'
import { CreateSecretCommand } from '@aws-sdk/client-secrets-manager'
import { Standin } from '../../standin/server.js'
import { client } from './harness.js'
import { runAction, runnerEnv } from '../../standin/runner.js'
import { AwsStore } from '../../src/store/aws.js'
import { runEngine } from '../../src/engine/run.js'
import { DEFAULT_CATALOGUE } from '../../src/engine/catalogue/catalogue.js'
import type { Report } from '../../src/engine/model/report.js'
import type { CreateRequest, SecretStore } from '../../src/engine/model/ports/secret-store.js'
import { expectNothingLeaked } from './expect-no-leak.js'
import { ALL, CANARY, NAMES, SOURCES, secretsInput } from './fixtures.js'

process.env.AWS_ACCESS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE'
process.env.AWS_SECRET_ACCESS_KEY = 'test'
process.env.AWS_EC2_METADATA_DISABLED = 'true'

const ROTATED = 'sk_test_CANARYraceRotated001'
const docOf = (key: string) => JSON.stringify({ api_key: key })

function request(sources: Record<string, string>, runId: string, expectedAccountId?: string) {
  return {
    ...(expectedAccountId ? { account: { expected: expectedAccountId } } : {}),
    mode: 'sync' as const,
    environment: 'dev',
    catalogue: DEFAULT_CATALOGUE,
    prefix: 'impressionnistes',
    region: 'eu-west-3',
    sources: Object.fromEntries(Object.entries(sources).map(([k, v]) => [k.toLowerCase(), v])),
    display: (key: string) => key.toUpperCase(),
    mask: () => undefined,
    provenance: {
      environment: 'dev',
      runId,
      attempt: '1',
      commit: 'a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2',
      runUrl: `https://github.com/course-impressionnistes/registration/actions/runs/${runId}`
    }
  }
}

async function sync(
  standin: Standin,
  sources: Record<string, string>,
  runId: string,
  wrap: (store: SecretStore) => SecretStore = (s) => s,
  expectedAccountId?: string
): Promise<Report> {
  const store = new AwsStore({ region: 'eu-west-3', endpoint: standin.url })
  try {
    return await runEngine(wrap(store), request(sources, runId, expectedAccountId))
  } finally {
    store.destroy()
  }
}

const actions = (report: Report) =>
  Object.fromEntries(report.rows.map((r) => [r.name, r.action])) as Record<string, string>
const current = (standin: Standin, name: string) =>
  standin.secret(name)?.versions.find((v) => v.stages.includes('AWSCURRENT'))
const stage = (standin: Standin, name: string, label: string) =>
  standin.secret(name)?.versions.find((v) => v.stages.includes(label))?.secretString

/** A store whose CreateSecret first lets someone else create the same secret. */
function beatenTo(store: SecretStore, first: (name: string) => Promise<void>): SecretStore {
  return {
    describe: (names) => store.describe(names),
    currentValues: (names) => store.currentValues(names),
    create: async (r: CreateRequest) => {
      await first(r.name)
      return store.create(r)
    },
    put: (r) => store.put(r),
    tag: (name, tags) => store.tag(name, tags),
    callerIdentity: () => store.callerIdentity(),
    list: (prefix) => store.list(prefix),
    versionHistory: (name) => store.versionHistory(name),
    currentVersions: (names) => store.currentVersions(names),
    moveCurrent: (name, to, from) => store.moveCurrent(name, to, from),
    versionValue: (name, id) => store.versionValue(name, id)
  }
}

describe('two in-process runs racing', () => {
  test('both create the same new secrets: one creates each, the other finds it done', async () => {
    const standin = await Standin.start({ latencyMs: 150 })
    try {
      const [a, b] = await Promise.all([
        sync(standin, SOURCES, 'race-a'),
        sync(standin, SOURCES, 'race-b')
      ])
      // Both read before either wrote, so both sent CreateSecret for all four.
      expect(standin.calls().CreateSecret).toBe(8)
      expect(a.problems).toEqual([])
      expect(b.problems).toEqual([])
      expect([a.ok, b.ok]).toEqual([true, true])
      for (const name of ALL) {
        expect([actions(a)[name], actions(b)[name]].sort()).toEqual(['created', 'unchanged'])
        const secret = standin.secret(name)
        expect(secret?.versions).toHaveLength(1)
        // Both runs report the one version there is.
        expect(a.rows.find((r) => r.name === name)?.versionId).toBe(
          current(standin, name)?.versionId
        )
        expect(b.rows.find((r) => r.name === name)?.versionId).toBe(
          current(standin, name)?.versionId
        )
      }
      expect(JSON.parse(current(standin, NAMES.api)?.secretString ?? '')).toEqual({
        api_key: SOURCES.STRIPE_SECRET_KEY_DEV
      })

      standin.resetCalls()
      const rerun = await sync(standin, SOURCES, 'race-c')
      expect(rerun.ok).toBe(true)
      expect(Object.values(actions(rerun))).toEqual([
        'unchanged',
        'unchanged',
        'unchanged',
        'unchanged'
      ])
      expect(standin.calls().CreateSecret ?? 0).toBe(0)
    } finally {
      await standin.stop()
    }
  })

  test('both update the same secret: both succeed, the value is right, each wrote its version', async () => {
    const standin = await Standin.start({ latencyMs: 150 })
    try {
      expect((await sync(standin, SOURCES, 'seed')).ok).toBe(true)
      const rotated = { ...SOURCES, STRIPE_SECRET_KEY_DEV: ROTATED }
      standin.resetCalls()
      const [a, b] = await Promise.all([
        sync(standin, rotated, 'race-a'),
        sync(standin, rotated, 'race-b')
      ])
      expect([a.ok, b.ok]).toEqual([true, true])
      expect([actions(a)[NAMES.api], actions(b)[NAMES.api]]).toEqual(['updated', 'updated'])
      expect(standin.calls().PutSecretValue).toBe(2)
      expect(stage(standin, NAMES.api, 'AWSCURRENT')).toBe(docOf(ROTATED))
      // Tokens are per run, so each run made a version of the same value: the known limit the
      // README states (AWSPREVIOUS then holds the new value too; the old one stays, unlabelled).
      const versions = standin.secret(NAMES.api)?.versions ?? []
      expect(versions).toHaveLength(3)
      expect(versions.map((v) => v.secretString)).toEqual([
        docOf(SOURCES.STRIPE_SECRET_KEY_DEV),
        docOf(ROTATED),
        docOf(ROTATED)
      ])
      for (const name of ALL.filter((n) => n !== NAMES.api))
        expect(standin.secret(name)?.versions).toHaveLength(1)

      standin.resetCalls()
      const rerun = await sync(standin, rotated, 'race-c')
      expect(rerun.ok).toBe(true)
      expect(standin.calls().PutSecretValue ?? 0).toBe(0)
    } finally {
      await standin.stop()
    }
  })

  test('created by someone else with another value between our read and our write: we update it', async () => {
    const standin = await Standin.start()
    const sm = client(standin.url)
    try {
      const theirs = docOf('sk_test_CANARYsomeoneElse01')
      // A person made it, without our tags: adopted only in a confirmed account, as in any plan.
      const report = await sync(
        standin,
        SOURCES,
        'late',
        (store) =>
          beatenTo(store, async (name) => {
            if (name === NAMES.api)
              await sm.send(new CreateSecretCommand({ Name: name, SecretString: theirs }))
          }),
        '123456789012'
      )
      expect(report.problems).toEqual([])
      expect(report.ok).toBe(true)
      expect(actions(report)[NAMES.api]).toBe('updated')
      expect(stage(standin, NAMES.api, 'AWSCURRENT')).toBe(docOf(SOURCES.STRIPE_SECRET_KEY_DEV))
      expect(stage(standin, NAMES.api, 'AWSPREVIOUS')).toBe(theirs)
      expect(standin.secret(NAMES.api)?.versions).toHaveLength(2)
      expect(report.rows.find((r) => r.name === NAMES.api)?.versionId).toBe(
        current(standin, NAMES.api)?.versionId
      )
    } finally {
      sm.destroy()
      await standin.stop()
    }
  })

  test('created by someone else between our read and our write, no account confirmed: that secret fails, the others land', async () => {
    const standin = await Standin.start()
    const sm = client(standin.url)
    try {
      const theirs = docOf('sk_test_CANARYsomeoneElse02')
      const report = await sync(standin, SOURCES, 'late', (store) =>
        beatenTo(store, async (name) => {
          if (name === NAMES.api)
            await sm.send(new CreateSecretCommand({ Name: name, SecretString: theirs }))
        })
      )
      expect(report.ok).toBe(false)
      expect(actions(report)[NAMES.api]).toBe('failed')
      expect(report.problems).toHaveLength(1)
      expect(report.problems[0]?.message).toContain(
        `${NAMES.api} was created by another run or person while this run was writing, and ${NAMES.api} already exists without this tool's managed-by tag`
      )
      expect(report.problems[0]?.message).toContain('(expected-account-id)')
      expect(report.problems[0]?.code).toBe('created-while-writing')
      expect(stage(standin, NAMES.api, 'AWSCURRENT')).toBe(theirs)
      expect(standin.secret(NAMES.api)?.tags).toEqual({})
      expect(ALL.filter((n) => actions(report)[n] === 'created')).toHaveLength(3)
    } finally {
      sm.destroy()
      await standin.stop()
    }
  })

  test('created by someone else as plain text: that secret fails, saying why; the others land', async () => {
    const standin = await Standin.start()
    const sm = client(standin.url)
    try {
      const report = await sync(standin, SOURCES, 'late', (store) =>
        beatenTo(store, async (name) => {
          if (name === NAMES.admin)
            await sm.send(
              new CreateSecretCommand({ Name: name, SecretString: 'plain CANARY text' })
            )
        })
      )
      expect(report.ok).toBe(false)
      expect(actions(report)[NAMES.admin]).toBe('failed')
      expect(report.problems).toHaveLength(1)
      expect(report.problems[0]?.message).toContain(
        `${NAMES.admin} was created by another run or person while this run was writing, and ${NAMES.admin} holds a value that is not a JSON object`
      )
      expect(report.problems[0]?.message).not.toContain(CANARY)
      expect(stage(standin, NAMES.admin, 'AWSCURRENT')).toBe('plain CANARY text')
      expect(ALL.filter((n) => actions(report)[n] === 'created')).toHaveLength(3)
    } finally {
      sm.destroy()
      await standin.stop()
    }
  })
})

describe('two dist/index.js processes started together', () => {
  test('both creating: both exit 0, one version each, nothing failed', async () => {
    const standin = await Standin.start({ latencyMs: 150 })
    try {
      const env = runnerEnv(standin.url)
      const [a, b] = await Promise.all([
        runAction(
          { environment: 'dev', secrets: secretsInput() },
          { ...env, GITHUB_RUN_ID: '101' }
        ),
        runAction({ environment: 'dev', secrets: secretsInput() }, { ...env, GITHUB_RUN_ID: '102' })
      ])
      expect([a.code, b.code]).toEqual([0, 0])
      const created = [a, b].flatMap((r) => JSON.parse(r.outputs.created ?? '[]') as string[])
      // Each secret is created by exactly one of the two, whatever the interleaving.
      expect(created.sort()).toEqual(ALL)
      for (const r of [a, b]) {
        const result = JSON.parse(r.outputs.result ?? '[]') as { action: string }[]
        expect(result.filter((x) => x.action === 'failed')).toEqual([])
        expectNothingLeaked(r, CANARY)
      }
      for (const name of ALL) expect(standin.secret(name)?.versions).toHaveLength(1)
      expect(stage(standin, NAMES.webhook, 'AWSCURRENT')).toBe(
        JSON.stringify({ webhook_secret: SOURCES.STRIPE_WEBHOOK_SECRET_DEV })
      )
    } finally {
      await standin.stop()
    }
  })

  test('both updating: both exit 0 and the new value is current', async () => {
    const standin = await Standin.start({ latencyMs: 150 })
    try {
      const env = runnerEnv(standin.url)
      expect((await runAction({ environment: 'dev', secrets: secretsInput() }, env)).code).toBe(0)
      const secrets = secretsInput({ STRIPE_SECRET_KEY_DEV: ROTATED })
      const [a, b] = await Promise.all([
        runAction({ environment: 'dev', secrets }, { ...env, GITHUB_RUN_ID: '201' }),
        runAction({ environment: 'dev', secrets }, { ...env, GITHUB_RUN_ID: '202' })
      ])
      expect([a.code, b.code]).toEqual([0, 0])
      expect(stage(standin, NAMES.api, 'AWSCURRENT')).toBe(docOf(ROTATED))
      // One version per run that found the old value: 2 when both read it, 1 when one read late.
      const versions = standin.secret(NAMES.api)?.versions.length ?? 0
      const updated = [a, b].filter((r) => r.outputs.updated === JSON.stringify([NAMES.api]))
      expect(versions).toBe(1 + updated.length)
      for (const r of [a, b]) expectNothingLeaked(r, CANARY)
    } finally {
      await standin.stop()
    }
  })
})
