/** The CLI's commands, options and help texts, parsed with node:util parseArgs (no dependency). */
import { parseArgs } from 'node:util'
import { echo, nearest, type ProblemCode } from '../engine/index.js'
import { firstUnknownOption, type Options } from './unknown-option.js'
import {
  COMMON,
  COMMON_HELP,
  CONSUMERS,
  CONSUMERS_HELP,
  FILE,
  FILE_HELP,
  PROBE,
  PROBE_HELP,
  REPOSITORY,
  REPOSITORY_HELP
} from './options.js'
import packageJson from '../../package.json' with { type: 'json' }

export const EXIT = { ok: 0, failure: 1, usage: 2, drift: 3 } as const

export const BIN = 'impressionnistes-secrets'

export interface Command {
  name: string
  summary: string
  usage: string
  options: Options
  positionals?: number
  details: string
}

export const COMMANDS: readonly Command[] = [
  {
    name: 'deploy',
    summary: 'validate secrets.json, then create or update the secrets of one environment',
    usage: `${BIN} deploy --env dev|prod [--file secrets.json] [--plan] [--consumer 'TARGET: FN, FN']`,
    options: { ...FILE, plan: { type: 'boolean' }, ...CONSUMERS, ...PROBE },
    details: `${FILE_HELP}
      --plan                   only show what deploy would do; write nothing
${CONSUMERS_HELP}
${PROBE_HELP}`
  },
  {
    name: 'plan',
    summary: 'show what deploy would do; write nothing',
    usage: `${BIN} plan --env dev|prod [--file secrets.json]`,
    options: FILE,
    details: FILE_HELP
  },
  {
    name: 'verify',
    summary: 'compare Secrets Manager with secrets.json; exit 3 when they differ',
    usage: `${BIN} verify --env dev|prod [--file secrets.json] [--repository owner/name]`,
    options: { ...FILE, ...REPOSITORY },
    details: `${FILE_HELP}\n${REPOSITORY_HELP}`
  },
  {
    name: 'audit',
    summary:
      'check each secret is as this tool left it (exists, ours, current version); no value read; exit 3 when not',
    usage: `${BIN} audit --env dev|prod [--repository owner/name]`,
    options: REPOSITORY,
    details:
      '  Reads metadata only (secretsmanager:DescribeSecret, ListSecretVersionIds), never a value: no secrets.json needed.\n' +
      REPOSITORY_HELP
  },
  {
    name: 'list',
    summary:
      'the secrets under the prefix, grouped, with dates, versions, writer, issues; no values',
    usage: `${BIN} list --env dev|prod [--probe]`,
    options: { probe: { type: 'boolean' } },
    details: `  Needs secretsmanager:ListSecrets and ListSecretVersionIds, not GetSecretValue.
      --probe                  also read each value and ask Stripe or Slack whether it works`
  },
  {
    name: 'show',
    summary: 'Stripe fingerprints (--stripe), or every full value after confirmation (--reveal)',
    usage: `${BIN} show --env dev|prod --stripe [--probe] | --reveal [--yes]`,
    options: {
      stripe: { type: 'boolean' },
      probe: { type: 'boolean' },
      reveal: { type: 'boolean' },
      yes: { type: 'boolean', short: 'y' }
    },
    details: `      --stripe                 type prefix, last 4 characters and a short SHA-256 of each Stripe value
      --probe                  with --stripe: ask Stripe whether each value works
      --reveal                 the full values: only on a terminal, after you type "yes" (or --yes);
                               refused when CI or GITHUB_ACTIONS is set`
  },
  {
    name: 'probe',
    summary: 'ask Stripe and Slack whether each current value works; write nothing',
    usage: `${BIN} probe --env dev|prod [--require-probe]`,
    options: { 'require-probe': { type: 'boolean' } },
    details: `      --require-probe          exit 1 also when a probe cannot tell (429, 5xx, time-out)
  Reads each value (GetSecretValue) and sends it only to its provider (docs/probes.md).`
  },
  {
    name: 'update-stripe',
    summary: 'write a new Stripe API key and/or webhook secret, validated like a deploy',
    usage: `${BIN} update-stripe --env dev|prod [--api-key KEY] [--webhook-secret WHSEC] [--consumer 'TARGET: FN, FN']`,
    options: {
      'api-key': { type: 'string' },
      'webhook-secret': { type: 'string' },
      ...CONSUMERS,
      ...PROBE
    },
    details: `      --api-key KEY            else STRIPE_API_KEY from the environment
      --webhook-secret WHSEC   else STRIPE_WEBHOOK_SECRET from the environment
${CONSUMERS_HELP}
${PROBE_HELP}
  Prefer the environment variables: a value on the command line stays in your shell history.`
  },
  {
    name: 'rollback',
    summary: 'move AWSCURRENT back to AWSPREVIOUS (or --to-version); no value passes through',
    usage: `${BIN} rollback TARGET --env dev|prod [--to-version ID] [--consumer 'TARGET: FN, FN']`,
    options: {
      'to-version': { type: 'string' },
      force: { type: 'boolean' },
      ...CONSUMERS,
      ...PROBE
    },
    positionals: 1,
    details: `  TARGET                       e.g. stripe/api_key (relative to the prefix)
      --to-version ID          a labelled version id of the secret (see the AWS console)
      --force                  roll back even to a version whose probe failed (an expired key)
${CONSUMERS_HELP}
${PROBE_HELP}`
  }
]

const NAMES = COMMANDS.map((c) => c.name)

export function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length))
  return `${BIN}: the impressionnistes/* secrets of AWS Secrets Manager, from a laptop.

Usage: ${BIN} COMMAND --env dev|prod [options]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Run "${BIN} COMMAND --help" for a command's options.

${COMMON_HELP}`
}

export function commandHelp(command: Command): string {
  return `${command.summary}

Usage: ${command.usage}

${command.details}

${COMMON_HELP}`
}

/** The options a command was given, by name (without the dashes). */
export type OptionValues = Record<string, string | boolean | string[] | undefined>

export type Parsed =
  | { kind: 'help'; text: string }
  | { kind: 'usage'; code: ProblemCode; message: string }
  | { kind: 'command'; command: Command; options: OptionValues; positionals: string[] }

export function parse(argv: readonly string[]): Parsed {
  const [name, ...rest] = argv
  if (!name || ['--help', '-h', 'help'].includes(name)) return { kind: 'help', text: mainHelp() }
  if (name === '--version') return { kind: 'help', text: `${BIN} ${packageJson.version}` }
  const command = COMMANDS.find((c) => c.name === name)
  const meant = command ? undefined : nearest(name, NAMES)
  if (!command)
    return {
      kind: 'usage',
      code: 'unknown-command',
      message: `Unknown command ${echo(name)}${meant ? `; did you mean ${meant}?` : '.'}\n\n${mainHelp()}`
    }
  const options = { ...COMMON, ...command.options }
  const unknown = firstUnknownOption(rest, options)
  if (unknown)
    return {
      kind: 'usage',
      code: 'unknown-option',
      message: `${unknown}\n\n${commandHelp(command)}`
    }
  let parsed
  try {
    parsed = parseArgs({ args: [...rest], options, allowPositionals: true, strict: true })
  } catch (error) {
    // Its other messages name options only ("Option '--env <value>' argument missing").
    return {
      kind: 'usage',
      code: 'unknown-option',
      message: `${(error as Error).message}\n\n${commandHelp(command)}`
    }
  }
  const values = parsed.values as OptionValues
  if (values.help) return { kind: 'help', text: commandHelp(command) }
  const wanted = command.positionals ?? 0
  const problems: string[] = []
  if (parsed.positionals.length !== wanted) {
    problems.push(
      wanted
        ? `${command.name} takes ${wanted} argument(s): ${command.usage}`
        : `${command.name} takes no argument; got ${parsed.positionals.length} (${parsed.positionals.map((p) => echo(p)).join(', ')}).`
    )
  }
  if (!values.env) problems.push('--env is required (dev or prod).')
  if (command.name === 'show' && !values.stripe === !values.reveal)
    problems.push('show needs exactly one of --stripe or --reveal.')
  if (command.name === 'show' && values.probe && values.reveal)
    problems.push('show --probe goes with --stripe, not --reveal.')
  if (problems.length)
    return {
      kind: 'usage',
      code: 'command-line-wrong',
      message: `${problems.join('\n')}\n\n${commandHelp(command)}`
    }
  return { kind: 'command', command, options: values, positionals: parsed.positionals }
}
