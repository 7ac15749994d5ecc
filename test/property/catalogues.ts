/**
 * Generators of catalogue files: valid ones (with sources that satisfy them, carrying the
 * canary), the same with one mistake each (labelled with what the error must say), and random
 * JSON or text.
 */
import fc from 'fast-check'
import { CANARY } from '../e2e/fixtures.js'
import { alnum, textWithCanary } from './sources.js'

type Json = unknown

export interface CatalogueDoc {
  environments: string[]
  secrets: Record<string, Json>[]
}

export interface ValidCatalogueCase {
  doc: CatalogueDoc
  environment: string
  /** The `secrets` input: a value for every source key of the environment. */
  sources: Record<string, string>
  /** What each target of the environment must then hold. */
  expected: { target: string; document: Record<string, string> }[]
}

/**
 * Words the catalogue format uses as the keys of a pattern rule: no environment may take them
 * (they made a per-environment map read as a pattern rule; see test/unit/catalogue-shapes.test.ts).
 */
const RULE_KEYS = ['pattern', 'expects']

/** Environment names: ordinary ones, and names every JS object has ("constructor", "toString"). */
const envName = fc
  .oneof(
    fc.constantFrom('dev', 'prod', 'staging', 'constructor', 'toString', 'test-1', 'Prod.2'),
    fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,8}$/)
  )
  .filter((e) => !RULE_KEYS.includes(e))

const noCanary = (s: string) => !s.toUpperCase().includes(CANARY)
/** Path parts Secrets Manager takes: no "." or ".." between slashes (test/unit/limits.test.ts). */
const segment = fc
  .stringMatching(/^[A-Za-z0-9_+=.@-]{1,10}$/)
  .filter((s) => noCanary(s) && s !== '.' && s !== '..')
/** …nor a name ending like an ARN's suffix, "-" and six letters or digits. */
const target = fc
  .array(segment, { minLength: 1, maxLength: 3 })
  .map((s) => s.join('/'))
  .filter((t) => !/-[A-Za-z0-9]{6}$/.test(t))
/** JSON field names: ordinary ones, JS object keys, and what Markdown or JSON treat specially. */
const field = fc.oneof(
  fc.constantFrom(
    'api_key',
    'password',
    'webhook_url',
    '__proto__',
    'constructor',
    'a b',
    'é',
    'x"y\\z',
    'a|b',
    'two\nlines',
    '`tick`'
  ),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 10 }).filter(noCanary)
)
const sourceKey = fc
  .stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,15}$/)
  .filter((k) => !k.toUpperCase().includes(CANARY))

/** Pattern rules with what a good value looks like; values we generate for them match. */
const PATTERNS = [
  { pattern: '^[A-Za-z0-9]{12,}$', expects: 'at least 12 letters or digits' },
  { pattern: '^\\S{12,}$', expects: 'at least 12 characters, no spaces' },
  { pattern: `${CANARY}`, expects: 'the canary somewhere' }
]
const ruleSpec = fc.oneof(fc.constant<Json>('non-empty'), fc.constantFrom<Json>(...PATTERNS))

interface EntryDraft {
  target: string
  field: string
  description?: string
  /** one key, or one key per environment (unique case-insensitively within the entry) */
  source: string | Record<string, string>
  rule: Json
  distinct?: boolean
}

function entryFor(envs: string[]): fc.Arbitrary<EntryDraft> {
  const perEnv = <T>(arb: fc.Arbitrary<T>) =>
    fc
      .tuple(...envs.map(() => arb))
      .map((vals) => Object.fromEntries(envs.map((e, i) => [e, vals[i] as T])))
  const uniqueKeys = fc
    .uniqueArray(sourceKey, {
      minLength: envs.length,
      maxLength: envs.length,
      selector: (k) => k.toLowerCase()
    })
    .map((keys) => Object.fromEntries(envs.map((e, i) => [e, keys[i] as string])))
  return fc.record(
    {
      target,
      field,
      description: fc.string({ unit: 'grapheme', maxLength: 60 }).filter(noCanary),
      source: fc.oneof(sourceKey, uniqueKeys),
      rule: fc.oneof(ruleSpec, perEnv(ruleSpec)),
      distinct: fc.boolean()
    },
    { requiredKeys: ['target', 'field', 'source', 'rule'] }
  )
}

/** A value for a source key that every rule naming it accepts. */
const valueFor = (needsPattern: boolean) =>
  needsPattern
    ? fc.tuple(alnum(3, 10), alnum(3, 10)).map(([a, b]) => `${a}${CANARY}${b}`)
    : fc
        .tuple(textWithCanary, fc.constantFrom('', ' ', '\n', '\t '))
        .map(([t, pad]) => `${pad}${t}${pad}`)

export const validCatalogue: fc.Arbitrary<ValidCatalogueCase> = fc
  .uniqueArray(envName, { minLength: 1, maxLength: 3 })
  .chain((envs) =>
    fc.record({
      envs: fc.constant(envs),
      entries: fc.uniqueArray(entryFor(envs), {
        minLength: 1,
        maxLength: 4,
        selector: (e) => e.target
      }),
      environment: fc.constantFrom(...envs)
    })
  )
  .chain(({ envs, entries, environment }) => {
    // A pattern rule is one of ours, key for key; any other object is one rule per environment.
    const isPattern = (v: unknown) =>
      typeof v === 'object' &&
      v !== null &&
      Object.keys(v).sort().join() === 'expects,pattern' &&
      PATTERNS.some((p) => p.pattern === (v as { pattern: unknown }).pattern)
    const isMap = (v: unknown): v is Record<string, unknown> =>
      typeof v === 'object' && v !== null && !isPattern(v)
    const keyOf = (e: EntryDraft) =>
      typeof e.source === 'string' ? e.source : (e.source[environment] as string)
    const ruleOf = (e: EntryDraft) => (isMap(e.rule) ? e.rule[environment] : e.rule)
    const keys = [...new Set(entries.map((e) => keyOf(e).toLowerCase()))]
    const needsPattern = (k: string) =>
      entries.some((e) => keyOf(e).toLowerCase() === k && ruleOf(e) !== 'non-empty')
    return fc.tuple(...keys.map((k) => valueFor(needsPattern(k)))).map((values) => {
      const byKey = new Map(keys.map((k, i) => [k, values[i] as string]))
      const doc: CatalogueDoc = {
        environments: envs,
        secrets: entries.map((e) => ({
          target: e.target,
          field: e.field,
          ...(e.description ? { description: e.description } : {}),
          source: e.source,
          rule: e.rule,
          ...(e.distinct && typeof e.source !== 'string'
            ? { distinctAcrossEnvironments: true }
            : {})
        }))
      }
      const sources: Record<string, string> = {}
      for (const e of entries) sources[keyOf(e)] = byKey.get(keyOf(e).toLowerCase()) as string
      return {
        doc,
        environment,
        sources,
        expected: entries.map((e) => ({
          target: e.target,
          document: { [e.field]: (byKey.get(keyOf(e).toLowerCase()) as string).trim() }
        }))
      }
    })
  })

export interface BrokenCatalogueCase {
  /** The file's text. */
  text: string
  environment: string
  sources: Record<string, string>
  /** A fragment every run must print in the catalogue error. */
  says: string
}

type Mutation = (c: ValidCatalogueCase) => fc.Arbitrary<{ doc: Json; says: string }>

const clone = <T>(v: T): T => structuredClone(v)
const pickEntry = (c: ValidCatalogueCase) => fc.nat({ max: c.doc.secrets.length - 1 })
const withEntry = (c: ValidCatalogueCase, i: number, change: (e: Record<string, Json>) => void) => {
  const doc = clone(c.doc)
  change(doc.secrets[i] as Record<string, Json>)
  return doc
}

const MUTATIONS: Mutation[] = [
  () => fc.constant({ doc: {}, says: 'environments:' }),
  (c) => fc.constant({ doc: { ...clone(c.doc), environments: [] }, says: 'environments:' }),
  (c) =>
    fc.constantFrom(...RULE_KEYS).map((word) => ({
      doc: { ...clone(c.doc), environments: [...c.doc.environments, word] },
      says: `environments.${c.doc.environments.length}: "pattern" and "expects" name the parts of a pattern rule`
    })),
  (c) =>
    fc
      .tuple(pickEntry(c), fc.constantFrom('source', 'rule'), fc.constantFrom(...RULE_KEYS))
      .map(([i, what, word]) => ({
        doc: withEntry(c, i, (e) => {
          const each = what === 'source' ? 'SOME_KEY' : 'non-empty'
          e[what] = {
            ...Object.fromEntries(c.doc.environments.map((env) => [env, each])),
            [word]: each
          }
        }),
        says: `${what} names unknown environment ${word}`
      })),
  (c) =>
    fc.constantFrom('', ' dev', '_x', 'a b', 'dév', '-', '.hidden').map((bad) => ({
      doc: { ...clone(c.doc), environments: [...c.doc.environments, bad] },
      says: `environments.${c.doc.environments.length}:`
    })),
  (c) =>
    fc.constant({
      doc: { ...clone(c.doc), environments: [...c.doc.environments, c.doc.environments[0]] },
      says: 'each environment may be listed only once'
    }),
  (c) => fc.constant({ doc: { environments: clone(c.doc.environments) }, says: 'secrets:' }),
  (c) => fc.constant({ doc: { ...clone(c.doc), secrets: [] }, says: 'secrets:' }),
  (c) =>
    fc.tuple(pickEntry(c), fc.constantFrom('target', 'field', 'source')).map(([i, key]) => ({
      doc: withEntry(c, i, (e) => delete e[key]),
      says: `secrets.${i}.${key}:`
    })),
  (c) =>
    fc
      .tuple(
        pickEntry(c),
        fc.constantFrom('/x', 'x/', 'a//b', 'a b', 'é', '', 'a\nb', 'a/../b', '..', 'app/db-secret')
      )
      .map(([i, bad]) => ({
        doc: withEntry(c, i, (e) => (e.target = bad)),
        says: `secrets.${i}.target:`
      })),
  (c) =>
    fc.tuple(pickEntry(c), fc.constantFrom<Json>('', 7, null, ['a'], {})).map(([i, bad]) => ({
      doc: withEntry(c, i, (e) => (e.field = bad)),
      says: `secrets.${i}.field:`
    })),
  (c) =>
    fc.tuple(pickEntry(c), fc.constantFrom<Json>('', 7, null, ['a'], true)).map(([i, bad]) => ({
      doc: withEntry(c, i, (e) => (e.source = bad)),
      says: `secrets.${i}.source`
    })),
  (c) =>
    fc
      .tuple(
        pickEntry(c),
        fc.constantFrom<Json>(
          'nonempty',
          'stripe',
          '',
          3,
          { pattern: '' },
          { pattern: 'x' },
          { expects: 'x' }
        )
      )
      .map(([i, bad]) => ({
        doc: withEntry(c, i, (e) => (e.rule = bad)),
        says: `secrets.${i}.rule`
      })),
  (c) =>
    fc
      .tuple(
        pickEntry(c),
        fc.constantFrom('(', '[a-', 'a{2,1}', '\\', '(?<n>a)(?<n>b)', '\\p{Nope}')
      )
      .map(([i, p]) => ({
        doc: withEntry(c, i, (e) => (e.rule = { pattern: p, expects: 'x' })),
        says: 'rule pattern is not a valid regular expression'
      })),
  (c) =>
    fc.constantFrom('Environments', 'secret', 'version', '$schema').map((k) => ({
      doc: { ...clone(c.doc), [k]: 1 },
      says: 'Unrecognized key'
    })),
  (c) =>
    fc
      .tuple(pickEntry(c), fc.constantFrom('Target', 'rules', 'distinct', 'optional'))
      .map(([i, k]) => ({
        doc: withEntry(c, i, (e) => (e[k] = 'x')),
        says: 'Unrecognized key'
      })),
  (c) =>
    pickEntry(c).map((i) => ({
      doc: withEntry(c, i, (e) => {
        e.source = Object.fromEntries(c.doc.environments.slice(1).map((env) => [env, 'K']))
      }),
      says: 'source has no entry for'
    })),
  (c) =>
    pickEntry(c).map((i) => ({
      doc: withEntry(c, i, (e) => {
        e.rule = {
          ...Object.fromEntries(c.doc.environments.map((env) => [env, 'non-empty'])),
          zz_unknown: 'non-empty'
        }
      }),
      says: 'rule names unknown environment zz_unknown'
    })),
  (c) =>
    pickEntry(c).map((i) => ({
      doc: { ...clone(c.doc), secrets: [...clone(c.doc.secrets), clone(c.doc.secrets[i])] },
      says: 'target listed twice'
    })),
  (c) =>
    pickEntry(c).map((i) => ({
      doc: withEntry(c, i, (e) => {
        e.source = 'ONE_KEY'
        e.distinctAcrossEnvironments = true
      }),
      says: 'distinctAcrossEnvironments needs one source per environment'
    })),
  (c) =>
    fc.tuple(pickEntry(c), fc.constantFrom<Json>('yes', 1, null)).map(([i, bad]) => ({
      doc: withEntry(c, i, (e) => (e.distinctAcrossEnvironments = bad)),
      says: `secrets.${i}.distinctAcrossEnvironments:`
    })),
  (c) =>
    pickEntry(c).map((i) => ({
      doc: withEntry(c, i, (e) => (e.description = 'd'.repeat(2049))),
      says: `secrets.${i}.description:`
    })),
  () =>
    fc
      .constantFrom<Json>([], 'catalogue', 42, null, true)
      .map((doc) => ({ doc, says: '(top level):' }))
]

/** A valid catalogue with one mistake; the sources stay those of the valid one. */
export const brokenCatalogue: fc.Arbitrary<BrokenCatalogueCase> = validCatalogue.chain((c) =>
  fc.oneof(...MUTATIONS.map((m) => m(c))).map(({ doc, says }) => ({
    text: JSON.stringify(doc, null, 2),
    environment: c.environment,
    sources: c.sources,
    says
  }))
)

/** Random JSON, or text that is not JSON at all. */
export const randomCatalogueText: fc.Arbitrary<{ text: string; says: string }> = fc.oneof(
  fc.jsonValue().map((v) => ({ text: JSON.stringify(v), says: 'is not valid:' })),
  fc
    .record(
      { environments: fc.jsonValue(), secrets: fc.oneof(fc.jsonValue(), fc.array(fc.object())) },
      { requiredKeys: [] }
    )
    .map((v) => ({ text: JSON.stringify(v), says: 'is not valid:' })),
  fc
    .string({ unit: 'grapheme', maxLength: 40 })
    .filter((t) => {
      try {
        JSON.parse(t.replace(/^\ufeff/, '')) // a byte-order mark is accepted
        return false
      } catch {
        return true
      }
    })
    .map((text) => ({ text, says: 'is not valid JSON' }))
)
