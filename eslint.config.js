// ESLint (flat config): `npm run lint`, part of `npm test`. Type-aware (the TypeScript project service)
// for everything TypeScript: the rules that matter here need types — promises left floating, promises
// where a function is wanted, and results ({ ok: true } | { ok: false, code, message }) dropped unread.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import solid from 'eslint-plugin-solid/configs/typescript';
import { noIgnoredResult } from './scripts/eslint-rules/no-ignored-result.js';

const tsFiles = ['**/*.ts', '**/*.tsx'];
const testFiles = ['**/*.test.ts', '**/*.test.tsx', '**/*.testkit.ts', 'e2e/**', 'src/testing/**'];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'dev-dist/', 'test-results/', 'playwright-report/', '.bench/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: tsFiles,
    languageOptions: {
      parserOptions: {
        projectService: {
          // Outside tsconfig.json's `include` (and not imported from it): linted with its compiler options.
          allowDefaultProject: ['scripts/eslint-rules/*.test.ts'],
          defaultProject: 'tsconfig.json',
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { local: { rules: { 'no-ignored-result': noIgnoredResult } } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-implied-eval': 'error',
      'local/no-ignored-result': 'error',
    },
  },
  { files: ['src/ui/**/*.tsx', 'src/ui/**/*.ts'], ...solid },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-prototype-builtins': 'error',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-new-func': 'error',
      'no-implied-eval': 'off', // the type-aware @typescript-eslint/no-implied-eval replaces it in TypeScript
    },
  },
  // The global `NaN` is a property of the global object: Node's V8 (11.3) reads it as a boxed number, and where it
  // meets a double (`i >= 0 ? values[i] : NaN`) the result is boxed too, one allocation per call in the hottest
  // loops (measured: a backtest of 1 M bars allocated ~100 MB more and ran 15–25 % slower). `Number.NaN` is a
  // plain constant. Tests may use either.
  {
    files: ['src/core/**/*.ts'],
    ignores: testFiles,
    rules: { 'no-restricted-globals': ['error', { name: 'NaN', message: 'Use Number.NaN: the global NaN is boxed in hot code (eslint.config.js).' }] },
  },
  // Tests may use `any` to hand hostile input to a typed API.
  { files: testFiles, rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  // Playwright reads a test's fixtures from its first parameter's pattern: `async ({}, use)` asks for none.
  { files: ['e2e/**'], rules: { 'no-empty-pattern': 'off' } },
  // Plain JavaScript (this file, scripts/): Node ESM, no types.
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly' } },
    rules: { 'no-implied-eval': 'error' },
  },
);
