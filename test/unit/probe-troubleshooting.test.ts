/**
 * Every probe message has its heading in docs/troubleshooting.md: each anchor of PROBE_HELP is a
 * heading, the message quoted under it is picked by its own pattern, and the sentences the code
 * actually says are picked too.
 */
import { describe, expect, test } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { PROBE_HELP } from '../../src/engine/probe/help.js'
import * as say from '../../src/engine/probe/messages.js'
import { BaseRefused } from '../../src/providers/bases.js'
import { readProbeInputs } from '../../src/action/probe-inputs.js'
import { probeModeOf } from '../../src/cli/probe.js'
import type { Stopped } from '../../src/engine/model/report.js'

const page = readFileSync(join(import.meta.dirname, '../../docs/troubleshooting.md'), 'utf8')

/** GitHub's anchor for a heading (as test/unit/troubleshooting.test.ts computes it). */
const slug = (heading: string): string =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-')

const quoted = new Map<string, string[]>()
{
  let anchor: string | undefined
  for (const line of page.split('\n')) {
    if (line.startsWith('### ')) anchor = slug(line.slice(4))
    else if (anchor && line.startsWith('> ')) {
      quoted.set(
        anchor,
        [...line.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? '')
      )
    }
  }
}

const anchorOf = (message: string): string | undefined =>
  PROBE_HELP.find(([, says]) => says.test(message))?.[0]

describe('the probe messages in docs/troubleshooting.md', () => {
  test.each(PROBE_HELP.map(([anchor]) => anchor))('#%s quotes a message it picks', (anchor) => {
    expect((quoted.get(anchor) ?? []).map(anchorOf)).toContain(anchor)
  })

  test('each sentence the code says has a heading', () => {
    const sentences = [
      ...Object.values(say.STRIPE_DEAD),
      say.STRIPE_RESTRICTED,
      say.wrongStripeAccount('acct_1', 'prod', 'acct_2'),
      say.slackDead('channel_is_archived'),
      say.slackBlocked('action_prohibited'),
      say.OTHER_WORKSPACE,
      say.workspacesDiffer('SLACK_WEBHOOK_DEVOPS'),
      say.inconclusive('Slack', 'timeout'),
      say.NO_KEY_FOR_WEBHOOK,
      say.KEY_NOT_ALIVE_FOR_WEBHOOK,
      say.ENDPOINTS_RESTRICTED,
      say.noEnabledEndpoint('live'),
      say.failedDeliveries('3', '2026-03-01 10:00 UTC'),
      say.EVENTS_RESTRICTED,
      new BaseRefused('SLACK_HOOKS_BASE').message,
      say.rollbackRefused('impressionnistes/stripe/api_key', 'v-1'),
      say.rollbackForced('impressionnistes/stripe/api_key', 'v-1'),
      say.ROTATION_UNREADABLE
    ]
    expect(sentences.filter((s) => anchorOf(s) === undefined)).toEqual([])
  })

  test('each message of the probe inputs and options has its heading', () => {
    const problems: string[] = []
    const saved = { ...process.env }
    try {
      process.env.INPUT_PROBE = 'maybe'
      process.env['INPUT_FORCE-ROLLBACK'] = 'yes'
      process.env['INPUT_ROTATION-OVERLAP-DAYS'] = '0'
      readProbeInputs('sync', problems)
      process.env['INPUT_FORCE-ROLLBACK'] = 'true'
      readProbeInputs('sync', problems)
    } finally {
      process.env = saved
    }
    let contradiction = ''
    try {
      probeModeOf({ 'no-probe': true, 'require-probe': true })
    } catch (error) {
      contradiction = (error as Stopped).problems[0]?.message ?? ''
    }
    const said = [...problems, contradiction]
    expect(said).toHaveLength(7)
    expect(said.map((s) => anchorOf(s))).toEqual([
      'a-probe-input-is-wrong',
      'a-probe-input-is-wrong',
      'a-probe-input-is-wrong',
      'a-probe-input-is-wrong',
      'a-probe-input-is-wrong',
      'a-probe-input-is-wrong',
      'the-no-probe-and-require-probe-options-together'
    ])
  })
})
