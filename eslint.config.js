// Typed lint rules for what the type checker cannot see: promises nobody awaits or handles
// (docs/architecture.md §4.3), hook and accessibility mistakes in the renderer, and the import
// boundaries between the four parts. Formatting is Prettier's (npm run format:check).
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import jsxA11y from 'eslint-plugin-jsx-a11y';

/** Import patterns a part may not use: the backend runs without Electron or a DOM, the renderer talks to it only over the transport. */
const forbid = (groups, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: groups, message }] }],
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'release/**', 'test-results/**', 'playwright-report/**', 'bench/.scratch/**'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks, 'jsx-a11y': jsxA11y },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...jsxA11y.flatConfigs.recommended.rules,
      ...forbid(
        ['**/backend/**', '**/electron/**', 'electron'],
        'The renderer reaches the backend only through its transport (renderer/transport) and shared/.',
      ),
    },
  },
  {
    files: ['backend/**/*.ts'],
    rules: forbid(['**/renderer/**', '**/electron/**', 'electron'], 'The backend runs in plain Node (serve, tests): no Electron, no renderer code.'),
  },
  {
    files: ['shared/**/*.ts'],
    rules: forbid(['**/backend/**', '**/renderer/**', '**/electron/**', 'electron', 'node:*'], 'shared/ is used by both sides: plain TypeScript only.'),
  },
);
