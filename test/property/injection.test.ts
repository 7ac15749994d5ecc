/**
 * Property: no input, no `secrets` key or value and no name in a catalogue can put a line of its
 * own in the step log that the runner would run as a workflow command, nor take a cell of the
 * job summary's table apart: whatever line breaks and commands they hold (injection.ts). An
 * input that fails its check is never shown at all. Driven in-process for many cases, and through
 * the committed bundle (dist/index.js on Node 24) for a few.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import fc from 'fast-check'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runAction, runnerEnv, type ActionRun } from '../../standin/runner.js'
import { Standin } from '../../standin/server.js'
import { cleanUp, runInProcess } from './drive.js'
import { expectNoCrash, expectNoValueLeaked, SEED, stringsIn } from './checks.js'
import { MARK, expectNoInjectedCommand, expectSummaryIntact } from '../e2e/expect-no-injection.js'
import { ladenCatalogue, ladenInputs, ladenSecrets, VALID_INPUTS } from './injection.js'

let standin: Standin
let dir: string

beforeAll(async () => {
  standin = await Standin.start()
  dir = mkdtempSync(join(tmpdir(), 'imp-inject-'))
})
afterAll(async () => {
  cleanUp()
  await standin?.stop()
  rmSync(dir, { recursive: true, force: true })
})

type Runner = (inputs: Record<string, string>, env: Record<string, string>) => Promise<ActionRun>
const inProcess: Runner = (inputs, env) => runInProcess(inputs, env)
const bundle: Runner = (inputs, env) => runAction(inputs, env)

const env = () => runnerEnv(standin.url, { RUNNER_DEBUG: '1' })

/**
 * Inputs with payloads: refused before any call to AWS, each named, none shown, no command. A tag
 * may hold "::" (AWS allows ":" in tags): such a line of `tags` is accepted, and never printed.
 */
async function checkInputs(run: Runner, c: { inputs: Record<string, string>; laden: string[] }) {
  standin.reset()
  standin.resetCalls()
  // No value: the run stops on its inputs, and masks nothing an earlier case's check could miss.
  const result = await run({ ...c.inputs, secrets: '{}' }, env())
  expectNoCrash(result)
  expectNoInjectedCommand(result)
  expectSummaryIntact(result.summary)
  // Checked before shown: a refused input is never quoted, so its payload is nowhere.
  expect(result.visible).not.toContain(MARK)
  const refused = c.laden.filter((n) => n !== 'tags')
  if (refused.length === 0) return
  expect(result.code).toBe(1)
  expect(standin.calls()).toEqual({})
  const errors = result.errors.join('\n')
  // "only" is checked against the catalogue: not when the catalogue cannot be read.
  for (const name of refused.filter((n) => n !== 'only' || !c.laden.includes('catalogue'))) {
    const says =
      name === 'catalogue' ? 'The catalogue' : name === 'only' ? '"only" names' : `Input "${name}"`
    if (!errors.includes(says)) throw new Error(`no error names ${says}:\n${errors}`)
  }
}

/** `secrets` keys and values with payloads: the run goes on, prints no value and no command. */
async function checkSecrets(run: Runner, sources: Record<string, string>) {
  standin.reset()
  standin.resetCalls()
  const result = await run(
    { ...VALID_INPUTS, catalogue: '', secrets: JSON.stringify(sources, null, 2) },
    env()
  )
  expectNoCrash(result)
  expectNoInjectedCommand(result)
  expectSummaryIntact(result.summary)
  expectNoValueLeaked(result, Object.values(sources))
}

/** Catalogue names with payloads: synced (or refused for a missing source) without a command. */
async function checkCatalogue(
  run: Runner,
  c: { text: string; sources: Record<string, string>; entries: number; missing: boolean }
) {
  standin.reset()
  standin.resetCalls()
  const file = join(dir, 'catalogue.json')
  writeFileSync(file, c.text)
  const result = await run(
    { environment: 'dev', catalogue: file, secrets: JSON.stringify(c.sources, null, 2) },
    env()
  )
  expectNoCrash(result)
  expectNoInjectedCommand(result)
  expectSummaryIntact(result.summary, c.missing ? 0 : c.entries)
  expect(result.code).toBe(c.missing ? 1 : 0)
  expectNoValueLeaked(result, stringsIn(c.sources))
}

describe('command-laden text, in-process', () => {
  test('every input: refused, never shown, no command in the log, the summary intact', async () => {
    await fc.assert(
      fc.asyncProperty(ladenInputs, (c) => checkInputs(inProcess, c)),
      { seed: SEED, numRuns: 80 }
    )
  }, 120_000)

  test('`secrets` keys and values: no command, no value', async () => {
    await fc.assert(
      fc.asyncProperty(ladenSecrets, (s) => checkSecrets(inProcess, s)),
      { seed: SEED, numRuns: 25 }
    )
  }, 120_000)

  test('catalogue source keys, fields and descriptions: no command, the table keeps its columns', async () => {
    await fc.assert(
      fc.asyncProperty(ladenCatalogue, (c) => checkCatalogue(inProcess, c)),
      { seed: SEED, numRuns: 60 }
    )
  }, 120_000)
})

describe('command-laden text, dist/index.js on Node 24', () => {
  test('inputs', async () => {
    await fc.assert(
      fc.asyncProperty(ladenInputs, (c) => checkInputs(bundle, c)),
      { seed: SEED, numRuns: 10 }
    )
  }, 120_000)

  test('`secrets` keys and values', async () => {
    await fc.assert(
      fc.asyncProperty(ladenSecrets, (s) => checkSecrets(bundle, s)),
      { seed: SEED, numRuns: 4 }
    )
  }, 120_000)

  test('catalogue names', async () => {
    await fc.assert(
      fc.asyncProperty(ladenCatalogue, (c) => checkCatalogue(bundle, c)),
      { seed: SEED, numRuns: 8 }
    )
  }, 120_000)
})
