/**
 * A run's probes end to end, real adapters against the Stripe and Slack stand-in: every value
 * the run makes current is asked about in parallel, a dead one stops the run naming its source,
 * an unknown one warns, `off` sends nothing, and no key, hook or provider text reaches any
 * message or result.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals'
import { problemText } from '../../src/engine/model/problem.js'
import { helpAnchor } from '../../src/engine/report/help.js'
import type { ProbeEnvironment } from '../../src/engine/probe/plan.js'
import { probeValues } from '../../src/engine/probe/probe.js'
import { deliveryFindings } from '../../src/engine/probe/deliveries.js'
import { rotationState } from '../../src/engine/probe/rotation.js'
import { providerPort } from '../../src/providers/providers.js'
import { ProviderStandin } from '../../standin/providers.js'

const KEY = 'sk_live_CANARYprod000000000000000'
const ROLLED = 'sk_live_CANARYrolled0000000000000'
const ADMIN = 'https://hooks.slack.com/services/T0PROD/B0001/CANARYadmin'
const DEVOPS = 'https://hooks.slack.com/services/T0PROD/B0002/CANARYdevops'

let standin: ProviderStandin
const port = () => providerPort(standin.env, { backoffMs: 20 })

beforeAll(async () => {
  standin = await ProviderStandin.start({ slowMs: 4000 })
})
afterAll(() => standin.stop())
beforeEach(() => standin.reset())

const prod = (key: string, pins: ProbeEnvironment['pins'] = {}): ProbeEnvironment => ({
  environment: 'prod',
  pins,
  values: [
    { kind: 'stripe-key', source: 'STRIPE_SECRET_KEY_PROD', value: key, changing: true },
    {
      kind: 'stripe-webhook-secret',
      source: 'STRIPE_WEBHOOK_SECRET_PROD',
      value: 'whsec_CANARYsecret00000000',
      changing: true
    },
    { kind: 'slack-webhook', source: 'SLACK_WEBHOOK_ADMIN', value: ADMIN, changing: true },
    { kind: 'slack-webhook', source: 'SLACK_WEBHOOK_DEVOPS', value: DEVOPS, changing: true }
  ]
})

/** Every text a front could print from a probe report. */
const printed = (r: object): string => JSON.stringify(r)

describe('the probes of a run', () => {
  test('all alive: four calls, the account reported, nothing to say', async () => {
    standin.seedKey(KEY, { state: 'alive', account: 'acct_1Prod' })
    standin.seedHook(ADMIN, { state: 'alive' }).seedHook(DEVOPS, { state: 'alive' })
    const r = await probeValues(port(), [prod(KEY, { stripeAccount: 'acct_1Prod' })], {
      mode: 'on'
    })
    expect(r.problems).toEqual([])
    expect(r.warnings).toEqual([])
    expect(r.results.map((x) => x.status)).toEqual(['alive', 'alive', 'alive', 'alive'])
    expect(r.results[0]?.account).toBe('acct_1Prod')
    expect(standin.calls()).toBe(4)
  })

  test('a rolled key stops the run, naming the GitHub secret, never quoting Stripe', async () => {
    standin.seedKey(ROLLED, { state: 'expired' })
    standin
      .seedHook(ADMIN, { state: 'alive' })
      .seedHook(DEVOPS, { state: 'dead', code: 'no_service' })
    const r = await probeValues(port(), [prod(ROLLED)], { mode: 'on' })
    expect(r.problems.map(problemText)).toEqual([
      expect.stringMatching(
        /^STRIPE_SECRET_KEY_PROD is a Stripe key that Stripe reports as expired/
      ),
      expect.stringMatching(
        /^SLACK_WEBHOOK_DEVOPS is a Slack webhook that Slack reports as dead \(no_service\)/
      )
    ])
    expect(printed(r)).not.toMatch(/CANARY|API Key provided/)
  })

  test('a key of another account than the pinned one stops the run', async () => {
    standin.seedKey(KEY, { state: 'alive', account: 'acct_1Other' })
    standin.seedHook(ADMIN, { state: 'alive' }).seedHook(DEVOPS, { state: 'alive' })
    const r = await probeValues(port(), [prod(KEY, { stripeAccount: 'acct_1Prod' })], {
      mode: 'on'
    })
    expect(r.problems.map(problemText)).toEqual([
      "STRIPE_SECRET_KEY_PROD is a key of Stripe account acct_1Other, and environment prod is pinned to acct_1Prod (stripeAccount in the environments file): it is another account's key."
    ])
  })

  test('the probes run side by side, each on its own time limit', async () => {
    standin.seedKey(KEY, { state: 'fault', fault: 'slow' })
    standin.seedHook(ADMIN, { state: 'fault', fault: 'slow' })
    standin.seedHook(DEVOPS, { state: 'fault', fault: 'slow' })
    const start = Date.now()
    const r = await probeValues(port(), [prod(KEY)], { mode: 'on', timeoutMs: 400 })
    const took = Date.now() - start
    expect(took).toBeLessThan(1200) // four limits in a row would be 1600
    expect(r.problems).toEqual([])
    expect(r.warnings).toHaveLength(4)
    expect(r.warnings.every((w) => /did not answer within the time limit/.test(w.message))).toBe(
      true
    )
    const required = await probeValues(port(), [prod(KEY)], { mode: 'require', timeoutMs: 200 })
    expect(required.problems).toHaveLength(4)
  })

  test('off sends nothing at all', async () => {
    const r = await probeValues(port(), [prod(ROLLED)], { mode: 'off' })
    expect(r.problems).toEqual([])
    expect(standin.calls()).toBe(0)
  })

  test('a hook of another workspace than the pinned one: refused before any call', async () => {
    const r = await probeValues(port(), [prod(KEY, { slackWorkspace: 'T0DEV' })], { mode: 'on' })
    expect(r.problems.map((p) => p.source)).toEqual(['SLACK_WEBHOOK_ADMIN', 'SLACK_WEBHOOK_DEVOPS'])
    expect(standin.calls()).toBe(0)
    expect(printed(r)).not.toMatch(/CANARY|T0PROD/)
  })
})

describe('after the write', () => {
  test('failed deliveries since a new signing secret are reported, counted', async () => {
    standin.seedKey(KEY, { state: 'alive', account: 'acct_1', failedEvents: 3 })
    const finding = await deliveryFindings(
      port(),
      {
        source: 'STRIPE_WEBHOOK_SECRET_PROD',
        key: KEY,
        writtenAt: new Date('2026-03-01T10:00:00Z')
      },
      { timeoutMs: 1000 }
    )
    expect(finding && problemText(finding)).toBe(
      'STRIPE_WEBHOOK_SECRET_PROD was written on 2026-03-01 10:00 UTC, and Stripe reports 3 event deliveries that failed since: check that the endpoint uses the new signing secret.'
    )
  })

  test('a rotation is in progress while the previous key works, overdue after the overlap, complete once it is dead', async () => {
    const replacedAt = new Date('2026-03-01T10:00:00Z')
    const previous = { source: 'STRIPE_SECRET_KEY_PROD', value: ROLLED, replacedAt }
    const limit = { timeoutMs: 1000 }
    standin.seedKey(ROLLED, { state: 'alive', account: 'acct_1' })
    const day2 = await rotationState(port(), previous, { ...limit, now: new Date('2026-03-03') })
    expect(day2).toMatchObject({ state: 'in-progress', fails: false })
    const day9 = await rotationState(port(), previous, { ...limit, now: new Date('2026-03-09') })
    expect(day9).toMatchObject({ state: 'overdue', fails: true })
    standin.seedKey(ROLLED, { state: 'expired' })
    const done = await rotationState(port(), previous, { ...limit, now: new Date('2026-03-09') })
    expect(done).toMatchObject({ state: 'complete', fails: false })
    expect(printed([day2, day9, done])).not.toContain('CANARY')
    const anchors = [day2, day9, done].map((c) => helpAnchor(c))
    expect(anchors).toEqual(['rotation-in-progress', 'rotation-overdue', 'rotation-complete'])
  })
})
