/** The catalogue's schema: what a catalogue file may hold, checked by zod with messages in English. */
import en from 'zod/v4/locales/en.js'
import * as z from 'zod/mini'
import { ARN_SUFFIX_LIKE, ENVIRONMENT_NAME, hasDotPart, NAME_CHARS } from '../model/names.js'
import { NAMED_RULES } from './rules.js'

/** The keys of a pattern rule: as environment names they would make a rule map read as one. */
const RULE_KEYS = ['pattern', 'expects']

/** Every message in English (zod/mini ships without a locale, so that a bundle loads only one). */
z.config(en())

const nonEmpty = () => z.string().check(z.minLength(1))

const ruleSpecSchema = z.union([
  z.string().check(
    z.refine((name) => name in NAMED_RULES, {
      error: `unknown rule; known rules: ${Object.keys(NAMED_RULES).join(', ')}`
    })
  ),
  z.strictObject({ pattern: nonEmpty(), expects: nonEmpty() })
])

const perEnvironment = <T extends z.ZodMiniType>(inner: T) =>
  z.union([inner, z.record(z.string(), inner)])

const entrySchema = z.strictObject({
  /** Name relative to the prefix, e.g. "stripe/api_key". */
  target: z.string().check(
    z.minLength(1),
    z.regex(NAME_CHARS, 'may hold only letters, digits and / _ + = . @ -'),
    z.refine((t) => !t.startsWith('/') && !t.endsWith('/') && !t.includes('//'), {
      error: 'must not start or end with "/" nor contain "//"'
    }),
    z.refine((t) => !hasDotPart(t), { error: 'must not hold a "." or ".." part between slashes' }),
    z.refine((t) => !ARN_SUFFIX_LIKE.test(t), {
      error:
        'must not end with "-" and six letters or digits: Secrets Manager ends every ARN that way, so a partial ARN would be ambiguous'
    })
  ),
  /** The JSON field of the secret's document that we own, e.g. "api_key". */
  field: nonEmpty(),
  description: z.optional(z.string().check(z.maxLength(2048))),
  /** Source key (a GitHub secret / secrets.json key), one for all environments or one each. */
  source: perEnvironment(nonEmpty()),
  rule: z._default(perEnvironment(ruleSpecSchema), 'non-empty'),
  /** The same value given for two environments is a mistake (e.g. one Stripe key for dev and prod). */
  distinctAcrossEnvironments: z._default(z.boolean(), false),
  maxAgeDays: z.optional(z.int().check(z.positive('must be a whole number of days, at least 1')))
})

export const catalogueSchema = z.strictObject({
  environments: z
    .array(
      z.string().check(
        z.regex(ENVIRONMENT_NAME),
        z.refine((env) => !RULE_KEYS.includes(env), {
          error: `"pattern" and "expects" name the parts of a pattern rule; choose another environment name`
        })
      )
    )
    .check(z.minLength(1)),
  secrets: z.array(entrySchema).check(z.minLength(1))
})
