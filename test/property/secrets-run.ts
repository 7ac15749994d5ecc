/** Seeding the stand-in for a `secrets` case, and every assertion of the property on one run. */
import { expect } from '@jest/globals'
import { CreateSecretCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import type { ActionRun } from '../e2e/harness.js'
import type { Standin } from '../standin/server.js'
import { KEPT, LIMIT, type SecretsCase } from './sources.js'
import { expectNoCrash, expectNoValueLeaked, stringsIn, writesIn } from './checks.js'

export const PREFIX = 'impressionnistes'

export const currentDocument = (s: Standin, name: string): string | undefined =>
  s.secret(name)?.versions.find((v) => v.stages.includes('AWSCURRENT'))?.secretString

/** Seeds the stand-in with the case's existing secrets; returns their documents. */
export async function seed(
  s: Standin,
  sm: SecretsManagerClient,
  c: Pick<SecretsCase, 'existing'>
): Promise<Map<string, string>> {
  s.reset()
  s.clearFaults()
  const docs = new Map<string, string>()
  for (const e of c.existing) {
    const name = `${PREFIX}/${e.target}`
    const doc = JSON.stringify({ [e.field]: e.old, ...KEPT })
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: doc }))
    docs.set(name, doc)
  }
  s.resetCalls()
  return docs
}

/** Every assertion of the property, for one case and one run of the action. */
export function checkSecretsRun(
  s: Standin,
  c: SecretsCase,
  before: Map<string, string>,
  run: ActionRun
): void {
  expectNoCrash(run)
  const invalid = c.slots.filter((slot) => slot.problem !== undefined)
  const calls = s.calls()
  // With the other tool's field kept, a value near the limit may no longer fit: refused at plan.
  const merged = (field: string, value: string) =>
    Buffer.byteLength(JSON.stringify({ [field]: value, ...KEPT }))
  const tooBig = c.slots.filter(
    (slot) =>
      slot.stored !== undefined &&
      before.has(`${PREFIX}/${slot.slot.target}`) &&
      merged(slot.slot.field, slot.stored) > LIMIT
  )
  if (invalid.length === 0 && tooBig.length === 0) {
    expect(run.errors).toEqual([])
    expect(run.code).toBe(0)
    for (const slot of c.slots) {
      const name = `${PREFIX}/${slot.slot.target}`
      const wanted = { ...(before.has(name) ? KEPT : {}), [slot.slot.field]: slot.stored }
      expect(JSON.parse(currentDocument(s, name) ?? 'null')).toEqual(wanted)
    }
    expect(calls.CreateSecret ?? 0).toBe(c.slots.length - before.size)
    expect(calls.PutSecretValue ?? 0).toBe(before.size)
  } else if (invalid.length === 0) {
    // Sources valid, but a merged document over the limit: read, then stopped before any write.
    expect(run.code).toBe(1)
    expect(writesIn(calls)).toBe(0)
    expect(calls).toEqual({ DescribeSecret: c.slots.length, BatchGetSecretValue: 1 })
    for (const slot of tooBig) {
      const name = `${PREFIX}/${slot.slot.target}`
      const bytes = merged(slot.slot.field, slot.stored as string)
      const said = `${name}: with its other fields kept, the new document would take ${bytes} bytes, over Secrets Manager's ${LIMIT}.`
      expect(run.errors.some((l) => l.includes(said))).toBe(true)
    }
    expect(run.errors).toHaveLength(tooBig.length + 1)
    expect(run.errors.at(-1)).toContain(`Stopped before any write: ${tooBig.length} problem(s)`)
    for (const [name, doc] of before) expect(currentDocument(s, name)).toBe(doc)
  } else {
    expect(run.code).toBe(1)
    // Validation comes before any read: not one call, so no write.
    expect(calls).toEqual({})
    expect(writesIn(calls)).toBe(0)
    for (const slot of invalid) {
      const line = run.errors.find((l) =>
        l.includes(`title=Fix GitHub secret ${slot.slot.name}::${slot.slot.name} ${slot.problem}`)
      )
      if (!line) {
        throw new Error(
          `no error names ${slot.slot.name} with "${slot.problem}"; errors:\n${run.errors.join('\n')}`
        )
      }
      for (const key of slot.keysNamed) expect(line).toContain(key)
    }
    expect(run.errors).toHaveLength(invalid.length + 1)
    expect(run.errors.at(-1)).toContain(
      `Stopped before any write: ${invalid.length} problem(s), listed above.`
    )
    for (const [name, doc] of before) expect(currentDocument(s, name)).toBe(doc)
  }
  const trimmed = c.slots.filter((slot) => slot.trimmedWarning)
  for (const slot of trimmed) {
    expect(
      run.warnings.some((l) =>
        l.includes(`::${slot.slot.name} has whitespace or a line break around its value`)
      )
    ).toBe(true)
  }
  // A clean sync adopts the other tool's secrets (made without our tags), saying so once each.
  const adopted = invalid.length === 0 && tooBig.length === 0 ? [...before.keys()] : []
  for (const name of adopted) {
    expect(run.warnings.some((l) => l.includes(`::${name} existed without this tool's tags`))).toBe(
      true
    )
  }
  expect(run.warnings).toHaveLength(trimmed.length + adopted.length)
  expectNoValueLeaked(run, [
    ...stringsIn(c.input),
    ...c.existing.map((e) => e.old),
    ...before.values()
  ])
}
