// Type-aware linting for every TypeScript file; formatting is Prettier's job.
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '**/*.js', '**/*.mjs', '**/drizzle.config.ts', '**/drizzle.*.config.ts'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      eqeqeq: ['error', 'always'],
      curly: ['error', 'all'],
      'no-console': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/libs/*', '../../*'], message: 'Use the path aliases (@app/…, @apps/…).' }] },
      ],
    },
  },
  {
    // A library never depends on an app, nor on test/ (whose platform starter starts every app).
    files: ['libs/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/libs/*', '../../*'], message: 'Use the path aliases (@app/…, @apps/…).' },
            {
              group: ['@apps/*', '@test/*', '**/apps/*', '**/test/*'],
              message:
                'A library must not import an app or test/: move the code into the app, or into test/support/ when only tests need it.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', 'libs/testing/**/*.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      // jest's asymmetric matchers (expect.objectContaining …) are typed `any`.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/require-await': 'off',
      // HTTP replies in API tests are untyped JSON, read field by field.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // Command-line scripts talk to a person on the terminal.
    files: ['scripts/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['apps/web/**/*.{ts,tsx}'],
    languageOptions: {
      globals: { ...globals.browser },
      parserOptions: { projectService: false, project: './apps/web/tsconfig.json', tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // The contracts' schemas pull Node code (node:crypto): the browser takes their types only.
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: '@app/contracts', message: 'Import types only: `import type { … } from`.', allowTypeImports: true }],
          patterns: [{ group: ['**/libs/*', '../../*'], message: 'Use the path aliases (@app/…, @apps/…).' }],
        },
      ],
    },
  },
  prettier,
);
