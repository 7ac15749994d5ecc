/**
 * On the committed bundles: an AWS error that quotes a piece of the document
 * being written (the stand-in's echoValue fault) prints no run of 12 or more characters of any
 * value, in any channel, whatever piece it quotes; the canary is nowhere.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { runAction, runnerEnv } from '../../standin/runner.js'
import { useBackend } from './backends.js'
import { rmSync } from 'node:fs'
import { laptopEnv, runCli, secretsFolder } from './cli-harness.js'
import { expectNothingLeaked } from './expect-no-leak.js'
import { CANARY, SECRETS_FILE, SOURCES, secretsInput } from './fixtures.js'

const FRAGMENT = 12

/** Every run of FRAGMENT characters of any form of these values found in `text`. */
function pieces(text: string, values: readonly string[]): string[] {
  const found = new Set<string>()
  for (const value of values)
    for (const form of [value, JSON.stringify(value).slice(1, -1)])
      for (let i = 0; i + FRAGMENT <= form.length; i++) {
        const piece = form.slice(i, i + FRAGMENT)
        if (text.includes(piece)) found.add(piece)
      }
  return [...found]
}

const backend = useBackend()
let folder: string
const standin = () => backend.standin!

beforeAll(() => {
  folder = secretsFolder(SECRETS_FILE)
})
afterAll(() => rmSync(folder, { recursive: true, force: true }))

// {"api_key":"sk_test_CANARYdevApiKey0001"}: the value starts at 12; quote 20 characters of it
// from its third (no whole form is in them), then 30 from the middle of the document.
const ECHOES = [
  { from: 14, length: 20 },
  { from: 12, length: 13 },
  { from: 5, length: 30 }
]

describe('an AWS error quoting a piece of the document', () => {
  test.each(ECHOES)('the action: piece %j is in no channel', async (echo) => {
    standin().addFault({ operation: 'CreateSecret', kind: 'echoValue', echo, times: 10 })
    const run = await runAction(
      { environment: 'dev', secrets: secretsInput() },
      runnerEnv(backend.url, { RUNNER_DEBUG: '1' })
    )
    expect(run.code).toBe(1)
    // The stand-in did quote it, and the action did show AWS's message, less the piece.
    expect(run.errors.join('\n')).toContain(
      "AWS said: The parameter SecretString is not valid near '"
    )
    expectNothingLeaked(run, CANARY)
    expect(pieces(run.visible, Object.values(SOURCES))).toEqual([])
  })

  test.each(ECHOES)('the CLI: piece %j is in no channel', async (echo) => {
    standin().addFault({ operation: 'CreateSecret', kind: 'echoValue', echo, times: 10 })
    const run = await runCli(['deploy', '--env', 'dev'], {
      env: laptopEnv(backend.url),
      cwd: folder
    })
    expect(run.code).toBe(1)
    expect(run.stderr).toContain("AWS said: The parameter SecretString is not valid near '")
    expect(run.all).not.toContain(CANARY)
    expect(pieces(run.all, Object.values(SECRETS_FILE))).toEqual([])
  })
})
