/**
 * The same properties, fewer cases, through the shipped code: `node24 dist/index.js` as a runner
 * runs it (standin/runner.ts runAction), so what is committed is what is proved.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import fc from 'fast-check'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { client } from '../e2e/harness.js'
import { runAction, runnerEnv } from '../../standin/runner.js'
import { Standin } from '../../standin/server.js'
import { notAnObject, secretsCase } from './sources.js'
import { brokenCatalogue } from './catalogues.js'
import {
  SEED,
  expectCatalogueRefused,
  expectNoCrash,
  expectNoValueLeaked,
  stringsIn
} from './checks.js'
import { checkSecretsRun, inputsOf, seed } from './secrets-run.js'

let standin: Standin
let sm: SecretsManagerClient
let dir: string

beforeAll(async () => {
  standin = await Standin.start()
  sm = client(standin.url)
  dir = mkdtempSync(join(tmpdir(), 'imp-bundle-'))
})
afterAll(async () => {
  sm?.destroy()
  await standin?.stop()
  rmSync(dir, { recursive: true, force: true })
})

/**
 * Linux takes at most 128 KiB for one environment variable (MAX_ARG_STRLEN), and the runner
 * passes `secrets` as INPUT_SECRETS: a bigger input cannot reach any action. In-process cases
 * have no such limit and cover bigger ones.
 */
const fitsInEnvironment = (c: { text: string }) => Buffer.byteLength(c.text) < 120_000

const env = () => runnerEnv(standin.url, { RUNNER_DEBUG: '1' })

describe('dist/index.js on Node 24', () => {
  test('the `secrets` property', async () => {
    await fc.assert(
      fc.asyncProperty(secretsCase.filter(fitsInEnvironment), async (c) => {
        const before = await seed(standin, sm, c)
        const run = await runAction(inputsOf(c), env())
        expect(run.stderr).toBe('')
        checkSecretsRun(standin, c, before, run)
      }),
      { seed: SEED, numRuns: 12 }
    )
  }, 60_000)

  test('a `secrets` input that is not a JSON object', async () => {
    await fc.assert(
      fc.asyncProperty(notAnObject, async (bad) => {
        standin.resetCalls()
        const run = await runAction({ environment: 'dev', secrets: bad.text }, env())
        expectNoCrash(run)
        expect(run.code).toBe(1)
        expect(standin.calls()).toEqual({})
        expect(run.errors[0]).toContain(bad.problem)
        expectNoValueLeaked(run, [bad.text])
      }),
      { seed: SEED, numRuns: 4 }
    )
  }, 60_000)

  test('a catalogue file with one mistake', async () => {
    const file = join(dir, 'catalogue.json')
    await fc.assert(
      fc.asyncProperty(brokenCatalogue, async (c) => {
        standin.reset()
        standin.resetCalls()
        writeFileSync(file, c.text)
        const run = await runAction(
          { environment: c.environment, secrets: JSON.stringify(c.sources), catalogue: file },
          env()
        )
        expectCatalogueRefused(run, standin.calls(), file, c.says)
        expectNoValueLeaked(run, stringsIn(c.sources))
      }),
      { seed: SEED, numRuns: 4 }
    )
  }, 60_000)
})
