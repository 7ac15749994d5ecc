/**
 * The environments file: where each environment's secrets live (AWS account and region), the
 * roles the workflows assume there, and the provider accounts its values must belong to. It is
 * committed, non-secret data; this module reads and checks it, with messages that name the file,
 * the line and column, and the key.
 */
import type * as z from 'zod/mini'
import { parseJson } from '../model/json.js'
import type { Problem } from '../model/problem.js'
import { echo, QUOTABLE, shown } from '../model/quote.js'
import { readRegularFile } from '../model/regular-file.js'
import { nearest } from '../model/typo.js'
import { locate, type Located } from './locate.js'
import {
  ENVIRONMENT,
  entrySchema,
  isPlaceholder,
  KNOWN_KEYS,
  PIN_KEYS,
  ROLE_ARN,
  type Pin
} from './schema.js'

export interface EnvironmentsFile {
  origin: string
  pins: ReadonlyMap<string, Pin>
}

/** Problems that stop a run before its first AWS call, each with a message of its own. */
export class EnvironmentsError extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map((p) => p.message).join('\n'))
    this.name = 'EnvironmentsError'
  }
}

const fileProblem = (origin: string, at: string, key: string, what: string): Problem => ({
  code: 'environments-invalid',
  message: `The environments file ${origin}, ${at}, ${key}: ${what}`
})

/** Schema issues of one environment's entry, each placed in the file. */
function entryProblems(name: string, entry: unknown, origin: string, where: Located): Problem[] {
  const parsed = entrySchema.safeParse(entry)
  if (parsed.success) return roleAccountProblems(name, parsed.data, origin, where)
  return parsed.error.issues.flatMap((issue) => {
    const path = [name, ...issue.path.map(String)]
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => {
        const meant = nearest(key, KNOWN_KEYS)
        const hint = meant ? `; did you mean ${meant}?` : `; known keys: ${KNOWN_KEYS.join(', ')}`
        return fileProblem(
          origin,
          where.at([...path, key]),
          name,
          `unknown key ${echo(key, QUOTABLE.id)}${hint}`
        )
      })
    }
    const missing = issue.code === 'invalid_type' && issue.input === undefined
    const what = missing ? 'is missing' : issue.message
    return [fileProblem(origin, where.at(path), path.join('.'), what)]
  })
}

/** A role of another account than its environment's is a copy-paste mistake. */
function roleAccountProblems(
  name: string,
  entry: z.output<typeof entrySchema>,
  origin: string,
  where: Located
): Problem[] {
  return (['deployRole', 'auditRole'] as const).flatMap((key) => {
    const arn = entry[key]
    const account = arn ? ROLE_ARN.exec(arn)?.[2] : undefined
    if (!account || isPlaceholder(account) || isPlaceholder(entry.account)) return []
    if (account === entry.account) return []
    return [
      fileProblem(
        origin,
        where.at([name, key]),
        `${name}.${key}`,
        `is a role of account ${account}, not of ${name}'s account ${entry.account}`
      )
    ]
  })
}

function pinOf(
  name: string,
  entry: z.output<typeof entrySchema>,
  origin: string,
  where: Located
): Pin {
  const { account, region } = entry
  const pin: Pin = {
    environment: name,
    account,
    region,
    origin,
    lines: { entry: where.line([name]) }
  }
  if (entry.consumers) pin.consumers = entry.consumers
  for (const key of PIN_KEYS) {
    const value = entry[key]
    if (value === undefined) continue
    pin[key] = value
    pin.lines[key] = where.line([name, key])
  }
  return pin
}

/** Checks the file's text; every problem is collected before throwing. */
export function parseEnvironments(text: string, origin: string): EnvironmentsFile {
  const read = parseJson(text)
  if (!read.ok) {
    const what = read.where.slice(read.where.indexOf(': ') + 2)
    const at = `line ${read.line}, column ${read.column}`
    throw new EnvironmentsError([fileProblem(origin, at, '(text)', `is not valid JSON: ${what}`)])
  }
  const json = text.startsWith('\ufeff') ? text.slice(1) : text
  const where = locate(json)
  const problems: Problem[] = where.duplicates.map((d) =>
    fileProblem(origin, d.at, d.path.join('.'), 'is given twice; keep one')
  )
  const document = read.value
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new EnvironmentsError([
      fileProblem(
        origin,
        'line 1, column 1',
        '(top level)',
        'must be a JSON object keyed by environment name'
      )
    ])
  }
  const pins = new Map<string, Pin>()
  for (const [name, entry] of Object.entries(document)) {
    if (name === '$comment') continue
    if (!ENVIRONMENT.test(name)) {
      problems.push(
        fileProblem(
          origin,
          where.at([name]),
          echo(name, QUOTABLE.id),
          'is not an environment name (letters, digits, _ . -)'
        )
      )
      continue
    }
    const found = entryProblems(name, entry, origin, where)
    problems.push(...found)
    if (found.length === 0) pins.set(name, pinOf(name, entrySchema.parse(entry), origin, where))
  }
  if (problems.length === 0 && pins.size === 0)
    problems.push(fileProblem(origin, 'line 1, column 1', '(top level)', 'names no environment'))
  if (problems.length) throw new EnvironmentsError(problems)
  return { origin, pins }
}

/** Reads and checks the file at `path` (as given: relative to the working directory). */
export async function loadEnvironments(path: string): Promise<EnvironmentsFile> {
  const origin = shown(path, QUOTABLE.path)
  // A regular file of at most 1 MiB, as every file input: a wrong path can hang no run.
  const read = await readRegularFile(path)
  if (!read.ok) {
    if (!read.problem.startsWith('cannot be read'))
      throw new EnvironmentsError([
        { code: 'file-input-unusable', message: `The environments file ${origin} ${read.problem}.` }
      ])
    throw new EnvironmentsError([
      {
        code: 'environments-unreadable',
        message:
          `The environments file ${origin} ${read.problem}: every run needs it, to know ` +
          `which account and region each environment lives in. Set-up creates it (docs/setup.md, step 1); ` +
          `name another file with --environments, ENVIRONMENTS= or the environments input.`
      }
    ])
  }
  return parseEnvironments(read.text, origin)
}

/** The pin of one environment; an environment the file does not name is refused. */
export function pinFor(file: EnvironmentsFile, environment: string): Pin {
  const pin = file.pins.get(environment)
  if (pin) return pin
  const known = [...file.pins.keys()]
  const meant = nearest(environment, known)
  throw new EnvironmentsError([
    {
      code: 'environment-not-pinned',
      message:
        `Environment ${echo(environment, QUOTABLE.id)} is not in the environments file ${file.origin}` +
        `.${meant ? ` Did you mean ${meant}?` : ''} It names: ${known.join(', ')}.`
    }
  ])
}
