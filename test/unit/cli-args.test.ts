/** The CLI's command line: a mistyped command gets the nearest one; --version prints the version. */
import { expect, test } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from '../../src/cli/args.js'

const VERSION = (
  JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')) as {
    version: string
  }
).version

test.each([
  ['lsit', 'Unknown command "lsit"; did you mean list?'],
  ['audti', 'Unknown command "audti"; did you mean audit?'],
  ['launch', 'Unknown command "launch".']
])('%s: a usage error naming the command meant, when one is near', (name, message) => {
  const parsed = parse([name, '--env', 'dev'])
  expect(parsed.kind).toBe('usage')
  expect(parsed.kind === 'usage' && parsed.message.split('\n')[0]).toBe(message)
})

test('--version prints the version of package.json', () => {
  expect(parse(['--version'])).toEqual({
    kind: 'help',
    text: `impressionnistes-secrets ${VERSION}`
  })
})

test('--environments is an option of every command', () => {
  const parsed = parse(['list', '--env', 'dev', '--environments', 'envs.json'])
  expect(parsed.kind === 'command' && parsed.options.environments).toBe('envs.json')
})
