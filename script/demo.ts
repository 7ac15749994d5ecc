/**
 * `npm start`: the main job, on this machine. Starts the embedded Secrets Manager stand-in, then
 * runs the bundled action (dist/index.js, on Node 24, exactly as a runner would) to sync
 * secrets.json.example's keys (with rehearsal values) into it as the dev environment — then runs it again to show that nothing
 * changes, once more with a live Stripe key in dev to show the mistake stopped before any write,
 * and a last time with a Stripe key already rolled in the dashboard: Stripe (a stand-in on this
 * machine) says it is expired, and the run stops before any write. Prints what a user would see
 * in the step log, job summary and outputs.
 */
import { ProviderStandin } from '../standin/providers.js'
import { seedRehearsalProviders } from '../standin/rehearsal.js'
import { exampleSecretsInput, runAction, runnerEnv, type ActionRun } from '../standin/runner.js'
import { Standin } from '../standin/server.js'

/** secrets.json.example's keys with rehearsal values, as GitHub's toJSON(secrets) gives them. */
const secrets = exampleSecretsInput()
const example = JSON.parse(secrets) as Record<string, string>

/** The step log as the Actions UI shows it: commands rendered, masks applied by the runner. */
function stepLog(run: ActionRun): string {
  return run.stdout
    .split('\n')
    .filter((line) => line && !line.startsWith('::add-mask::') && !line.startsWith('::debug::'))
    .map((line) =>
      line.replace(
        /^::(error|warning|notice)(?: [^:]*)?::/,
        (_, kind: string) => `${kind[0]?.toUpperCase()}${kind.slice(1)}: `
      )
    )
    .join('\n')
}

function show(title: string, run: ActionRun): void {
  const bar = '─'.repeat(Math.max(4, 72 - title.length))
  console.log(`\n── ${title} ${bar}`)
  console.log(
    `exit code ${run.code}\n\nstep log:\n${stepLog(run)}\n\njob summary:\n${run.summary.trim()}\n`
  )
  console.log('outputs:')
  for (const [name, value] of Object.entries(run.outputs)) console.log(`  ${name} = ${value}`)
}

/** A key of the right form that Stripe (the stand-in) reports as rolled: api_key_expired. */
const ROLLED = 'sk_test_REHEARSALrolledInTheDashboard'
const WRITES = ['CreateSecret', 'PutSecretValue', 'TagResource', 'UpdateSecretVersionStage']

const standin = await Standin.start()
const providers = seedRehearsalProviders(await ProviderStandin.start(), example)
providers.seedKey(ROLLED, { state: 'expired' })
try {
  console.log(`Secrets Manager stand-in listening on ${standin.url}`)
  console.log(`Stripe and Slack stand-in listening on ${providers.url} (the probes ask it)`)
  console.log(
    'Syncing secrets.json.example (rehearsal values, as GitHub secrets) into environment dev with dist/index.js on Node 24.'
  )
  const env = runnerEnv(standin.url, {
    GITHUB_RUN_ID: '1001',
    INPUT_PROBE: 'on',
    ...providers.env
  })
  const first = await runAction({ environment: 'dev', secrets }, env)
  show('first run: everything is new', first)
  standin.resetCalls()
  const second = await runAction({ environment: 'dev', secrets }, { ...env, GITHUB_RUN_ID: '1002' })
  show('second run: nothing changed, nothing written', second)
  const calls = standin.calls()
  console.log(
    `\nAPI calls of the second run: ${Object.entries(calls)
      .map(([op, n]) => `${op} × ${n}`)
      .join(', ')}`
  )

  // A mistake: a live Stripe key pasted into the dev secret. It is stopped before any write.
  const mistaken = exampleSecretsInput({
    STRIPE_SECRET_KEY_DEV: example.STRIPE_SECRET_KEY_PROD ?? ''
  })
  standin.resetCalls()
  const third = await runAction(
    { environment: 'dev', secrets: mistaken },
    { ...env, GITHUB_RUN_ID: '1003' }
  )
  show('third run: a live Stripe key pasted into STRIPE_SECRET_KEY_DEV', third)
  const afterMistake = Object.keys(standin.calls()).length
  console.log(`\nAPI calls of the third run: ${afterMistake === 0 ? 'none' : afterMistake}`)

  // A key already rolled in the Stripe dashboard: the right form, but dead. Stripe says so.
  standin.resetCalls()
  const fourth = await runAction(
    { environment: 'dev', secrets: exampleSecretsInput({ STRIPE_SECRET_KEY_DEV: ROLLED }) },
    { ...env, GITHUB_RUN_ID: '1004' }
  )
  show('fourth run: a Stripe key already rolled in the dashboard', fourth)
  const written = WRITES.reduce((n, op) => n + (standin.calls()[op] ?? 0), 0)
  console.log(`\nWrites of the fourth run: ${written === 0 ? 'none' : written}`)

  if (
    fourth.code !== 1 ||
    written !== 0 ||
    first.code !== 0 ||
    second.code !== 0 ||
    second.outputs.changed !== 'false' ||
    third.code !== 1 ||
    afterMistake !== 0
  ) {
    console.error('\nThe demo did not go as expected (see above).')
    process.exitCode = 1
  }
} finally {
  await standin.stop()
  await providers.stop()
}
