/**
 * Property: whatever file the `catalogue` input names, the action either accepts it and syncs
 * exactly what it says, or stops with a clear "The catalogue … is not valid" error: never a crash
 * or a stack trace, nothing read or written, no value shown. Driven in-process.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import fc from 'fast-check'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runnerEnv, writeEnvironments, type ActionRun } from '../../standin/runner.js'

/** A name the environments file takes as an environment's (its schema's ENVIRONMENT). */
const PIN_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/
import { Standin } from '../../standin/server.js'
import { cleanUp, runInProcess } from './drive.js'
import { brokenCatalogue, randomCatalogueText, validCatalogue } from './catalogues.js'
import {
  SEED,
  expectCatalogueRefused,
  expectNoCrash,
  expectNoValueLeaked,
  stringsIn
} from './checks.js'

const PREFIX = 'impressionnistes'

let standin: Standin
let dir: string
let file: string

beforeAll(async () => {
  standin = await Standin.start()
  dir = mkdtempSync(join(tmpdir(), 'imp-catalogue-'))
  file = join(dir, 'catalogue.json')
})
afterAll(async () => {
  cleanUp()
  await standin?.stop()
  rmSync(dir, { recursive: true, force: true })
})

const currentDocument = (name: string): string | undefined =>
  standin.secret(name)?.versions.find((v) => v.stages.includes('AWSCURRENT'))?.secretString

async function runWith(text: string | undefined, environment: string, sources: unknown) {
  standin.reset()
  standin.resetCalls()
  if (text === undefined) rmSync(file, { force: true })
  else writeFileSync(file, text)
  // The catalogue's environment is pinned to the stand-in's account, as dev and prod are.
  const pins = PIN_NAME.test(environment) ? { dev: {}, prod: {}, [environment]: {} } : undefined
  const environments = writeEnvironments(dir, pins)
  return runInProcess(
    { environment, secrets: JSON.stringify(sources, null, 2), catalogue: file, environments },
    runnerEnv(standin.url, { RUNNER_DEBUG: '1' })
  )
}

const expectRefused = (run: ActionRun, says: string) =>
  expectCatalogueRefused(run, standin.calls(), file, says)

/** The job summary's table: one line per secret, each of five cells, whatever the names hold. */
function expectOneRowPerSecret(summary: string, secrets: number): void {
  const lines = summary.split('\n')
  const start = lines.findIndex((l) => l.startsWith('|---|'))
  const end = lines.indexOf('', start)
  const rows = lines.slice(start + 1, end)
  const cells = (row: string) => row.split(/(?<!\\)\|/).length - 2
  if (rows.length !== secrets || rows.some((row) => cells(row) !== 5)) {
    throw new Error(`the summary table is broken:\n${lines.slice(start - 1, end).join('\n')}`)
  }
}

describe('the `catalogue` input, in-process', () => {
  test('a valid catalogue is accepted and synced exactly: every target holds its trimmed value', async () => {
    await fc.assert(
      fc.asyncProperty(validCatalogue, async (c) => {
        const run = await runWith(JSON.stringify(c.doc, null, 2), c.environment, c.sources)
        expectNoCrash(run)
        if (run.code !== 0) throw new Error(`refused:\n${run.errors.join('\n')}`)
        expect(run.errors).toEqual([])
        for (const e of c.expected) {
          expect(JSON.parse(currentDocument(`${PREFIX}/${e.target}`) ?? 'null')).toEqual(e.document)
        }
        expect(standin.calls().CreateSecret).toBe(c.expected.length)
        expectOneRowPerSecret(run.summary, c.expected.length)
        // The step log: the headline and one line per secret, whatever the names hold.
        const logLines = run.stdout.split('\n').filter((l) => l !== '' && !l.startsWith('::'))
        if (logLines.length !== 1 + c.expected.length) {
          throw new Error(`the step log has stray lines:\n${logLines.join('\n')}`)
        }
        expectNoValueLeaked(run, stringsIn(c.sources))
      }),
      { seed: SEED, numRuns: 60 }
    )
  }, 60_000)

  test('a catalogue with one mistake is refused, naming the mistake; nothing read or written', async () => {
    await fc.assert(
      fc.asyncProperty(brokenCatalogue, async (c) => {
        const run = await runWith(c.text, c.environment, c.sources)
        expectRefused(run, c.says)
        expectNoValueLeaked(run, stringsIn(c.sources))
      }),
      { seed: SEED, numRuns: 100 }
    )
  }, 60_000)

  test('random JSON, text that is not JSON, or no file: a clear error, never a crash', async () => {
    const sources = { ANY_SECRET: 'CANARY, the value of some secret' }
    await fc.assert(
      fc.asyncProperty(
        fc.option(randomCatalogueText, { freq: 8 }),
        fc.constantFrom('dev', 'prod'),
        async (r, environment) => {
          const run = await runWith(r?.text, environment, sources)
          expectNoCrash(run)
          if (r === null) {
            expect(run.code).toBe(1)
            expect(run.errors.join('\n')).toContain(`The catalogue ${file} is not valid:`)
            expect(run.errors.join('\n')).toContain('cannot be read (ENOENT)')
          } else if (run.code === 1) {
            expectRefused(run, r.says)
          } else {
            // A random document that happens to be a valid catalogue: then it behaved.
            expect(run.errors).toEqual([])
          }
          expectNoValueLeaked(run, stringsIn(sources))
        }
      ),
      { seed: SEED, numRuns: 40 }
    )
  }, 60_000)
})
