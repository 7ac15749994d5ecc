/**
 * Generators of text laden with line breaks and workflow commands: for every input of the
 * action, for the `secrets` input's keys and values, and for the names a catalogue gives (source
 * keys, field names, descriptions). Each payload carries MARK right after its command.
 */
import fc from 'fast-check'
import { CANARY } from '../e2e/fixtures.js'
import { MARK } from '../e2e/expect-no-injection.js'

/** Commands a runner would act on: the current form, with and without properties, and the old. */
const payload = fc.constantFrom(
  `::warning::${MARK}`,
  `::error::${MARK}`,
  `::error title=x::${MARK}`,
  `::notice::${MARK}`,
  `::debug::${MARK}`,
  `::add-mask::${MARK}`,
  `::set-output name=pwned::${MARK}`,
  `::set-env name=PWNED::${MARK}`,
  `::add-path::${MARK}`,
  `::save-state name=pwned::${MARK}`,
  `::stop-commands::${MARK}`,
  `::group::${MARK}`,
  `::echo::${MARK}`,
  `##[set-output name=pwned;]${MARK}`,
  `##[warning]${MARK}`,
  `##[error]${MARK}`
)

/** What may start a new line (for the runner, a terminal or a browser), and white space after. */
const lineBreak = fc.constantFrom('\n', '\r\n', '\r', '\v', '\f', '\u0085', '\u2028', '\u2029')
const leading = fc.constantFrom('', ' ', '\t', '  \t', '\u00a0', '\u2003', '\u3000', '\ufeff')

/** `base`, then a payload on a line of its own (or, for the old form, anywhere on the line). */
export const laden = (base: string): fc.Arbitrary<string> =>
  fc.oneof(
    fc
      .tuple(lineBreak, leading, payload, fc.constantFrom('', '\n', ' tail'))
      .map(([br, space, command, tail]) => `${base}${br}${space}${command}${tail}`),
    fc.constantFrom(`${base}##[set-output name=pwned;]${MARK}`, `${base} ##[warning]${MARK}`)
  )

/** A valid value of each input (mode plan: such a run writes nothing even when it gets through). */
export const VALID_INPUTS: Readonly<Record<string, string>> = {
  environment: 'dev',
  mode: 'plan',
  prefix: 'impressionnistes',
  region: 'eu-west-3',
  only: 'stripe/api_key',
  'expected-account-id': '123456789012',
  tags: 'team=web',
  'kms-key-id': 'alias/impressionnistes',
  catalogue: 'catalogue.json',
  'max-attempts': '3',
  'connect-timeout': '2',
  'request-timeout': '10'
}

export interface InputsCase {
  /** The inputs given, `secrets` aside; those named in `laden` carry a payload. */
  inputs: Record<string, string>
  laden: string[]
}

/** One input or more laden, the others valid; `catalogue` is given only when laden. */
export const ladenInputs: fc.Arbitrary<InputsCase> = fc
  .subarray(Object.keys(VALID_INPUTS), { minLength: 1 })
  .chain((names) =>
    fc.tuple(...names.map((name) => laden(VALID_INPUTS[name] ?? ''))).map((values) => {
      const inputs: Record<string, string> = { ...VALID_INPUTS }
      delete inputs.catalogue
      names.forEach((name, i) => (inputs[name] = values[i] ?? ''))
      return { inputs, laden: names }
    })
  )

/** A `secrets` input whose keys and values carry payloads (values are masked, keys are names). */
export const ladenSecrets: fc.Arbitrary<Record<string, string>> = fc
  .tuple(laden('EXTRA_KEY'), laden(`value-${CANARY}-0001`))
  .map(([key, value]) => ({
    STRIPE_SECRET_KEY_DEV: `sk_test_${CANARY}devApiKey0001`,
    STRIPE_WEBHOOK_SECRET_DEV: `whsec_${CANARY}devWebhook01`,
    SLACK_WEBHOOK_ADMIN: `https://hooks.slack.com/services/T0${CANARY}/B0/adminHook01`,
    SLACK_WEBHOOK_DEVOPS: value,
    [key]: `sk_test_${CANARY}straySecret001`
  }))

export interface LadenCatalogueCase {
  /** The catalogue file's text (environment dev only). */
  text: string
  /** The `secrets` input: a value for each source key, or all but one (`missing`). */
  sources: Record<string, string>
  entries: number
  missing: boolean
}

const ladenOrPlain = (base: string) => fc.oneof(fc.constant(base), laden(base))

/** A catalogue whose source keys, field names and descriptions carry payloads. */
export const ladenCatalogue: fc.Arbitrary<LadenCatalogueCase> = fc
  .tuple(
    // Values differ from case to case (an earlier case's masks would otherwise hide a leak, so
    // the in-process driver would load a fresh front for each).
    fc.stringMatching(/^[a-z0-9]{16}$/),
    fc.array(
      fc.record({
        source: ladenOrPlain('APP_KEY'),
        field: ladenOrPlain('api_key'),
        description: ladenOrPlain('The key')
      }),
      { minLength: 1, maxLength: 3 }
    ),
    fc.boolean()
  )
  .filter(([, entries]) => entries.some((e) => e.source !== 'APP_KEY' || e.field !== 'api_key'))
  .map(([nonce, drafts, missing]) => {
    // Source keys must differ even ignoring case: the n-th gets a suffix.
    const entries = drafts.map((d, i) => ({
      ...d,
      source: `${d.source}_${i}`,
      target: `app/key${i}`
    }))
    const sources = Object.fromEntries(entries.map((e, i) => [e.source, `${nonce}${CANARY}${i}`]))
    if (missing) delete sources[entries[0]?.source ?? '']
    const text = JSON.stringify({
      environments: ['dev'],
      secrets: entries.map((e) => ({
        target: e.target,
        field: e.field,
        source: e.source,
        description: e.description
      }))
    })
    return { text, sources, entries: entries.length, missing }
  })
