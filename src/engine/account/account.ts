/**
 * Whose credentials: asked of STS once, before anything is read, and checked against the account
 * the environment lives in: its pin (checkPin), for every run of both fronts; checkAccount is the
 * engine's check for a request that carries no pin (in-process callers and tests).
 */
import { pinProblems, setUpUnfinished, type Labels, type Seen } from '../environments/pin.js'
import type { Pin } from '../environments/schema.js'
import type { CallerIdentity, SecretStore } from '../model/ports/secret-store.js'
import { storeProblems, type Problem } from '../model/problem.js'

export type AccountCheck =
  | { ok: true; identity: CallerIdentity; confirmed: boolean }
  | { ok: false; problems: Problem[]; identity?: CallerIdentity }

/** Credentials checked and found fit: in the expected account (`confirmed`), or none expected. */
export type ConfirmedAccount = Extract<AccountCheck, { ok: true }>

/** The credentials are another account's than the one expected: stop before any read. */
export function accountProblem(
  identity: CallerIdentity,
  expectedAccountId: string | undefined,
  environment: string
): Problem | undefined {
  if (!expectedAccountId || identity.account === expectedAccountId) return undefined
  return {
    code: 'other-account',
    message:
      `The AWS credentials belong to account ${identity.account} (${identity.arn}), but ` +
      `expected-account-id is ${expectedAccountId}. Nothing was read or written. ` +
      `Check the role or AWS profile used for the "${environment}" environment.`
  }
}

/** One STS call: whose credentials, or why AWS would not say (a store failure's problems). */
async function ask(
  store: Pick<SecretStore, 'callerIdentity'>
): Promise<CallerIdentity | { ok: false; problems: Problem[] }> {
  try {
    return await store.callerIdentity()
  } catch (error) {
    const problems = storeProblems(error)
    if (!problems) throw error
    return { ok: false, problems }
  }
}

/** Asks whose credentials these are; `confirmed` when they are in the expected account. */
export async function checkAccount(
  store: Pick<SecretStore, 'callerIdentity'>,
  expectedAccountId: string | undefined,
  environment: string
): Promise<AccountCheck> {
  const asked = await ask(store)
  if (!('account' in asked)) return asked
  const identity = asked
  const wrong = accountProblem(identity, expectedAccountId, environment)
  return wrong
    ? { ok: false, problems: [wrong], identity }
    : { ok: true, identity, confirmed: expectedAccountId !== undefined }
}

/**
 * Whose credentials, against the environment's pin: one STS call, then every way the run
 * disagrees with the file (set-up not finished, another account, an explicit region or account
 * to confirm that differs). `confirmed`, as without a pin, when an account to confirm was given
 * (and agreed): adopting a secret made by hand still asks for it.
 */
export async function checkPin(
  store: Pick<SecretStore, 'callerIdentity'>,
  pin: Pin,
  explicit: Omit<Seen, 'credentialsAccount'> = {},
  labels?: Labels
): Promise<AccountCheck> {
  // A placeholder account cannot be checked: say so before asking anything of AWS.
  const unfinished = setUpUnfinished(pin)
  if (unfinished) return { ok: false, problems: [unfinished] }
  const asked = await ask(store)
  if (!('account' in asked)) return asked
  const identity = asked
  const problems = pinProblems(pin, { ...explicit, credentialsAccount: identity.account }, labels)
  return problems.length
    ? { ok: false, problems, identity }
    : { ok: true, identity, confirmed: explicit.expectedAccountId !== undefined }
}
