/** Secret names: a prefix, then the catalogue's target ("impressionnistes/stripe/api_key"). */

export const DEFAULT_PREFIX = 'impressionnistes'

/** An environment's name (dev, prod): the catalogue's rule, and the action's input's. */
export const ENVIRONMENT_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/

/** The characters Secrets Manager allows in a secret name. */
export const NAME_CHARS = /^[A-Za-z0-9/_+=.@-]+$/

/** The prefix as used in names: without trailing slashes. */
export const normalPrefix = (prefix: string | undefined): string =>
  (prefix || DEFAULT_PREFIX).replace(/\/+$/, '')

export const secretName = (prefix: string, target: string): string => `${prefix}/${target}`

/** Secrets Manager's limit on a name (CreateSecret's Name: 1 to 512 characters). */
export const MAX_NAME_LENGTH = 512

/**
 * A name ending like an ARN's suffix: Secrets Manager adds "-" and six random characters to each
 * secret's ARN, and asks that no name end that way (a partial ARN would then be ambiguous).
 */
export const ARN_SUFFIX_LIKE = /-[A-Za-z0-9]{6}$/

/** A part between slashes that paths read as "here" or "up". */
export const hasDotPart = (path: string): boolean =>
  path.split('/').some((part) => part === '.' || part === '..')

/** The full names that Secrets Manager would refuse, checked before anything is written. */
export function nameProblems(prefix: string, targets: readonly string[]): string[] {
  return targets
    .filter((target) => secretName(prefix, target).length > MAX_NAME_LENGTH)
    .map(
      (target) =>
        `secret ${target}: its full name (prefix included) has ${secretName(prefix, target).length} characters; Secrets Manager allows at most ${MAX_NAME_LENGTH}.`
    )
}

/** A target as the user may give it, with or without the "<prefix>/" in front. */
export const relativeTarget = (prefix: string, name: string): string =>
  name.startsWith(`${prefix}/`) ? name.slice(prefix.length + 1) : name

/** One secret a flow acts on: its full name, its target, and its source as the user knows it. */
export interface Target {
  name: string
  target: string
  sourceKey: string
}

/** The deploy workflow of an environment, as this repository's workflows are named. */
export const deployWorkflow = (environment: string): string => `Deploy secrets (${environment})`
