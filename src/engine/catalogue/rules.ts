/**
 * Validation rules a catalogue entry can name. Each check returns a problem sentence about
 * "the value" (never quoting it) with its code, or undefined when the value is acceptable. The
 * sentence is completed by the caller with the name of the GitHub secret to fix.
 */
import type { ProblemCode } from '../model/codes.js'

/** What a rule found wrong with a value. */
export interface RuleProblem {
  code: ProblemCode
  message: string
}

export interface Rule {
  /** What a good value looks like, for docs and hints. */
  readonly expects: string
  check(value: string): RuleProblem | undefined
}

const said = (code: ProblemCode, message: string): RuleProblem => ({ code, message })

const STRIPE_KEY = /^(sk|rk)_(test|live)_([A-Za-z0-9]+)$/

function stripeKey(mode: 'test' | 'live'): Rule {
  const expects = `a ${mode}-mode Stripe secret key (sk_${mode}_… or restricted rk_${mode}_…)`
  return {
    expects,
    check(value) {
      const match = STRIPE_KEY.exec(value)
      if (match) {
        const [, , keyMode, body = ''] = match
        if (keyMode !== mode) {
          return mode === 'test'
            ? said(
                'live-key-in-dev',
                'is a LIVE-mode Stripe key, and this environment must use a test-mode key ' +
                  '(sk_test_… or rk_test_…). Copy the key from the Stripe dashboard with "Test mode" on.'
              )
            : said(
                'test-key-in-prod',
                'is a test-mode Stripe key, and this environment must use a live-mode key ' +
                  '(sk_live_… or rk_live_…). Copy the key from the Stripe dashboard with "Test mode" off.'
              )
        }
        if (body.length < 8)
          return said('not-a-stripe-key', `is too short to be a Stripe key; expected ${expects}.`)
        return undefined
      }
      if (/^pk_(test|live)_/.test(value)) {
        return said(
          'publishable-key',
          `is a publishable key (pk_…), which cannot call the Stripe API; expected ${expects}.`
        )
      }
      if (value.startsWith('whsec_')) {
        return said(
          'stripe-secrets-swapped',
          `looks like a webhook signing secret (whsec_…), not an API key; expected ${expects}.`
        )
      }
      return said('not-a-stripe-key', `is not a Stripe secret key; expected ${expects}.`)
    }
  }
}

const stripeWebhookSecret: Rule = {
  expects: 'a Stripe webhook signing secret (whsec_…)',
  check(value) {
    if (/^whsec_[A-Za-z0-9+/=]{8,}$/.test(value)) return undefined
    if (/^(sk|rk|pk)_(test|live)_/.test(value)) {
      return said(
        'stripe-secrets-swapped',
        'looks like a Stripe API key, not a webhook signing secret; expected whsec_… (Stripe dashboard → Developers → Webhooks → your endpoint → Signing secret).'
      )
    }
    return said(
      'not-a-webhook-secret',
      'is not a Stripe webhook signing secret; expected whsec_… (Stripe dashboard → Developers → Webhooks → your endpoint → Signing secret).'
    )
  }
}

const slackWebhookUrl: Rule = {
  expects: 'a Slack incoming webhook URL (https://hooks.slack.com/services/…)',
  check(value) {
    if (
      /^https:\/\/hooks\.slack\.com\/services\/[A-Za-z0-9]+\/[A-Za-z0-9]+\/[A-Za-z0-9]+$/.test(
        value
      )
    ) {
      return undefined
    }
    if (/^http:\/\/hooks\.slack\.com\//.test(value))
      return said('not-a-slack-webhook', 'must use https://, not http://.')
    return said(
      'not-a-slack-webhook',
      'is not a Slack incoming webhook URL; expected https://hooks.slack.com/services/T…/B…/… (Slack app → Incoming Webhooks → Copy).'
    )
  }
}

const nonEmpty: Rule = { expects: 'any non-empty value', check: () => undefined }

export const NAMED_RULES: Readonly<Record<string, Rule>> = {
  'non-empty': nonEmpty,
  'stripe-test-key': stripeKey('test'),
  'stripe-live-key': stripeKey('live'),
  'stripe-webhook-secret': stripeWebhookSecret,
  'slack-webhook-url': slackWebhookUrl
}

/** A rule given in a catalogue as data: a regular expression the whole value must match. */
export interface PatternRuleSpec {
  pattern: string
  expects: string
}

export type RuleSpec = string | PatternRuleSpec

export function ruleFor(spec: RuleSpec): Rule {
  if (typeof spec === 'string') {
    const rule = NAMED_RULES[spec]
    if (!rule) throw new Error(`unknown rule "${spec}"`)
    return rule
  }
  const regex = new RegExp(spec.pattern, 'u')
  return {
    expects: spec.expects,
    check: (value) =>
      regex.test(value)
        ? undefined
        : said('rule-refused', `does not look right; expected ${spec.expects}.`)
  }
}
