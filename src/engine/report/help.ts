/**
 * Where the fix for a problem is explained: the heading of docs/troubleshooting.md named by its
 * code's entry (../model/codes.ts), never found from its wording. test/unit/troubleshooting.test.ts
 * checks that every code has a heading of the page and every heading a code.
 */
import { codeEntry } from '../model/codes.js'
import type { Problem } from '../model/problem.js'

/** The page, relative to the repository's root. */
export const TROUBLESHOOTING = 'docs/troubleshooting.md'

/** The anchor of the heading that explains `problem`. */
export const helpAnchor = (problem: Pick<Problem, 'code'>): string | undefined =>
  codeEntry(problem.code)?.anchor

/**
 * A Markdown link to the heading that explains `problem`, after its sentence: ` ([how to
 * fix](…))`; empty without a page (`help`: the page's URL at the version that runs).
 */
export function helpLink(problem: Pick<Problem, 'code'>, help: string | undefined): string {
  const anchor = helpAnchor(problem)
  return help && anchor ? ` ([how to fix](${help}#${anchor}))` : ''
}

/** The annotation's title: its code's, else the source to fix, else the tool's name. */
export function titleOf(problem: Pick<Problem, 'code' | 'source'>): string {
  const title = codeEntry(problem.code)?.title
  if (title) return title
  if (problem.source) return `Fix GitHub secret ${problem.source}`
  return 'impressionnistes-secrets'
}
