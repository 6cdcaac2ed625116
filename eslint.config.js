// `npm run lint`: TypeScript, React's hooks rules, accessibility in JSX, and every browser API the app
// calls checked against the browsers we support (the "browserslist" entry in package.json).
import js from '@eslint/js';
import compat from 'eslint-plugin-compat';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'artifacts/', 'coverage/', 'node_modules/', '**/*.new-*/', 'synthetic-data/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // What runs in the reader's browser.
  {
    files: ['src/**/*.{ts,tsx}', 'public/**/*.js'],
    ignores: ['src/pipeline/**'],
    languageOptions: { globals: globals.browser },
    plugins: { compat, 'react-hooks': reactHooks, 'jsx-a11y': jsxA11y },
    settings: { lintAllEsApis: true },
    rules: {
      ...compat.configs['flat/recommended'].rules,
      ...reactHooks.configs.recommended.rules,
      ...jsxA11y.flatConfigs.recommended.rules,
      // Newer than the supported browsers, and missing from the compat plugin's data (which predates them).
      'no-restricted-properties': [
        'error',
        { object: 'AbortSignal', property: 'any', message: 'AbortSignal.any needs Safari 17.4 and Chrome 116.' },
        { object: 'Object', property: 'groupBy', message: 'Object.groupBy needs Safari 17.4 and Chrome 117.' },
        { object: 'Map', property: 'groupBy', message: 'Map.groupBy needs Safari 17.4 and Chrome 117.' },
        { object: 'Promise', property: 'withResolvers', message: 'Promise.withResolvers needs Safari 17.4 and Chrome 119.' },
        { object: 'Promise', property: 'try', message: 'Promise.try needs Safari 18.2 and Chrome 128.' },
      ],
    },
  },
  {
    files: ['public/**/*.js'],
    languageOptions: { sourceType: 'script' },
  },
  // Node: the pipeline, the scripts and the tests.
  {
    files: ['src/pipeline/**', 'scripts/**', 'tests/**', '*.config.{ts,js}', '.dependency-cruiser.cjs', '.size-limit.js'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    files: ['tests/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
