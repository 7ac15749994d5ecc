/**
 * How the refresh of one consumer ended, and why in words a user can act on: the reason of a
 * failed call, and its code (../model/codes.ts).
 */
import type { StoreError } from '../model/ports/store-error.js'
import type { ProblemCode } from '../model/problem.js'

/** Reads and updates per function when a concurrent change makes the update fail. */
export const MAX_ATTEMPTS = 3

export interface RefreshOutcome {
  result: 'refreshed' | 'failed'
  reason?: string
  /** A warning for the run, beside the reason. */
  warning?: string
  /** The code of the failure or the warning (../model/codes.ts). */
  code?: ProblemCode
}

export const failed = (
  reason: string,
  code: ProblemCode = 'consumer-not-refreshed'
): RefreshOutcome => ({
  result: 'failed',
  reason,
  code
})

/** The code of a failed call's reason. */
export const CODE_OF_KIND: Partial<Record<StoreError['kind'], ProblemCode>> = {
  'not-found': 'function-not-found',
  'access-denied': 'consumer-denied',
  conflict: 'function-conflict',
  invalid: 'consumer-rejected'
}

/** What a failed call means for the refresh, in words a user can act on. */
export function reasonOf(error: StoreError): string {
  switch (error.kind) {
    case 'not-found':
      return 'the function does not exist in this account and region'
    case 'access-denied':
      return (
        `AWS denied ${error.action}: add the function to the deploy role's ConsumerFunctions ` +
        '(infra/github-deploy-role.yml)'
      )
    case 'conflict':
      return `the function kept changing while it was being updated (${MAX_ATTEMPTS} attempts; a deploy in progress?)`
    case 'invalid':
      // Lambda's answer quotes the variables, values included: only that it refused them is said.
      return (
        `Lambda rejected the function's environment variables (${error.code}); the function ` +
        'keeps its previous configuration. Check its variables in the Lambda console (a reserved ' +
        'or malformed name)'
      )
    default:
      // The reason is followed by a full stop: not a second one.
      return error.message.replace(/\.$/, '')
  }
}
