/**
 * Tags: the keys this tool sets on the secrets it manages, and the tags users add (`key=value`
 * lines), checked against Secrets Manager's tag rules.
 */

import { echo, QUOTABLE } from './quote.js'

/** The keys of the tags this tool sets itself. */
export const TAG = {
  /** Whose secret it is: MANAGED_BY when it is ours. */
  managedBy: 'managed-by',
  /** The environment (dev, prod…) it was written for. */
  environment: 'environment',
  repository: 'repository',
  commit: 'commit',
  runUrl: 'run-url',
  writtenBy: 'written-by',
  /** The last rollback: "<from version> to <to version>". */
  rolledBack: 'rolled-back',
  /**
   * The version this tool last made AWSCURRENT (wrote, or rolled back to): audit fails when
   * AWSCURRENT is another one, i.e. someone changed the secret outside this tool.
   */
  writtenVersion: 'written-version'
} as const

/** The value of the managed-by tag on the secrets this tool writes. */
export const MANAGED_BY = 'impressionnistes-secrets'

/**
 * The tag that records the version this tool made current: set by every write (apply) and every
 * rollback, so that audit can tell our version from anyone else's.
 */
export const versionTag = (versionId: string): Record<string, string> => ({
  [TAG.writtenVersion]: versionId
})

/** Tags the tool sets itself; a user tag may not take their place. */
export const RESERVED_TAGS: readonly string[] = Object.values(TAG)

/**
 * AWS allows Unicode letters, digits, separators (\p{Z}) and _ . : / = + - @. Of separators, only
 * spaces (\p{Zs}) here: a line or paragraph separator in a tag would break a line wherever the
 * tag is printed.
 */
const TAG_CHARS = /^[\p{L}\p{Zs}\p{N}_.:/=+\-@]*$/u

/** A text made fit for a tag value: other characters become "_", at most 256 characters. */
export const tagValue = (text: string): string =>
  [...text]
    .map((c) => (TAG_CHARS.test(c) ? c : '_'))
    .join('')
    .slice(0, 256)

export function parseTags(text: string): { tags: Record<string, string>; problems: string[] } {
  const tags: Record<string, string> = {}
  const problems: string[] = []
  text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .forEach((line, i) => {
      const eq = line.indexOf('=')
      if (eq <= 0) {
        problems.push(`tags line ${i + 1} must be key=value`)
        return
      }
      const key = line.slice(0, eq).trim()
      const value = line.slice(eq + 1).trim()
      if (key.length > 128 || !TAG_CHARS.test(key)) {
        problems.push(
          `tag key ${echo(key, QUOTABLE.id)} must be at most 128 letters, digits, spaces or _ . : / = + - @`
        )
      } else if (RESERVED_TAGS.includes(key)) {
        problems.push(`tag key "${key}" is set by the action itself; choose another name`)
      } else if (key.toLowerCase().startsWith('aws:')) {
        problems.push(`tag key "${key}" uses the reserved aws: prefix`)
      } else if (value.length > 256 || !TAG_CHARS.test(value)) {
        problems.push(
          `tag "${key}" value must be at most 256 letters, digits, spaces or _ . : / = + - @`
        )
      } else if (key in tags) {
        problems.push(`tag "${key}" is given twice`)
      } else {
        tags[key] = value
      }
    })
  if (Object.keys(tags).length > 40)
    problems.push('at most 40 extra tags (Secrets Manager allows 50, and we add ours)')
  return { tags, problems }
}
