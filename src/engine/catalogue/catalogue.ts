/**
 * The catalogue: which secrets exist, the JSON field each holds, where its value comes from in
 * each environment and the rule it must satisfy. It is data (default-catalogue.json, or a file
 * given by the user); this module only checks and queries it.
 */
import type * as z from 'zod/mini'
import { parseJson } from '../model/json.js'
import type { Problem } from '../model/problem.js'
import { readRegularFile } from '../model/regular-file.js'
import { echo, QUOTABLE, shown } from '../model/quote.js'
import { ruleFor, type RuleSpec } from './rules.js'
import { catalogueSchema } from './schema.js'
import defaultCatalogueJson from './default-catalogue.json' with { type: 'json' }

/** One catalogue entry, resolved for one environment. */
export interface SelectedEntry {
  target: string
  field: string
  description?: string
  sourceKey: string
  rule: RuleSpec
  /** Source keys of the same entry in the other environments, when they must differ. */
  mustDifferFrom: { environment: string; sourceKey: string }[]
  /** Source keys of the same entry in the other environments (rightly given, never a typo). */
  otherSourceKeys?: string[]
  /** The oldest the value in AWS may be, in days (its current version's creation). */
  maxAgeDays?: number
}

export class CatalogueError extends Error {
  constructor(
    readonly origin: string,
    readonly problems: string[],
    readonly code: 'catalogue-invalid' | 'file-input-unusable' = 'catalogue-invalid'
  ) {
    super(`The catalogue ${origin} is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'CatalogueError'
  }
}

/** The catalogue, as its schema reads it (defaults filled in). */
export type Catalogue = z.output<typeof catalogueSchema>
export type PerEnvironment<T> = T | Record<string, T>

/** A pattern rule as the schema reads it: exactly `pattern` and `expects`, both strings. */
function isPatternRule(value: object): boolean {
  const { pattern, expects } = value as Partial<Record<string, unknown>>
  return (
    Object.keys(value).length === 2 && typeof pattern === 'string' && typeof expects === 'string'
  )
}

/**
 * One value per environment? Told by shape, not by a "pattern" key, which a map naming an unknown
 * environment "pattern" also has: any object for a source (else a string), any object but a
 * pattern rule for a rule (else a rule name).
 */
function isPerEnvironmentMap<T>(
  value: PerEnvironment<T>,
  what: 'source' | 'rule'
): value is Record<string, T> {
  return typeof value === 'object' && value !== null && (what === 'source' || !isPatternRule(value))
}

/** Checks a parsed catalogue document; every problem is collected before throwing. */
export function parseCatalogue(document: unknown, origin: string): Catalogue {
  const parsed = catalogueSchema.safeParse(document)
  if (!parsed.success) {
    throw new CatalogueError(
      origin,
      parsed.error.issues.map((issue) => {
        const where = issue.path.length > 0 ? issue.path.join('.') : '(top level)'
        return `${where}: ${issue.message}`
      })
    )
  }
  const catalogue = parsed.data
  const problems: string[] = []
  const environments = new Set(catalogue.environments)
  if (environments.size !== catalogue.environments.length) {
    problems.push('environments: each environment may be listed only once')
  }
  const targets = new Set<string>()
  catalogue.secrets.forEach((entry, i) => {
    const where = `secrets.${i} (${entry.target})`
    if (targets.has(entry.target)) problems.push(`${where}: target listed twice`)
    targets.add(entry.target)
    for (const [what, value] of [
      ['source', entry.source],
      ['rule', entry.rule]
    ] as const) {
      if (!isPerEnvironmentMap<unknown>(value, what)) continue
      const keys = Object.keys(value)
      const missing = catalogue.environments.filter((env) => !keys.includes(env))
      const extra = keys.filter((env) => !environments.has(env))
      if (missing.length) problems.push(`${where}: ${what} has no entry for ${missing.join(', ')}`)
      if (extra.length)
        problems.push(`${where}: ${what} names unknown environment ${extra.join(', ')}`)
    }
    for (const spec of Object.values(
      isPerEnvironmentMap(entry.rule, 'rule') ? entry.rule : { all: entry.rule }
    )) {
      try {
        ruleFor(spec)
      } catch (error) {
        problems.push(
          `${where}: rule pattern is not a valid regular expression (${(error as Error).message})`
        )
      }
    }
    if (entry.distinctAcrossEnvironments && !isPerEnvironmentMap(entry.source, 'source')) {
      problems.push(`${where}: distinctAcrossEnvironments needs one source per environment`)
    }
  })
  if (problems.length) throw new CatalogueError(origin, problems)
  return catalogue
}

export const DEFAULT_CATALOGUE: Catalogue = parseCatalogue(defaultCatalogueJson, '(built-in)')

/**
 * Reads a catalogue file, or returns the built-in one when no path is given. Errors name the
 * file only when its path looks like one: a value pasted in the wrong place is not shown.
 */
export async function loadCatalogue(path?: string): Promise<Catalogue> {
  if (!path) return DEFAULT_CATALOGUE
  const origin = shown(path, QUOTABLE.path)
  const file = await readRegularFile(path)
  if (!file.ok) throw new CatalogueError(origin, [file.problem], 'file-input-unusable')
  const read = parseJson(file.text)
  if (!read.ok) throw new CatalogueError(origin, [`is not valid JSON: ${read.where}`])
  return parseCatalogue(read.value, origin)
}

function forEnvironment<T>(
  value: PerEnvironment<T>,
  environment: string,
  what: 'source' | 'rule'
): T {
  return isPerEnvironmentMap(value, what) ? (value[environment] as T) : value
}

export interface Selection {
  entries: SelectedEntry[]
  /** Every target of the environment, `only` aside (none when the environment is unknown). */
  targets: string[]
  /** An unknown environment (no entries then) or unknown `only` targets (left out). */
  problems: Problem[]
}

/**
 * The entries of one environment, narrowed to `only` (targets relative to the prefix) when given.
 * Problems are returned, not thrown, so that they are reported with every other problem.
 */
export function selectEntries(
  catalogue: Catalogue,
  environment: string,
  only: readonly string[] = []
): Selection {
  const problems: Problem[] = []
  const knownEnvironment = catalogue.environments.includes(environment)
  // An empty environment is the front's to report (a required input), not a catalogue mismatch.
  if (!knownEnvironment && environment !== '') {
    problems.push({
      code: 'environment-not-in-catalogue',
      message: `environment ${echo(environment, QUOTABLE.id)} is not in the catalogue; use one of: ${catalogue.environments.join(', ')}`
    })
  }
  const known = catalogue.secrets.map((s) => s.target)
  const unknown = only.filter((t) => !known.includes(t))
  if (unknown.length) {
    problems.push({
      code: 'target-not-in-catalogue',
      message: `"only" names ${unknown.map((t) => echo(t, QUOTABLE.path)).join(', ')}, not in the catalogue; known targets: ${known.join(', ')}`
    })
  }
  if (!knownEnvironment) return { entries: [], targets: [], problems }
  const entries = catalogue.secrets
    .filter((entry) => only.length === 0 || only.includes(entry.target))
    .map((entry) => {
      const mustDifferFrom =
        entry.distinctAcrossEnvironments && isPerEnvironmentMap(entry.source, 'source')
          ? Object.entries(entry.source)
              .filter(([env]) => env !== environment)
              .map(([env, key]) => ({ environment: env, sourceKey: key }))
          : []
      const sourceKey = forEnvironment(entry.source, environment, 'source')
      return {
        target: entry.target,
        field: entry.field,
        ...(entry.description ? { description: entry.description } : {}),
        sourceKey,
        rule: forEnvironment(entry.rule, environment, 'rule'),
        mustDifferFrom,
        ...(entry.maxAgeDays === undefined ? {} : { maxAgeDays: entry.maxAgeDays }),
        otherSourceKeys: isPerEnvironmentMap(entry.source, 'source')
          ? Object.values(entry.source).filter((key) => key !== sourceKey)
          : []
      }
    })
  return { entries, targets: known, problems }
}
