/**
 * Nothing stale goes unseen, and no value is read: a GitHub secret edited after the value in AWS
 * was written (the deploy workflow was not run), and a value older than its catalogue policy.
 * Pure: GitHub's metadata (names and `updated_at`) and each target's current version (its
 * creation) in, findings out.
 */
import type { Problem } from '../model/problem.js'
import { olderThan, ageInDays } from './age.js'
import * as say from './messages.js'
import type { CurrentVersion, GitHubSecretMeta } from './port.js'
import type { SourceReading, SourceSecrets } from './sources.js'

export interface StalenessTarget {
  /** The secret's full name in AWS. */
  target: string
  /** The catalogue's source key for this environment (matched case-insensitively). */
  sourceKey: string
  maxAgeDays?: number
  /** AWSCURRENT's version and its creation; undefined when the secret is not in AWS. */
  current?: CurrentVersion
  /**
   * When a run last found the value in AWS equal to GitHub's, when known: an edit before it (the
   * same value pasted again, then synced as unchanged) is not stale.
   */
  confirmedAt?: Date
}

export interface StalenessInput {
  environment: string
  /** The workflow that syncs this environment, as its run page names it. */
  workflow: string
  now: Date
  targets: readonly StalenessTarget[]
  github: SourceReading
  /** Every source key the catalogue names, in any environment. */
  catalogueKeys: readonly string[]
  /** GitHub secrets that are rightly there but not the catalogue's (the token this reads with). */
  expected?: readonly string[]
}

export interface StalenessResult {
  /** They fail the check: an edit not synced, a value older than its policy. */
  problems: Problem[]
  /** Told, not failing: the GitHub side skipped, a name on one side only. */
  warnings: Problem[]
}

/** GitHub upper-cases secret names: the name as the settings page shows it. */
const githubName = (key: string): string => key.toUpperCase()

/** The secret the workflow sees for each name: the environment's first, then the repository's. */
function visible(secrets: SourceSecrets): Map<string, GitHubSecretMeta> {
  const seen = new Map<string, GitHubSecretMeta>()
  for (const s of [...secrets.environment, ...secrets.repository]) {
    const key = githubName(s.name)
    if (!seen.has(key)) seen.set(key, s)
  }
  return seen
}

/** Newer on GitHub than the value in AWS, and than the last run that found them equal. */
function editedAfterWrite(
  t: StalenessTarget,
  source: GitHubSecretMeta,
  workflow: string
): Problem | undefined {
  const written = t.current?.createdDate
  if (!written || Number.isNaN(written.getTime())) return undefined
  const since = Math.max(written.getTime(), t.confirmedAt?.getTime() ?? 0)
  if (!(source.updatedAt.getTime() > since)) return undefined
  return {
    source: githubName(t.sourceKey),
    target: t.target,
    kind: 'audit',
    code: 'edited-after-sync',
    message: say.editedAfterWrite(source.updatedAt, written, workflow)
  }
}

function overAge(t: StalenessTarget, input: StalenessInput): Problem[] {
  const written = t.current?.createdDate
  if (!written || t.maxAgeDays === undefined || !olderThan(written, t.maxAgeDays, input.now))
    return []
  const days = ageInDays(written, input.now)
  return [
    {
      source: githubName(t.sourceKey),
      target: t.target,
      kind: 'audit',
      code: 'older-than-policy',
      message: say.olderThanPolicy(days, written, t.maxAgeDays, input.workflow)
    }
  ]
}

/** GitHub secrets no catalogue entry names (any environment), bar the expected ones. */
function unknownNames(seen: Map<string, GitHubSecretMeta>, input: StalenessInput): Problem[] {
  const known = new Set([...input.catalogueKeys, ...(input.expected ?? [])].map(githubName))
  return [...seen.keys()]
    .filter((name) => !known.has(name))
    .sort()
    .map((name) => ({
      code: 'github-secret-not-in-catalogue' as const,
      message: say.notInCatalogue(name)
    }))
}

/** Findings for one environment; no value is read, none is needed. */
export function checkStaleness(input: StalenessInput): StalenessResult {
  if (input.github.status === 'skipped') {
    return {
      problems: input.targets.flatMap((t) => overAge(t, input)),
      warnings: [{ code: 'github-edits-not-checked', message: say.skipped(input.github.reason) }]
    }
  }
  const seen = visible(input.github.secrets)
  const problems: Problem[] = []
  const warnings: Problem[] = []
  for (const t of input.targets) {
    const source = seen.get(githubName(t.sourceKey))
    if (!source) {
      warnings.push({
        source: githubName(t.sourceKey),
        target: t.target,
        code: 'catalogue-secret-not-on-github',
        message: say.notOnGitHub(input.environment)
      })
    }
    const edited = source && editedAfterWrite(t, source, input.workflow)
    if (edited) problems.push(edited)
    problems.push(...overAge(t, input))
  }
  return { problems, warnings: [...warnings, ...unknownNames(seen, input)] }
}
