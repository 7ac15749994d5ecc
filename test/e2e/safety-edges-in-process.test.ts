/**
 * The engine in-process, the real AwsStore (real SDK, real HTTP) against the stand-in: for the
 * safety-edge checks that need to know what only this process knows (the key of our
 * ClientRequestToken) or to put a write between our read and our create at an exact point. The
 * bundle runs of the same bugs are in safety-edges.test.ts.
 */
import { beforeAll, describe, expect, test } from '@jest/globals'
import { CreateSecretCommand } from '@aws-sdk/client-secrets-manager'
import { Standin } from '../../standin/server.js'
import { useBackend } from './backends.js'
import { AwsStore } from '../../src/store/aws.js'
import type { CreateRequest, SecretStore } from '../../src/engine/model/ports/secret-store.js'
import { runEngine } from '../../src/engine/run.js'
import { clientRequestToken } from '../../src/engine/apply/token.js'
import { DEFAULT_CATALOGUE } from '../../src/engine/catalogue/catalogue.js'
import type { Report } from '../../src/engine/model/report.js'
import { ALL, NAMES, SOURCES } from './fixtures.js'

process.env.AWS_ACCESS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE'
process.env.AWS_SECRET_ACCESS_KEY = 'test'
process.env.AWS_EC2_METADATA_DISABLED = 'true'

const provenance = (runId: string) => ({
  environment: 'dev',
  runId,
  attempt: '1',
  commit: 'a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2',
  runUrl: `https://github.com/course-impressionnistes/registration/actions/runs/${runId}`
})

const backend = useBackend()
let standin: Standin
beforeAll(() => {
  standin = backend.standin as Standin
})

async function sync(
  sources: Record<string, string>,
  runId: string,
  wrap: (store: SecretStore) => SecretStore = (s) => s
): Promise<Report> {
  const store = new AwsStore({ region: 'eu-west-3', endpoint: standin.url })
  try {
    return await runEngine(wrap(store), {
      mode: 'sync',
      environment: 'dev',
      catalogue: DEFAULT_CATALOGUE,
      prefix: 'impressionnistes',
      region: 'eu-west-3',
      sources: Object.fromEntries(Object.entries(sources).map(([k, v]) => [k.toLowerCase(), v])),
      display: (key: string) => key.toUpperCase(),
      mask: () => undefined,
      provenance: provenance(runId)
    })
  } finally {
    store.destroy()
  }
}

const versionOf = (name: string, stage: string) =>
  standin.secret(name)?.versions.find((v) => v.stages.includes(stage))

describe('every write carries our ClientRequestToken', () => {
  test('created and updated versions have exactly the ids our tokens give', async () => {
    const first = await sync(SOURCES, 'tokens-1')
    expect(first.ok).toBe(true)
    const docs: Record<string, string> = {
      [NAMES.api]: JSON.stringify({ api_key: SOURCES.STRIPE_SECRET_KEY_DEV }),
      [NAMES.webhook]: JSON.stringify({ webhook_secret: SOURCES.STRIPE_WEBHOOK_SECRET_DEV }),
      [NAMES.admin]: JSON.stringify({ webhook_url: SOURCES.SLACK_WEBHOOK_ADMIN }),
      [NAMES.devops]: JSON.stringify({ webhook_url: SOURCES.SLACK_WEBHOOK_DEVOPS })
    }
    for (const name of ALL) {
      const token = clientRequestToken(provenance('tokens-1'), name, docs[name] ?? '')
      expect(versionOf(name, 'AWSCURRENT')?.versionId).toBe(token)
      expect(first.rows.find((r) => r.name === name)?.versionId).toBe(token)
    }

    const before = versionOf(NAMES.api, 'AWSCURRENT')?.versionId
    const next = 'sk_test_CANARYnextKey000004'
    const second = await sync({ ...SOURCES, STRIPE_SECRET_KEY_DEV: next }, 'tokens-2')
    expect(second.ok).toBe(true)
    const token = clientRequestToken(
      provenance('tokens-2'),
      NAMES.api,
      JSON.stringify({ api_key: next }),
      before
    )
    expect(versionOf(NAMES.api, 'AWSCURRENT')?.versionId).toBe(token)
    expect(second.rows.find((r) => r.name === NAMES.api)?.versionId).toBe(token)
  })
})

describe('a create that loses the race is planned again', () => {
  /** A store whose CreateSecret of `name` finds `document` created there just before it. */
  function beatenTo(store: SecretStore, name: string, document: string): SecretStore {
    return {
      describe: (names) => store.describe(names),
      currentValues: (names) => store.currentValues(names),
      create: async (r: CreateRequest) => {
        if (r.name === name) {
          await backend.sm.send(
            new CreateSecretCommand({
              Name: name,
              SecretString: document,
              Tags: [
                { Key: 'managed-by', Value: 'impressionnistes-secrets' },
                { Key: 'environment', Value: 'dev' }
              ]
            })
          )
        }
        return store.create(r)
      },
      put: (r) => store.put(r),
      tag: (n, tags) => store.tag(n, tags),
      callerIdentity: () => store.callerIdentity(),
      list: (prefix) => store.list(prefix),
      versionHistory: (n) => store.versionHistory(n),
      currentVersions: (names) => store.currentVersions(names),
      moveCurrent: (n, to, from) => store.moveCurrent(n, to, from),
      versionValue: (name, id) => store.versionValue(name, id)
    }
  }

  test('the re-planned document is written: their other field is kept, our field set', async () => {
    const theirs = JSON.stringify({ api_key: 'sk_test_CANARYotherRun0002', account: 'acct_1X' })
    const report = await sync(SOURCES, 'race', (store) => beatenTo(store, NAMES.api, theirs))

    expect(report.problems).toEqual([])
    expect(report.rows.find((r) => r.name === NAMES.api)?.action).toBe('updated')
    const current = versionOf(NAMES.api, 'AWSCURRENT')
    expect(JSON.parse(current?.secretString ?? 'null')).toEqual({
      api_key: SOURCES.STRIPE_SECRET_KEY_DEV,
      account: 'acct_1X'
    })
    expect(versionOf(NAMES.api, 'AWSPREVIOUS')?.secretString).toBe(theirs)
    expect(report.rows.find((r) => r.name === NAMES.api)?.versionId).toBe(current?.versionId)
  })
})
