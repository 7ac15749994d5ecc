/**
 * No injected workflow command, on the committed bundles against the stand-in: a line break and a
 * workflow command in an input, a catalogue name or a CLI option never start a line of output
 * the runner would run, nor break the job summary; an invalid input and a value given to a CLI
 * option in the wrong place are not shown. Every run is searched for the canaries too.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { runAction, runnerEnv, type ActionRun } from '../../standin/runner.js'
import { useBackend } from './backends.js'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { laptopEnv, runCli, secretsFolder } from './cli-harness.js'
import { expectNothingLeaked } from './expect-no-leak.js'
import { MARK, expectNoInjectedCommand, expectSummaryIntact } from './expect-no-injection.js'
import { CANARY, SECRETS_FILE, secretsInput } from './fixtures.js'

const backend = useBackend()
let dir: string
let folder: string
const calls = () => backend.standin?.calls() ?? {}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'imp-inject-e2e-'))
  folder = secretsFolder(SECRETS_FILE)
})
afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
  rmSync(folder, { recursive: true, force: true })
})

const act = (inputs: Record<string, string>) =>
  runAction(
    { environment: 'dev', secrets: secretsInput(), ...inputs },
    runnerEnv(backend.url, { RUNNER_DEBUG: '1' })
  )

const clean = (run: ActionRun) => {
  expectNoInjectedCommand(run)
  expectSummaryIntact(run.summary)
  expectNothingLeaked(run, CANARY)
}

const PAYLOADS = [
  `\n::warning::${MARK}`,
  `\r::set-output name=pwned::${MARK}`,
  `\r\n  ::stop-commands::${MARK}`,
  `\u2028::error::${MARK}`,
  ` ##[set-output name=pwned;]${MARK}`
]

describe('the action (dist/index.js)', () => {
  test.each(
    ['environment', 'mode', 'prefix', 'region'].flatMap((input) =>
      PAYLOADS.map((p) => [input, p] as const)
    )
  )('input %s with %j: refused, not shown, no command', async (input, payload) => {
    const valid: Record<string, string> = {
      environment: 'dev',
      mode: 'sync',
      prefix: 'impressionnistes',
      region: 'eu-west-3'
    }
    const run = await act({ [input]: `${valid[input]}${payload}` })
    clean(run)
    expect(run.code).toBe(1)
    expect(run.visible).not.toContain(MARK)
    expect(run.errors.join('\n')).toContain(`Input "${input}"`)
    expect(calls()).toEqual({})
  })

  test('catalogue names with commands: synced, each row on its line and in its cells', async () => {
    const file = join(dir, 'catalogue.json')
    writeFileSync(
      file,
      JSON.stringify({
        environments: ['dev'],
        secrets: [
          {
            target: 'app/one',
            field: `api_key\n::warning::${MARK}`,
            source: `ONE\r::set-output name=x::${MARK}`,
            description: `d\n::error::${MARK}`
          },
          { target: 'app/two', field: `url|<!--\`x`, source: 'TWO' }
        ]
      })
    )
    const secrets = JSON.stringify({
      [`ONE\r::set-output name=x::${MARK}`]: `value-one-${CANARY}-0001`,
      TWO: `value-two-${CANARY}-0002`
    })
    const run = await act({ catalogue: file, secrets })
    expect(run.code).toBe(0)
    clean(run)
    expectSummaryIntact(run.summary, 2)
    // Shown as it is, on its row: not dropped, not on a line of its own.
    expect(run.stdout).toContain(
      `impressionnistes/app/one  🆕 created [api_key ::warning::${MARK}]`
    )
  })
})

describe('the CLI (dist/cli/index.js)', () => {
  const cli = (args: string[]) => runCli(args, { env: laptopEnv(backend.url), cwd: folder })

  test.each(PAYLOADS)('--region, --env, --prefix with %j: no command, not shown', async (p) => {
    for (const args of [
      ['list', '--env', 'dev', '--region', `eu-west-3${p}`],
      ['list', '--env', `dev${p}`],
      ['deploy', '--env', 'dev', '--prefix', `impressionnistes${p}`]
    ]) {
      const run = await cli(args)
      expect(run.code).toBe(2)
      expectNoInjectedCommand(run)
      expect(run.all).not.toContain(MARK)
    }
  })

  test('catalogue names with commands: every line of the report inert, --json the same data', async () => {
    const file = join(dir, 'cli-catalogue.json')
    writeFileSync(
      file,
      JSON.stringify({
        environments: ['dev'],
        secrets: [
          {
            target: 'app/one',
            field: `f\n::warning::${MARK}\u2028##[error]${MARK}`,
            source: 'stripe_secret_key_dev'
          }
        ]
      })
    )
    const run = await cli(['deploy', '--env', 'dev', '--catalogue', file])
    expect(run.code).toBe(0)
    expectNoInjectedCommand(run)
    expect(run.all).not.toContain(CANARY)
    const json = await cli(['plan', '--env', 'dev', '--catalogue', file, '--json'])
    expectNoInjectedCommand(json)
    const report = JSON.parse(json.stdout) as { rows: { changedFields: string[] }[] }
    expect(report.rows[0]?.changedFields).toEqual([])
  })

  test('values given to --file, --catalogue, --region are not shown; paths and region words are', async () => {
    const pasted = 'sk_live_CANARYpastedHere0001'
    for (const [args, says] of [
      [
        ['deploy', '--env', 'dev', '--file', pasted],
        'The file given to --file does not exist (not shown'
      ],
      [
        ['deploy', '--env', 'dev', '--file', 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789'],
        'does not exist (not shown'
      ],
      [
        ['deploy', '--env', 'dev', '--catalogue', pasted],
        'The catalogue (not shown: it could be a secret) is not valid'
      ],
      [['list', '--env', 'dev', '--region', pasted], 'is not an AWS region name: (not shown']
    ] as const) {
      const run = await cli([...args])
      expect(run.code).not.toBe(0)
      expect(run.stderr).toContain(says)
      expect(run.all).not.toContain(CANARY)
      expect(run.all).not.toContain('AbCdEfGhIjKlMnOp')
    }
    const path = await cli(['deploy', '--env', 'dev', '--file', 'nope/secrets.json'])
    expect(path.stderr).toContain('nope/secrets.json not found')
    const region = await cli(['list', '--env', 'dev', '--region', 'eu-west3'])
    expect(region.stderr).toContain('is not an AWS region name: "eu-west3"')
  })

  test('an unknown option: one line that names it and the real option meant, nothing else', async () => {
    const run = await cli(['deploy', '--env', 'dev', '--dry-run'])
    expect(run.code).toBe(2)
    expect(run.stderr.split('\n')[0]).toBe('unknown option --dry-run; did you mean --plan?')
    expect(run.stderr).not.toContain('positional')
    const pasted = await cli(['deploy', '--env', 'dev', '--sk_live_CANARYpastedHere0001'])
    expect(pasted.stderr.split('\n')[0]).toBe('unknown option (not shown: it could be a secret).')
    expect(pasted.all).not.toContain(CANARY)
  })
})
