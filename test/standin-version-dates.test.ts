/**
 * A version's creation time, as AWS gives it: ListSecretVersionIds answers each version's own
 * CreatedDate, the moment it was written, however late the listing; a tag write moves the
 * secret's LastChangedDate and no version's. Through the real SDK and the real AwsStore against
 * the stand-in. Moto 5.2.1 answers the time of the listing instead: its block pins that known
 * difference, so that the moto runs of the staleness checks know to work around it (and learn
 * when moto is fixed).
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  ListSecretVersionIdsCommand,
  PutSecretValueCommand,
  type SecretsManagerClient
} from '@aws-sdk/client-secrets-manager'
import type { SecretStore } from '../src/engine/model/ports/secret-store.js'
import { AwsStore } from '../src/store/aws.js'
import { client } from './e2e/harness.js'
import { startMoto, type Backend } from './e2e/backends.js'
import { Standin } from '../standin/server.js'
import { MOTO, runsWith } from './tools.js'

process.env.AWS_ACCESS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE'
process.env.AWS_SECRET_ACCESS_KEY = 'test'
process.env.AWS_EC2_METADATA_DISABLED = 'true'

const NAME = 'impressionnistes/stripe/api_key'
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Writes two versions 50 ms apart; the window (ms) each was written in. */
async function twoVersions(sm: SecretsManagerClient) {
  const before1 = Date.now()
  const v1 = await sm.send(new CreateSecretCommand({ Name: NAME, SecretString: '{"a":"1"}' }))
  const after1 = Date.now()
  await pause(50)
  const before2 = Date.now()
  const v2 = await sm.send(new PutSecretValueCommand({ SecretId: NAME, SecretString: '{"a":"2"}' }))
  const after2 = Date.now()
  return {
    v1: { id: v1.VersionId ?? '', from: before1, to: after1 },
    v2: { id: v2.VersionId ?? '', from: before2, to: after2 }
  }
}

const listed = async (sm: SecretsManagerClient) => {
  const out = await sm.send(new ListSecretVersionIdsCommand({ SecretId: NAME }))
  return new Map((out.Versions ?? []).map((v) => [v.VersionId ?? '', v.CreatedDate?.getTime()]))
}

describe('the stand-in: each version its own creation time', () => {
  let standin: Standin
  let sm: SecretsManagerClient
  let store: AwsStore
  beforeAll(async () => {
    standin = await Standin.start()
    sm = client(standin.url)
    store = new AwsStore({ region: 'eu-west-3', endpoint: standin.url })
  })
  afterAll(async () => {
    store.destroy()
    sm.destroy()
    await standin.stop()
  })

  test('ListSecretVersionIds gives the time each was written, not the time of the listing', async () => {
    const { v1, v2 } = await twoVersions(sm)
    await pause(50)
    const first = await listed(sm)
    await pause(50)
    const again = await listed(sm)
    const [c1, c2] = [first.get(v1.id) ?? NaN, first.get(v2.id) ?? NaN]
    expect(c1).toBeGreaterThanOrEqual(v1.from)
    expect(c1).toBeLessThanOrEqual(v1.to)
    expect(c2).toBeGreaterThanOrEqual(v2.from)
    expect(c2).toBeLessThanOrEqual(v2.to)
    expect(again).toEqual(first)
  })

  test('the store gives the current version and its creation; a tag write moves neither', async () => {
    const source: Pick<SecretStore, 'currentVersions'> = store
    const before = await source.currentVersions([NAME, 'impressionnistes/absent'])
    const current = before.get(NAME)
    expect(current?.versionId).toBe(standin.secret(NAME)?.versions.at(-1)?.versionId)
    expect(before.get('impressionnistes/absent')).toBeUndefined()
    await pause(20)
    const changedBefore = (await sm.send(new DescribeSecretCommand({ SecretId: NAME })))
      .LastChangedDate
    await store.tag(NAME, { 'written-by': 'someone' })
    const changedAfter = (await sm.send(new DescribeSecretCommand({ SecretId: NAME })))
      .LastChangedDate
    expect(changedAfter?.getTime()).toBeGreaterThan(changedBefore?.getTime() ?? Infinity)
    expect((await store.currentVersions([NAME])).get(NAME)).toEqual(current)
    expect(standin.calls().GetSecretValue ?? 0).toBe(0)
    expect(standin.calls().BatchGetSecretValue ?? 0).toBe(0)
  })

  test('a test may set when a version was written, for ages in days', async () => {
    const current = (await store.currentVersions([NAME])).get(NAME)
    const longAgo = new Date('2025-01-01T00:00:00Z')
    standin.setVersionCreated(NAME, current?.versionId ?? '', longAgo)
    expect((await store.currentVersions([NAME])).get(NAME)?.createdDate).toEqual(longAgo)
  })
})

const withMoto = runsWith(MOTO) ? describe : describe.skip

withMoto('moto 5.2.1: the known difference', () => {
  let moto: Backend
  let sm: SecretsManagerClient
  beforeAll(async () => {
    moto = await startMoto()
    sm = client(moto.url)
  }, 30_000)
  afterAll(async () => {
    sm.destroy()
    await moto.stop()
  })

  test('ListSecretVersionIds answers the time of the listing as every version’s creation', async () => {
    const { v1, v2 } = await twoVersions(sm)
    await pause(1100)
    const listing = Date.now()
    const dates = await listed(sm)
    // Whole seconds: moto gives them so. AWS (and the stand-in) would give v1.from..v1.to.
    for (const id of [v1.id, v2.id]) {
      expect(dates.get(id) ?? 0).toBeGreaterThanOrEqual(Math.floor(listing / 1000) * 1000)
    }
  })
})
