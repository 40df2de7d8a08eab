import js from '@eslint/js'
import prettier from 'eslint-config-prettier'
import { createNodeResolver, importX } from 'eslint-plugin-import-x'
import tseslint from 'typescript-eslint'

/**
 * The pure layers (inputs, model, plan, report) decide and describe; they never call EC2, write,
 * or talk to the runner. Types from the SDK are fine; its client and commands are not.
 */
const PURE_LAYERS = ['src/config/**', 'src/model/**', 'src/plan/**', 'src/report/**']
const PURE_PATHS = [
  {
    name: '@aws-sdk/client-ec2',
    allowTypeImports: true,
    message: 'Pure layers may use the SDK types only.'
  },
  { name: '@actions/core', message: 'Only main.ts talks to the runner.' },
  { name: '@actions/github', message: 'Only main.ts talks to the runner.' }
]
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
    // No import cycles, type-only imports included: a cycle means two modules that cannot be
    // understood (or loaded) one without the other. The sources import `./x.js` for `./x.ts`.
    files: ['src/**/*.ts', 'emulator/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      // Parse the imported modules as TypeScript, or the cycle through them goes unseen.
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver-next': [createNodeResolver({ extensionAlias: { '.js': ['.ts', '.js'] } })]
    },
    rules: { 'import-x/no-cycle': ['error', { allowUnsafeDynamicCyclicDependency: false }] }
  },
  {
    files: PURE_LAYERS,
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: PURE_PATHS,
          patterns: IMPURE
        }
      ]
    }
  },
  {
    // The model is the base every phase shares: it imports no other part of src/. (no-cycle does
    // not follow type-only imports, so this is what keeps the model and the parser of the inputs
    // from depending on each other through their types.)
    files: ['src/model/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: PURE_PATHS,
          patterns: [
            {
              group: ['../*'],
              message:
                'The model imports nothing from the other layers: move the type into src/model/.'
            }
          ]
        }
      ]
    }
  }
)
