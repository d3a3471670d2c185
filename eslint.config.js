// Lint rules. The renderer runs in a sandboxed page, so it may import neither Electron, nor
// Node's built-in modules, nor main-process code; the restriction below enforces that split.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['main/**/*.ts', 'preload/**/*.ts', 'test/**/*.ts', 'tools/**/*.{ts,mjs,js}', '*.js'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'The renderer is sandboxed: reach main through window.stemcrate.' },
            ...nodeBuiltins.map((name) => ({ name, message: 'Node modules are not available in the sandboxed renderer.' })),
          ],
          patterns: [
            { group: ['**/main/**', '**/main'], message: 'The renderer must not import main-process code; use the preload contract.' },
            { group: ['**/preload/index*', '**/preload/bridge*'], message: 'Import only types from preload/contract.' },
          ],
        },
      ],
    },
  },
  {
    files: ['main/**/*.ts'],
    ignores: ['main/app/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'Only main/app/ may import electron, so the core runs in plain Node.' }] },
      ],
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
);
