/**
 * What the consumer refresh needs from Lambda: read a function's configuration, set its
 * environment variables, wait until the update has finished. lambda.ts implements it over the
 * SDK; the engine sees these shapes and nothing else. Variable values may be secrets of their
 * own: they are kept to rewrite them unchanged, and never printed.
 */

export interface FunctionConfig {
  name: string
  /** The unqualified ARN: its unpublished version ($LATEST), the only one whose settings change. */
  arn: string
  /** Changes with every update; an update that names an older one is refused. Always sent by AWS. */
  revisionId?: string
  /** Successful, Failed or InProgress; absent on a function never updated since its creation. */
  lastUpdateStatus?: string
  /**
   * Names → values of its environment variables ({} when it has none); undefined when Lambda
   * could not return them (variablesError), so that none is written back and lost.
   */
  variables: Record<string, string> | undefined
  /** Environment.Error.ErrorCode: Lambda could not decrypt the variables (a KMS key problem). */
  variablesError?: string
  /** SnapStart is on, which works on published versions only: it is invoked through one. */
  snapStartOnVersions: boolean
}

/** How an update ended: LastUpdateStatus, or still InProgress when the wait ran out. */
export type UpdateOutcome =
  | { status: 'Successful' }
  | { status: 'Failed'; reasonCode?: string }
  | { status: 'timeout'; waitedSeconds: number }

export interface FunctionConfigStore {
  /** GetFunctionConfiguration of the unpublished version. */
  configuration(name: string): Promise<FunctionConfig>
  /**
   * UpdateFunctionConfiguration of its environment to exactly `variables`, only if the function
   * is still at `revisionId` (else a StoreError of kind "conflict").
   */
  setVariables(
    name: string,
    variables: Record<string, string>,
    revisionId: string | undefined
  ): Promise<void>
  /** Polls GetFunctionConfiguration until LastUpdateStatus is no longer InProgress. */
  waitForUpdate(name: string): Promise<UpdateOutcome>
}
