/** The write pacer: idle until AWS throttles a group, then one attempt per 1/quota seconds. */
import { describe, expect, test } from '@jest/globals'
import { pacer, quotaMiddleware } from '../../src/store/quota.js'

const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' })

describe('pacer', () => {
  test('spaces callers 1/perSecond apart, starting now', async () => {
    const pace = pacer(50)
    const start = performance.now()
    const at: number[] = []
    await Promise.all(
      [0, 1, 2, 3, 4].map(async () => (await pace(), at.push(performance.now() - start)))
    )
    expect(at[0]).toBeLessThan(15)
    // Five slots 20 ms apart: the last one starts 80 ms in. Node's timers work in whole
    // milliseconds and may fire up to 1 ms early (one run saw 78.95), or late on a busy machine.
    expect(at[4]).toBeGreaterThanOrEqual(78)
  })
})

describe('quotaMiddleware', () => {
  test('does nothing until a throttle, then paces that group only', async () => {
    const middleware = quotaMiddleware(20) // 50 ms apart, easy to see
    let fail = true
    const handler = (commandName: string) =>
      middleware(
        async () => {
          if (fail && commandName === 'PutSecretValueCommand') {
            fail = false
            throw throttled
          }
          return performance.now()
        },
        { commandName }
      )
    const put = handler('PutSecretValueCommand')
    const stage = handler('UpdateSecretVersionStageCommand')
    const tag = handler('TagResourceCommand')

    const before = performance.now()
    const tags = await Promise.all([tag(0), tag(0), tag(0)]) // never throttled: not paced
    // Paced, three calls would take 100 ms or more; unpaced they take none (40: a busy machine).
    expect(Math.max(...(tags as number[])) - before).toBeLessThan(40)

    await expect(put(0)).rejects.toBe(throttled)
    const start = performance.now()
    const times = (await Promise.all([put(0), stage(0), put(0), stage(0)])) as number[]
    const spread = Math.max(...times) - start
    // PutSecretValue and UpdateSecretVersionStage share a quota: 4 slots 50 ms apart.
    expect(spread).toBeGreaterThanOrEqual(140)
    expect((await Promise.all([tag(0), tag(0)])) as number[]).toHaveLength(2)
  })

  test('a failure that is not throttling does not start pacing', async () => {
    const middleware = quotaMiddleware(2) // 500 ms apart: a paced call would be obvious
    let calls = 0
    const put = middleware(
      async () => {
        calls += 1
        if (calls === 1) throw Object.assign(new Error('boom'), { name: 'InternalServiceError' })
        return 'ok'
      },
      { commandName: 'PutSecretValueCommand' }
    )
    await expect(put(0)).rejects.toThrow('boom')
    const start = performance.now()
    await Promise.all([put(0), put(0), put(0)])
    // Paced at 2 a second, three calls would take a second or more.
    expect(performance.now() - start).toBeLessThan(400)
  })
})
