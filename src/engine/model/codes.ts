/**
 * Every problem, warning and finding a user can see carries one of these codes: a stable short
 * name. Its help link (the anchor of its heading in docs/troubleshooting.md) and its annotation's
 * title are looked up here by code, never by the wording of the message; the hints each front
 * adds are in ../report/hints.ts, keyed by the same codes. test/unit/troubleshooting.test.ts
 * checks that every code has a heading of the page and every heading a code.
 *
 * To add a message: give it a new code here (anchor: its heading's GitHub anchor), write the
 * heading with the message quoted under it, and set `code` where the message is made.
 */

interface CodeEntry {
  /** The GitHub anchor of the heading of docs/troubleshooting.md that explains it. */
  readonly anchor: string
  /** The title of the action's annotation; else the source to fix, else the tool's name. */
  readonly title?: string
}

const DENIED = 'AWS access denied'
const NO_CREDENTIALS = 'No usable AWS credentials'
const UNREACHABLE = 'AWS unreachable'
const KMS = 'KMS key problem'
const AUDIT = 'Secret not as this tool left it'
const ACCOUNT = 'AWS account not confirmed'
const PIN = 'Environments file'
const DRIFT = 'Secrets Manager differs from GitHub'
const AWS_ERROR = 'AWS error'

export const CODES = {
  // Your GitHub secrets
  'live-key-in-dev': { anchor: 'a-live-stripe-key-in-dev' },
  'test-key-in-prod': { anchor: 'a-test-stripe-key-in-prod' },
  'publishable-key': { anchor: 'a-publishable-stripe-key' },
  'not-a-stripe-key': { anchor: 'not-a-stripe-secret-key' },
  'stripe-secrets-swapped': { anchor: 'stripe-api-key-and-webhook-secret-swapped' },
  'not-a-webhook-secret': { anchor: 'not-a-stripe-webhook-signing-secret' },
  'not-a-slack-webhook': { anchor: 'not-a-slack-incoming-webhook-url' },
  'rule-refused': { anchor: 'a-value-your-catalogues-rule-refuses' },
  'source-missing': { anchor: 'a-missing-or-empty-github-secret' },
  'not-a-string': { anchor: 'a-value-that-is-not-a-string' },
  'same-value': { anchor: 'the-same-value-in-dev-and-prod' },
  'example-value': { anchor: 'a-placeholder-value-from-secretsjsonexample' },
  'whitespace-trimmed': { anchor: 'whitespace-around-a-value' },
  'value-too-large': { anchor: 'a-value-too-large-for-secrets-manager' },
  'source-given-twice': { anchor: 'a-source-given-twice' },
  'secrets-input-unusable': { anchor: 'the-secrets-input-is-unusable' },
  // Inputs and catalogue
  'input-wrong': { anchor: 'an-input-is-wrong' },
  'retry-input-wrong': { anchor: 'a-retry-or-time-out-input-is-wrong' },
  'tags-input-wrong': { anchor: 'the-tags-input-is-wrong' },
  'probe-input-wrong': { anchor: 'a-probe-input-is-wrong' },
  'environment-not-in-catalogue': { anchor: 'an-environment-not-in-the-catalogue' },
  'target-not-in-catalogue': { anchor: 'a-target-not-in-the-catalogue' },
  'name-too-long': { anchor: 'a-secret-name-too-long' },
  'consumers-wrong': { anchor: 'the-consumers-setting-is-wrong' },
  'consumer-unknown-target': { anchor: 'a-consumer-of-a-secret-not-in-the-catalogue' },
  'file-input-unusable': { anchor: 'a-file-input-that-is-not-a-regular-file-or-too-large' },
  'catalogue-invalid': { anchor: 'the-catalogue-file-is-not-valid' },
  // The environments file
  'environments-invalid': { anchor: 'the-environments-file-is-not-valid', title: PIN },
  'environments-unreadable': { anchor: 'the-environments-file-cannot-be-read', title: PIN },
  'environment-not-pinned': { anchor: 'an-environment-not-in-the-environments-file', title: PIN },
  'set-up-not-finished': { anchor: 'set-up-not-finished', title: 'Set-up not finished' },
  'account-not-pinned': {
    anchor: 'the-credentials-are-not-in-the-pinned-account',
    title: ACCOUNT
  },
  'region-differs-from-pin': { anchor: 'a-region-that-differs-from-the-pin', title: PIN },
  'account-differs-from-pin': {
    anchor: 'an-account-to-confirm-that-differs-from-the-pin',
    title: PIN
  },
  // AWS access
  'other-account': { anchor: 'the-credentials-are-another-accounts', title: ACCOUNT },
  'no-oidc-token': { anchor: 'no-oidc-token-for-the-job', title: NO_CREDENTIALS },
  'no-credentials': { anchor: 'no-aws-credentials', title: NO_CREDENTIALS },
  'cli-no-credentials': { anchor: 'the-cli-has-no-credentials', title: NO_CREDENTIALS },
  'aws-denied': { anchor: 'aws-denied-an-action', title: DENIED },
  'cannot-decrypt': { anchor: 'a-secret-that-cannot-be-decrypted', title: DENIED },
  kms: { anchor: 'a-kms-key-problem', title: KMS },
  'aws-error': { anchor: 'another-aws-error', title: AWS_ERROR },
  throttling: { anchor: 'throttling-or-no-answer', title: 'AWS throttling' },
  'no-answer': { anchor: 'throttling-or-no-answer', title: UNREACHABLE },
  // What is in Secrets Manager
  'scheduled-for-deletion': { anchor: 'a-secret-scheduled-for-deletion' },
  'written-for-other-environment': { anchor: 'a-secret-written-for-the-other-environment' },
  'other-tool': { anchor: 'a-secret-managed-by-another-tool' },
  'tagged-for-other-environment': { anchor: 'a-secret-tagged-for-another-environment' },
  'made-outside-unconfirmed': {
    anchor: 'a-secret-made-outside-this-tool-account-not-confirmed',
    title: ACCOUNT
  },
  'made-outside-refused-value': {
    anchor: 'a-secret-made-outside-this-tool-holding-a-value-this-environment-refuses'
  },
  'field-twice': { anchor: 'a-secret-holding-our-field-twice' },
  'cdk-stack-tags': { anchor: 'a-secret-still-carrying-the-cdk-stacks-tags' },
  'rollback-not-ours': { anchor: 'a-rollback-of-a-secret-this-tool-did-not-write' },
  'rotation-on': { anchor: 'a-secret-with-rotation-turned-on' },
  'not-a-json-object': { anchor: 'a-secret-that-is-not-a-json-object' },
  'no-current-value': { anchor: 'a-secret-with-no-current-value' },
  'too-large-with-other-fields': { anchor: 'a-secret-too-large-with-its-other-fields' },
  'current-value-unreadable': { anchor: 'a-current-value-that-could-not-be-read' },
  // Audit findings
  'audit-missing': { anchor: 'audit-a-secret-missing-from-secrets-manager', title: AUDIT },
  'audit-deleted': { anchor: 'audit-a-secret-scheduled-for-deletion', title: AUDIT },
  'audit-rotation-on': { anchor: 'audit-rotation-turned-on', title: AUDIT },
  'audit-not-tagged': { anchor: 'audit-a-secret-not-tagged-as-this-tools', title: AUDIT },
  'audit-other-manager': { anchor: 'audit-a-secret-managed-by-another-tool', title: AUDIT },
  'audit-other-environment': {
    anchor: 'audit-a-secret-tagged-for-another-environment',
    title: AUDIT
  },
  'audit-no-current-version': { anchor: 'audit-no-current-version', title: AUDIT },
  'audit-version-not-recorded': { anchor: 'audit-version-not-recorded', title: AUDIT },
  'audit-changed-outside': { anchor: 'audit-changed-outside-this-tool', title: AUDIT },
  'audit-failed': { anchor: 'audit-secrets-not-as-this-tool-left-them', title: AUDIT },
  // Stripe and Slack probes
  'stripe-key-expired': { anchor: 'a-stripe-key-stripe-reports-as-expired' },
  'stripe-key-unknown': { anchor: 'a-stripe-key-stripe-does-not-know' },
  'stripe-key-restricted': { anchor: 'a-restricted-stripe-key-that-may-not-read-its-account' },
  'stripe-other-account': { anchor: 'a-stripe-key-of-another-account' },
  'slack-hook-dead': { anchor: 'a-slack-webhook-slack-reports-as-dead' },
  'slack-hook-may-not-post': { anchor: 'a-slack-webhook-that-may-not-post' },
  'slack-other-workspace': {
    anchor: 'a-slack-webhook-of-another-workspace-than-the-pinned-one'
  },
  'slack-workspaces-differ': { anchor: 'two-slack-webhooks-of-different-workspaces' },
  'probe-failed': { anchor: 'a-value-that-could-not-be-probed' },
  'signing-secret-unchecked': { anchor: 'a-webhook-signing-secret-that-could-not-be-checked' },
  'no-webhook-endpoint': { anchor: 'no-enabled-stripe-webhook-endpoint' },
  'deliveries-failed': { anchor: 'stripe-deliveries-failed-since-a-new-signing-secret' },
  'deliveries-unchecked': { anchor: 'failed-deliveries-that-could-not-be-audited' },
  'probe-override-not-loopback': {
    anchor: 'a-probe-override-that-is-not-a-loopback-address'
  },
  'rotation-in-progress': { anchor: 'rotation-in-progress' },
  'rotation-overdue': { anchor: 'rotation-overdue' },
  'rotation-complete': { anchor: 'rotation-complete' },
  'rotation-not-checked': { anchor: 'rotation-not-checked' },
  'rotation-unreadable': { anchor: 'rotation-not-checked-a-role-that-may-not-read-values' },
  'rollback-probe-failed': { anchor: 'a-rollback-refused-by-a-failed-probe' },
  'rollback-forced': { anchor: 'a-forced-rollback' },
  // Stale values
  'edited-after-sync': { anchor: 'a-github-secret-edited-after-the-last-sync', title: AUDIT },
  'older-than-policy': { anchor: 'a-value-older-than-its-policy', title: AUDIT },
  'github-secret-not-in-catalogue': {
    anchor: 'a-github-secret-the-catalogue-does-not-name'
  },
  'catalogue-secret-not-on-github': { anchor: 'a-catalogue-secret-missing-on-github' },
  'github-edits-not-checked': { anchor: 'github-edits-not-checked' },
  // Results
  'sync-paused': { anchor: 'syncs-are-paused' },
  'alert-issue-open': { anchor: 'the-alert-issue-names-a-failing-mode' },
  drift: { anchor: 'drift', title: DRIFT },
  stopped: { anchor: 'stopped-before-any-write' },
  'writes-failed': { anchor: 'some-writes-failed' },
  'tags-not-refreshed': { anchor: 'tags-not-refreshed' },
  'adopted-untagged': { anchor: 'a-secret-adopted-but-not-tagged' },
  adopted: { anchor: 'a-secret-made-outside-this-tool-now-adopted' },
  'consumer-rejected': { anchor: 'a-consumer-lambda-whose-variables-lambda-rejected' },
  'consumer-not-refreshed': { anchor: 'a-consumer-lambda-not-refreshed' },
  'consumer-denied': { anchor: 'a-consumer-lambda-the-deploy-role-may-not-update' },
  'consumer-snapstart': { anchor: 'a-consumer-lambda-with-snapstart-on' },
  'function-not-found': { anchor: 'a-consumer-lambda-that-does-not-exist', title: AWS_ERROR },
  'function-conflict': { anchor: 'a-consumer-lambda-that-kept-changing', title: AWS_ERROR },
  'secret-gone': { anchor: 'the-secret-no-longer-exists', title: AWS_ERROR },
  race: { anchor: 'a-race-between-two-runs', title: AWS_ERROR },
  'created-while-writing': { anchor: 'a-secret-created-while-this-run-was-writing' },
  'differs-from-github': { anchor: 'a-secret-that-differs-from-github', title: DRIFT },
  'unexpected-failure': { anchor: 'unexpected-failure' },
  // From a laptop (CLI), and rollback
  'sources-file-not-found': { anchor: 'secretsjson-not-found' },
  'reveal-in-ci': { anchor: 'show---reveal-in-ci' },
  'reveal-not-a-terminal': { anchor: 'show---reveal-into-a-pipe-or-a-file' },
  'update-stripe-no-value': { anchor: 'update-stripe-without-a-value' },
  'unknown-command': { anchor: 'an-unknown-command-on-the-command-line' },
  'unknown-option': { anchor: 'an-unknown-option-on-the-command-line' },
  'command-line-wrong': { anchor: 'a-command-called-the-wrong-way' },
  'no-terminal-to-confirm': { anchor: 'show---reveal-with-no-terminal-to-confirm-on' },
  'update-stripe-no-entry': { anchor: 'update-stripe-with-no-stripe-entry-in-the-catalogue' },
  'unknown-environment-option': { anchor: 'an-unknown-environment-on-the-command-line' },
  'probe-options-contradict': { anchor: 'the-no-probe-and-require-probe-options-together' },
  'repository-not-owner-name': { anchor: 'a-repository-that-is-not-ownername' },
  'rollback-without-targets': { anchor: 'a-rollback-without-targets' },
  'rollback-version-for-one': { anchor: 'a-version-to-roll-back-to-for-several-secrets' },
  'rollback-nothing-there': { anchor: 'a-rollback-of-a-secret-that-does-not-exist' },
  'nothing-to-roll-back-to': { anchor: 'nothing-to-roll-back-to' },
  'unknown-version': { anchor: 'an-unknown-version-to-roll-back-to' },
  'already-rolled-back': { anchor: 'a-secret-already-rolled-back' },
  'rolled-back': { anchor: 'rolled-back-now-fix-the-source' },
  'rolled-back-unrecorded': { anchor: 'a-rollback-whose-version-was-not-recorded' }
} as const satisfies Record<string, CodeEntry>

export type ProblemCode = keyof typeof CODES

/**
 * The entry of `code`; undefined only for a problem made without one, which the types forbid
 * (a defence for the bundle: such a problem is printed without its link rather than crash).
 */
export const codeEntry = (code: ProblemCode): CodeEntry | undefined =>
  (CODES as Partial<Record<string, CodeEntry>>)[code]
