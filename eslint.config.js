import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

// The layout's doors and directions (ADR 015), enforced:
//   app → app/services/*.server (one door per module) → server/modules/<area>/index.ts
//   server/modules → other modules' doors, server/platform, server/integrations, db
//   jobs → server (never the reverse); db → nothing of ours; emulators ← tests and the local stack only
const TESTS = ['**/*.test.{ts,tsx}', 'server/testing/**', 'server/web/api/test-context.ts', 'db/testing/**', 'e2e/**', 'bench/**'];
const noEmulators = { group: ['**/emulators/**'], message: 'Only tests, benches and the local stack (by path) use emulators/.' };
const noApp = { group: ['**/app/**', '~/*'], message: 'server/, db/ and jobs/ must not import from app/.' };
const noJobs = { group: ['**/jobs/**'], message: 'jobs/ depends on server/, never the reverse (queues live in server/platform/queues).' };
const throughDoors = {
  regex: '(^|/)modules/[^/]+/[^/]+',
  message: "Reach a module through its door (server/modules/<area>/index.ts), not its files.",
  allowTypeImports: false,
};

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
    // Remix compiler empties in the browser build (it only does that inside app/). Four modules of
    // pure, shared data are allowed directly (order statuses and their labels; pricing tables; the
    // admin permission vocabulary; the markets, whose codes build every storefront URL — ADR 022).
    files: ['app/**/*.{ts,tsx}'],
    ignores: ['app/**/*.server.{ts,tsx}', '**/*.test.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+(server|db|jobs)/(?!modules/orders/order-status$|modules/checkout/pricing$|modules/admin/permissions$|modules/catalog/markets$)',
              message: 'Import server code through ~/services/*.server (see app/services) so it never reaches the browser bundle.',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
  {
    files: ['app/**/*.server.{ts,tsx}'],
    ignores: ['app/services/**', ...TESTS],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ ...throughDoors, allowTypeImports: true }] }] },
  },
  {
    files: ['server/**', 'db/**', 'jobs/**'],
    ignores: TESTS,
    rules: { 'no-restricted-imports': ['error', { patterns: [noApp, noJobs, noEmulators] }] },
  },
  {
    // A module reaches another module only through its door, and never the web edge, Remix, the
    // queue runtime (it states effects through platform/outbox) or an entry point.
    files: ['server/modules/**'],
    ignores: TESTS,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'pg-boss', message: 'Modules send jobs through the Outbox (server/platform/outbox), not pg-boss.', allowTypeImports: true }],
          patterns: [
            noApp,
            noJobs,
            noEmulators,
            { group: ['@remix-run/*'], message: 'Modules are framework-free: Requests, cookies and Responses belong in server/web.' },
            { regex: '^\\.\\./(?!\\.\\.)[^/]+/', message: "Reach another module through its door ('../<area>'), not its files." },
            { regex: '^(\\.\\./)+(web|bin)(/|$)', message: 'Modules never import the web edge or the entry points.' },
          ],
        },
      ],
    },
  },
  {
    files: ['server/platform/**', 'server/integrations/**', 'db/**'],
    ignores: TESTS,
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [noApp, noJobs, noEmulators, { regex: '(^|/)(modules|web|bin)(/|$)', message: 'platform/, integrations/ and db/ sit below the modules: they import none of them.' }] },
      ],
    },
  },
  {
    files: ['server/web/**', 'server/bin/**', 'jobs/**'],
    ignores: TESTS,
    rules: { 'no-restricted-imports': ['error', { patterns: [noApp, throughDoors] }] },
  },
);
