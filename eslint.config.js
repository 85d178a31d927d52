import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  { ignores: ['build/**', 'node_modules/**', '.data/**', 'test-results/**', 'playwright-report/**'] },
  ...tseslint.configs.recommended,
  {
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': ['error', { allow: ['warn', 'error', 'log', 'table'] }],
    },
  },
  {
    // Browser-reachable app code reaches server/ only through app/services/*.server.ts, which the
    // Remix compiler empties in the browser build (it only does that inside app/). Two modules of
    // pure, shared data are allowed directly.
    files: ['app/**/*.{ts,tsx}'],
    ignores: ['app/**/*.server.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+(server|db|jobs)/(?!(order-status|pricing)$)',
              message: 'Import server code through ~/services/*.server (see app/services) so it never reaches the browser bundle.',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
  {
    // server/, db/ and jobs/ never import from app/ (the design's one-way dependency rule).
    files: ['server/**', 'db/**', 'jobs/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/app/**', '~/*'], message: 'server/, db/ and jobs/ must not import from app/' }] }] },
  },
);
