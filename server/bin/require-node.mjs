// Refuses to run on a Node older than 24. npm scripts put node_modules/.bin first on PATH, where
// the npm `node` package installs Node 24; if install scripts were skipped we land on the
// system Node instead and must say so rather than fail in strange ways later.
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  console.error(
    `DotShop needs Node 24 or newer, but this is Node ${process.version} (${process.execPath}).\n` +
      `Fix: run 'npm install' (or 'npm ci') with install scripts enabled so the 'node' package ` +
      `installs Node 24 into node_modules/.bin, and run commands through 'npm run …' or 'npx'.`,
  );
  process.exit(1);
}
