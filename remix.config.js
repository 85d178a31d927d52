/** Remix 2 classic compiler. Every v3 future flag is on so the app is ready for React Router 7. */
/** @type {import('@remix-run/dev').AppConfig} */
export default {
  appDirectory: 'app',
  // Build output stays inside build/ (git-ignored) so the top level holds only the design card's entries.
  assetsBuildDirectory: 'build/public/build',
  publicPath: '/build/',
  serverBuildPath: 'build/server/index.js',
  serverModuleFormat: 'esm',
  serverPlatform: 'node',
  ignoredRouteFiles: ['**/.*', '**/*.test.{ts,tsx}'],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: true,
  },
};
