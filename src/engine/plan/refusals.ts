/**
 * Why an existing secret must not be written: another environment's, scheduled for deletion,
 * rotated by a function, or its current value unreadable. Pure, like the plan.
 */
import type { CurrentState } from '../current/current.js'
import { otherEnvironment } from '../model/ownership.js'
import type { Problem } from '../model/problem.js'
import { formatDay } from '../model/text.js'

export type Refusal = Omit<Problem, 'target'>

/** Why a value that exists could not be read, as the run reports it. */
function unreadable(name: string, errorCode: string | undefined): Refusal {
  switch (errorCode) {
    case 'AccessDeniedException':
      return {
        kind: 'access-denied',
        action: 'secretsmanager:GetSecretValue',
        message: `AWS denied secretsmanager:GetSecretValue on ${name}.`
      }
    case 'DecryptionFailure':
      return {
        kind: 'access-denied',
        action: 'kms:Decrypt',
        message: `${name} could not be decrypted: the role needs kms:Decrypt on the KMS key that encrypts it.`
      }
    case 'ResourceNotFoundException':
      return {
        message:
          `${name} exists but has no current value (no version labelled AWSCURRENT), so it was not ` +
          `written. Give it a value in the console, or delete it, then rerun.`
      }
    default:
      return {
        message: `${name}: its current value could not be read (${errorCode ?? 'no answer'}); nothing was written. Rerun.`
      }
  }
}

export function refusalFor(
  name: string,
  state: CurrentState,
  environment: string | undefined
): Refusal | undefined {
  if (!state.exists) return undefined
  const { metadata, value } = state
  const elsewhere = otherEnvironment(name, metadata, environment)
  if (elsewhere) return { message: elsewhere }
  if (metadata.deletedDate) {
    return {
      message:
        `${name} is scheduled for deletion (since ${formatDay(metadata.deletedDate)}), so it cannot be written. ` +
        `If it should stay, restore it first: aws secretsmanager restore-secret --secret-id ${name} ` +
        `(or Secrets Manager console → the secret → Cancel deletion), then rerun.`
    }
  }
  if (metadata.rotationEnabled) {
    return {
      message:
        `${name} has automatic rotation turned on` +
        (metadata.rotationLambdaArn ? ` (${metadata.rotationLambdaArn})` : '') +
        `. A rotation function and this sync would keep overwriting each other, so it is left alone. ` +
        `Either turn rotation off (aws secretsmanager cancel-rotate-secret --secret-id ${name}) and let ` +
        `GitHub be the source, or remove it from the catalogue.`
    }
  }
  if (!value || !value.ok) return unreadable(name, value?.errorCode)
  return undefined
}
