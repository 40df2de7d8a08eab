import js from '@eslint/js'
import prettier from 'eslint-config-prettier'
import tseslint from 'typescript-eslint'

/**
 * The pure layers (inputs, model, plan, report) decide and describe; they never call EC2, write,
 * or talk to the runner. Types from the SDK are fine; its client and commands are not.
 */
const PURE_LAYERS = ['src/config/**', 'src/model/**', 'src/plan/**', 'src/report/**']
const IMPURE = [
  {
    group: ['**/ec2/*', '**/observe/*', '**/apply/*'],
    message: 'Pure layers do not read or write EC2: move the call to observe/ or apply/.'
  },
  {
    group: ['**/main.js', '**/context.js'],
    message: 'Pure layers take what they need as arguments, not the run context.'
  }
]

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', 'build/', 'node_modules/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }]
    }
  },
  {
    files: PURE_LAYERS,
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@aws-sdk/client-ec2',
              allowTypeImports: true,
              message: 'Pure layers may use the SDK types only.'
            },
            { name: '@actions/core', message: 'Only main.ts talks to the runner.' },
            { name: '@actions/github', message: 'Only main.ts talks to the runner.' }
          ],
          patterns: IMPURE
        }
      ]
    }
  }
)
