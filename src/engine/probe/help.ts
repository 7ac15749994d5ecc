/**
 * Where the fix for each probe message is explained: [heading's anchor in
 * docs/troubleshooting.md, what the message says]. Part of ../report/help.ts's HELP;
 * test/unit/probe-troubleshooting.test.ts checks each sentence the code says has its heading.
 */
export const PROBE_HELP: readonly (readonly [string, RegExp])[] = [
  ['a-stripe-key-stripe-reports-as-expired', /Stripe reports as expired \(api_key_expired\)/],
  ['a-stripe-key-stripe-does-not-know', /is a Stripe key that Stripe does not know \(401\)/],
  ['a-restricted-stripe-key-that-may-not-read-its-account', /may not read its own account \(403\)/],
  [
    'a-stripe-key-of-another-account',
    /is a key of Stripe account .*, and environment .* is pinned/
  ],
  ['a-slack-webhook-slack-reports-as-dead', /is a Slack webhook that Slack reports as dead \(/],
  ['a-slack-webhook-that-may-not-post', /is a Slack webhook that works but may not post \(/],
  [
    'a-slack-webhook-of-another-workspace-than-the-pinned-one',
    /another Slack workspace than the one this environment is pinned to/
  ],
  ['two-slack-webhooks-of-different-workspaces', /both hooks of an environment must belong to/],
  ['a-value-that-could-not-be-probed', /could not be probed at (Stripe|Slack): /],
  [
    'a-webhook-signing-secret-that-could-not-be-checked',
    /could not be checked at Stripe: (this environment|the restricted key)/
  ],
  ['no-enabled-stripe-webhook-endpoint', /has no enabled webhook endpoint in .* mode/],
  ['stripe-deliveries-failed-since-a-new-signing-secret', /event deliveries that failed since/],
  ['failed-deliveries-that-could-not-be-audited', /could not be audited at Stripe: /],
  [
    'a-probe-override-that-is-not-a-loopback-address',
    /^(STRIPE_API_BASE|SLACK_HOOKS_BASE) may only point at a loopback address/
  ],
  ['rotation-in-progress', /: rotation in progress, the previous key still works/],
  ['rotation-overdue', /: rotation overdue, the previous key still works after/],
  ['rotation-complete', /: rotation complete, the previous key no longer works/],
  ['rotation-not-checked', /: rotation not checked, Stripe could not be asked/],
  [
    'rotation-not-checked-a-role-that-may-not-read-values',
    /^Rotation not checked: this audit's role may not read/
  ],
  [
    'a-rollback-refused-by-a-failed-probe',
    /was not rolled back: version .*, the one it would make current, failed its probe/
  ],
  ['a-forced-rollback', /though the probe found it not working: the rollback was forced/],
  ['a-probe-input-is-wrong', /^Input "(probe|force-rollback|rotation-overlap-days)"/],
  ['the-no-probe-and-require-probe-options-together', /^--no-probe and --require-probe contradict/]
]
