/**
 * `npm run standin` prints the exact lines to paste to rehearse the
 * laptop commands against it. Pasted as they are into bash at the repository's root, with no
 * AWS set-up of one's own, they run the Makefile and the CLI against the stand-in, and nothing
 * reaches AWS.
 */
import { describe, expect, test } from '@jest/globals'
import { ROOT } from '../../standin/runner.js'
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MAKE, runsWith } from '../tools.js'

/** Starts `tsx standin/cli.ts`, returns what it printed once it printed its last line. */
function startStandinCli() {
  const child = spawn(join(ROOT, 'node_modules/.bin/tsx'), ['standin/cli.ts'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  const printed = new Promise<string>((ok, fail) => {
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString()
      if (stdout.includes('Ctrl-C')) ok(stdout)
      // What it prints, it prints at once: a few seconds after its first line is long enough.
      else setTimeout(() => ok(stdout), 3000)
    })
    child.once('exit', () => fail(new Error(`the stand-in exited: ${stdout}`)))
  })
  const stop = () =>
    new Promise<string>((ok) => {
      let stderr = ''
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
      child.once('close', () => ok(stderr))
      child.kill('SIGINT')
    })
  return { printed, stop }
}

const withMake = runsWith(MAKE) ? describe : describe.skip

withMake('npm run standin', () => {
  test('prints lines that, pasted into a shell, rehearse make and the CLI against it', async () => {
    const standin = startStandinCli()
    const home = mkdtempSync(join(tmpdir(), 'imp-rehearsal-'))
    let stopped = false
    try {
      const printed = await standin.printed
      const lines = printed.trim().split('\n')
      expect(lines[0]).toMatch(/^STANDIN_URL=http:\/\/127\.0\.0\.1:\d+$/) // ci.yml reads this line
      const url = lines[0]?.slice('STANDIN_URL='.length) ?? ''
      expect(lines).toContain(`export AWS_ENDPOINT_URL=${url}`)
      // A shell with no AWS set-up of its own: what was printed is all it has.
      const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, NODE_NO_WARNINGS: '1' }
      const shell = spawnSync('bash', ['-e', '-c', printed], {
        cwd: ROOT,
        env,
        encoding: 'utf8',
        timeout: 120_000
      })
      const all = `${shell.stdout}\n${shell.stderr}`
      expect([shell.status, all]).toEqual([0, expect.any(String)])
      expect(shell.stdout).toContain(
        'sync dev (impressionnistes/*, eu-west-3, account 123456789012): 4 created'
      )
      expect(shell.stdout).toContain('impressionnistes/slack/devops_webhook')
      expect(shell.stdout).toContain('4 unchanged; nothing written')
      expect(all).not.toMatch(/(EXAMPLE|REHEARSAL)notARealKey/)
      stopped = true
      expect(await standin.stop()).toMatch(/CreateSecret: 4/)
    } finally {
      rmSync(home, { recursive: true, force: true })
      if (!stopped) await standin.stop()
    }
  }, 180_000)
})
