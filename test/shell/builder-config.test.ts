// Checks electron-builder.yml with electron-builder's own schema validation, then packages a
// stand-in app (`--linux dir` with a fake Electron distribution, no download) to check what the
// asar archive contains.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFile, cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile, access } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const require = createRequire(import.meta.url);
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  getConfig(projectDir: string, configPath: string | null, configFromOptions: unknown): Promise<Record<string, unknown>>;
  validateConfiguration(config: unknown, debugLogger: unknown): Promise<void>;
};
const { DebugLogger, log } = require('builder-util') as {
  DebugLogger: new (isEnabled: boolean) => unknown;
  log: { stream: NodeJS.WritableStream };
};
const asar = require('@electron/asar') as { listPackage(archive: string, options?: unknown): string[] };

// The test runner reserves stdout for its own protocol. electron-builder's info lines bypass
// setPrinter and write to the logger's stream, so that stream becomes a sink.
log.stream = new Writable({ write: (_chunk, _encoding, done) => done() });

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CONFIG_FILE = 'electron-builder.yml';

type Config = Record<string, unknown> & {
  mac?: Record<string, unknown>;
  win?: Record<string, unknown>;
  linux?: Record<string, unknown>;
};

async function loadConfig(): Promise<Config> {
  return (await getConfig(ROOT, CONFIG_FILE, null)) as Config;
}

function targetNames(target: unknown): string[] {
  const list = Array.isArray(target) ? target : [target];
  return list.map((entry) => (typeof entry === 'string' ? entry : (entry as { target: string }).target));
}

test('builder config passes schema validation', async () => {
  const config = await loadConfig();
  await validateConfiguration(config, new DebugLogger(false));
});

test('builder config rejects an unknown key', async () => {
  const config = await loadConfig();
  await assert.rejects(validateConfiguration({ ...config, notAnOption: true }, new DebugLogger(false)), /unknown property 'notAnOption'/);
});

test('builder config rejects a wrong type', async () => {
  const config = await loadConfig();
  await assert.rejects(validateConfiguration({ ...config, npmRebuild: 'no' }, new DebugLogger(false)), /npmRebuild/);
});

test('builder config names the app', async () => {
  const config = await loadConfig();
  assert.equal(config.appId, 'app.stemcrate.desktop');
  assert.equal(config.productName, 'Stemcrate');
});

test('builder config skips the native rebuild', async () => {
  assert.equal((await loadConfig()).npmRebuild, false);
});

test('builder config unpacks keytar', async () => {
  const unpack = (await loadConfig()).asarUnpack as string[];
  assert.ok(unpack.some((pattern) => pattern.includes('keytar') && pattern.endsWith('.node')), JSON.stringify(unpack));
});

test('builder config builds every target', async () => {
  const config = await loadConfig();
  assert.deepEqual(targetNames(config.mac?.target), ['dmg']);
  assert.deepEqual(targetNames(config.win?.target), ['nsis']);
  assert.deepEqual(targetNames(config.linux?.target).sort(), ['AppImage', 'deb']);
});

test('builder config sets categories and hardening', async () => {
  const config = await loadConfig();
  assert.equal(config.mac?.category, 'public.app-category.music');
  assert.equal(config.mac?.hardenedRuntime, true);
  assert.equal(config.linux?.category, 'Audio');
  await access(path.join(ROOT, String(config.mac?.entitlements)));
});

test('builder icon is large enough', async () => {
  const png = await readFile(path.join(ROOT, 'build', 'icon.png'));
  // The IHDR chunk starts at byte 8, so width and height sit at bytes 16 and 20.
  assert.ok(png.readUInt32BE(16) >= 512, 'macOS needs an icon at least 512 pixels wide');
  assert.ok(png.readUInt32BE(20) >= 512, 'macOS needs an icon at least 512 pixels high');
});

test('packaged app contains only bundles', { timeout: 180_000 }, async () => {
  const project = await mkdtemp(path.join(tmpdir(), 'stemcrate-package-'));
  try {
    // 1. A project with the real config, package.json and build resources, and stand-in bundles.
    await copyFile(path.join(ROOT, 'package.json'), path.join(project, 'package.json'));
    await copyFile(path.join(ROOT, CONFIG_FILE), path.join(project, CONFIG_FILE));
    await cp(path.join(ROOT, 'build'), path.join(project, 'build'), { recursive: true });
    await symlink(path.join(ROOT, 'node_modules'), path.join(project, 'node_modules'), 'dir');
    const files: Record<string, string> = {
      'dist/main/electron.js': '// main bundle',
      'dist/main/electron.js.map': '{}',
      'dist/preload/index.cjs': '// preload bundle',
      'dist/renderer/index.html': '<!doctype html>',
      'dist/tsc-node/main/core.js': '// type-check output',
      'main/core.ts': '// source',
      'test/shell/x.test.ts': '// test',
    };
    for (const [name, content] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(project, name)), { recursive: true });
      await writeFile(path.join(project, name), content);
    }

    // 2. A stand-in Electron distribution, so nothing is downloaded.
    const electronDist = path.join(project, 'electron-dist');
    await mkdir(electronDist);
    await writeFile(path.join(electronDist, 'electron'), '#!/bin/sh\n', { mode: 0o755 });
    await writeFile(path.join(electronDist, 'version'), '45.6.1');
    await writeFile(path.join(electronDist, 'LICENSE'), 'MIT');

    // 3. Package the unpacked Linux app.
    const cli = path.join(ROOT, 'node_modules', 'electron-builder', 'cli.js');
    await promisify(execFile)(process.execPath, [cli, '--linux', 'dir', '--publish', 'never', `-c.electronDist=${electronDist}`], {
      cwd: project,
      timeout: 170_000,
      env: { ...process.env, CI: 'true' },
    });

    // 4. The archive contains the bundles and package.json, no sources, tests or maps.
    const resources = path.join(project, 'release', 'linux-unpacked', 'resources');
    const entries = asar.listPackage(path.join(resources, 'app.asar'));
    const ownFiles = entries.filter((entry) => !entry.startsWith(`${path.sep}node_modules`));
    for (const expected of ['dist/main/electron.js', 'dist/preload/index.cjs', 'dist/renderer/index.html', 'package.json']) {
      assert.ok(ownFiles.includes(path.join(path.sep, expected)), `${expected} missing from app.asar`);
    }
    for (const unexpected of ['dist/main/electron.js.map', 'dist/tsc-node/main/core.js', 'main/core.ts', 'test/shell/x.test.ts']) {
      assert.ok(!ownFiles.includes(path.join(path.sep, unexpected)), `${unexpected} was packaged`);
    }

    // 5. keytar's native module sits outside the archive, where it can be loaded.
    await access(path.join(resources, 'app.asar.unpacked', 'node_modules', 'keytar', 'build', 'Release', 'keytar.node'));
  } finally {
    await rm(project, { recursive: true, force: true });
  }
});
