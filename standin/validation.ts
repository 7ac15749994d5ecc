// Reading a JSON request body and checking it against the Secrets Manager model's constraints
// (required members, lengths, ranges, enums), the way AWS's front end does before an operation
// runs: every violation is collected and reported in one ValidationException, e.g.
//   1 validation error detected: Value '[a, b, …]' at 'secretIdList' failed to satisfy
//   constraint: Member must have length less than or equal to 20
// Sensitive members (SecretString, SecretBinary) are reported without their value
// ("Value at 'secretString' failed to satisfy constraint: …"), as AWS does.

import { serialization, validation } from './errors.js'

export type JsonObject = Record<string, unknown>

export interface Tag {
  Key: string
  Value: string
}

export interface Filter {
  Key: string
  Values: string[]
}

/** Typed access to one request's members; a member of the wrong JSON type is a SerializationException. */
export class Input {
  constructor(private readonly body: JsonObject) {}

  private raw(member: string): unknown {
    const value = this.body[member]
    return value === null ? undefined : value
  }

  private wrongType(member: string, expected: string): never {
    throw serialization(`Unexpected value type for member ${member}: expected ${expected}`)
  }

  string(member: string): string | undefined {
    const value = this.raw(member)
    if (value !== undefined && typeof value !== 'string') this.wrongType(member, 'a string')
    return value
  }

  boolean(member: string): boolean | undefined {
    const value = this.raw(member)
    if (value !== undefined && typeof value !== 'boolean') this.wrongType(member, 'a boolean')
    return value
  }

  number(member: string): number | undefined {
    const value = this.raw(member)
    if (value !== undefined && (typeof value !== 'number' || !Number.isInteger(value))) {
      this.wrongType(member, 'an integer')
    }
    return value
  }

  stringList(member: string): string[] | undefined {
    const value = this.raw(member)
    if (value === undefined) return undefined
    if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
      this.wrongType(member, 'a list of strings')
    }
    return value as string[]
  }

  /** A blob member: base64 in JSON. */
  blob(member: string): Buffer | undefined {
    const value = this.string(member)
    if (value === undefined) return undefined
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(value)) this.wrongType(member, 'base64 data')
    return Buffer.from(value, 'base64')
  }

  tags(member: string): Tag[] | undefined {
    return this.structList(member, (item) => ({
      Key: this.field(member, item, 'Key'),
      Value: this.field(member, item, 'Value')
    }))
  }

  filters(member: string): Filter[] | undefined {
    return this.structList(member, (item) => {
      const values = item['Values']
      if (
        values !== undefined &&
        values !== null &&
        (!Array.isArray(values) || values.some((v) => typeof v !== 'string'))
      ) {
        this.wrongType(`${member}.Values`, 'a list of strings')
      }
      return { Key: this.field(member, item, 'Key'), Values: (values ?? []) as string[] }
    })
  }

  /** A structure member, untyped (RotationRules). */
  object(member: string): JsonObject | undefined {
    const value = this.raw(member)
    if (value !== undefined && !isObject(value)) this.wrongType(member, 'a structure')
    return value as JsonObject | undefined
  }

  private structList<T>(member: string, read: (item: JsonObject) => T): T[] | undefined {
    const value = this.raw(member)
    if (value === undefined) return undefined
    if (!Array.isArray(value)) this.wrongType(member, 'a list')
    return value.map((item: unknown) => {
      if (!isObject(item)) this.wrongType(member, 'a list of structures')
      return read(item)
    })
  }

  // A missing Key or Value stays undefined (typed as string) so that the validator reports it.
  private field(member: string, item: JsonObject, name: string): string {
    const value = item[name]
    if (value !== undefined && value !== null && typeof value !== 'string') {
      this.wrongType(`${member}.${name}`, 'a string')
    }
    return value as string
  }
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

interface LengthRule {
  min?: number
  max?: number
  /** report "Value at '…'" without the value */
  sensitive?: boolean
}

/** Collects constraint violations and throws them as one ValidationException. */
export class Validator {
  private readonly errors: string[] = []

  private add(path: string, value: unknown, constraint: string, sensitive = false): void {
    const shown = sensitive ? 'Value' : `Value ${render(value)}`
    this.errors.push(`${shown} at '${path}' failed to satisfy constraint: ${constraint}`)
  }

  /** A required member; returns false (after recording the error) when it is missing. */
  required(path: string, value: unknown): boolean {
    if (value !== undefined && value !== null) return true
    this.errors.push(
      `Value null at '${path}' failed to satisfy constraint: Member must not be null`
    )
    return false
  }

  /** Length of a string (UTF-16 code units, like the Java front end), a blob (bytes) or a list. */
  length(
    path: string,
    value: string | Buffer | readonly unknown[] | undefined,
    rule: LengthRule
  ): void {
    if (value === undefined || value === null) return
    const length = value.length
    if (rule.min !== undefined && length < rule.min) {
      this.add(
        path,
        value,
        `Member must have length greater than or equal to ${rule.min}`,
        rule.sensitive
      )
    }
    if (rule.max !== undefined && length > rule.max) {
      this.add(
        path,
        value,
        `Member must have length less than or equal to ${rule.max}`,
        rule.sensitive
      )
    }
  }

  range(path: string, value: number | undefined, min: number, max: number): void {
    if (value === undefined) return
    if (value < min) this.add(path, value, `Member must have value greater than or equal to ${min}`)
    if (value > max) this.add(path, value, `Member must have value less than or equal to ${max}`)
  }

  oneOf(path: string, value: string | undefined, allowed: readonly string[]): void {
    if (value === undefined || allowed.includes(value)) return
    this.add(path, value, `Member must satisfy enum value set: [${allowed.join(', ')}]`)
  }

  pattern(path: string, value: string | undefined, pattern: RegExp): void {
    if (value === undefined || pattern.test(value)) return
    this.add(path, value, `Member must satisfy regular expression pattern: ${pattern.source}`)
  }

  tags(path: string, tags: Tag[] | undefined): void {
    tags?.forEach((tag, i) => {
      const at = `${path}.${i + 1}.member`
      if (this.required(`${at}.key`, tag.Key))
        this.length(`${at}.key`, tag.Key, { min: 1, max: 128 })
      this.length(`${at}.value`, tag.Value, { min: 0, max: 256 })
    })
  }

  throwIfAny(): void {
    const count = this.errors.length
    if (count === 0) return
    const noun = count === 1 ? 'error' : 'errors'
    throw validation(`${count} validation ${noun} detected: ${this.errors.join('; ')}`)
  }
}

function render(value: unknown): string {
  if (Array.isArray(value)) return `'[${value.map(String).join(', ')}]'`
  return `'${String(value)}'`
}
