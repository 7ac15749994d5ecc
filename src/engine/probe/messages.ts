/**
 * Every sentence a probe can say: fixed, completed only with the source's name (in front), an
 * environment's name, an `acct_…` id, a mode or a date. Never a value, never a piece of one, never
 * a provider's text. docs/troubleshooting.md has a heading for each (see ./help.ts).
 */
import type {
  InconclusiveReason,
  SlackBlockedCode,
  SlackDeadCode,
  StripeDeadCode,
  StripeMode
} from './port.js'

const WHY: Record<InconclusiveReason, string> = {
  'rate-limited': 'the provider answered "too many requests" (429) on every try',
  'server-error': 'the provider answered with a server error (5xx) on every try',
  timeout: 'the provider did not answer within the time limit',
  network: 'the connection failed or was dropped',
  'unexpected-answer': 'the provider gave an answer the probe does not know',
  'not-probed': 'it is not a value the probe may be sent for'
}

const AT = { Stripe: 'could not be probed at Stripe:', Slack: 'could not be probed at Slack:' }

export const inconclusive = (provider: 'Stripe' | 'Slack', reason: InconclusiveReason): string =>
  `${AT[provider]} ${WHY[reason]}. Its liveness is unknown.`

export const STRIPE_DEAD: Record<StripeDeadCode, string> = {
  api_key_expired:
    'is a Stripe key that Stripe reports as expired (api_key_expired): it was rolled or has expired. Paste the key the Stripe dashboard shows now.',
  invalid_api_key:
    'is a Stripe key that Stripe does not know (401): mistyped, cut short, deleted, or from another account. Copy it again from the Stripe dashboard.'
}

export const STRIPE_RESTRICTED =
  'is a restricted Stripe key that may not read its own account (403): it works, but the account it belongs to cannot be checked. Give the key Read access to "Account" in the Stripe dashboard (Developers → API keys).'

export const wrongStripeAccount = (account: string, environment: string, pinned: string): string =>
  `is a key of Stripe account ${account}, and environment ${environment} is pinned to ${pinned} (stripeAccount in the environments file): it is another account's key.`

const SLACK_DEAD_WHY: Record<SlackDeadCode, string> = {
  no_service: 'the webhook was removed or its URL is wrong',
  no_service_id: 'the webhook URL is incomplete',
  no_active_hooks: 'the Slack app has no active incoming webhook',
  channel_not_found: 'its channel no longer exists',
  invalid_token: 'the webhook URL is wrong or was revoked',
  channel_is_archived: 'its channel was archived',
  no_team: 'its Slack workspace no longer exists',
  team_disabled: 'its Slack workspace was disabled'
}

export const slackDead = (code: SlackDeadCode): string =>
  `is a Slack webhook that Slack reports as dead (${code}): ${SLACK_DEAD_WHY[code]}. Create a new incoming webhook and paste its URL.`

export const slackBlocked = (code: SlackBlockedCode): string =>
  `is a Slack webhook that works but may not post (${code}): a workspace restriction blocks it. Ask a Slack admin, or pick another channel.`

export const OTHER_WORKSPACE =
  'is a webhook of another Slack workspace than the one this environment is pinned to (slackWorkspace in the environments file).'

export const workspacesDiffer = (other: string): string =>
  `is a webhook of another Slack workspace than ${other}: both hooks of an environment must belong to one workspace.`

export const NO_KEY_FOR_WEBHOOK =
  'could not be checked at Stripe: this environment has no Stripe key to ask with.'

export const KEY_NOT_ALIVE_FOR_WEBHOOK =
  "could not be checked at Stripe: this environment's Stripe key does not work."

export const noEnabledEndpoint = (mode: StripeMode): string =>
  `is a webhook signing secret, but the Stripe account has no enabled webhook endpoint in ${mode} mode: no endpoint can be using it.`

export const ENDPOINTS_RESTRICTED =
  'could not be checked at Stripe: the restricted key may not list webhook endpoints. Give the key Read access to "Webhook Endpoints".'

export const failedDeliveries = (count: string, since: string): string =>
  `was written on ${since}, and Stripe reports ${count} event deliveries that failed since: check that the endpoint uses the new signing secret.`

export const EVENTS_RESTRICTED =
  'could not be audited at Stripe: the restricted key may not read events. Give the key Read access to "Events".'

export const rollbackRefused = (name: string, version: string): string =>
  `${name} was not rolled back: version ${version}, the one it would make current, failed its probe (said above). Roll back to another version, or force it (action input force-rollback: true, CLI --force).`

export const rollbackForced = (name: string, version: string): string =>
  `${name} was rolled back to version ${version} though the probe found it not working: the rollback was forced.`

export const ROTATION_UNREADABLE =
  "Rotation not checked: this audit's role may not read the secrets' values (secretsmanager:GetSecretValue), so the previous Stripe key could not be probed. Give the scheduled check a role that may read them (the template's probe role), or run the CLI's probe command."
