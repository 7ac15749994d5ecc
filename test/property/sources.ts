/**
 * Generators of `secrets` inputs for the default catalogue, each labelled with what the action
 * must do with it: the trimmed value to store, or the problem it must report and for which GitHub
 * secret. Every generated string carries the canary (in every line of a multi-line value), so a
 * leak of any part of it shows.
 */
import fc from 'fast-check'
import { CANARY } from '../e2e/fixtures.js'
import {
  escapedLiteral,
  ownershipTags,
  rawDocument,
  type OwnershipTags,
  type RawDocument
} from './existing.js'

export type Env = 'dev' | 'prod'
const OTHER: Record<Env, Env> = { dev: 'prod', prod: 'dev' }

export interface Slot {
  /** The catalogue's source key, upper-cased as GitHub names it. */
  name: string
  kind: 'stripe-key' | 'webhook' | 'slack'
  target: string
  field: string
  /** The same slot of the other environment, when the two must differ. */
  other?: string
}

export function slotsOf(env: Env): Slot[] {
  const E = env.toUpperCase()
  const O = OTHER[env].toUpperCase()
  return [
    {
      name: `STRIPE_SECRET_KEY_${E}`,
      kind: 'stripe-key',
      target: 'stripe/api_key',
      field: 'api_key',
      other: `STRIPE_SECRET_KEY_${O}`
    },
    {
      name: `STRIPE_WEBHOOK_SECRET_${E}`,
      kind: 'webhook',
      target: 'stripe/webhook_secret',
      field: 'webhook_secret',
      other: `STRIPE_WEBHOOK_SECRET_${O}`
    },
    {
      name: 'SLACK_WEBHOOK_ADMIN',
      kind: 'slack',
      target: 'slack/admin_webhook',
      field: 'webhook_url'
    },
    {
      name: 'SLACK_WEBHOOK_DEVOPS',
      kind: 'slack',
      target: 'slack/devops_webhook',
      field: 'webhook_url'
    }
  ]
}

/** One candidate for a slot: the core string and the sentence its source must get, if any. */
interface Candidate {
  value: string
  /** undefined: valid. Otherwise a fragment of the problem sentence after the secret's name. */
  problem?: string
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
const alnumChar = fc.constantFrom(...ALNUM.split(''))
export const alnum = (minLength: number, maxLength: number) =>
  fc.string({ unit: alnumChar, minLength, maxLength })
/** An alphanumeric body holding the canary, at least 8 characters long. */
const canaryBody = fc.tuple(alnum(0, 12), alnum(2, 12)).map(([a, b]) => `${a}${CANARY}${b}`)

/** Characters that make a value wrong or hard to handle; none is an ASCII letter or digit. */
export const awkwardChar = fc.oneof(
  fc.constantFrom(
    '"',
    '\\',
    '\n',
    '\r\n',
    '\t',
    ' ',
    '-',
    '.',
    '%',
    ':',
    '|',
    '`',
    '<',
    '&',
    '\u0001',
    '\u001b',
    '\u007f',
    '\u00a0',
    '\u200b',
    '\u2028',
    '\ufeff',
    'é',
    'ß',
    '０',
    'Ⅻ',
    '😀',
    'e\u0301'
  ),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }).filter((c) => !/[A-Za-z0-9\0]/.test(c))
)
const awkward = (min: number, max: number) =>
  fc.string({ unit: fc.oneof(awkwardChar, alnumChar), minLength: min, maxLength: max })

/**
 * Any text with the canary in every line: unicode, control characters, quotes, backslashes,
 * line breaks. Never holds NUL, which no environment variable can carry.
 */
export const textWithCanary = fc
  .array(fc.tuple(awkward(0, 10), awkward(0, 10)), { minLength: 1, maxLength: 3 })
  .map((lines) => lines.map(([a, b]) => `${a}${CANARY}${b}`.replace(/[\r\n]/g, ' ')).join('\n'))

const HUGE = 65_536
const stripeMode = fc.constantFrom('sk', 'rk')

/** The good values of a kind, and its near misses, each with the problem it must raise. */
interface Candidates {
  valid: fc.Arbitrary<Candidate>
  invalid: fc.Arbitrary<Candidate>
}

function stripeKey(mode: 'test' | 'live'): Candidates {
  const wrongMode = mode === 'test' ? 'live' : 'test'
  const valid = fc.tuple(stripeMode, canaryBody).map(([p, b]) => ({ value: `${p}_${mode}_${b}` }))
  const invalid = fc.oneof(
    fc.tuple(stripeMode, canaryBody).map(([p, b]) => ({
      value: `${p}_${wrongMode}_${b}`,
      problem:
        mode === 'test'
          ? 'is a LIVE-mode Stripe key, and this environment must use a test-mode key'
          : 'is a test-mode Stripe key, and this environment must use a live-mode key'
    })),
    fc.tuple(stripeMode, alnum(1, 7)).map(([p, b]) => ({
      value: `${p}_${mode}_${b}`,
      problem: 'is too short to be a Stripe key'
    })),
    fc.tuple(stripeMode, canaryBody, awkwardChar, alnum(1, 6)).map(([p, b, c, t]) => ({
      value: `${p}_${mode}_${b}${c}${t}`,
      problem: 'is not a Stripe secret key'
    })),
    fc
      .tuple(
        fc.constantFrom('SK_TEST_', 'sk-test-', 'sk_test', 'sk__', 'sk_prod_', 'Sk_live_'),
        canaryBody
      )
      .map(([p, b]) => ({ value: `${p}${b}`, problem: 'is not a Stripe secret key' })),
    fc.tuple(fc.constantFrom('test', 'live'), canaryBody).map(([m, b]) => ({
      value: `pk_${m}_${b}`,
      problem: 'is a publishable key (pk_…), which cannot call the Stripe API'
    })),
    canaryBody.map((b) => ({
      value: `whsec_${b}`,
      problem: 'looks like a webhook signing secret (whsec_…), not an API key'
    })),
    fc.tuple(stripeMode, canaryBody).map(([p, b]) => ({
      value: `${p}_${mode}_${b}${'x'.repeat(HUGE)}`,
      problem: 'is too large: stored as JSON it takes'
    })),
    textWithCanary.map((t) => ({ value: `${CANARY}${t}`, problem: 'is not a Stripe secret key' }))
  )
  return { valid, invalid }
}

const WEBHOOK_CHAR = fc.constantFrom(...`${ALNUM}+/=`.split(''))
const webhook: Candidates = {
  valid: fc
    .tuple(fc.string({ unit: WEBHOOK_CHAR, maxLength: 8 }), canaryBody)
    .map(([a, b]) => ({ value: `whsec_${a}${b}` })),
  invalid: fc.oneof(
    fc.string({ unit: WEBHOOK_CHAR, minLength: 1, maxLength: 7 }).map((b) => ({
      value: `whsec_${b}`,
      problem: 'is not a Stripe webhook signing secret'
    })),
    fc
      .tuple(
        canaryBody,
        awkwardChar.filter((c) => !/[+/=]/.test(c)),
        alnum(1, 6)
      )
      .map(([b, c, t]) => ({
        value: `whsec_${b}${c}${t}`,
        problem: 'is not a Stripe webhook signing secret'
      })),
    fc.tuple(fc.constantFrom('WHSEC_', 'whsec-', 'whsec', 'wh_sec_'), canaryBody).map(([p, b]) => ({
      value: `${p}${b}`,
      problem: 'is not a Stripe webhook signing secret'
    })),
    fc
      .tuple(fc.constantFrom('sk', 'rk', 'pk'), fc.constantFrom('test', 'live'), canaryBody)
      .map(([p, m, b]) => ({
        value: `${p}_${m}_${b}`,
        problem: 'looks like a Stripe API key, not a webhook signing secret'
      })),
    canaryBody.map((b) => ({
      value: `whsec_${b}${'A'.repeat(HUGE)}`,
      problem: 'is too large: stored as JSON it takes'
    })),
    textWithCanary.map((t) => ({
      value: `${CANARY}${t}`,
      problem: 'is not a Stripe webhook signing secret'
    }))
  )
}

const SLACK_NOT = 'is not a Slack incoming webhook URL'
const slackParts = fc.tuple(alnum(1, 12), alnum(1, 12), canaryBody)
const slack: Candidates = {
  valid: slackParts.map(([t, b, c]) => ({
    value: `https://hooks.slack.com/services/T${t}/B${b}/${c}`
  })),
  invalid: fc.oneof(
    slackParts.map(([t, b, c]) => ({
      value: `http://hooks.slack.com/services/T${t}/B${b}/${c}`,
      problem: 'must use https://, not http://.'
    })),
    fc
      .tuple(
        fc.constantFrom(
          'https://hooks.slack.com.evil.com/services/',
          'https://evil.com/services/',
          'https://hooks.slack.co/services/',
          'https://hooks-slack.com/services/',
          'https://HOOKS.SLACK.COM/services/',
          'https://hooks.slack.com/',
          'https://hooks.slack.com/workflows/',
          'https://hooks.slack.com//services/',
          'hooks.slack.com/services/',
          'ftp://hooks.slack.com/services/',
          'https://user@hooks.slack.com/services/'
        ),
        slackParts
      )
      .map(([base, [t, b, c]]) => ({ value: `${base}T${t}/B${b}/${c}`, problem: SLACK_NOT })),
    slackParts.map(([t, _b, c]) => ({
      value: `https://hooks.slack.com/services/T${t}/${c}`,
      problem: SLACK_NOT
    })),
    fc
      .tuple(slackParts, fc.constantFrom('/', '?x=1', '#f', '/extra', ' x'))
      .map(([[t, b, c], tail]) => ({
        value: `https://hooks.slack.com/services/T${t}/B${b}/${c}${tail}`,
        problem: SLACK_NOT
      })),
    fc.tuple(slackParts, awkwardChar).map(([[t, b, c], x]) => ({
      value: `https://hooks.slack.com/services/T${t}/B${b}/${c}${x}${c}`,
      problem: SLACK_NOT
    })),
    slackParts.map(([t, b, c]) => ({
      value: `https://hooks.slack.com/services/T${t}/B${b}/${c}${'z'.repeat(HUGE)}`,
      problem: 'is too large: stored as JSON it takes'
    })),
    textWithCanary.map((t) => ({ value: `${CANARY}${t}`, problem: SLACK_NOT }))
  )
}

/** Secrets Manager's limit on a SecretString, in bytes. */
export const LIMIT = 65_536

/**
 * A good-looking value whose document {"<field>": value} takes LIMIT + delta bytes: at the limit
 * or just under it is fine, a byte over is "too large".
 */
function nearTheLimit(slot: Slot, env: Env): Candidates {
  const head =
    slot.kind === 'stripe-key'
      ? `sk_${env === 'dev' ? 'test' : 'live'}_`
      : slot.kind === 'webhook'
        ? 'whsec_'
        : 'https://hooks.slack.com/services/T1/B1/'
  const overhead = Buffer.byteLength(JSON.stringify({ [slot.field]: '' }))
  const sized = (delta: number) =>
    `${head}${CANARY}${'a'.repeat(LIMIT + delta - overhead - head.length - CANARY.length)}`
  return {
    valid: fc.integer({ min: -8, max: 0 }).map((d) => ({ value: sized(d) })),
    invalid: fc.integer({ min: 1, max: 4 }).map((d) => ({
      value: sized(d),
      problem: `is too large: stored as JSON it takes ${LIMIT + d} bytes, and Secrets Manager holds at most ${LIMIT}.`
    }))
  }
}

function candidatesFor(slot: Slot, env: Env): Candidates {
  const kind =
    slot.kind === 'stripe-key'
      ? stripeKey(env === 'dev' ? 'test' : 'live')
      : slot.kind === 'webhook'
        ? webhook
        : slack
  const edge = nearTheLimit(slot, env)
  return {
    valid: fc.oneof({ weight: 6, arbitrary: kind.valid }, { weight: 1, arbitrary: edge.valid }),
    invalid: fc.oneof(
      { weight: 12, arbitrary: kind.invalid },
      { weight: 1, arbitrary: edge.invalid }
    )
  }
}

/** Whitespace a copy-paste may leave around a value: the action trims it and warns. */
const padding = fc.oneof(
  { weight: 3, arbitrary: fc.constant('') },
  {
    weight: 1,
    arbitrary: fc.string({
      unit: fc.constantFrom(' ', '\n', '\r\n', '\t', '\u00a0', '\u3000'),
      minLength: 1,
      maxLength: 3
    })
  }
)

/** Noise: any JSON the `secrets` input may hold besides the sources (nested, numbers, nulls…). */
export const noiseValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    textWithCanary,
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 6 }), tie('value'), { maxKeys: 3 })
  )
})).value

/** How a slot is given in the input. */
type Given =
  | { how: 'string'; key: string; candidate: Candidate; pad: [string, string] }
  | { how: 'missing' }
  | { how: 'not-a-string'; key: string; value: unknown; kind: string }
  | { how: 'blank'; key: string; value: string }
  | { how: 'twice-same'; keys: [string, string]; candidate: Candidate; pads: [string, string] }
  | { how: 'twice-different'; keys: [string, string]; values: [string, string] }

/** The name as given: GitHub's upper case, a secrets.json's lower case, or mixed. */
const spelling = (name: string) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constant(name) },
    { weight: 1, arbitrary: fc.constant(name.toLowerCase()) },
    {
      weight: 1,
      arbitrary: fc
        .array(fc.boolean(), { minLength: name.length, maxLength: name.length })
        .map((up) => [...name].map((c, i) => (up[i] ? c.toUpperCase() : c.toLowerCase())).join(''))
    }
  )

const twoSpellings = (name: string) =>
  fc.tuple(spelling(name), spelling(name)).filter(([a, b]) => a !== b)

const notAString = fc.oneof(
  fc.integer().map((v) => ({ value: v as unknown, kind: 'a number' })),
  fc.constant({ value: null as unknown, kind: 'null' }),
  fc.boolean().map((v) => ({ value: v as unknown, kind: 'a boolean' })),
  fc
    .array(textWithCanary, { maxLength: 2 })
    .map((v) => ({ value: v as unknown, kind: 'an array' })),
  fc.dictionary(fc.string({ maxLength: 5 }), textWithCanary, { maxKeys: 2 }).map((v) => ({
    value: v as unknown,
    kind: 'an object'
  }))
)

function givenFor(slot: Slot, env: Env, broken: boolean): fc.Arbitrary<Given> {
  const { valid, invalid } = candidatesFor(slot, env)
  const asString = (candidate: fc.Arbitrary<Candidate>) =>
    fc.tuple(spelling(slot.name), candidate, padding, padding).map(([key, c, a, b]) => ({
      how: 'string' as const,
      key,
      candidate: c,
      pad: [a, b] as [string, string]
    }))
  const twiceSame = (candidate: fc.Arbitrary<Candidate>) =>
    fc.tuple(twoSpellings(slot.name), candidate, padding, padding).map(([keys, c, a, b]) => ({
      how: 'twice-same' as const,
      keys,
      candidate: c,
      pads: [a, b] as [string, string]
    }))
  if (!broken) {
    return fc.oneof(
      { weight: 6, arbitrary: asString(valid) },
      { weight: 1, arbitrary: twiceSame(valid) }
    )
  }
  const any = fc.oneof(valid, invalid)
  return fc.oneof(
    { weight: 8, arbitrary: asString(invalid) },
    { weight: 1, arbitrary: fc.constant({ how: 'missing' as const }) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(spelling(slot.name), notAString)
        .map(([key, v]) => ({ how: 'not-a-string' as const, key, ...v }))
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          spelling(slot.name),
          fc.string({ unit: fc.constantFrom(' ', '\n', '\t', '\u00a0'), maxLength: 12 })
        )
        .map(([key, value]) => ({ how: 'blank' as const, key, value }))
    },
    { weight: 1, arbitrary: twiceSame(invalid) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(twoSpellings(slot.name), any, any)
        .filter(([, a, b]) => a.value.trim() !== b.value.trim())
        .map(([keys, a, b]) => ({
          how: 'twice-different' as const,
          keys,
          values: [a.value, b.value] as [string, string]
        }))
    }
  )
}

/** What the other environment's source holds: irrelevant to this run unless it equals ours. */
type OtherGiven = 'absent' | 'same' | 'garbage' | 'distinct'

export interface SlotCase {
  slot: Slot
  given: Given
  other: OtherGiven
  otherValue?: unknown
  /** The value to store (trimmed), when the slot is valid. */
  stored?: string | undefined
  /** The problem sentence's fragment, when it is not. */
  problem?: string | undefined
  /** The keys as given that the problem must name (besides the GitHub name). */
  keysNamed: string[]
  /** A whitespace warning is due. */
  trimmedWarning: boolean
}

export interface SecretsCase {
  env: Env
  slots: SlotCase[]
  /** The `secrets` object, and its text as passed to the action. */
  input: Record<string, unknown>
  text: string
  /** Targets that exist before the run, as other tools and people leave them. */
  existing: Existing[]
  /** expected-account-id is given (and matches): a secret made outside this tool may be adopted. */
  confirmed: boolean
}

/** A secret that exists before the run (see existing.ts). */
export interface Existing {
  target: string
  field: string
  /** Our field's value in it now. */
  old: string
  /** How the document writes it: a JSON string literal, some characters maybe \u-escaped. */
  oldLiteral: string
  /** The old value passes this environment's rule (so that it may be adopted). */
  oldPasses: boolean
  doc: RawDocument
  owner: OwnershipTags
}

/** How an existing secret's value relates to the run. */
type OldKind = 'same' | 'valid' | 'other-mode' | 'garbage'

/** An old value of `kind` for `slot`, written here from the rules' documentation, not their code. */
function oldValue(slot: Slot, env: Env, kind: Exclude<OldKind, 'same'>, body: string) {
  const mode = env === 'dev' ? 'test' : 'live'
  const otherMode = env === 'dev' ? 'live' : 'test'
  if (kind === 'garbage') return { old: `old${body}`, oldPasses: false }
  if (slot.kind === 'stripe-key')
    return kind === 'valid'
      ? { old: `sk_${mode}_${body}`, oldPasses: true }
      : { old: `sk_${otherMode}_${body}`, oldPasses: false }
  if (slot.kind === 'webhook')
    return kind === 'valid'
      ? { old: `whsec_${body}`, oldPasses: true }
      : { old: `sk_${otherMode}_${body}`, oldPasses: false }
  return kind === 'valid'
    ? { old: `https://hooks.slack.com/services/T1/B1/${body}`, oldPasses: true }
    : { old: `http://hooks.slack.com/services/T1/B1/${body}`, oldPasses: false }
}

/**
 * One slot of a case. A sound slot holds a good value (the other environment's source, if any,
 * holds something else); a broken one holds a near miss, the wrong type, nothing, a blank, two
 * spellings, or a good value that the other environment's source repeats.
 */
function slotCase(
  slot: Slot,
  env: Env,
  broken: boolean
): fc.Arbitrary<SlotCase & { entries: [string, unknown][] }> {
  type Other = { other: OtherGiven; value?: unknown }
  const elsewhere: fc.Arbitrary<Other> = fc.oneof(
    { weight: 2, arbitrary: fc.constant({ other: 'absent' as const }) },
    { weight: 1, arbitrary: noiseValue.map((value) => ({ other: 'garbage' as const, value })) },
    {
      weight: 2,
      arbitrary: canaryBody.map((b) => ({
        other: 'distinct' as const,
        value: `sk_${env === 'dev' ? 'live' : 'test'}_${b}Q`
      }))
    }
  )
  const same = fc.constant<Other>({ other: 'same' })
  const pair: fc.Arbitrary<[Given, Other]> = !slot.other
    ? fc.tuple(givenFor(slot, env, broken), fc.constant<Other>({ other: 'absent' }))
    : broken
      ? fc.oneof(
          { weight: 4, arbitrary: fc.tuple(givenFor(slot, env, true), fc.oneof(elsewhere, same)) },
          { weight: 1, arbitrary: fc.tuple(givenFor(slot, env, false), same) }
        )
      : fc.tuple(givenFor(slot, env, false), elsewhere)
  return fc.tuple(pair, padding).map(([[given, o], otherPad]) => {
    const entries: [string, unknown][] = []
    let stored: string | undefined
    let problem: string | undefined
    let keysNamed: string[] = []
    let trimmedWarning = false
    switch (given.how) {
      case 'string': {
        const raw = `${given.pad[0]}${given.candidate.value}${given.pad[1]}`
        entries.push([given.key, raw])
        problem = given.candidate.problem
        if (!problem) stored = raw.trim()
        trimmedWarning = raw.trim() !== raw
        break
      }
      case 'missing':
        problem = 'is missing; add it.'
        break
      case 'not-a-string':
        entries.push([given.key, given.value])
        problem = `must be a string, but it is ${given.kind}.`
        break
      case 'blank':
        entries.push([given.key, given.value])
        problem = 'is empty; set its value.'
        break
      case 'twice-same': {
        const first = `${given.pads[0]}${given.candidate.value}${given.pads[1]}`
        entries.push([given.keys[0], first], [given.keys[1], given.candidate.value])
        problem = given.candidate.problem
        if (!problem) stored = given.candidate.value.trim()
        trimmedWarning = first.trim() !== first
        break
      }
      case 'twice-different':
        entries.push([given.keys[0], given.values[0]], [given.keys[1], given.values[1]])
        problem = 'is given 2 times with different values ('
        keysNamed = [...given.keys]
        break
    }
    if (slot.other && o.other !== 'absent') {
      const ours = entries.find(([, v]) => typeof v === 'string')?.[1]
      const otherValue =
        o.other === 'same'
          ? typeof ours === 'string'
            ? `${otherPad}${ours.trim()}`
            : 'sk_same_unused'
          : o.value
      entries.push([slot.other, otherValue])
      if (o.other === 'same' && stored !== undefined) {
        stored = undefined
        problem = `holds the same value as ${slot.other} (${OTHER[env]}); each environment needs its own.`
      }
    }
    return { slot, given, other: o.other, stored, problem, keysNamed, trimmedWarning, entries }
  })
}

const reserved = (env: Env) =>
  new Set(
    slotsOf(env)
      .flatMap((s) => [s.name, s.other ?? ''])
      .map((n) => n.toLowerCase())
  )

export const secretsCase: fc.Arbitrary<SecretsCase> = fc
  .constantFrom<Env>('dev', 'prod')
  .chain((env) =>
    fc.record({
      env: fc.constant(env),
      // A quarter of the cases have every slot sound, so that clean syncs are common too.
      slots: fc
        .oneof(
          { weight: 1, arbitrary: fc.constant([false, false, false, false]) },
          { weight: 3, arbitrary: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }) }
        )
        .chain((broken) =>
          fc.tuple(...slotsOf(env).map((s, i) => slotCase(s, env, broken[i] === true)))
        ),
      noise: fc.dictionary(
        fc
          .string({ unit: 'grapheme', minLength: 1, maxLength: 12 })
          .filter((k) => !reserved(env).has(k.toLowerCase()) && !k.toUpperCase().includes(CANARY)),
        noiseValue,
        { maxKeys: 4 }
      ),
      pretty: fc.boolean(),
      existing: fc.subarray(slotsOf(env)).chain((slots) =>
        fc.tuple(
          ...slots.map((s) =>
            fc.record({
              slot: fc.constant(s),
              kind: fc.constantFrom<OldKind>('same', 'valid', 'valid', 'other-mode', 'garbage'),
              body: canaryBody,
              escapeEvery: fc.option(fc.integer({ min: 1, max: 5 }), { freq: 3 }),
              doc: rawDocument(s.field),
              owner: ownershipTags(env)
            })
          )
        )
      ),
      confirmed: fc.boolean()
    })
  )
  .map(({ env, slots, noise, pretty, existing, confirmed }) => {
    const input: Record<string, unknown> = {}
    for (const s of slots) for (const [k, v] of s.entries) input[k] = v
    for (const [k, v] of Object.entries(noise)) {
      // An own property even for "__proto__", as JSON.parse makes it.
      if (!Object.hasOwn(input, k))
        Object.defineProperty(input, k, {
          value: v,
          enumerable: true,
          writable: true,
          configurable: true
        })
    }
    const text = pretty ? JSON.stringify(input, null, 2) : JSON.stringify(input)
    return {
      env,
      slots: slots.map(({ entries: _entries, ...rest }) => rest),
      input,
      text,
      existing: existing.map(({ slot, kind, body, escapeEvery, doc, owner }): Existing => {
        const stored = slots.find((c) => c.slot.target === slot.target)?.stored
        // The same value as the source's, when there is one small enough to be stored twice.
        const { old, oldPasses } =
          kind === 'same' && stored !== undefined && stored.length < 1000
            ? { old: stored, oldPasses: true }
            : oldValue(slot, env, kind === 'same' ? 'valid' : kind, body)
        const oldLiteral =
          escapeEvery === null ? JSON.stringify(old) : escapedLiteral(old, escapeEvery)
        return { target: slot.target, field: slot.field, old, oldLiteral, oldPasses, doc, owner }
      }),
      confirmed
    }
  })

/** `secrets` texts that are not a JSON object: each with the sentence the action must print. */
export const notAnObject: fc.Arbitrary<{ text: string; problem: string }> = fc.oneof(
  textWithCanary
    .filter((t) => {
      try {
        JSON.parse(t.replace(/^\ufeff/, '')) // a byte-order mark is accepted
        return false
      } catch {
        return t.trim() !== ''
      }
    })
    .map((text) => ({
      text,
      problem: 'The `secrets` input is not valid JSON: line '
    })),
  fc
    .tuple(fc.constantFrom('{', '{"STRIPE_SECRET_KEY_DEV": ', "{'a': '", '{"a": "'), textWithCanary)
    .map(([head, t]) => ({
      text: `${head}${t}`,
      problem: 'The `secrets` input is not valid JSON'
    })),
  fc.array(textWithCanary, { maxLength: 3 }).map((a) => ({
    text: JSON.stringify(a),
    problem: 'The `secrets` input must be a JSON object of name → value, but it is an array.'
  })),
  textWithCanary.map((t) => ({
    text: JSON.stringify(t),
    problem: 'The `secrets` input must be a JSON object of name → value, but it is a string.'
  })),
  fc.integer().map((n) => ({
    text: String(n),
    problem: 'The `secrets` input must be a JSON object of name → value, but it is a number.'
  })),
  fc.constant({
    text: 'null',
    problem: 'The `secrets` input must be a JSON object of name → value, but it is null.'
  }),
  fc.string({ unit: fc.constantFrom(' ', '\n', '\t'), maxLength: 5 }).map((text) => ({
    text,
    problem: 'The `secrets` input is empty.'
  }))
)
