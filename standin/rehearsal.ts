/**
 * Values for rehearsals against the stand-in (npm start, npm run standin): the example file's,
 * with EXAMPLE made REHEARSAL, since the example's own values are refused as placeholders.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

export function rehearsalValues(): Record<string, string> {
  const path = join(import.meta.dirname, '../secrets.json.example')
  const example = JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>
  return Object.fromEntries(
    Object.entries(example).map(([key, value]) => [key, value.replace('EXAMPLE', 'REHEARSAL')])
  )
}
