/**
 * The part of @actions/core the action uses, written as @actions/core 3.0.1 writes it (MIT,
 * GitHub): inputs from INPUT_* variables, workflow commands on stdout (`::name k=v::data`, with
 * the same escaping), outputs appended to GITHUB_OUTPUT with a random delimiter, the job summary
 * appended to GITHUB_STEP_SUMMARY.
 *
 * Why not @actions/core itself: its entry module also loads its OIDC client, which loads
 * @actions/http-client and undici (0.9 MB of the bundle's 3 MB, evaluated on every start), and
 * @actions/exec; a sync uses none of them (docs/benchmarks.md "Start-up"). Only the front's
 * writer (log.ts), main.ts and inputs.ts call this file.
 */
import { randomUUID } from 'node:crypto'
import { appendFileSync, existsSync } from 'node:fs'
import { access, appendFile, constants } from 'node:fs/promises'
import { EOL } from 'node:os'

/** The value of input `name` (INPUT_<NAME>, spaces as _), trimmed; '' when not given. */
export function getInput(name: string): string {
  return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim()
}

const escapeData = (s: string): string =>
  s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')

const escapeProperty = (s: string): string =>
  escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C')

/** `::command key=value,…::message`, one line on stdout; empty properties are left out. */
function issueCommand(command: string, properties: Record<string, string>, message: string): void {
  const props = Object.entries(properties)
    .filter(([, value]) => value)
    .map(([key, value]) => `${key}=${escapeProperty(value)}`)
    .join(',')
  process.stdout.write(`::${command}${props ? ` ${props}` : ''}::${escapeData(message)}${EOL}`)
}

/** Registers a value with the runner's masking. */
export const setSecret = (secret: string): void => issueCommand('add-mask', {}, secret)

export const info = (message: string): void => {
  process.stdout.write(message + EOL)
}

export const debug = (message: string): void => issueCommand('debug', {}, message)

interface AnnotationProperties {
  title?: string
}

export const warning = (message: string, properties: AnnotationProperties = {}): void =>
  issueCommand('warning', properties.title ? { title: properties.title } : {}, message)

export const error = (message: string, properties: AnnotationProperties = {}): void =>
  issueCommand('error', properties.title ? { title: properties.title } : {}, message)

/** An error annotation, and the step's exit code 1. */
export function setFailed(message: string): void {
  process.exitCode = 1
  error(message)
}

/** A string as it is; anything else as JSON (@actions/core's toCommandValue). */
const commandValue = (input: unknown): string =>
  input === null || input === undefined
    ? ''
    : typeof input === 'string'
      ? input
      : JSON.stringify(input)

/** Appends `name<<delimiter … delimiter` to GITHUB_OUTPUT; without it, the old command. */
export function setOutput(name: string, output: unknown): void {
  const value = commandValue(output)
  const filePath = process.env.GITHUB_OUTPUT ?? ''
  if (!filePath) {
    process.stdout.write(EOL)
    issueCommand('set-output', { name }, value)
    return
  }
  const delimiter = `ghadelimiter_${randomUUID()}`
  if (name.includes(delimiter) || value.includes(delimiter))
    throw new Error('Unexpected output: it contains the delimiter.')
  if (!existsSync(filePath)) throw new Error('Missing file at path of GITHUB_OUTPUT.')
  appendFileSync(filePath, `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`, 'utf8')
}

/** The job summary: text added, then appended to GITHUB_STEP_SUMMARY by write(). */
export const summary = {
  buffer: '',
  addRaw(text: string, addEOL = false) {
    this.buffer += addEOL ? text + EOL : text
    return this
  },
  async write(): Promise<void> {
    const filePath = process.env.GITHUB_STEP_SUMMARY
    if (!filePath) throw new Error('Unable to find environment variable for $GITHUB_STEP_SUMMARY.')
    try {
      await access(filePath, constants.R_OK | constants.W_OK)
    } catch {
      throw new Error('Unable to access the job summary file (GITHUB_STEP_SUMMARY).')
    }
    await appendFile(filePath, this.buffer, 'utf8')
    this.buffer = ''
  }
}
