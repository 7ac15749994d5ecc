/**
 * Pacing writes at Secrets Manager's request quotas once AWS has said we are too fast.
 *
 * Secrets Manager allows 50 requests a second for each write group (PutSecretValue and
 * UpdateSecretVersionStage share one; TagResource has its own; CreateSecret is paced alike). A
 * large sync with 16 calls in flight can go past that. The SDK's `adaptive` retry mode answers
 * every throttled call by cutting its sending rate to 0.7×, and with several throttled at once
 * the cuts compound: the benchmark measured about 30 writes a second against the 50 allowed
 * (docs/benchmarks.md). Instead, after the first ThrottlingException of a group, every later attempt
 * of that group waits for its slot at the group's quota; `standard` retries resend what was
 * throttled. Until AWS throttles, nothing is slowed down.
 */

/** Calls per second AWS allows for each write group (AWS Secrets Manager quotas page). */
export const WRITE_QUOTA_PER_SECOND = 50

const GROUP: Readonly<Record<string, string>> = {
  CreateSecretCommand: 'create',
  PutSecretValueCommand: 'version',
  UpdateSecretVersionStageCommand: 'version',
  TagResourceCommand: 'tag'
}

/** Hands out start times spaced 1/perSecond apart; waits until each caller's turn. */
export function pacer(perSecond: number, now: () => number = () => performance.now()) {
  let next = 0
  return async (): Promise<void> => {
    const t = now()
    const at = Math.max(t, next)
    next = at + 1000 / perSecond
    if (at > t) await new Promise((ok) => setTimeout(ok, at - t))
  }
}

type Handler = (args: unknown) => Promise<unknown>

/** A client middleware (step finalizeRequest, inside the retry loop: every attempt passes). */
export function quotaMiddleware(perSecond = WRITE_QUOTA_PER_SECOND) {
  const pacers = new Map<string, () => Promise<void>>()
  return (next: Handler, context: { commandName?: string }): Handler =>
    async (args) => {
      const group = GROUP[context.commandName ?? '']
      const pace = group ? pacers.get(group) : undefined
      if (pace) await pace()
      try {
        return await next(args)
      } catch (error) {
        if (group && !pacers.has(group) && (error as Error)?.name === 'ThrottlingException')
          pacers.set(group, pacer(perSecond))
        throw error
      }
    }
}
