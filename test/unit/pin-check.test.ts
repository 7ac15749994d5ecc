/**
 * What both fronts ask of the engine before a run's first AWS call (preparePin) and as its first
 * one (checkPin): the file and the explicit settings checked without AWS, then one STS call,
 * none while the account is still a placeholder.
 */
import { describe, expect, test } from '@jest/globals'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { checkPin } from '../../src/engine/account/account.js'
import { preparePin } from '../../src/engine/prepare/prepare.js'
import { helpAnchor } from '../../src/engine/report/help.js'

const ACCOUNT = '111122223333'

/** A workspace holding the environments file at its default place. */
function workspace(account = ACCOUNT): string {
  const dir = mkdtempSync(join(tmpdir(), 'imp-pin-check-'))
  mkdirSync(join(dir, '.github'))
  writeFileSync(
    join(dir, '.github/secrets-environments.json'),
    JSON.stringify({ dev: { account, region: 'eu-west-3' } }, null, 2)
  )
  return dir
}

/** A store that answers STS with `account`, counting the calls. */
function sts(account: string) {
  const store = {
    calls: 0,
    callerIdentity: async () => {
      store.calls += 1
      return { account, arn: `arn:aws:sts::${account}:assumed-role/deploy/me` }
    }
  }
  return store
}

describe('preparePin: before any AWS call', () => {
  test('the default file under the workspace gives the environment’s account and region', async () => {
    const pinned = await preparePin(undefined, workspace(), 'dev')
    expect(pinned).toMatchObject({ ok: true, value: { account: ACCOUNT, region: 'eu-west-3' } })
  })

  test('an explicit region or account that differs is refused, naming both', async () => {
    const pinned = await preparePin(undefined, workspace(), 'dev', {
      explicitRegion: 'us-east-1',
      expectedAccountId: '999999999999'
    })
    if (pinned.ok) throw new Error('expected a refusal')
    const messages = pinned.problems.map((p) => p.message)
    expect(messages).toEqual([
      expect.stringContaining('(--expected-account-id 999999999999) differs'),
      expect.stringContaining('(--region "us-east-1") differs')
    ])
    expect(messages.join('\n')).toContain(`(${ACCOUNT}, line 3)`)
    expect(pinned.problems.map(helpAnchor)).toEqual([
      'an-account-to-confirm-that-differs-from-the-pin',
      'a-region-that-differs-from-the-pin'
    ])
  })

  test('a directory given as the file is not read, and says so with its heading', async () => {
    const dir = workspace()
    const pinned = await preparePin(dir, dir, 'dev')
    if (pinned.ok) throw new Error('expected a refusal')
    expect(pinned.problems[0]?.message).toMatch(
      /^The environments file .* is a directory, not a regular file, so it was not read/
    )
    expect(helpAnchor(pinned.problems[0] ?? { code: 'aws-error' })).toBe(
      'a-file-input-that-is-not-a-regular-file-or-too-large'
    )
  })
})

describe('checkPin: one STS call', () => {
  test('the pinned account goes on; confirmed only when an account to confirm was given', async () => {
    const pinned = await preparePin(undefined, workspace(), 'dev')
    if (!pinned.ok) throw new Error('expected a pin')
    const store = sts(ACCOUNT)
    expect(await checkPin(store, pinned.value)).toMatchObject({ ok: true, confirmed: false })
    expect(await checkPin(store, pinned.value, { expectedAccountId: ACCOUNT })).toMatchObject({
      ok: true,
      confirmed: true
    })
    expect(store.calls).toBe(2)
  })

  test('another account’s credentials stop the run, naming both accounts and the file', async () => {
    const pinned = await preparePin(undefined, workspace(), 'dev')
    if (!pinned.ok) throw new Error('expected a pin')
    const store = sts('999999999999')
    const checked = await checkPin(store, pinned.value)
    expect(checked.ok).toBe(false)
    if (checked.ok) return
    expect(checked.problems[0]?.message).toMatch(
      /^The AWS credentials are for account 999999999999, but the environments file .* pins dev to account 111122223333 \(line 3\)/
    )
    expect(store.calls).toBe(1)
  })

  test('a placeholder account is "Set-up not finished", and STS is not asked', async () => {
    const pinned = await preparePin(undefined, workspace('000000000000'), 'dev')
    expect(pinned.ok).toBe(false)
    if (pinned.ok) return
    expect(pinned.problems[0]?.message).toMatch(/^Set-up not finished: /)
    const store = sts(ACCOUNT)
    const pin = {
      environment: 'dev',
      account: '000000000000',
      region: 'eu-west-3',
      origin: 'f',
      lines: {}
    }
    const checked = await checkPin(store, pin)
    expect(checked).toMatchObject({ ok: false })
    expect(store.calls).toBe(0)
  })
})
