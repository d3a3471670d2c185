// Builds every runnable piece into dist/: the Electron main process and preload (esbuild), the
// CLI, the loopback host's browser bridge, and the renderer (Vite). The Node bundles include every
// package except keytar (a native module), so the packaged app needs only keytar in node_modules.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { chmodSync } from 'node:fs';
import { cliBundle, electronMainBundle, preloadBundle } from './bundles.mjs';

await Promise.all([
  build(electronMainBundle()),
  build(preloadBundle()),
  build(cliBundle()),
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
