/**
 * Whose credentials: asked of STS once, before anything is read, and checked against the account
 * the environment lives in. Both fronts go through here (the action when expected-account-id is
 * set, the CLI for every command).
 */
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

/** Asks whose credentials these are; `confirmed` when they are in the expected account. */
export async function checkAccount(
  store: Pick<SecretStore, 'callerIdentity'>,
  expectedAccountId: string | undefined,
  environment: string
): Promise<AccountCheck> {
  let identity: CallerIdentity
  try {
    identity = await store.callerIdentity()
  } catch (error) {
    const problems = storeProblems(error)
    if (!problems) throw error
    return { ok: false, problems }
  }
  const wrong = accountProblem(identity, expectedAccountId, environment)
  return wrong
    ? { ok: false, problems: [wrong], identity }
    : { ok: true, identity, confirmed: expectedAccountId !== undefined }
}
