// tsx test/standin/cli.ts [--port N] [--latency MS] [--account ID] [--write-rate N] [--page-size N]
//
// Starts the stand-in, prints exactly one line `STANDIN_URL=http://127.0.0.1:PORT` to stdout once
// it listens, runs until SIGINT/SIGTERM, then prints a call-count summary to stderr and exits 0.

import { parseArgs } from 'node:util'
import { Standin, type StandinOptions } from './server.js'

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
  process.stdout.write(`STANDIN_URL=${standin.url}\n`)

  const shutdown = async (signal: string): Promise<void> => {
    await standin.stop()
    const counts = Object.entries(standin.calls()).sort(([a], [b]) => a.localeCompare(b))
    const total = counts.reduce((sum, [, n]) => sum + n, 0)
    const lines = counts.map(([operation, n]) => `  ${operation}: ${n}`)
    process.stderr.write(
      [`standin stopped (${signal}): ${total} call(s)`, ...lines].join('\n') + '\n'
    )
    process.exit(0)
  }
  process.once('SIGINT', (signal) => void shutdown(signal))
  process.once('SIGTERM', (signal) => void shutdown(signal))
}

void main()
