/**
 * `mode: rollback` in the action: what the prod workflow's one-click undo runs. The committed
 * bundle, against the stand-in and moto (see backends.ts).
 */
import { expect, test } from '@jest/globals'
import { inspect } from './harness.js'
import { runAction, runnerEnv } from '../../standin/runner.js'
import { describeEachBackend } from './backends.js'
import { expectNothingLeaked } from './expect-no-leak.js'
import { CANARY, NAMES, SOURCES, secretsInput } from './fixtures.js'

describeEachBackend('action mode rollback against %s', (backend) => {
  const act = (inputs: Record<string, string>, over: Record<string, unknown> = {}) =>
    runAction(
      { environment: 'dev', secrets: secretsInput(over), ...inputs },
      runnerEnv(backend.url)
    )

  test('a bad rotation is undone: AWSCURRENT back on the previous version, said in every channel', async () => {
    expect((await act({})).code).toBe(0)
    const first = await inspect(backend.sm, NAMES.api)
    const rotated = 'sk_test_CANARYbadRotation001'
    expect((await act({}, { STRIPE_SECRET_KEY_DEV: rotated })).code).toBe(0)
    const bad = await inspect(backend.sm, NAMES.api)

    const run = await act(
      { mode: 'rollback', only: 'stripe/api_key' },
      { STRIPE_SECRET_KEY_DEV: rotated }
    )
    expect(run.code).toBe(0)
    expectNothingLeaked(run, CANARY)
    expect(JSON.parse(run.outputs.result ?? '[]')).toEqual([
      { name: NAMES.api, action: 'rolled-back', versionId: first.versionId }
    ])
    expect(run.outputs.changed).toBe('true')
    expect(run.summary).toContain(
      `⏪ rolled back | — | \`${first.versionId ?? ''}\` (was \`${bad.versionId ?? ''}\`)`
    )
    expect(run.warnings.join('\n')).toContain('Put the value you want in STRIPE_SECRET_KEY_DEV')
    const after = await inspect(backend.sm, NAMES.api)
    expect(after.json).toEqual({ api_key: SOURCES.STRIPE_SECRET_KEY_DEV })
    expect(after.versions).toBe(2)
    // GitHub's "Re-run jobs" runs the same inputs again: nothing moves back.
    const rerun = await act(
      { mode: 'rollback', only: 'stripe/api_key' },
      { STRIPE_SECRET_KEY_DEV: rotated }
    )
    expect(rerun.code).toBe(0)
    expect(JSON.parse(rerun.outputs.result ?? '[]')).toEqual([
      { name: NAMES.api, action: 'unchanged', versionId: first.versionId }
    ])
    expect(rerun.warnings.join('\n')).toContain('was already rolled back from version')
    expect((await inspect(backend.sm, NAMES.api)).versionId).toBe(first.versionId)
    // The other secrets were not touched.
    expect((await inspect(backend.sm, NAMES.webhook)).versions).toBe(1)
  })

  test('rollback without `only` stops before any AWS call, saying what to give', async () => {
    backend.standin?.resetCalls()
    const run = await act({ mode: 'rollback' })
    expect(run.code).toBe(1)
    expect(run.errors.join('\n')).toContain('rollback needs the secrets to roll back, named in')
    if (backend.standin) expect(backend.standin.calls()).toEqual({})
  })
})
