// The bundled `stemcrate` command (what `npm link` installs), not the TypeScript sources: a
// separation must write its stems and manifest, which exercises every bundled package.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
// @ts-expect-error: a plain JavaScript module shared with tools/build.mjs; it has no types.
import { cliBundle } from '../../tools/bundles.mjs';
import { startSimulator, type Simulator } from '../simulator/simulator.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('bundled stemcrate CLI', () => {
  let root: string;
  let bundle: string;
  let simulator: Simulator;

  before(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'stemcrate-bundle-'));
    // Inside the repository, so the bundle resolves keytar from its node_modules as when installed.
    bundle = path.join(repoRoot, 'dist', `cli-test-${process.pid}`, 'stemcrate.js');
    await build({ ...(cliBundle(bundle) as object), absWorkingDir: repoRoot, logLevel: 'error' });
    simulator = await startSimulator({ pendingMs: 200, runningMs: 200 });
  });
  after(async () => {
    await simulator.close();
    await rm(root, { recursive: true, force: true });
    await rm(path.dirname(bundle), { recursive: true, force: true });
  });

  it('separates a song into the library', async () => {
    const generation = simulator.generationTasks[0];
    assert.ok(generation);
    const args = [
      bundle,
      'separate',
      '--task-id',
      generation.taskId,
      '--suno-id',
      generation.songs[0]?.sunoId ?? '',
      '--mode',
      'vocal',
      '--wait',
      '--json',
      '--api-base',
      simulator.url,
      '--library',
      path.join(root, 'Library'),
      '--data-dir',
      path.join(root, 'data'),
      '--poll-interval',
      '1',
    ];
    const { stdout } = await new Promise<{ stdout: string }>((resolve, reject) => {
      execFile(process.execPath, args, { env: { PATH: process.env.PATH, HOME: root, CRUN_API_KEY: 'sim-test-key-0001' }, timeout: 60_000 }, (error, out, err) =>
        error ? reject(new Error(`exit ${String(error.code)}: ${err}`)) : resolve({ stdout: out }),
      );
    });
    const result = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as { status: string; songDir: string; stems: unknown[] };
    assert.equal(result.status, 'done');
    assert.equal(result.stems.length, 3);
    const manifest = JSON.parse(await readFile(path.join(result.songDir, 'stemcrate.json'), 'utf8')) as { stems: unknown[] };
    assert.equal(manifest.stems.length, 3);

    // A second start loads the saved index while a worker thread lists the song folders. The
    // worker's code is a string inside the bundle; if it failed, the command would still work,
    // so only the log shows it.
    const common = ['--library', path.join(root, 'Library'), '--data-dir', path.join(root, 'data')];
    const listed = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, [bundle, 'library', 'list', '--json', ...common], { env: { PATH: process.env.PATH, HOME: root }, timeout: 60_000 }, (error, out, err) =>
        error ? reject(new Error(`exit ${String(error.code)}: ${err}`)) : resolve(out),
      );
    });
    assert.equal((JSON.parse(listed) as unknown[]).length, 1);
    const logDir = path.join(root, 'data', 'logs');
    const logs = await Promise.all((await readdir(logDir)).map((name) => readFile(path.join(logDir, name), 'utf8')));
    assert.ok(logs.join('').includes('"msg":"core started"'), 'the log was read');
    assert.doesNotMatch(logs.join(''), /worker thread|sha256 worker failed/);
  });
});
