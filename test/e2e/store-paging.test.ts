/**
 * Every paged read goes on to the last page. Secrets Manager may answer a list call in several
 * pages, shorter than MaxResults or even empty but for a NextToken (API reference, NextToken of
 * ListSecrets, ListSecretVersionIds and BatchGetSecretValue), and that holds for a
 * BatchGetSecretValue by SecretIdList too: only MaxResults needs Filters. The stand-in's
 * page-size switch makes each of these calls page; first the real AwsStore (real SDK, real HTTP),
 * then the committed bundles, whose reruns and listings must see every page.
 */
import { rmSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import {
  CreateSecretCommand,
  GetSecretValueCommand,
  DeleteSecretCommand,
  PutSecretValueCommand
} from '@aws-sdk/client-secrets-manager'
import { Standin } from '../../standin/server.js'
import { runAction, runnerEnv } from '../../standin/runner.js'
import { useBackend } from './backends.js'
import { AwsStore } from '../../src/store/aws.js'
import { StoreError, StoreFailures } from '../../src/engine/model/ports/store-error.js'
import { laptopEnv, runCli, secretsFolder } from './cli-harness.js'
import { expectNothingLeaked } from './expect-no-leak.js'
import { ALL, CANARY, NAMES, SECRETS_FILE, secretsInput } from './fixtures.js'

process.env.AWS_ACCESS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE'
process.env.AWS_SECRET_ACCESS_KEY = 'test'
process.env.AWS_EC2_METADATA_DISABLED = 'true'

const backend = useBackend()
let standin: Standin
let store: AwsStore

beforeAll(() => {
  standin = backend.standin as Standin
  store = new AwsStore({ region: 'eu-west-3', endpoint: backend.url, maxAttempts: 3 })
})
beforeEach(() => standin.setPageSize(undefined))
afterAll(() => store.destroy())

const create = (name: string, value: string) =>
  backend.sm.send(new CreateSecretCommand({ Name: name, SecretString: value }))

/** The secretIds of each call of one operation, in the order they arrived. */
const callsOf = (operation: string) =>
  standin
    .log()
    .filter((c) => c.operation === operation)
    .map((c) => c.secretIds)

describe('AwsStore reads every page', () => {
  test('currentValues: each batch of 20 ids, answered 3 ids a page, values and Errors of every page', async () => {
    const names = Array.from({ length: 23 }, (_, i) => `impressionnistes/paged/${i}`)
    const missing = names[10] as string
    for (const name of names) if (name !== missing) await create(name, `value of ${name}`)
    standin.setPageSize(3)

    const values = await store.currentValues(names)

    expect(values.size).toBe(23)
    for (const name of names) {
      expect(values.get(name)).toEqual(
        name === missing
          ? { ok: false, errorCode: 'ResourceNotFoundException' }
          : expect.objectContaining({ ok: true, secretString: `value of ${name}` })
      )
    }
    // Two batches (20 + 3 ids): seven pages of the first, each call carrying the same 20 ids.
    const calls = callsOf('BatchGetSecretValue')
    expect(calls).toHaveLength(8)
    expect(calls.filter((ids) => ids.length === 20)).toEqual(Array(7).fill(names.slice(0, 20)))
    expect(calls.filter((ids) => ids.length === 3)).toEqual([names.slice(20)])
  })

  test('list: pages of 2 scanned secrets, empty ones included, scheduled deletions too', async () => {
    for (let i = 0; i < 3; i++) await create(`elsewhere/${i}`, 'x')
    const under = Array.from({ length: 7 }, (_, i) => `impressionnistes/listed/${i}`)
    for (const name of under) await create(name, 'x')
    await backend.sm.send(new DeleteSecretCommand({ SecretId: under[6], RecoveryWindowInDays: 7 }))
    standin.setPageSize(2)

    const listed = await store.list('impressionnistes/')

    expect(listed.map((m) => m.name)).toEqual(under)
    expect(listed[6]?.deletedDate).toBeInstanceOf(Date)
    // Ten secrets scanned two a call: the first page holds none of ours, yet is not the last.
    expect(callsOf('ListSecrets')).toHaveLength(5)
  })

  test('versionHistory: versions answered 2 a page, deprecated ones included, the current one found', async () => {
    const name = 'impressionnistes/versioned'
    await create(name, 'v0')
    for (let i = 1; i < 7; i++)
      await backend.sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: `v${i}` }))
    standin.setPageSize(2)

    const history = await store.versionHistory(name)
    expect(history.count).toBe(7)
    // The last value written is current, whichever page lists it.
    const current = await backend.sm.send(new GetSecretValueCommand({ SecretId: name }))
    expect(history.current?.versionId).toBe(current.VersionId)
    expect(history.current?.createdDate).toBeInstanceOf(Date)
    expect(callsOf('ListSecretVersionIds')).toHaveLength(4)
  })

  test('a throttled later page is retried in place; a denied one is a StoreError naming the call', async () => {
    for (let i = 0; i < 5; i++) await create(`impressionnistes/retried/${i}`, 'x')
    standin.setPageSize(2)
    standin.addFault({ operation: 'ListSecrets', nth: 2, kind: 'throttle' })
    expect(await store.list('impressionnistes/')).toHaveLength(5)
    expect(callsOf('ListSecrets')).toHaveLength(4) // three pages, the second sent twice

    const names = Array.from({ length: 5 }, (_, i) => `impressionnistes/retried/${i}`)
    standin.addFault({ operation: 'BatchGetSecretValue', nth: 2, kind: 'accessDenied' })
    const error = await store.currentValues(names).then(
      () => undefined,
      (e: unknown) => e
    )
    expect(error).toBeInstanceOf(StoreFailures)
    const [failure] = (error as StoreFailures).failures
    expect(failure).toBeInstanceOf(StoreError)
    expect(failure).toMatchObject({
      kind: 'access-denied',
      action: 'secretsmanager:BatchGetSecretValue',
      code: 'AccessDeniedException'
    })
    expect(failure?.message).toMatch(/^AWS denied secretsmanager:BatchGetSecretValue\. AWS said: /)
  })
})

describe('the bundles read every page', () => {
  test('action: a rerun answered one secret a page finds all four in sync and writes nothing', async () => {
    const act = () =>
      runAction({ environment: 'dev', secrets: secretsInput() }, runnerEnv(standin.url))
    expect((await act()).code).toBe(0)
    standin.resetCalls()
    standin.setPageSize(1)

    const run = await act()

    expect(run.code).toBe(0)
    expect(run.outputs.changed).toBe('false')
    expect(JSON.parse(run.outputs.unchanged ?? '[]').sort()).toEqual(ALL)
    const calls = standin.calls()
    expect(calls.BatchGetSecretValue).toBe(4)
    for (const write of ['CreateSecret', 'PutSecretValue', 'TagResource'])
      expect(calls[write] ?? 0).toBe(0)
    expectNothingLeaked(run, CANARY)
  })

  test('CLI list: secrets and versions answered one a page are all counted', async () => {
    const folder = secretsFolder(SECRETS_FILE)
    try {
      const cli = (args: string[]) => runCli(args, { env: laptopEnv(standin.url), cwd: folder })
      expect((await cli(['deploy', '--env', 'dev'])).code).toBe(0)
      for (const value of [
        '{"api_key":"sk_test_CANARYpaged000001"}',
        '{"api_key":"sk_test_CANARYpaged000002"}'
      ])
        await backend.sm.send(
          new PutSecretValueCommand({ SecretId: NAMES.api, SecretString: value })
        )
      standin.resetCalls()
      standin.setPageSize(1)

      const run = await cli(['list', '--env', 'dev', '--json'])

      expect(run.code).toBe(0)
      expect(run.all).not.toContain(CANARY)
      const json = JSON.parse(run.stdout) as {
        groups: { rows: { name: string; versions?: number }[] }[]
      }
      const rows = json.groups.flatMap((g) => g.rows.map((r) => [r.name, r.versions]))
      expect(rows.sort()).toEqual(ALL.map((name) => [name, name === NAMES.api ? 3 : 1]))
      expect(standin.calls().ListSecrets).toBe(4) // four secrets, one a page
    } finally {
      rmSync(folder, { recursive: true, force: true })
    }
  })
})
