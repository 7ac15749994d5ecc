import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import prettier from 'eslint-config-prettier'

const MODEL_ALONE = 'The engine model imports nothing outside itself.'

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }
      ],
      // Only the store may talk to AWS.
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@aws-sdk/*'], message: 'Only src/store/ talks to AWS.' }] }
      ]
    }
  },
  {
    // The source is also linted with type information: floating promises, unsafe any, …
    files: ['src/**/*.ts'],
    extends: [...tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { project: './tsconfig.json' } }
  },
  {
    // The engine knows neither front nor the runner: both fronts call it.
    files: ['src/engine/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@aws-sdk/*'], message: 'Only src/store/ talks to AWS.' },
            { group: ['@actions/*'], message: 'The engine does not know the runner.' },
            { group: ['**/action/*', '**/cli/*'], message: 'The engine does not import a front.' }
          ]
        }
      ]
    }
  },
  {
    // The model is the engine's ground floor: it imports nothing outside itself.
    files: ['src/engine/model/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['../*', '@aws-sdk/*', '@actions/*'], message: MODEL_ALONE }] }
      ]
    }
  },
  {
    files: ['src/engine/model/ports/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['../../*', '@aws-sdk/*', '@actions/*'], message: MODEL_ALONE }] }
      ]
    }
  },
  {
    // The fronts enter the engine and the store by their doors only.
    files: ['src/action/**', 'src/cli/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@aws-sdk/*'], message: 'Only src/store/ talks to AWS.' },
            {
              group: ['**/engine/*', '!**/engine/index.js'],
              message: 'A front imports the engine from src/engine/index.ts only.'
            },
            {
              group: ['**/store/*', '!**/store/index.js'],
              message: 'A front imports the store from src/store/index.ts only.'
            }
          ]
        }
      ]
    }
  },
  {
    files: ['src/store/**', 'test/**', 'script/**'],
    rules: { 'no-restricted-imports': 'off' }
  }
)
