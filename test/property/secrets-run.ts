/** Seeding the stand-in for a `secrets` case, and every assertion of the property on one run. */
import { expect } from '@jest/globals'
import { CreateSecretCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import type { ActionRun } from '../../standin/runner.js'
import type { Standin } from '../../standin/server.js'
import { LIMIT, type Existing, type SecretsCase } from './sources.js'
import { expectNoCrash, expectNoValueLeaked, stringsIn, writesIn } from './checks.js'

export const PREFIX = 'impressionnistes'
/** The account the stand-in answers GetCallerIdentity with. */
const ACCOUNT = '123456789012'
const OURS = { 'managed-by': 'impressionnistes-secrets' }

export const currentDocument = (s: Standin, name: string): string | undefined =>
  s.secret(name)?.versions.find((v) => v.stages.includes('AWSCURRENT'))?.secretString

/** The action's inputs for a case: expected-account-id when the case confirms the account. */
export const inputsOf = (c: SecretsCase): Record<string, string> => ({
  environment: c.env,
  secrets: c.text,
  ...(c.confirmed ? { 'expected-account-id': ACCOUNT } : {})
})

/** What an existing secret was seeded with: its document, exactly, and its tags. */
export interface Before {
  doc: string
  tags: Record<string, string>
}

/** Seeds the stand-in with the case's existing secrets; returns what each holds. */
export async function seed(
  s: Standin,
  sm: SecretsManagerClient,
  c: Pick<SecretsCase, 'existing'>
): Promise<Map<string, Before>> {
  s.reset()
  s.clearFaults()
  const seeded = new Map<string, Before>()
  for (const e of c.existing) {
    const name = `${PREFIX}/${e.target}`
    const doc = e.doc.text(e.oldLiteral)
    const { tags, awsTags } = e.owner
    await sm.send(
      new CreateSecretCommand({
        Name: name,
        SecretString: doc,
        ...(Object.keys(tags).length
          ? { Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) }
          : {})
      })
    )
    if (Object.keys(awsTags).length) s.setAwsTags(name, awsTags)
    seeded.set(name, { doc, tags: { ...tags, ...awsTags } })
  }
  s.resetCalls()
  return seeded
}

/** Why the plan must refuse an existing secret, as a piece of its message; undefined: it may not. */
function ownershipRefusal(e: Existing, name: string, confirmed: boolean) {
  const { whose } = e.owner
  switch (whose.kind) {
    case 'foreign':
      return `${name} is managed by ${JSON.stringify(whose.manager)} (its managed-by tag)`
    case 'other-environment':
      return `${name} ${whose.ours ? 'was written' : 'is tagged'} for environment "${whose.tagged}"`
    case 'nobody':
      if (!confirmed)
        return `${name} already exists without this tool's managed-by tag (made by hand, or by the CDK SecretsStack).`
      if (!e.doc.holdsField)
        // (Not the field's name: a document may hold it alone on a line, which is masked.)
        return `${name} already exists without this tool's managed-by tag, and it holds no text field `
      if (!e.oldPasses)
        return `${name} already exists without this tool's managed-by tag, and its current ${e.field} (`
      return undefined
    case 'ours':
      return undefined
  }
}

/** Every assertion of the property, for one case and one run of the action. */
export function checkSecretsRun(
  s: Standin,
  c: SecretsCase,
  before: Map<string, Before>,
  run: ActionRun
): void {
  expectNoCrash(run)
  const invalid = c.slots.filter((slot) => slot.problem !== undefined)
  const calls = s.calls()
  const existing = c.existing.map((e) => ({ e, name: `${PREFIX}/${e.target}` }))
  const storedFor = (target: string) => c.slots.find((x) => x.slot.target === target)?.stored
  // What each existing secret must become if written: only our value's text changes.
  const written = (e: Existing) => e.doc.expected(JSON.stringify(storedFor(e.target)))
  const unchanged = (e: Existing) => e.doc.holdsField && e.old === storedFor(e.target)
  const refusals = existing.flatMap(({ e, name }) => {
    const whose = ownershipRefusal(e, name, c.confirmed)
    if (whose) return [whose]
    if (unchanged(e)) return []
    const bytes = Buffer.byteLength(written(e))
    return bytes > LIMIT
      ? [
          `${name}: with its other fields kept, the new document would take ${bytes} bytes, over Secrets Manager's ${LIMIT}.`
        ]
      : []
  })
  // Whose credentials, against the environment's pin (every run), then the state of the secrets.
  const reads = {
    'sts:GetCallerIdentity': 1,
    DescribeSecret: c.slots.length,
    BatchGetSecretValue: 1
  }
  const untouched = () => {
    expect(writesIn(calls)).toBe(0)
    for (const [name, was] of before) {
      expect(currentDocument(s, name)).toBe(was.doc)
      expect(s.secret(name)?.tags).toEqual(was.tags)
    }
  }
  const adopted = existing.filter(({ e }) => e.owner.whose.kind === 'nobody')
  if (invalid.length === 0 && refusals.length === 0) {
    expect(run.errors).toEqual([])
    expect(run.code).toBe(0)
    for (const slot of c.slots) {
      const name = `${PREFIX}/${slot.slot.target}`
      const e = existing.find((x) => x.name === name)?.e
      // Byte for byte: created as {"<field>":"<value>"}; an existing one with only our value changed.
      const wanted = !e
        ? JSON.stringify({ [slot.slot.field]: slot.stored })
        : unchanged(e)
          ? e.doc.text(e.oldLiteral)
          : written(e)
      expect(currentDocument(s, name)).toBe(wanted)
    }
    for (const { name } of adopted)
      expect(s.secret(name)?.tags).toMatchObject({ ...OURS, environment: c.env })
    const puts = existing.filter(({ e }) => !unchanged(e)).length
    expect(calls.CreateSecret ?? 0).toBe(c.slots.length - before.size)
    expect(calls.PutSecretValue ?? 0).toBe(puts)
    // Tags refreshed after each put; an adopted secret whose value is right is only tagged.
    expect(calls.TagResource ?? 0).toBe(puts + adopted.filter(({ e }) => unchanged(e)).length)
  } else if (invalid.length === 0) {
    // Sources valid, but a secret not ours to write, or a document over the limit: read, then
    // stopped before any write.
    expect(run.code).toBe(1)
    expect(calls).toEqual(reads)
    for (const said of refusals) {
      if (!run.errors.some((l) => l.includes(said)))
        throw new Error(`no error says "${said}"; errors:\n${run.errors.join('\n')}`)
    }
    expect(run.errors).toHaveLength(refusals.length + 1)
    expect(run.errors.at(-1)).toContain(`Stopped before any write: ${refusals.length} problem(s)`)
    untouched()
  } else {
    expect(run.code).toBe(1)
    // Validation comes before any read: not one call, so no write.
    expect(calls).toEqual({})
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
    untouched()
  }
  const trimmed = c.slots.filter((slot) => slot.trimmedWarning)
  for (const slot of trimmed) {
    expect(
      run.warnings.some((l) =>
        l.includes(`::${slot.slot.name} has whitespace or a line break around its value`)
      )
    ).toBe(true)
  }
  // Once read (sources valid): a warning for each secret a stack made that is not ours yet.
  const stacks = invalid.length === 0 ? adopted.filter(({ e }) => e.owner.stack !== undefined) : []
  for (const { e, name } of stacks) {
    const said = `${name} was made by the CloudFormation stack "${e.owner.stack ?? ''}"`
    expect(run.warnings.some((l) => l.includes(said))).toBe(true)
  }
  // A clean sync adopts the secrets made outside this tool, saying so once each.
  const adoptions = invalid.length === 0 && refusals.length === 0 ? adopted : []
  for (const { name } of adoptions) {
    expect(run.warnings.some((l) => l.includes(`::${name} existed without this tool's tags`))).toBe(
      true
    )
  }
  expect(run.warnings).toHaveLength(trimmed.length + stacks.length + adoptions.length)
  expectNoValueLeaked(run, [
    ...stringsIn(c.input),
    ...c.existing.map((e) => e.old),
    ...[...before.values()].map((b) => b.doc)
  ])
}
