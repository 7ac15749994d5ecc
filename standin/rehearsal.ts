/**
 * Values for rehearsals against the stand-in (npm start, npm run standin): the example file's,
 * with EXAMPLE made REHEARSAL, since the example's own values are refused as placeholders; and
 * the provider stand-in's knowledge of them, so that the probes find them alive.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { ProviderStandin } from './providers.js'

export function rehearsalValues(): Record<string, string> {
  const path = join(import.meta.dirname, '../secrets.json.example')
  const example = JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>
  return Object.fromEntries(
    Object.entries(example).map(([key, value]) => [key, value.replace('EXAMPLE', 'REHEARSAL')])
  )
}

/** The provider stand-in's view of the rehearsal values: every Stripe key and hook alive. */
export function seedRehearsalProviders(
  providers: ProviderStandin,
  values: Record<string, string> = rehearsalValues(),
  account = 'acct_1Rehearsal'
): ProviderStandin {
  for (const value of Object.values(values)) {
    if (/^(sk|rk)_(test|live)_/.test(value)) providers.seedKey(value, { state: 'alive', account })
    if (value.startsWith('https://hooks.slack.com/')) providers.seedHook(value, { state: 'alive' })
  }
  return providers
}
