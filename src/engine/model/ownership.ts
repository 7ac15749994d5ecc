/** Whose secret it is: decided by its tags, never guessed. */
import type { SecretMetadata } from '../../store/store.js'
import { MANAGED_BY, TAG } from './tags.js'

/** Tagged as written by this tool. */
export const isOurs = (tags: Record<string, string>): boolean => tags[TAG.managedBy] === MANAGED_BY

/**
 * A secret this tool wrote for another environment: the credentials are most likely the other
 * account's (a laptop on the prod profile running a dev deploy, a role ARN pasted in the wrong
 * GitHub environment). Writing would put one environment's values in the other's account.
 * Returns why, or undefined when it is not such a secret.
 */
export function otherEnvironment(
  name: string,
  metadata: SecretMetadata,
  environment: string | undefined
): string | undefined {
  const tagged = metadata.tags[TAG.environment]
  if (!environment || !isOurs(metadata.tags) || !tagged) return undefined
  if (tagged === environment) return undefined
  return (
    `${name} was written for environment "${tagged}" (its environment tag), but this run is for ` +
    `"${environment}": these AWS credentials are probably the ${tagged} account's. Nothing was ` +
    `written. Check the role or AWS profile used for ${environment}; if the tag is what is wrong, ` +
    `fix it: aws secretsmanager tag-resource --secret-id ${name} --tags Key=environment,Value=${environment}`
  )
}
