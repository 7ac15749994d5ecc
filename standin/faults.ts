// Injected faults and the write-rate quota.

export type FaultKind =
  'throttle' | 'internal' | 'unavailable' | 'drop' | 'slow' | 'accessDenied' | 'echoValue'

export interface Fault {
  /** e.g. 'PutSecretValue' or 'sts:GetCallerIdentity'; undefined = any operation */
  operation?: string
  /** 1-based: fire on the nth matching call, counted from when the fault was added; default 1 */
  nth?: number
  /** how many consecutive matching calls fail from the nth on; default 1 */
  times?: number
  /**
   * throttle → 400 ThrottlingException "Rate exceeded"; internal → 500 InternalServiceError;
   * unavailable → 503 ServiceUnavailable; drop → the socket is destroyed without an answer;
   * slow → wait slowMs (default 10000) then answer normally; accessDenied → 400
   * AccessDeniedException "User: … is not authorized to perform: secretsmanager:<Op> on
   * resource: <secret> because no identity-based policy allows the secretsmanager:<Op> action";
   * echoValue → 400 InvalidParameterException whose message quotes a piece of the request's
   * SecretString (echo.from, echo.length; default: 24 characters from a third of the way in), as
   * a parser's error about a cut-short document would: what no whole-value redaction can find
   */
  kind: FaultKind
  slowMs?: number
  /** For echoValue: which piece of the SecretString the message quotes. */
  echo?: { from?: number; length?: number }
  /**
   * For writes: true (default) = the fault answers instead of performing the operation;
   * false = perform the write, then answer with the fault (a lost response).
   */
  applyBeforeEffect?: boolean
}

interface ScheduledFault {
  fault: Fault
  /** matching calls seen since the fault was added */
  seen: number
}

/** The faults added so far, each counting the calls it matches. */
export class FaultSchedule {
  private scheduled: ScheduledFault[] = []

  add(fault: Fault): void {
    this.scheduled.push({ fault: { ...fault }, seen: 0 })
  }

  clear(): void {
    this.scheduled = []
  }

  /** Counts this call against every matching fault; returns the first one that fires on it. */
  next(operation: string): Fault | undefined {
    let firing: Fault | undefined
    for (const entry of this.scheduled) {
      const { fault } = entry
      if (fault.operation !== undefined && fault.operation !== operation) continue
      entry.seen += 1
      const first = fault.nth ?? 1
      const last = first + (fault.times ?? 1) - 1
      if (firing === undefined && entry.seen >= first && entry.seen <= last) firing = fault
    }
    return firing
  }
}

/** A token bucket: `ratePerSecond` tokens a second, holding at most `ratePerSecond` (the burst). */
export class TokenBucket {
  private tokens: number
  private updated = performance.now()

  constructor(private readonly ratePerSecond: number) {
    this.tokens = ratePerSecond
  }

  /** Takes a token if one is there. */
  take(): boolean {
    const now = performance.now()
    const refill = ((now - this.updated) / 1000) * this.ratePerSecond
    this.tokens = Math.min(this.ratePerSecond, this.tokens + refill)
    this.updated = now
    if (this.tokens < 1) return false
    this.tokens -= 1
    return true
  }
}
