/**
 * Where the fix for a problem is explained: the heading of docs/troubleshooting.md that quotes its
 * message. test/unit/troubleshooting.test.ts checks each pattern against the message quoted under
 * its own heading, so the code and the page cannot drift apart.
 */
import type { Problem } from '../model/problem.js'
import { STALENESS_HELP } from '../staleness/help.js'
import { PROBE_HELP } from '../probe/help.js'

/** The page, relative to the repository's root. */
export const TROUBLESHOOTING = 'docs/troubleshooting.md'

/** [heading's anchor, what the message says]: the first match wins. */
export const HELP: readonly (readonly [string, RegExp])[] = [
  // Ownership first: these messages quote a rule's finding (a live key) about what AWS holds.
  [
    'a-secret-made-outside-this-tool-holding-a-value-this-environment-refuses',
    /already exists without this tool's managed-by tag, and (its current|it holds no text)/
  ],
  [
    'a-secret-made-outside-this-tool-account-not-confirmed',
    /already exists without this tool's managed-by tag \(made by hand/
  ],
  ['a-secret-managed-by-another-tool', /is managed by ".*" \(its managed-by tag\)/],
  [
    'a-secret-tagged-for-another-environment',
    /is tagged for environment ".*" \(its environment tag\)/
  ],
  ['a-secret-holding-our-field-twice', /holds the field ".*" more than once/],
  ['a-secret-still-carrying-the-cdk-stacks-tags', /was made by the CloudFormation stack/],
  [
    'a-rollback-of-a-secret-this-tool-did-not-write',
    /is not managed by impressionnistes-secrets \(no managed-by tag/
  ],
  ['a-live-stripe-key-in-dev', /is a LIVE-mode Stripe key/],
  ['a-test-stripe-key-in-prod', /is a test-mode Stripe key, and this environment must use a live/],
  ['a-publishable-stripe-key', /is a publishable key \(pk_/],
  ['not-a-stripe-secret-key', /is not a Stripe secret key|is too short to be a Stripe key/],
  [
    'stripe-api-key-and-webhook-secret-swapped',
    /looks like a webhook signing secret|looks like a Stripe API key, not a webhook/
  ],
  ['not-a-stripe-webhook-signing-secret', /is not a Stripe webhook signing secret/],
  ['not-a-slack-incoming-webhook-url', /is not a Slack incoming webhook URL|must use https:\/\//],
  ['a-value-your-catalogues-rule-refuses', /does not look right; expected/],
  ['a-missing-or-empty-github-secret', /is missing; add it|is empty; set its value/],
  ['a-value-that-is-not-a-string', /must be a string, but it is/],
  ['the-same-value-in-dev-and-prod', /holds the same value as .* each environment needs its own/],
  [
    'a-placeholder-value-from-secretsjsonexample',
    /holds the placeholder value of secrets\.json\.example/
  ],
  ['whitespace-around-a-value', /has whitespace or a line break around its value/],
  ['a-value-too-large-for-secrets-manager', /is too large: stored as JSON it takes/],
  ['a-source-given-twice', /is given \d+ times with different values/],
  ['the-secrets-input-is-unusable', /^The `secrets` input /],
  ['a-probe-input-is-wrong', /^Input "(probe|force-rollback|rotation-overlap-days)"/],
  ['a-retry-or-time-out-input-is-wrong', /^Input "(max-attempts|connect-timeout|request-timeout)"/],
  ['the-tags-input-is-wrong', /^Input "tags"/],
  ['an-input-is-wrong', /^Input "/],
  ['an-environment-not-in-the-catalogue', /^environment ".*" is not in the catalogue/],
  ['a-target-not-in-the-catalogue', /^"only" names /],
  [
    'a-file-input-that-is-not-a-regular-file-or-too-large',
    /, not a regular file, so it was not read|is larger than the most a file input may take/
  ],
  ['the-catalogue-file-is-not-valid', /^The catalogue .* is not valid/],
  ['the-environments-file-cannot-be-read', /^The environments file .* cannot be read \(/],
  ['the-environments-file-is-not-valid', /^The environments file .*, line \d+, column \d+, /],
  ['an-environment-not-in-the-environments-file', /^Environment ".*" is not in the environments/],
  ['set-up-not-finished', /^Set-up not finished: /],
  [
    'the-credentials-are-not-in-the-pinned-account',
    /^The AWS credentials are for account .*, but the environments file/
  ],
  ['a-region-that-differs-from-the-pin', /^The region asked for \(/],
  ['an-account-to-confirm-that-differs-from-the-pin', /^The account to confirm \(/],
  ['the-credentials-are-another-accounts', /^The AWS credentials belong to account/],
  ['no-oidc-token-for-the-job', /This job cannot request a GitHub OIDC token/],
  ['no-aws-credentials', /AWS rejected or could not find credentials/],
  ['a-secret-that-cannot-be-decrypted', /could not be decrypted: the role needs kms:Decrypt/],
  ['a-kms-key-problem', /Secrets Manager could not use the KMS key/],
  ['aws-denied-an-action', /^AWS denied /],
  ['throttling-or-no-answer', /AWS kept throttling|did not get an answer from AWS/],
  ['a-secret-scheduled-for-deletion', /is scheduled for deletion/],
  [
    'a-secret-written-for-the-other-environment',
    /was written for environment ".*" \(its environment tag\)/
  ],
  ['a-secret-with-rotation-turned-on', /has automatic rotation turned on/],
  ['a-secret-that-is-not-a-json-object', /holds a value that is not a JSON object/],
  ['a-secret-with-no-current-value', /exists but has no current value/],
  [
    'a-secret-too-large-with-its-other-fields',
    /with its other fields kept, the new document would take/
  ],
  ['a-current-value-that-could-not-be-read', /its current value could not be read/],
  ['tags-not-refreshed', /was written, but its tags were not refreshed/],
  [
    'a-consumer-lambda-whose-variables-lambda-rejected',
    /Lambda rejected the function's environment variables/
  ],
  ['a-secret-created-while-this-run-was-writing', /was created by another run or person while/],
  ['the-secret-no-longer-exists', /: the secret does not exist\./],
  ['a-race-between-two-runs', /the secret or this version already exists/],
  ['a-secret-that-differs-from-github', /differs from .* \(field |is not in Secrets Manager yet/],
  ['a-rollback-without-targets', /^rollback needs the secrets to roll back/],
  ['nothing-to-roll-back-to', /has no AWSPREVIOUS version to go back to/],
  ['an-unknown-version-to-roll-back-to', /has no labelled version /],
  ['rolled-back-now-fix-the-source', /is back on version .* before the next sync/],
  ...STALENESS_HELP,
  ['a-repository-that-is-not-ownername', /^--repository must be owner\/name/],
  ['syncs-are-paused', /^sync paused \(SECRETS_SYNC_PAUSED\) for /],
  ['the-alert-issue-names-a-failing-mode', /^impressionnistes-secrets: .*: .* (failing|paused)/],
  // The probes' own messages (Stripe, Slack, rotations, their inputs): ../probe/help.ts.
  ...PROBE_HELP,
  ['another-aws-error', / failed\.( AWS said: |$)/]
]

/** The anchor of the heading that explains `problem`; undefined when none does. */
export function helpAnchor(problem: Pick<Problem, 'message'>): string | undefined {
  return HELP.find(([, says]) => says.test(problem.message))?.[0]
}
