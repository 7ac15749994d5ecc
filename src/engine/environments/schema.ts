/**
 * The environments file's vocabulary: a pin's keys and shapes, and the placeholders the shipped
 * file holds until set-up replaces them.
 */
import en from 'zod/v4/locales/en.js'
import * as z from 'zod/mini'
/** Where the file is looked for, relative to the repository's root (a checkout's workspace). */
export const DEFAULT_ENVIRONMENTS_FILE = '.github/secrets-environments.json'

/** The text set-up replaces: in a role ARN's name, a Stripe account id, a Slack workspace id. */
export const PLACEHOLDER = 'REPLACE_ME'
/** The account id the shipped file holds until set-up puts the real one. */
export const PLACEHOLDER_ACCOUNT = '000000000000'

/** One environment's pin, as the file gives it. */
export interface Pin {
  environment: string
  account: string
  region: string
  /** The role the deploy workflows assume (arn:aws:iam::ACCOUNT:role/NAME). */
  deployRole?: string
  /** The read-only role the daily audit assumes. */
  auditRole?: string
  /** The Stripe account (acct_…) the environment's Stripe key must belong to. */
  stripeAccount?: string
  /** The Slack workspace (T…) the environment's webhooks must post to. */
  slackWorkspace?: string
  /** The Lambdas to refresh after a change, as the consumers input: "stripe/api_key: fn-a, fn-b". */
  consumers?: string[]
  /** The file, as messages name it. */
  origin: string
  /** The line of each key in the file (of the environment's own key for `entry`). */
  lines: Partial<Record<PinKey | 'entry', number>>
}

export type PinKey =
  'account' | 'region' | 'deployRole' | 'auditRole' | 'stripeAccount' | 'slackWorkspace'

z.config(en())

export const ENVIRONMENT = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/
const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/
const CONSUMERS = /^[A-Za-z0-9_/+=.@-]+:\s*[A-Za-z0-9_-]+(\s*,\s*[A-Za-z0-9_-]+)*$/
export const ROLE_ARN = /^arn:aws(-cn|-us-gov)?:iam::(\d{12}):role\/[\w+=,.@/-]{1,512}$/

/** A real value of the given shape, or one still holding the placeholder. */
const pinned = (shape: RegExp, expects: string) =>
  z.string().check(
    z.refine((v) => shape.test(v) || (v.includes(PLACEHOLDER) && v.length <= 80), {
      error: `must be ${expects}`
    })
  )

export const entrySchema = z.strictObject({
  account: z.string().check(z.regex(/^\d{12}$/, 'must be the 12 digits of an AWS account id')),
  region: z.string().check(z.regex(REGION, 'must be an AWS region, such as eu-west-3')),
  deployRole: z.optional(pinned(ROLE_ARN, 'an IAM role ARN, arn:aws:iam::ACCOUNT:role/NAME')),
  auditRole: z.optional(pinned(ROLE_ARN, 'an IAM role ARN, arn:aws:iam::ACCOUNT:role/NAME')),
  stripeAccount: z.optional(pinned(/^acct_[A-Za-z0-9]{1,64}$/, 'a Stripe account id, acct_…')),
  slackWorkspace: z.optional(pinned(/^T[A-Z0-9]{2,20}$/, 'a Slack workspace (team) id, T…')),
  consumers: z.optional(
    z.array(
      z
        .string()
        .check(
          z.regex(CONSUMERS, 'must each be "target: function, function" (letters, digits, _ - / .)')
        )
    )
  )
})

/** The keys of a pin that hold one text each. */
export const PIN_KEYS: readonly PinKey[] = [
  'account',
  'region',
  'deployRole',
  'auditRole',
  'stripeAccount',
  'slackWorkspace'
]
export const KNOWN_KEYS = [...PIN_KEYS, 'consumers']

/** Whether a pinned value is still the shipped placeholder. */
export const isPlaceholder = (value: string): boolean =>
  value === PLACEHOLDER_ACCOUNT || value.includes(PLACEHOLDER) || value.includes(':000000000000:')
