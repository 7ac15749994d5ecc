/**
 * A rollback whose calls fail on every attempt, through the action's bundle against the stand-in
 * (whose faults make a call fail every time): the row says failed, AWSCURRENT stays where it was,
 * and nothing records a move that did not happen, so a rerun does the move instead of undoing it.
 */
import { afterAll, beforeAll, beforeEach, expect, test } from '@jest/globals'
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { runAction, runnerEnv } from '../../standin/runner.js'
import { startStandin, type Backend } from './backends.js'
import { client, inspect } from './harness.js'
import { NAMES, secretsInput } from './fixtures.js'
import { stateOf } from './seed.js'
import type { Standin } from '../../standin/server.js'

const ROTATED = { STRIPE_SECRET_KEY_DEV: 'sk_test_CANARYbadRotation001' }

let backend: Backend
let standin: Standin
let sm: SecretsManagerClient
const act = (inputs: Record<string, string>) =>
  runAction(
    { environment: 'dev', secrets: secretsInput(ROTATED), ...inputs },
    runnerEnv(backend.url)
  )
const rollback = () => act({ mode: 'rollback', only: 'stripe/api_key' })

beforeAll(async () => {
  backend = await startStandin()
  standin = backend.standin as Standin
  sm = client(backend.url)
})
afterAll(async () => {
  sm?.destroy()
  await backend?.stop()
})
/** A first value, then a bad rotation: AWSCURRENT on the bad version. */
let first: string | undefined
let bad: string | undefined
beforeEach(async () => {
  await backend.reset()
  expect(
    (await runAction({ environment: 'dev', secrets: secretsInput() }, runnerEnv(backend.url))).code
  ).toBe(0)
  first = (await inspect(sm, NAMES.api)).versionId
  expect((await act({})).code).toBe(0)
  bad = (await inspect(sm, NAMES.api)).versionId
})

test('tagging that fails every time: failed, and AWSCURRENT not moved (the tag comes first)', async () => {
  standin.addFault({ operation: 'TagResource', kind: 'accessDenied', times: 100 })
  const run = await rollback()
  expect(run.code).toBe(1)
  expect(JSON.parse(run.outputs.result ?? '[]')).toEqual([
    { name: NAMES.api, action: 'failed', versionId: null }
  ])
  expect((await inspect(sm, NAMES.api)).versionId).toBe(bad)
  // Once tagging works again, the same rollback does the move.
  standin.clearFaults()
  expect((await rollback()).code).toBe(0)
  expect((await inspect(sm, NAMES.api)).versionId).toBe(first)
})

test('a move that fails every time: failed, not rolled back, and no version recorded', async () => {
  standin.addFault({ operation: 'UpdateSecretVersionStage', kind: 'accessDenied', times: 100 })
  const run = await rollback()
  expect(run.code).toBe(1)
  expect(JSON.parse(run.outputs.result ?? '[]')).toEqual([
    { name: NAMES.api, action: 'failed', versionId: null }
  ])
  expect(run.visible).not.toContain('is back on version')
  const after = await stateOf(sm, NAMES.api)
  expect(after.versionId).toBe(bad)
  expect(after.tags['written-version']).toBe(bad)
})
