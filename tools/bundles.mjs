// esbuild settings for the Node bundles, shared by tools/build.mjs and the tests that run the
// bundled output.

// ESM bundles of CommonJS packages need what CommonJS modules get for free: a real `require`
// (pino, conf's dependencies) and `__filename` / `__dirname` (write-file-atomic).
export const requireShim = [
  "import { createRequire as __createRequire } from 'node:module';",
  "import { fileURLToPath as __fileURLToPath } from 'node:url';",
  "import { dirname as __pathDirname } from 'node:path';",
  'const require = __createRequire(import.meta.url);',
  'const __filename = __fileURLToPath(import.meta.url);',
  'const __dirname = __pathDirname(__filename);',
].join(' ');

const node = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning' };

/** Returns the settings of the `stemcrate` command's bundle: every package except keytar, a native module. */
export function cliBundle(outfile = 'dist/cli/stemcrate.js') {
  return {
    ...node,
    entryPoints: ['main/cli/stemcrate.ts'],
    outfile,
    format: 'esm',
    external: ['keytar'],
    banner: { js: `#!/usr/bin/env node\n${requireShim}` },
  };
}

/** Returns the settings of the Electron main process bundle. */
export function electronMainBundle(outfile = 'dist/main/electron.js') {
  return { ...node, entryPoints: ['main/app/electron-main.ts'], outfile, format: 'esm', external: ['electron', 'keytar'], banner: { js: requireShim } };
}

/** Returns the preload's settings: CommonJS, because sandboxed preloads cannot be ES modules. */
export function preloadBundle(outfile = 'dist/preload/index.cjs') {
  return { ...node, entryPoints: ['preload/index.ts'], outfile, format: 'cjs', external: ['electron'] };
}
