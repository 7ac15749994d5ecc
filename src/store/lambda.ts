/**
 * The consumer refresh's Lambda calls, over the SDK: GetFunctionConfiguration and
 * UpdateFunctionConfiguration, the two the deploy role's template grants on the consumer
 * functions (infra/github-deploy-role.yml, ConsumerFunctions). The client gets the store's
 * settings (clients.ts) and the SDK's endpoint configuration (AWS_ENDPOINT_URL_LAMBDA /
 * AWS_ENDPOINT_URL), like the Secrets Manager client.
 *
 * The SDK's Lambda client is loaded on the first call, not when this file is: most runs have no
 * consumers and never make one, and the bundler puts what `import()` loads in a chunk file of its
 * own (dist/*.index.js), which such a run never reads (docs/benchmarks.md "Start-up").
 */
import type { FunctionConfiguration, LambdaClient } from '@aws-sdk/client-lambda'
import { clientConfig, type AwsStoreOptions } from './clients.js'
import { toStoreError } from './errors.js'
import type {
  FunctionConfig,
  FunctionConfigStore,
  UpdateOutcome
} from '../engine/model/ports/function-store.js'

/**
 * How the refresh waits for an update. Lambda's control-plane calls share a quota of 15 requests
 * a second per account (the Lambda quotas page), so polls go once a second (the engine refreshes
 * a few functions at a time); the SDK's waitUntilFunctionUpdatedV2 also starts at 1 s, then backs
 * off. An update of a function in a VPC can take a minute (UpdateFunctionConfiguration's
 * reference), hence two minutes at most.
 */
const REFRESH_DEFAULTS = {
  pollMs: 1_000,
  maxWaitMs: 120_000
} as const

export interface AwsFunctionsOptions extends AwsStoreOptions {
  /** Time between two polls of LastUpdateStatus. */
  pollMs?: number
  /** How long to wait for an update before reporting it unfinished. */
  maxWaitMs?: number
}

function configOf(out: FunctionConfiguration, name: string): FunctionConfig {
  const error = out.Environment?.Error
  return {
    name: out.FunctionName ?? name,
    arn: out.FunctionArn ?? '',
    ...(out.RevisionId ? { revisionId: out.RevisionId } : {}),
    ...(out.LastUpdateStatus ? { lastUpdateStatus: out.LastUpdateStatus } : {}),
    // With an Error, Variables may be missing: writing back what came would drop them all.
    variables: error ? undefined : { ...(out.Environment?.Variables ?? {}) },
    ...(error ? { variablesError: error.ErrorCode ?? 'Error' } : {}),
    snapStartOnVersions: out.SnapStart?.ApplyOn === 'PublishedVersions'
  }
}

type LambdaSdk = typeof import('@aws-sdk/client-lambda')

/** The client and the module its commands come from, once loaded. */
interface Loaded {
  sdk: LambdaSdk
  client: LambdaClient
}

export class AwsFunctions implements FunctionConfigStore {
  private loaded: Promise<Loaded> | undefined
  private readonly pollMs: number
  private readonly maxWaitMs: number

  constructor(private readonly options: AwsFunctionsOptions) {
    this.pollMs = options.pollMs ?? REFRESH_DEFAULTS.pollMs
    this.maxWaitMs = options.maxWaitMs ?? REFRESH_DEFAULTS.maxWaitMs
  }

  destroy(): void {
    // A client that never loaded has nothing to close (and its failure was reported by the call).
    void this.loaded?.then(
      ({ client }) => client.destroy(),
      () => undefined
    )
  }

  /** The SDK module and one client, loaded by the first call and shared by the others. */
  private lambda(): Promise<Loaded> {
    this.loaded ??= import('@aws-sdk/client-lambda').then((sdk) => ({
      sdk,
      client: new sdk.LambdaClient(clientConfig(this.options))
    }))
    return this.loaded
  }

  /** One call; whatever it throws becomes a StoreError (never quoting Lambda's own words). */
  private async call<T>(
    action: string,
    name: string,
    run: (lambda: Loaded) => Promise<T>
  ): Promise<T> {
    try {
      return await run(await this.lambda())
    } catch (error) {
      throw toStoreError(error, action, name)
    }
  }

  async configuration(name: string): Promise<FunctionConfig> {
    const out = await this.call('lambda:GetFunctionConfiguration', name, ({ sdk, client }) =>
      client.send(new sdk.GetFunctionConfigurationCommand({ FunctionName: name }))
    )
    return configOf(out, name)
  }

  async setVariables(
    name: string,
    variables: Record<string, string>,
    revisionId: string | undefined
  ): Promise<void> {
    await this.call('lambda:UpdateFunctionConfiguration', name, ({ sdk, client }) =>
      client.send(
        new sdk.UpdateFunctionConfigurationCommand({
          FunctionName: name,
          Environment: { Variables: variables },
          ...(revisionId ? { RevisionId: revisionId } : {})
        })
      )
    )
  }

  /**
   * Polls GetFunctionConfiguration, as the Lambda developer guide says ("Lambda function
   * states"). Not the SDK's waiters: waitUntilFunctionUpdatedV2 calls GetFunction, which the
   * deploy role is not granted, and waitUntilFunctionUpdated throws the whole configuration,
   * variable values included, as its error message.
   */
  async waitForUpdate(name: string): Promise<UpdateOutcome> {
    const started = Date.now()
    for (;;) {
      const out = await this.call('lambda:GetFunctionConfiguration', name, ({ sdk, client }) =>
        client.send(new sdk.GetFunctionConfigurationCommand({ FunctionName: name }))
      )
      if (out.LastUpdateStatus === 'Failed')
        return {
          status: 'Failed',
          ...(out.LastUpdateStatusReasonCode ? { reasonCode: out.LastUpdateStatusReasonCode } : {})
        }
      if (out.LastUpdateStatus !== 'InProgress') return { status: 'Successful' }
      if (Date.now() - started + this.pollMs > this.maxWaitMs)
        return { status: 'timeout', waitedSeconds: Math.round((Date.now() - started) / 1000) }
      await new Promise((resolve) => setTimeout(resolve, this.pollMs))
    }
  }
}
