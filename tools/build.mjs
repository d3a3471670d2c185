// Builds every runnable piece into dist/: the Electron main process and preload (esbuild), the
// CLI, the loopback host's browser bridge, and the renderer (Vite). The Node bundles include every
// package except keytar (a native module), so the packaged app needs only keytar in node_modules.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { chmodSync } from 'node:fs';

// ESM bundles of CommonJS packages (pino, conf's dependencies) need a real `require`.
const requireShim = "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

const node = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning' };

await Promise.all([
  build({
    ...node,
    entryPoints: ['main/app/electron-main.ts'],
    outfile: 'dist/main/electron.js',
    format: 'esm',
    external: ['electron', 'keytar'],
    banner: { js: requireShim },
  }),
  build({
    ...node,
    entryPoints: ['preload/index.ts'],
    outfile: 'dist/preload/index.cjs',
    format: 'cjs',
    external: ['electron'],
  }),
  build({
    ...node,
    entryPoints: ['main/cli/stemcrate.ts'],
    outfile: 'dist/cli/stemcrate.js',
    format: 'esm',
    external: ['keytar'],
    banner: { js: `#!/usr/bin/env node\n${requireShim}` },
  }),
  build({
    bundle: true,
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    logLevel: 'warning',
    entryPoints: ['test/host/browser/bridge-client.ts'],
    outfile: 'dist/host/bridge.js',
  }),
]);
chmodSync('dist/cli/stemcrate.js', 0o755);

const vite = spawnSync('npx', ['vite', 'build', '-c', 'renderer/vite.config.ts', '--logLevel', 'warn'], { stdio: 'inherit' });
if (vite.status !== 0) process.exit(vite.status ?? 1);
