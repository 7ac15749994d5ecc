/**
 * The SDK clients AwsStore talks through, and the settings they get. Endpoint, credentials and
 * region come from the SDK's standard configuration (AWS_ENDPOINT_URL_SECRETS_MANAGER /
 * AWS_ENDPOINT_URL, the credential chain), so the same code runs against AWS, LocalStack or the
 * test stand-in.
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { STSClient } from '@aws-sdk/client-sts'
import { quotaMiddleware } from './quota.js'

export interface AwsStoreOptions {
  region: string
  /** Total attempts per call, first try included. */
  maxAttempts?: number
  /** Time to open a TCP connection (DNS included); each of the endpoint's addresses gets a fifth. */
  connectionTimeoutMs?: number
  /** Time for a whole request and its answer; a write cut short is retried with the same token. */
  requestTimeoutMs?: number
  userAgent?: string
  /** A named profile of ~/.aws/config (the CLI's --profile); else the standard chain. */
  profile?: string
  /** Overrides the SDK's endpoint settings (tests run several stand-ins in one process). */
  endpoint?: string
}

/**
 * Why these numbers (docs/reference.md "Time-outs and retries"): a Secrets Manager call answers in well
 * under a second, even from a runner on the far side of the world (a TCP handshake there takes
 * about 0.3 s). The time-outs users of aws-actions/aws-secretsmanager-get-secrets hit from far
 * regions (its issue #170) came from Node's 250 ms per-address connection attempt ("Happy
 * Eyeballs"), which AWS fixed by giving each address 1 s (PR #205), then made an input (PR #228):
 * here each address gets a fifth of the connection time-out, 1 s by default. Five attempts (the
 * SDK's default is three) ride out a burst of throttling; once AWS throttles writes, they are
 * paced at the write quota (quota.ts: why not the SDK's adaptive mode); 20 s per request only
 * fires on a connection that hangs. At most `concurrency` calls are in flight at once.
 */
export const STORE_DEFAULTS = {
  maxAttempts: 5,
  connectionTimeoutMs: 5_000,
  requestTimeoutMs: 20_000,
  concurrency: 16
} as const

/** Node gives each address of a host this long before trying the next one (its default: 250 ms). */
export const addressAttemptMs = (connectionTimeoutMs: number): number =>
  Math.max(250, Math.floor(connectionTimeoutMs / 5))

/** The settings every client gets: region, retries, time-outs, user agent, endpoint, profile. */
export function clientConfig(options: AwsStoreOptions) {
  const o = { ...STORE_DEFAULTS, ...options }
  // Agent options reach net.connect: the per-address attempt, for http (tests) and https (AWS).
  const agent = { autoSelectFamilyAttemptTimeout: addressAttemptMs(o.connectionTimeoutMs) }
  return {
    region: o.region,
    maxAttempts: o.maxAttempts,
    // Not 'adaptive': quota.ts paces throttled writes instead.
    retryMode: 'standard',
    // Without throwOnRequestTimeout the SDK only logs a warning when requestTimeout passes.
    requestHandler: {
      connectionTimeout: o.connectionTimeoutMs,
      requestTimeout: o.requestTimeoutMs,
      throwOnRequestTimeout: true,
      httpAgent: agent,
      httpsAgent: agent
    },
    ...(o.userAgent ? { customUserAgent: o.userAgent } : {}),
    ...(o.endpoint ? { endpoint: o.endpoint } : {}),
    ...(o.profile ? { profile: o.profile } : {})
  }
}

/** A Secrets Manager client (writes paced by quota.ts once throttled) and an STS client. */
export function createClients(options: AwsStoreOptions): {
  sm: SecretsManagerClient
  sts: STSClient
} {
  const common = clientConfig(options)
  const sm = new SecretsManagerClient(common)
  sm.middlewareStack.add(quotaMiddleware() as never, {
    step: 'finalizeRequest',
    priority: 'low',
    name: 'impressionnistesWriteQuota'
  })
  return { sm, sts: new STSClient(common) }
}
