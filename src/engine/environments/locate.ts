/**
 * Where a key sits in a JSON text, by line and column, and which keys an object gives twice
 * (JSON.parse keeps the last silently): what a message about a committed file must point at.
 */
import { findNodeAtLocation, parseTree, type Node } from 'jsonc-parser'
import { place } from '../model/json.js'

export type JsonPath = (string | number)[]

export interface Located {
  /** "line 3, column 16" */
  at: (path: JsonPath) => string
  /** The line of the value at `path` (of its nearest existing parent when it is missing). */
  line: (path: JsonPath) => number
  /** Each key given twice in one object: its path and where its second mention is. */
  duplicates: { path: JsonPath; at: string }[]
}

/** The key node of a property, or the value node itself. */
function nodeFor(root: Node | undefined, path: JsonPath): Node | undefined {
  if (!root) return undefined
  for (let length = path.length; length >= 0; length--) {
    const node = findNodeAtLocation(root, path.slice(0, length))
    if (!node) continue
    // A key: point at its name (the value may be on another line).
    const key = node.parent?.type === 'property' ? node.parent.children?.[0] : undefined
    return length === 0 ? node : (key ?? node)
  }
  return root
}

function duplicatesIn(node: Node, path: JsonPath, found: Located['duplicates'], text: string) {
  if (node.type === 'object') {
    const seen = new Set<string>()
    for (const property of node.children ?? []) {
      const [key, value] = property.children ?? []
      if (!key || typeof key.value !== 'string') continue
      const { line, column } = place(text, key.offset)
      if (seen.has(key.value))
        found.push({ path: [...path, key.value], at: `line ${line}, column ${column}` })
      seen.add(key.value)
      if (value) duplicatesIn(value, [...path, key.value], found, text)
    }
  } else if (node.type === 'array') {
    node.children?.forEach((child, i) => duplicatesIn(child, [...path, i], found, text))
  }
}

/** `text` must already be valid JSON (parseJson said so), without its byte-order mark. */
export function locate(text: string): Located {
  const root = parseTree(text, [], { disallowComments: true, allowTrailingComma: false })
  const where = (path: JsonPath) => place(text, nodeFor(root, path)?.offset ?? 0)
  const duplicates: Located['duplicates'] = []
  if (root) duplicatesIn(root, [], duplicates, text)
  return {
    at: (path) => {
      const { line, column } = where(path)
      return `line ${line}, column ${column}`
    },
    line: (path) => where(path).line,
    duplicates
  }
}
