/** Secret names: a prefix, then the catalogue's target ("impressionnistes/stripe/api_key"). */

export const DEFAULT_PREFIX = 'impressionnistes'

/** The characters Secrets Manager allows in a secret name. */
export const NAME_CHARS = /^[A-Za-z0-9/_+=.@-]+$/

/** The prefix as used in names: without trailing slashes. */
export const normalPrefix = (prefix: string | undefined): string =>
  (prefix || DEFAULT_PREFIX).replace(/\/+$/, '')

export const secretName = (prefix: string, target: string): string => `${prefix}/${target}`

/** A target as the user may give it, with or without the "<prefix>/" in front. */
export const relativeTarget = (prefix: string, name: string): string =>
  name.startsWith(`${prefix}/`) ? name.slice(prefix.length + 1) : name
