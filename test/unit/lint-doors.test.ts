/**
 * The lint rule that keeps the doors: eslint.config.js, as `npm run lint` reads it, refuses a
 * front's import past src/engine/index.ts or src/store/index.ts, and any import of the engine
 * model from outside itself. Only no-restricted-imports runs here (without type information,
 * which the other rules need and this one does not), so each file lints in well under a second.
 */
import { describe, expect, test } from '@jest/globals'
import { join } from 'node:path'
import { ESLint } from 'eslint'

const eslint = new ESLint({
  cwd: join(import.meta.dirname, '..', '..'),
  ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-imports',
  overrideConfig: { languageOptions: { parserOptions: { project: null, projectService: false } } }
})

/** The messages of no-restricted-imports for `code`, linted as if it were the file `filePath`. */
async function refusals(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath })
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? 'fatal'}: ${m.message}`)
}

describe('the lint rule keeps the doors', () => {
  test('a front may import the engine and the store by their doors', async () => {
    const code =
      "import { runEngine } from '../engine/index.js'\n" +
      "import { openStores } from '../store/index.js'\n" +
      'export const both = [runEngine, openStores]\n'
    expect(await refusals(code, 'src/cli/io.ts')).toEqual([])
  })

  test.each([
    [
      'src/cli/commands/list.ts',
      '../../engine/plan/plan.js',
      'the engine from src/engine/index.ts'
    ],
    ['src/action/main.ts', '../engine/model/report.js', 'the engine from src/engine/index.ts'],
    ['src/action/main.ts', '../engine/run.js', 'the engine from src/engine/index.ts'],
    ['src/cli/context.ts', '../store/aws.js', 'the store from src/store/index.ts']
  ])('%s importing %s past the door is refused', async (filePath, spec, door) => {
    const found = await refusals(`import * as deep from '${spec}'\nexport { deep }\n`, filePath)
    expect(found).toEqual([expect.stringContaining(`A front imports ${door} only.`)])
  })

  test.each([
    ['src/engine/model/names.ts', '../../store/aws.js'],
    ['src/engine/model/problem.ts', '../plan/plan.js'],
    ['src/engine/model/ports/store-error.ts', '../../../store/errors.js']
  ])('the model file %s importing %s is refused', async (filePath, spec) => {
    const found = await refusals(
      `import * as outside from '${spec}'\nexport { outside }\n`,
      filePath
    )
    expect(found).toEqual([
      expect.stringContaining('The engine model imports nothing outside itself.')
    ])
  })

  test('a model file may import the model', async () => {
    const code = "import { TAG } from './tags.js'\nexport const tag = TAG\n"
    expect(await refusals(code, 'src/engine/model/names.ts')).toEqual([])
  })
})
