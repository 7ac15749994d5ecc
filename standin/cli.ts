// npm run standin -- [--port N] [--latency MS] [--account ID] [--write-rate N] [--page-size N]
//
// Starts the stand-in and, once it listens, prints to stdout the line `STANDIN_URL=http://…`
// (first, for scripts: ci.yml reads it), then the exact lines to paste into another shell to run
// the CLI or the Makefile against it with dummy credentials (rehearsalLines). Runs until
// SIGINT/SIGTERM, then prints a call-count summary to stderr and exits 0.

import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { ProviderStandin } from './providers.js'
import { rehearsalValues, seedRehearsalProviders } from './rehearsal.js'
import { Standin, type StandinOptions } from './server.js'

/** The stand-in's defaults (server.ts), which the pasted lines must match. */
const DEFAULT_ACCOUNT = '123456789012'
const DEFAULT_REGION = 'eu-west-3'

/** The stand-in's pins, relative to the repository's root (where the lines are pasted). */
const ENVIRONMENTS = 'standin/environments.json'

/** Dummy credentials: the stand-in checks none, and AWS would refuse these. */
const DUMMY_CREDENTIALS = {
  AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'standin-dummy-secret-access-key'
}

/** What to paste to rehearse the laptop commands against the stand-in at `url`. */
function rehearsalLines(
  url: string,
  account: string,
  region: string,
  file: string,
  providers: ProviderStandin
): string[] {
  return [
    `STANDIN_URL=${url}`,
    '# A stand-in for AWS Secrets Manager and STS is listening here; nothing reaches AWS.',
    '# In another shell, at the root of this repository, paste these lines (dummy credentials):',
    `export AWS_ENDPOINT_URL=${url}`,
    `export AWS_ACCESS_KEY_ID=${DUMMY_CREDENTIALS.AWS_ACCESS_KEY_ID}`,
    `export AWS_SECRET_ACCESS_KEY=${DUMMY_CREDENTIALS.AWS_SECRET_ACCESS_KEY}`,
    `export AWS_REGION=${region}`,
    'unset AWS_PROFILE AWS_SESSION_TOKEN',
    '# The probes ask a Stripe and Slack stand-in on this machine, which knows the rehearsal values:',
    `export STRIPE_API_BASE=${providers.env.STRIPE_API_BASE}`,
    `export SLACK_HOOKS_BASE=${providers.env.SLACK_HOOKS_BASE}`,
    '# then rehearse, e.g. (a secrets.json of rehearsal values, removed when the stand-in stops;',
    "# standin/environments.json pins dev and prod to the stand-in's account and region):",
    `make deploy-secrets ENV=dev ACCOUNT=${account} FILE=${file} ENVIRONMENTS=${ENVIRONMENTS}`,
    `make secrets-list ENV=dev ACCOUNT=${account} ENVIRONMENTS=${ENVIRONMENTS}`,
    `node dist/cli/index.js plan --env dev --file ${file} --environments ${ENVIRONMENTS}`,
    '# Ctrl-C here stops the stand-in; what was written to it is forgotten.'
  ]
}

function number(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const parsed = Number(value)
  if (!Number.isFinite(parsed) || parsed < 0) {
    throw new Error(`--${name} needs a non-negative number, got ${JSON.stringify(value)}`)
  }
  return parsed
}

function options(argv: string[]): StandinOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      latency: { type: 'string' },
      account: { type: 'string' },
      'write-rate': { type: 'string' },
      'page-size': { type: 'string' }
    },
    strict: true
  })
  const pageSize = number('page-size', values['page-size'])
  if (pageSize !== undefined && !(Number.isInteger(pageSize) && pageSize >= 1)) {
    throw new Error(
      `--page-size needs a whole number from 1, got ${JSON.stringify(values['page-size'])}`
    )
  }
  return {
    port: number('port', values.port),
    latencyMs: number('latency', values.latency),
    accountId: values.account,
    writeRatePerSecond: number('write-rate', values['write-rate']),
    pageSize
  }
}

async function main(): Promise<void> {
  let opts: StandinOptions
  try {
    opts = options(process.argv.slice(2))
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
    process.stderr.write(
      'usage: cli.ts [--port N] [--latency MS] [--account ID] [--write-rate N] [--page-size N]\n'
    )
    process.exit(2)
  }

  const standin = await Standin.start(opts)
  const providers = seedRehearsalProviders(await ProviderStandin.start())
  const dir = mkdtempSync(join(tmpdir(), 'standin-rehearsal-'))
  const file = join(dir, 'secrets.json')
  writeFileSync(file, `${JSON.stringify(rehearsalValues(), null, 2)}\n`)
  chmodSync(file, 0o600)
  const account = opts.accountId ?? DEFAULT_ACCOUNT
  const lines = rehearsalLines(standin.url, account, DEFAULT_REGION, file, providers)
  process.stdout.write(`${lines.join('\n')}\n`)

  const shutdown = async (signal: string): Promise<void> => {
    await standin.stop()
    await providers.stop()
    rmSync(dir, { recursive: true, force: true })
    const counts = Object.entries(standin.calls()).sort(([a], [b]) => a.localeCompare(b))
    const total = counts.reduce((sum, [, n]) => sum + n, 0)
    const lines = counts.map(([operation, n]) => `  ${operation}: ${n}`)
    process.stderr.write(
      [`standin stopped (${signal}): ${total} call(s)`, ...lines].join('\n') + '\n'
    )
    process.stderr.write(`providers stand-in: ${providers.calls()} probe(s)\n`)
    process.exit(0)
  }
  process.once('SIGINT', (signal) => void shutdown(signal))
  process.once('SIGTERM', (signal) => void shutdown(signal))
}

void main()
