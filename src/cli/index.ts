#!/usr/bin/env node
/** Entry point of the CLI bundle (dist/cli/index.js, the package's bin). */
import { main } from './main.js'

void main(process.argv.slice(2), {
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin
}).then((code) => {
  process.exitCode = code
})
