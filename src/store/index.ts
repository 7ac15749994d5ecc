/**
 * The AWS adapter's one constructor: the engine's two ports (engine/model/ports), a secret store
 * over Secrets Manager and STS, and a function store over Lambda, from one set of options. The
 * Lambda client is made on the first call that needs it: most runs refresh no consumer.
 */
import type { FunctionConfigStore } from '../engine/model/ports/function-store.js'
import { AwsStore } from './aws.js'
import type { AwsStoreOptions } from './clients.js'
import { AwsFunctions } from './lambda.js'

export { STORE_DEFAULTS } from './clients.js'

export interface Stores {
  secrets: AwsStore
  functions: FunctionConfigStore
}

export function openStores(options: AwsStoreOptions): Stores {
  let lambda: AwsFunctions | undefined
  const client = () => (lambda ??= new AwsFunctions(options))
  return {
    secrets: new AwsStore(options),
    functions: {
      configuration: (name) => client().configuration(name),
      setVariables: (name, variables, revisionId) =>
        client().setVariables(name, variables, revisionId),
      waitForUpdate: (name) => client().waitForUpdate(name)
    }
  }
}
