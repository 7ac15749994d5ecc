// A jest transform for two dev dependencies, GitHub's workflow parser and language service, whose
// ES modules import their JSON schemas without an import attribute (`import x from "./a.json"`),
// which jest 30 warns about once per import and file. Node itself requires the attribute; this
// adds it (`with { type: "json" }`) so the modules load as Node would load a fixed release.
// Only these packages go through it (jest.config.js), so any other warning still shows.
const JSON_IMPORT = /^(import\s+[\w$]+\s+from\s+(["'])[^"'\n]+\.json\2)\s*;?$/gm

export default {
  process(source) {
    return { code: source.replace(JSON_IMPORT, '$1 with { type: "json" };') }
  }
}
