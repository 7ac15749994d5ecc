/**
 * Whose secret it is: decided by its tags, never guessed. One set of rules for every writing
 * mode (sync, the CLI's deploy and update-stripe, rollback) and for show:
 *
 * - tagged `managed-by` with another value: another tool's, never written;
 * - tagged `environment` with another environment: the other environment's, never written,
 *   whether or not it is ours (the credentials are most likely the other account's);
 * - tagged `managed-by` ours: ours;
 * - no `managed-by` tag (made by hand, or by the CDK SecretsStack this tool replaces): nobody's
 *   yet; a sync adopts it only on conditions the plan checks (see plan/refusals.ts).
 */
import type { ProblemCode } from './codes.js'
import type { SecretMetadata } from './ports/secret-store.js'
import { MANAGED_BY, TAG } from './tags.js'

/** Tagged as written by this tool. */
export const isOurs = (tags: Record<string, string>): boolean => tags[TAG.managedBy] === MANAGED_BY

/** The manager a secret is tagged with when it is not this tool; undefined otherwise. */
export function otherManager(tags: Record<string, string>): string | undefined {
  const manager = tags[TAG.managedBy]
  return manager === undefined || manager === MANAGED_BY ? undefined : manager
}

/** The command that tags a secret as this tool's, for `environment`. */
export const adoptCommand = (name: string, environment: string): string =>
  `aws secretsmanager tag-resource --secret-id ${name} --tags ` +
  `Key=${TAG.managedBy},Value=${MANAGED_BY} Key=${TAG.environment},Value=${environment}`

/**
 * A secret tagged as another tool's (`managed-by` with another value): it is never written.
 * Returns why, naming that manager and how to hand the secret over on purpose.
 */
export function foreignManager(
  name: string,
  metadata: SecretMetadata,
  environment: string
): string | undefined {
  const manager = otherManager(metadata.tags)
  if (manager === undefined) return undefined
  return (
    `${name} is managed by ${JSON.stringify(manager)} (its managed-by tag), not by ` +
    `impressionnistes-secrets, so nothing was written. To hand it over on purpose, first make ` +
    `sure ${JSON.stringify(manager)} no longer writes it, then remove that tag ` +
    `(aws secretsmanager untag-resource --secret-id ${name} --tag-keys managed-by): the next ` +
    `sync with the AWS account confirmed checks its value and adopts it. Or, having checked its ` +
    `value yourself: ${adoptCommand(name, environment)}. Otherwise take it out of the catalogue.`
  )
}

/**
 * A secret tagged for another environment: the credentials are most likely the other
 * account's (a laptop on the prod profile running a dev deploy, a role ARN pasted in the wrong
 * GitHub environment). Writing would put one environment's values in the other's account.
 * Whoever set the tag, ours or not. Returns why, or undefined when it is not such a secret.
 */
export function otherEnvironment(
  name: string,
  metadata: SecretMetadata,
  environment: string | undefined
): string | undefined {
  const tagged = metadata.tags[TAG.environment]
  if (!environment || tagged === undefined || tagged === environment) return undefined
  const said = isOurs(metadata.tags) ? 'was written for environment' : 'is tagged for environment'
  return (
    `${name} ${said} "${tagged}" (its environment tag), but this run is for "${environment}": ` +
    `these AWS credentials are probably the ${tagged} account's. Nothing was written. Check the ` +
    `role or AWS profile used for ${environment}; if the tag is what is wrong, fix it: aws ` +
    `secretsmanager tag-resource --secret-id ${name} --tags Key=environment,Value=${environment}`
  )
}

/** Why a secret is another tool's or another environment's; undefined when neither. */
export function notOursToWrite(
  name: string,
  metadata: SecretMetadata,
  environment: string
): { code: ProblemCode; message: string } | undefined {
  const foreign = foreignManager(name, metadata, environment)
  if (foreign) return { code: 'other-tool', message: foreign }
  const elsewhere = otherEnvironment(name, metadata, environment)
  if (!elsewhere) return undefined
  const code = isOurs(metadata.tags)
    ? 'written-for-other-environment'
    : 'tagged-for-other-environment'
  return { code, message: elsewhere }
}

/** The tag CloudFormation sets on every resource a stack makes (keys with aws: are its own). */
export const CLOUDFORMATION_STACK_TAG = 'aws:cloudformation:stack-name'

/** The stack that made the secret, from CloudFormation's own tags; undefined when none did. */
export const stackOf = (tags: Record<string, string>): string | undefined =>
  tags[CLOUDFORMATION_STACK_TAG]
