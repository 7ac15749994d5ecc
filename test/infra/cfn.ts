/**
 * Reads the CloudFormation template the team deploys (infra/github-deploy-role.yml) and resolves
 * it for given parameter values, the way CloudFormation would: short-form tags (!Sub, !Ref, !If…)
 * become their Fn:: forms, conditions are evaluated, AWS::NoValue disappears. The tests evaluate
 * the policies this produces, so the template stays the one source of truth.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml'

export const ROOT = join(import.meta.dirname, '../..')
export const TEMPLATE_PATH = join(ROOT, 'infra/github-deploy-role.yml')

/** Short forms and the long form each stands for. */
const SHORT_FORMS: Record<string, string> = {
  '!Ref': 'Ref',
  '!Condition': 'Condition',
  '!Sub': 'Fn::Sub',
  '!If': 'Fn::If',
  '!Equals': 'Fn::Equals',
  '!Not': 'Fn::Not',
  '!And': 'Fn::And',
  '!Or': 'Fn::Or',
  '!GetAtt': 'Fn::GetAtt',
  '!Join': 'Fn::Join',
  '!Select': 'Fn::Select',
  '!Split': 'Fn::Split',
  '!FindInMap': 'Fn::FindInMap',
  '!Base64': 'Fn::Base64',
  '!GetAZs': 'Fn::GetAZs',
  '!ImportValue': 'Fn::ImportValue',
  '!Contains': 'Fn::Contains',
  '!EachMemberEquals': 'Fn::EachMemberEquals',
  '!EachMemberIn': 'Fn::EachMemberIn',
  '!ValueOf': 'Fn::ValueOf',
  '!ValueOfAll': 'Fn::ValueOfAll',
  '!RefAll': 'Fn::RefAll'
}

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json }

function toJson(node: unknown): Json {
  let value: Json
  if (isMap(node)) {
    const out: Record<string, Json> = {}
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key)
      out[key] = toJson(pair.value)
    }
    value = out
  } else if (isSeq(node)) {
    value = node.items.map(toJson)
  } else if (isScalar(node)) {
    value = node.value as Json
  } else if (node === null || node === undefined) {
    value = null
  } else {
    throw new Error(`unexpected YAML node ${String(node)}`)
  }
  const tag = (node as Node | null)?.tag
  if (tag === undefined || tag.startsWith('tag:yaml.org')) return value
  const long = SHORT_FORMS[tag]
  if (long === undefined) throw new Error(`unknown CloudFormation tag ${tag}`)
  if (long === 'Fn::GetAtt' && typeof value === 'string') {
    const dot = value.indexOf('.')
    return { [long]: [value.slice(0, dot), value.slice(dot + 1)] }
  }
  return { [long]: value }
}

export interface Template {
  AWSTemplateFormatVersion: string
  Description: string
  Parameters: Record<
    string,
    {
      Type: string
      Default?: string
      AllowedPattern?: string
      AllowedValues?: string[]
      Description: string
    }
  >
  Rules?: Record<string, { RuleCondition?: Json; Assertions: { Assert: Json }[] }>
  Conditions: Record<string, Json>
  Resources: Record<string, { Type: string; Condition?: string; Properties: Record<string, Json> }>
  Outputs: Record<string, { Description: string; Value: Json; Condition?: string }>
}

/** The template as data (long forms), failing on any YAML error or unknown tag. */
export function loadTemplate(path = TEMPLATE_PATH): Template {
  const doc = parseDocument(readFileSync(path, 'utf8'), { uniqueKeys: true })
  if (doc.errors.length > 0) throw new Error(doc.errors.map((e) => e.message).join('\n'))
  return toJson(doc.contents) as unknown as Template
}

export interface Deployment {
  parameters: Record<string, string>
  accountId: string
  region: string
  partition?: string
}

/** What Ref and GetAtt return for this template's resources once deployed. */
function physical(logicalId: string, type: string, d: Deployment, tpl: Template): string {
  const partition = d.partition ?? 'aws'
  switch (type) {
    case 'AWS::IAM::OIDCProvider': {
      const url = String(tpl.Resources[logicalId]?.Properties.Url).replace(/^https:\/\//, '')
      return `arn:${partition}:iam::${d.accountId}:oidc-provider/${url}`
    }
    case 'AWS::IAM::ManagedPolicy':
      return `arn:${partition}:iam::${d.accountId}:policy/stack-${logicalId}-ABCDEFGHIJKL`
    case 'AWS::IAM::Role':
      return `stack-${logicalId}-ABCDEFGHIJKL`
    default:
      throw new Error(`no physical id rule for ${type}`)
  }
}

const NO_VALUE = Symbol('AWS::NoValue')

export class Resolver {
  private readonly conditions = new Map<string, boolean>()

  constructor(
    readonly template: Template,
    readonly deployment: Deployment
  ) {
    for (const name of Object.keys(template.Parameters)) {
      if (
        deployment.parameters[name] === undefined &&
        template.Parameters[name]?.Default === undefined
      )
        throw new Error(`parameter ${name} has no value and no default`)
    }
    for (const name of Object.keys(deployment.parameters)) {
      if (!(name in template.Parameters)) throw new Error(`unknown parameter ${name}`)
    }
  }

  parameter(name: string): string {
    const value = this.deployment.parameters[name] ?? this.template.Parameters[name]?.Default
    if (value === undefined) throw new Error(`no value for parameter ${name}`)
    return value
  }

  /** Ref: a parameter, a pseudo parameter or a resource. */
  ref(name: string): string | typeof NO_VALUE {
    switch (name) {
      case 'AWS::AccountId':
        return this.deployment.accountId
      case 'AWS::Region':
        return this.deployment.region
      case 'AWS::Partition':
        return this.deployment.partition ?? 'aws'
      case 'AWS::URLSuffix':
        return 'amazonaws.com'
      case 'AWS::StackName':
        return 'stack'
      case 'AWS::NoValue':
        return NO_VALUE
    }
    if (name in this.template.Parameters) return this.parameter(name)
    const resource = this.template.Resources[name]
    if (resource === undefined) throw new Error(`Ref to unknown ${name}`)
    if (resource.Condition !== undefined && !this.condition(resource.Condition))
      throw new Error(`Ref to ${name}, which this deployment does not create`)
    return physical(name, resource.Type, this.deployment, this.template)
  }

  condition(name: string): boolean {
    const known = this.conditions.get(name)
    if (known !== undefined) return known
    const expr = this.template.Conditions[name]
    if (expr === undefined) throw new Error(`unknown condition ${name}`)
    const value = this.resolve(expr)
    if (typeof value !== 'boolean') throw new Error(`condition ${name} is not a boolean`)
    this.conditions.set(name, value)
    return value
  }

  sub(text: string, vars: Record<string, Json> = {}): string {
    return text.replace(/\$\{([^}!]+)\}/g, (_, name: string) => {
      if (name in vars) return String(this.resolve(vars[name] as Json))
      if (name.includes('.')) {
        const [id, attr] = name.split('.') as [string, string]
        return this.getAtt(id, attr)
      }
      const value = this.ref(name)
      if (value === NO_VALUE) throw new Error('AWS::NoValue inside Fn::Sub')
      return value
    })
  }

  getAtt(id: string, attr: string): string {
    const resource = this.template.Resources[id]
    if (resource === undefined) throw new Error(`GetAtt on unknown ${id}`)
    if (resource.Type === 'AWS::IAM::Role' && attr === 'Arn') {
      const name = resource.Properties.RoleName
      const roleName = name === undefined ? this.ref(id) : this.resolve(name)
      return `arn:${this.deployment.partition ?? 'aws'}:iam::${this.deployment.accountId}:role/${String(roleName)}`
    }
    throw new Error(`GetAtt ${id}.${attr} is not modelled`)
  }

  /** A value with every intrinsic function evaluated and AWS::NoValue entries removed. */
  resolve(value: Json): Json {
    const out = this.resolveInner(value)
    if (out === NO_VALUE) throw new Error('AWS::NoValue at the top of a value')
    return out
  }

  private resolveInner(value: Json): Json | typeof NO_VALUE {
    if (Array.isArray(value)) {
      return value.map((v) => this.resolveInner(v)).filter((v): v is Json => v !== NO_VALUE)
    }
    if (value === null || typeof value !== 'object') return value
    const keys = Object.keys(value)
    const fn = keys.length === 1 ? keys[0] : undefined
    const arg = fn === undefined ? undefined : (value[fn] as Json)
    switch (fn) {
      case 'Ref':
        return this.ref(String(arg))
      case 'Condition':
        return this.condition(String(arg))
      case 'Fn::Sub':
        if (typeof arg === 'string') return this.sub(arg)
        if (Array.isArray(arg) && typeof arg[0] === 'string')
          return this.sub(arg[0], arg[1] as Record<string, Json>)
        throw new Error('malformed Fn::Sub (its string must be literal)')
      case 'Fn::If': {
        const [name, yes, no] = arg as [string, Json, Json]
        return this.resolveInner(this.condition(name) ? yes : no)
      }
      case 'Fn::Equals': {
        const [a, b] = (arg as Json[]).map((v) => this.resolve(v))
        return JSON.stringify(a) === JSON.stringify(b)
      }
      case 'Fn::Not':
        return !(this.resolve((arg as Json[])[0] as Json) as boolean)
      case 'Fn::And':
        return (arg as Json[]).every((v) => this.resolve(v) === true)
      case 'Fn::Or':
        return (arg as Json[]).some((v) => this.resolve(v) === true)
      case 'Fn::GetAtt': {
        const [id, attr] = arg as [string, string]
        return this.getAtt(id, attr)
      }
      case 'Fn::Join': {
        const [sep, parts] = arg as [string, Json[]]
        if (typeof sep !== 'string') throw new Error('Fn::Join takes a literal delimiter')
        return (this.resolve(parts) as Json[]).join(sep)
      }
      case 'Fn::Split': {
        const [sep, source] = arg as [string, Json]
        if (typeof sep !== 'string') throw new Error('Fn::Split takes a literal delimiter')
        const text = this.resolve(source)
        if (typeof text !== 'string') throw new Error('Fn::Split of a non-string')
        return text.split(sep)
      }
      case 'Fn::Select': {
        const [index, list] = arg as [Json, Json]
        const items = this.resolve(list)
        const i = Number(this.resolve(index))
        // CloudFormation fails the stack on an index out of bounds; so does this.
        if (!Array.isArray(items) || !Number.isInteger(i) || i < 0 || i >= items.length)
          throw new Error(`Fn::Select index ${String(i)} out of bounds`)
        return items[i] as Json
      }
    }
    if (fn?.startsWith('Fn::')) throw new Error(`${fn} is not modelled`)
    const out: Record<string, Json> = {}
    for (const [k, v] of Object.entries(value)) {
      const resolved = this.resolveInner(v)
      if (resolved !== NO_VALUE) out[k] = resolved
    }
    return out
  }

  /** The resources this deployment creates, resolved. */
  resources(): Record<string, { Type: string; Properties: Record<string, Json> }> {
    const out: Record<string, { Type: string; Properties: Record<string, Json> }> = {}
    for (const [id, r] of Object.entries(this.template.Resources)) {
      if (r.Condition !== undefined && !this.condition(r.Condition)) continue
      out[id] = { Type: r.Type, Properties: this.resolve(r.Properties) as Record<string, Json> }
    }
    return out
  }

  /** The parameter rules (Rules section) that fail for these values, by name. */
  failingRules(): string[] {
    return Object.entries(this.template.Rules ?? {})
      .filter(
        ([, rule]) => rule.RuleCondition === undefined || this.resolve(rule.RuleCondition) === true
      )
      .filter(([, rule]) => rule.Assertions.some((a) => this.resolve(a.Assert) !== true))
      .map(([name]) => name)
  }

  /** Parameter values that CloudFormation would refuse (AllowedPattern / AllowedValues). */
  invalidParameters(): string[] {
    return Object.entries(this.template.Parameters)
      .filter(([name, p]) => {
        const value = this.parameter(name)
        if (p.AllowedValues !== undefined && !p.AllowedValues.includes(value)) return true
        return p.AllowedPattern !== undefined && !new RegExp(p.AllowedPattern).test(value)
      })
      .map(([name]) => name)
  }
}
