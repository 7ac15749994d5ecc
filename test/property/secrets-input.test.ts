/**
 * Property: whatever the `secrets` input holds, the action either syncs cleanly (and then stores
 * exactly the trimmed values) or fails with a clear problem per offending GitHub secret, reads
 * and writes nothing, and prints no value in any channel. Driven in-process for speed; a smaller
 * number of cases runs through the committed bundle in bundle-properties.test.ts.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import fc from 'fast-check'
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { client } from '../e2e/harness.js'
import { runnerEnv } from '../../standin/runner.js'
import { Standin } from '../../standin/server.js'
import { cleanUp, loads, runInProcess } from './drive.js'
import { notAnObject, secretsCase } from './sources.js'
import { SEED, expectNoCrash, expectNoValueLeaked, stringsIn } from './checks.js'
import { checkSecretsRun, inputsOf, seed } from './secrets-run.js'

let standin: Standin
let sm: SecretsManagerClient

beforeAll(async () => {
  standin = await Standin.start()
  sm = client(standin.url)
})
afterAll(async () => {
  process.stderr.write(`[property] secrets input: ${loads} fresh load(s) of the action front\n`)
  cleanUp()
  sm?.destroy()
  await standin?.stop()
})

describe('the `secrets` input, in-process', () => {
  test('any mix of sources: a clean sync of the trimmed values, or every offending secret named, nothing read or written, no value shown', async () => {
    await fc.assert(
      fc.asyncProperty(secretsCase, async (c) => {
        const before = await seed(standin, sm, c)
        const run = await runInProcess(inputsOf(c), runnerEnv(standin.url, { RUNNER_DEBUG: '1' }), [
          ...c.existing.map((e) => e.old),
          ...[...before.values()].map((b) => b.doc)
        ])
        checkSecretsRun(standin, c, before, run)
      }),
      { seed: SEED, numRuns: 200 }
    )
  }, 60_000)

  test('not JSON, not an object, or empty: one clear error without the content, nothing read or written', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('dev', 'prod'), notAnObject, async (env, bad) => {
        standin.resetCalls()
        const run = await runInProcess(
          { environment: env, secrets: bad.text },
          runnerEnv(standin.url, { RUNNER_DEBUG: '1' })
        )
        expectNoCrash(run)
        expect(run.code).toBe(1)
        expect(standin.calls()).toEqual({})
        expect(run.errors).toHaveLength(2)
        expect(run.errors[0]).toContain(bad.problem)
        let parsed: unknown
        try {
          parsed = JSON.parse(bad.text)
        } catch {
          parsed = undefined
        }
        expectNoValueLeaked(run, [bad.text, ...stringsIn(parsed)])
      }),
      { seed: SEED, numRuns: 60 }
    )
  }, 60_000)
})
