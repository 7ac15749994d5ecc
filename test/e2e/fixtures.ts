/** Source values shaped like the real ones, each carrying the canary "CANARY" so leaks are easy to find. */
export const CANARY = 'CANARY'

export const SOURCES = {
  STRIPE_SECRET_KEY_DEV: 'sk_test_CANARYdevApiKey0001',
  STRIPE_SECRET_KEY_PROD: 'sk_live_CANARYprodApiKey001',
  STRIPE_WEBHOOK_SECRET_DEV: 'whsec_CANARYdevWebhook01',
  STRIPE_WEBHOOK_SECRET_PROD: 'whsec_CANARYprodWebhook1',
  SLACK_WEBHOOK_ADMIN: 'https://hooks.slack.com/services/T0CANARY/B0CANARY/adminCANARY01',
  SLACK_WEBHOOK_DEVOPS: 'https://hooks.slack.com/services/T0CANARY/B0CANARY/devopsCANARY1',
  github_token: 'ghs_CANARYunrelatedToken0001'
}

export const NAMES = {
  api: 'impressionnistes/stripe/api_key',
  webhook: 'impressionnistes/stripe/webhook_secret',
  admin: 'impressionnistes/slack/admin_webhook',
  devops: 'impressionnistes/slack/devops_webhook'
}
export const ALL = Object.values(NAMES).sort()

/** As `${{ toJSON(secrets) }}` renders it: pretty-printed, two-space indent. */
export const secretsInput = (over: Record<string, unknown> = {}) =>
  JSON.stringify({ ...SOURCES, ...over }, null, 2)

/** Today's secrets.json (the CLI's --file): the six lower-case keys, the same canary values. */
export const SECRETS_FILE = {
  slack_webhook_admin: SOURCES.SLACK_WEBHOOK_ADMIN,
  slack_webhook_devops: SOURCES.SLACK_WEBHOOK_DEVOPS,
  stripe_secret_key_dev: SOURCES.STRIPE_SECRET_KEY_DEV,
  stripe_secret_key_prod: SOURCES.STRIPE_SECRET_KEY_PROD,
  stripe_webhook_secret_dev: SOURCES.STRIPE_WEBHOOK_SECRET_DEV,
  stripe_webhook_secret_prod: SOURCES.STRIPE_WEBHOOK_SECRET_PROD
}
