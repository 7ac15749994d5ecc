/**
 * Generators of the secrets that exist before a run, as other tools and people leave them, each
 * labelled with what the run must do with it (written here, apart from the code under test):
 *
 * - ownershipTags: whose it is by its tags (ours, another tool's, another environment's, or
 *   nobody's yet), with users' tags and CloudFormation's own around them;
 * - rawDocument: a JSON object as another tool writes it, with numbers JSON.parse cannot give
 *   back as written (12345678901234567890123, 1.10, 1E400, -0.0), escapes, any key order and
 *   whitespace; and the exact text it must become when only our field's value changes.
 */
import fc from 'fast-check'
import { CANARY } from '../e2e/fixtures.js'
import type { Env } from './sources.js'

const alnumChar = fc.constantFrom(
  ...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'.split('')
)
const alnum = (minLength: number, maxLength: number) =>
  fc.string({ unit: alnumChar, minLength, maxLength })

const OURS = 'impressionnistes-secrets'

/** Whose a secret is, by its tags: what the plan must conclude. */
export type Whose =
  | { kind: 'ours' }
  | { kind: 'foreign'; manager: string }
  | { kind: 'other-environment'; tagged: string; ours: boolean }
  /** No managed-by tag: adopted only with the account confirmed and a value passing the rule. */
  | { kind: 'nobody' }

export interface OwnershipTags {
  /** Tags a client sets (CreateSecret). */
  tags: Record<string, string>
  /** CloudFormation's own, when a stack made it. */
  awsTags: Record<string, string>
  stack?: string
  whose: Whose
}

/** Characters Secrets Manager takes in tags (a safe part: letters, digits, space, _ . : / = + - @). */
const tagChar = fc.constantFrom(
  ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 _.:/=+-@éßÆ'.split('')
)
const tagText = (min: number, max: number) =>
  fc
    .string({ unit: tagChar, minLength: min, maxLength: max })
    .filter((t) => !t.toUpperCase().includes(CANARY))

/** Another manager: anything but ours, near misses included. */
const manager = fc.oneof(
  fc.constantFrom(
    'terraform',
    'cdk',
    'pulumi',
    '',
    'Impressionnistes-Secrets',
    `${OURS} `,
    `${OURS}2`
  ),
  tagText(1, 24).filter((m) => m !== OURS)
)

const RESERVED = new Set([
  'managed-by',
  'environment',
  'repository',
  'commit',
  'run-url',
  'written-by',
  'rolled-back'
])
const userTags = fc.dictionary(
  tagText(1, 12).filter((k) => !RESERVED.has(k) && !k.toLowerCase().startsWith('aws:')),
  tagText(0, 16),
  { maxKeys: 3 }
)

export function ownershipTags(env: Env): fc.Arbitrary<OwnershipTags> {
  const other = env === 'dev' ? 'prod' : 'dev'
  const managedBy = fc.oneof(
    { weight: 3, arbitrary: fc.constant<string | undefined>(undefined) },
    { weight: 3, arbitrary: fc.constant<string | undefined>(OURS) },
    { weight: 2, arbitrary: manager.map((m): string | undefined => m) }
  )
  const environment = fc.oneof(
    { weight: 2, arbitrary: fc.constant<string | undefined>(undefined) },
    { weight: 4, arbitrary: fc.constant<string | undefined>(env) },
    { weight: 2, arbitrary: fc.constant<string | undefined>(other) },
    { weight: 1, arbitrary: tagText(0, 12).filter((e) => e !== env) }
  )
  const stack = fc.option(
    alnum(1, 20).map((s) => `SecretsStack-${s}`),
    { freq: 2 }
  )
  return fc
    .record({ managedBy, environment, extra: userTags, stack })
    .map(({ managedBy: by, environment: tagged, extra, stack: made }) => {
      const tags: Record<string, string> = { ...extra }
      if (by !== undefined) tags['managed-by'] = by
      if (tagged !== undefined) tags.environment = tagged
      const whose: Whose =
        by !== undefined && by !== OURS
          ? { kind: 'foreign', manager: by }
          : tagged !== undefined && tagged !== env
            ? { kind: 'other-environment', tagged, ours: by === OURS }
            : by === OURS
              ? { kind: 'ours' }
              : { kind: 'nobody' }
      const awsTags: Record<string, string> =
        made === null
          ? {}
          : {
              'aws:cloudformation:stack-name': made,
              'aws:cloudformation:logical-id': 'Secret1A2B3C4D',
              'aws:cloudformation:stack-id': `arn:aws:cloudformation:eu-west-3:123456789012:stack/${made}/1`
            }
      return { tags, awsTags, whose, ...(made === null ? {} : { stack: made }) }
    })
}

/** JSON whitespace: space, tab, LF, CR LF. */
const ws = fc.string({ unit: fc.constantFrom(' ', '\t', '\n', '\r\n'), maxLength: 3 })

/** Numbers as another tool writes them, most of which JSON.parse + JSON.stringify would change. */
const number = fc.oneof(
  fc.bigInt({ min: 10n ** 16n, max: 10n ** 30n }).map(String),
  fc.constantFrom('1.10', '0.50', '-0', '-0.0', '1E400', '1e-7', '2.5E+3', '100.000'),
  fc
    .tuple(fc.integer({ min: 0, max: 999 }), fc.integer({ min: 1, max: 99 }))
    .map(([a, b]) => `${a}.${b}0`),
  fc.integer().map(String)
)

/**
 * Strings with escapes a re-serialisation would rewrite (\u00e9, surrogate pairs, \/), each with
 * a tail of its own, so that one case's documents are not another's.
 */
const stringLiteral = fc
  .tuple(
    fc.constantFrom(
      'caf\\u00e9',
      '\\ud83d\\ude00',
      'a\\/b',
      'tab\\there',
      '\\u0041\\u0042',
      CANARY
    ),
    alnum(4, 8)
  )
  .map(([escapes, tail]) => `"${escapes}${tail}${CANARY}"`)

/** Any JSON value as raw text, nested a little, with its own whitespace. */
const rawValue: fc.Arbitrary<string> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    number,
    stringLiteral,
    fc.constantFrom('true', 'false', 'null'),
    fc
      .array(fc.tuple(ws, tie('value'), ws), { maxLength: 3 })
      .map((items) => `[${items.map(([a, v, b]) => `${a}${v}${b}`).join(',')}]`),
    fc
      .array(fc.tuple(alnum(1, 6), ws, tie('value')), { maxLength: 3 })
      .map((members) => `{${members.map(([k, s, v]) => `"${k}"${s}:${v}`).join(',')}}`)
  )
})).value

export interface RawDocument {
  /** The document holding our field with the JSON string `literal` as its value, as written. */
  text: (literal: string) => string
  /** The exact text it must become when our field's value is set to the JSON string `literal`. */
  expected: (literal: string) => string
  /** The document holds our field (else a write adds it). */
  holdsField: boolean
}

/**
 * A JSON object another tool wrote: other members in any order, our field among them or absent,
 * whitespace anywhere JSON allows it. Only our member's value may change, byte for byte; when it
 * is absent, `,"<field>": <value>` is added right after the last member ({"<field>": <value>
 * right after "{" when there is none).
 */
export function rawDocument(field: string): fc.Arbitrary<RawDocument> {
  const key = alnum(1, 8).filter((k) => k !== field)
  const member = fc
    .tuple(ws, key, ws, ws, rawValue, ws)
    .map(([a, k, b, c, v, d]) => ({ key: k, head: `${a}"${k}"${b}:${c}`, value: v, tail: d }))
  return fc
    .record({
      others: fc.uniqueArray(member, { maxLength: 4, selector: (m) => m.key }),
      ours: fc.option(fc.tuple(ws, ws, ws, ws, fc.nat()), { freq: 4 }),
      lead: ws,
      trail: ws,
      end: ws
    })
    .map(({ others, ours, lead, trail, end }) => {
      if (ours === null) {
        const body = others.map((m) => `${m.head}${m.value}${m.tail}`)
        const text = () => `{${lead}${body.join(',')}${trail}}${end}`
        const last = others.at(-1)
        const expected = (literal: string) => {
          const added = `"${field}": ${literal}`
          if (!last) return `{${added}${lead}${trail}}${end}`
          // After the last member's value, before its trailing whitespace.
          const upToLast = [...body.slice(0, -1), `${last.head}${last.value}`].join(',')
          return `{${lead}${upToLast},${added}${last.tail}${trail}}${end}`
        }
        return { text, expected, holdsField: false }
      }
      const [a, b, c, d, at] = ours
      const position = at % (others.length + 1)
      const make = (literal: string) => {
        const members = others.map((m) => `${m.head}${m.value}${m.tail}`)
        members.splice(position, 0, `${a}"${field}"${b}:${c}${literal}${d}`)
        return `{${lead}${members.join(',')}${trail}}${end}`
      }
      return { text: make, expected: make, holdsField: true }
    })
}

/** A JSON string literal of `value` with some characters written as \u escapes: the same value. */
export const escapedLiteral = (value: string, every: number): string =>
  `"${[...JSON.stringify(value).slice(1, -1)]
    .map((ch, i) =>
      i % every === 0 && /[A-Za-z0-9]/.test(ch)
        ? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`
        : ch
    )
    .join('')}"`
