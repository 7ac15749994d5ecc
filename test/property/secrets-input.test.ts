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
import { cleanUp, runInProcess } from './drive.js'
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
  cleanUp()
  sm?.destroy()
  await standin?.stop()
})

describe('the `secrets` input, in-process', () => {
  test('one loaded front serves every case: a value masked in one run is not redacted in the next', async () => {
    // Every case below runs in the same loaded copy of the front (drive.ts): were a mask to
    // outlive its run, it could hide a leak in a later case. Here the first run masks a value,
    // the second quotes the same text as an environment name it does not know.
    const env = runnerEnv(standin.url, { RUNNER_DEBUG: '1' })
    const word = 'stagingtwo'
    const first = await runInProcess(
      { environment: 'dev', secrets: JSON.stringify({ STRIPE_SECRET_KEY_DEV: word }) },
      env
    )
    expect(first.stdout).toContain(`::add-mask::${word}`)
    expect(first.visible).not.toContain(word)
    const second = await runInProcess({ environment: word, secrets: '{"X":"y"}' }, env)
    expect(second.errors.join('\n')).toContain(`environment "${word}" is not in the catalogue`)
  })

  test('any mix of sources: a clean sync of the trimmed values, or every offending secret named, nothing read or written, no value shown', async () => {
    await fc.assert(
      fc.asyncProperty(secretsCase, async (c) => {
        const before = await seed(standin, sm, c)
        const run = await runInProcess(inputsOf(c), runnerEnv(standin.url, { RUNNER_DEBUG: '1' }))
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
