/**
 * What a failed AWS call means to a user: the SDK's error, classified by its code into a
 * StoreErrorKind, becomes a StoreError whose message names the action and the secret and says
 * what to do. Quotes AWS's own words, never a client-side error's (it may carry a payload), and
 * never Lambda's: its answer to an environment over 4 KB quotes every variable, values included.
 */
import { StoreError, type StoreErrorKind } from '../engine/model/ports/store-error.js'

const KIND_BY_CODE: Readonly<Record<string, StoreErrorKind>> = {
  AccessDeniedException: 'access-denied',
  AccessDenied: 'access-denied',
  UnauthorizedOperation: 'access-denied',
  UnrecognizedClientException: 'credentials',
  InvalidClientTokenId: 'credentials',
  ExpiredToken: 'credentials',
  ExpiredTokenException: 'credentials',
  InvalidSignatureException: 'credentials',
  SignatureDoesNotMatch: 'credentials',
  CredentialsProviderError: 'credentials',
  ResourceNotFoundException: 'not-found',
  ResourceExistsException: 'already-exists',
  ThrottlingException: 'throttling',
  TooManyRequestsException: 'throttling',
  InvalidRequestException: 'invalid',
  InvalidParameterException: 'invalid',
  ValidationException: 'invalid',
  LimitExceededException: 'invalid',
  EncryptionFailure: 'kms',
  DecryptionFailure: 'kms',
  // Lambda (the consumer refresh): a stale RevisionId, or another update in progress.
  PreconditionFailedException: 'conflict',
  ResourceConflictException: 'conflict',
  InvalidParameterValueException: 'invalid',
  KMSAccessDeniedException: 'kms',
  KMSDisabledException: 'kms',
  KMSInvalidStateException: 'kms',
  KMSNotFoundException: 'kms',
  TimeoutError: 'network',
  RequestTimeout: 'network'
}

const NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN'
])

/** The sentence a StoreError starts with: what failed, on which secret, and what to do. */
function describeFailure(
  kind: StoreErrorKind,
  action: string,
  secretId: string | undefined,
  unreachable?: string
): string {
  const on = secretId && kind !== 'credentials' ? ` on ${secretId}` : ''
  if (unreachable) return `${action}${on} could not connect to ${unreachable} after every retry.`
  const lambda = action.startsWith('lambda:')
  switch (kind) {
    case 'access-denied':
      return `AWS denied ${action}${on}.`
    case 'credentials':
      return `AWS rejected or could not find credentials for ${action}.`
    case 'throttling':
      return `AWS kept throttling ${action}${on} after every retry; rerun later.`
    case 'network':
      return `${action}${on} did not get an answer from AWS (network error or time-out) after every retry; rerun.`
    case 'not-found':
      return lambda
        ? `${action}${on}: the function does not exist.`
        : `${action}${on}: the secret does not exist.`
    case 'kms':
      return lambda
        ? `${action}${on} failed: Lambda could not use the KMS key.`
        : `${action}${on} failed: Secrets Manager could not use the KMS key.`
    case 'conflict':
      return `${action}${on} failed: the function changed, or was being updated, at the same time.`
    case 'already-exists':
      return `${action}${on}: the secret or this version already exists (another run may have written it); rerun.`
    default:
      return `${action}${on} failed.`
  }
}

/**
 * The endpoint a connection could not be made to, from Node's own error fields (never from a
 * message): "127.0.0.1:4566 (connection refused)", "example.invalid (host not found)".
 */
function unreachable(e: { code?: string; address?: string; port?: number; hostname?: string }) {
  const host = (text: string | undefined) =>
    text !== undefined && /^[A-Za-z0-9.:[\]-]{1,255}$/.test(text) ? text : undefined
  if (e.code === 'ECONNREFUSED' && host(e.address)) {
    const address = e.address?.includes(':') ? `[${e.address}]` : e.address
    const port = Number.isInteger(e.port) ? `:${e.port}` : ''
    return `${address}${port} (connection refused)`
  }
  if ((e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN') && host(e.hostname))
    return `${host(e.hostname)} (host not found)`
  return undefined
}

/** "…is not authorized to perform: kms:GenerateDataKey on resource…" names the action really denied. */
const DENIED_ACTION = /not authorized to perform: ([a-z0-9-]+:[A-Za-z0-9]+)/

/** Turns whatever the SDK threw into a StoreError that names the action and the secret. */
export function toStoreError(error: unknown, action: string, secretId?: string): StoreError {
  if (error instanceof StoreError) return error
  const e = (error ?? {}) as {
    name?: string
    code?: string
    message?: string
    address?: string
    port?: number
    hostname?: string
    $metadata?: { httpStatusCode?: number }
  }
  // An error from another realm (a test runner's VM context) reaches us as the SDK's text wrapper.
  const wrapped = /^AWS SDK error wrapper for (\w+): /.exec(e.message ?? '')?.[1]
  const code = wrapped ?? (e.name && e.name !== 'Error' ? e.name : (e.code ?? 'Error'))
  let kind: StoreErrorKind = KIND_BY_CODE[code] ?? 'other'
  if (kind === 'other' && (NETWORK_CODES.has(e.code ?? '') || NETWORK_CODES.has(code)))
    kind = 'network'
  if (kind === 'other' && /could not load credentials/i.test(e.message ?? '')) kind = 'credentials'
  const said = (e.message ?? '').trim()
  const denied = kind === 'access-denied' ? DENIED_ACTION.exec(said)?.[1] : undefined
  // Only the service's own words are quoted: a client-side error (a response that would not
  // parse, say) may carry a piece of the payload.
  const fromService =
    e.$metadata?.httpStatusCode !== undefined &&
    code !== 'SyntaxError' &&
    /^[A-Z]\w+$/.test(code) &&
    !action.startsWith('lambda:')
  const aws =
    said && fromService && kind !== 'credentials'
      ? ` AWS said: ${said}${/[.!?]$/.test(said) ? '' : '.'}`
      : ''
  const failing = denied ?? action
  return new StoreError(
    kind,
    failing,
    secretId,
    code,
    `${describeFailure(kind, failing, secretId, kind === 'network' ? unreachable(e) : undefined)}${aws}`
  )
}
