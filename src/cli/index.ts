#!/usr/bin/env node
/** Entry point of the CLI bundle (dist/cli/index.js, the package's bin). */

// Checked before anything else loads: static imports are evaluated before this module's body, so
// main.js (and the AWS SDK, which prints a nine-line warning on an old Node) is imported below,
// only once the check has passed. "eager" keeps it in this one bundle file.
const MINIMUM_NODE_MAJOR = 22
if (Number(process.versions.node.split('.')[0]) < MINIMUM_NODE_MAJOR) {
  process.stderr.write(
    `impressionnistes-secrets needs Node.js ${MINIMUM_NODE_MAJOR} or later; this is Node.js ${process.versions.node}.\n`
  )
  process.exit(1)
}

const { main } = await import(/* webpackMode: "eager" */ './main.js')

void main(process.argv.slice(2), {
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin
}).then((code) => {
  process.exitCode = code
})
