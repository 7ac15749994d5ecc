/**
 * Why an existing secret must not be written: another tool's or another environment's,
 * scheduled for deletion, rotated by a function, its current value unreadable, or (made outside
 * this tool) not to be adopted in this run. Pure, like the plan.
 */
import { ruleFor } from '../catalogue/rules.js'
import type { CurrentState } from '../current/current.js'
import { fingerprint } from '../model/fingerprint.js'
import { adoptCommand, notOursToWrite } from '../model/ownership.js'
import type { Problem } from '../model/problem.js'
import { rotationOn, scheduledForDeletion } from '../model/findings.js'
import type { Desired } from '../resolve/resolve.js'

export type Refusal = Omit<Problem, 'target'>

/** What the plan knows of the run besides the sources and the store. */
export interface PlanContext {
  /** The environment being synced: a secret tagged for another one is refused. */
  environment: string
  /**
   * The credentials were checked against the account the environment lives in
   * (expected-account-id, --expected-account-id, ACCOUNT=): only then is a secret made outside
   * this tool adopted.
   */
  accountConfirmed: boolean
}

/** Why a value that exists could not be read, as the run reports it. */
function unreadable(name: string, errorCode: string | undefined): Refusal {
  switch (errorCode) {
    case 'AccessDeniedException':
      return {
        code: 'aws-denied',
        kind: 'access-denied',
        action: 'secretsmanager:GetSecretValue',
        message: `AWS denied secretsmanager:GetSecretValue on ${name}.`
      }
    case 'DecryptionFailure':
      return {
        code: 'cannot-decrypt',
        kind: 'access-denied',
        action: 'kms:Decrypt',
        message: `${name} could not be decrypted: the role needs kms:Decrypt on the KMS key that encrypts it.`
      }
    case 'ResourceNotFoundException':
      return {
        code: 'no-current-value',
        message:
          `${name} exists but has no current value (no version labelled AWSCURRENT), so it was not ` +
          `written. Give it a value in the console, or delete it, then rerun.`
      }
    default:
      return {
        code: 'current-value-unreadable',
        message: `${name}: its current value could not be read (${errorCode ?? 'no answer'}); nothing was written. Rerun.`
      }
  }
}

export function refusalFor(
  name: string,
  state: CurrentState,
  environment: string
): Refusal | undefined {
  if (!state.exists) return undefined
  const { metadata, value } = state
  const whose = notOursToWrite(name, metadata, environment)
  if (whose) return whose
  if (metadata.deletedDate)
    return { code: 'scheduled-for-deletion', message: scheduledForDeletion(metadata, 'sync', name) }
  if (metadata.rotationEnabled)
    return { code: 'rotation-on', message: rotationOn(metadata, name, 'sync') }
  if (!value || !value.ok) return unreadable(name, value?.errorCode)
  return undefined
}

/**
 * A secret made outside this tool, in an account nobody confirmed: the credentials may be any
 * account's, and a secret there may hold anything (another environment's live key).
 */
export const unconfirmedAccount = (name: string, environment: string): Refusal => ({
  code: 'made-outside-unconfirmed',
  kind: 'unconfirmed-account',
  message:
    `${name} already exists without this tool's managed-by tag (made by hand, or by the CDK ` +
    `SecretsStack). Such a secret is adopted only when the AWS account is confirmed to be the ` +
    `"${environment}" one (expected-account-id), and this run's was not, so nothing was written.`
})

/** The first sentence of a rule's problem (the rest is advice about a source, not this secret). */
const firstSentence = (text: string): string => /^.*?\.(?=\s|$)/s.exec(text)?.[0] ?? text

/**
 * Whether a secret made outside this tool may be adopted for `want`: only when its current value
 * of our field passes this environment's rule (a live Stripe key is never adopted by dev). Says
 * why not, with a fingerprint of the value, never the value.
 */
export function adoptionRefusal(
  name: string,
  want: Desired,
  current: unknown,
  environment: string
): Refusal | undefined {
  let found: string
  if (typeof current === 'string') {
    const problem = ruleFor(want.rule).check(current)
    if (problem === undefined) return undefined
    found =
      `${name} already exists without this tool's managed-by tag, and its current ` +
      `${want.field} (${fingerprint(current)}) ${firstSentence(problem.message)}`
  } else {
    found =
      `${name} already exists without this tool's managed-by tag, and it holds no text ` +
      `field "${want.field}" to check against this environment's rule.`
  }
  return {
    code: 'made-outside-refused-value',
    message:
      `${found} So it was not adopted, and nothing was written. ` +
      `These AWS credentials may be another environment's account: check the role or AWS ` +
      `profile used for ${environment}. If the secret is ${environment}'s and its value is to be ` +
      `replaced, check it, then tag it as this tool's: ${adoptCommand(name, environment)}`
  }
}
