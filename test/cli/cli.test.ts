// The `stemcrate` command as a child process against the simulator on 127.0.0.1.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { startSimulator, type Simulator } from '../simulator/simulator.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const KEY = 'sim-test-key-0001';

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', path.join(repoRoot, 'main/cli/stemcrate.ts'), ...args],
      { env: { PATH: process.env.PATH, HOME: env.HOME, ...env }, timeout: 90_000 },
      (error, stdout, stderr) => {
        let code = 0;
        if (error) code = typeof error.code === 'number' ? error.code : 1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('stemcrate CLI', () => {
  let simulator: Simulator;
  let root: string;
  let env: NodeJS.ProcessEnv;
  let common: string[];

  before(async () => {
    simulator = await startSimulator({ pendingMs: 300, runningMs: 600 });
    root = await mkdtemp(path.join(os.tmpdir(), 'stemcrate-cli-'));
    env = { HOME: root, CRUN_API_KEY: KEY };
    common = ['--api-base', simulator.url, '--library', path.join(root, 'Library'), '--data-dir', path.join(root, 'data'), '--poll-interval', '1'];
  });
  after(async () => {
    await simulator.close();
    await rm(root, { recursive: true, force: true });
  });

  const song = (index: number) => {
    const generation = simulator.generationTasks[index];
    assert.ok(generation);
    const first = generation.songs[0];
    assert.ok(first);
    return { taskId: generation.taskId, sunoId: first.sunoId, title: first.title };
  };

  it('lists the songs of a generation task', async () => {
    const { taskId, title } = song(0);
    const run = await runCli(['songs', '--task-id', taskId, '--json', ...common], env);
    assert.equal(run.code, 0, run.stderr);
    const parsed = JSON.parse(run.stdout);
    assert.ok(parsed.songs.some((entry: { title: string }) => entry.title === title));
  });

  it('separates in instrumental mode and leaves every stem and the manifest', async () => {
    const { taskId, sunoId } = song(0);
    const run = await runCli(['separate', '--task-id', taskId, '--suno-id', sunoId, '--mode', 'instrumental', '--wait', '--json', ...common], env);
    assert.equal(run.code, 0, run.stderr);
    const result = JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}');
    assert.equal(result.status, 'done');
    assert.ok(result.taskId);
    assert.equal(result.stems.length, 13);
    const files = await readdir(result.songDir);
    assert.ok(files.includes('stemcrate.json'));
    for (const stem of result.stems) {
      const info = await stat(stem.path);
      assert.equal(info.size, stem.bytes, `${stem.key} size on disk`);
      assert.ok(path.dirname(stem.path) === result.songDir);
    }
    const manifest = JSON.parse(await readFile(path.join(result.songDir, 'stemcrate.json'), 'utf8'));
    const drums = manifest.stems.find((stem: { key: string }) => stem.key === 'drums');
    const digest = createHash('sha256').update(await readFile(path.join(result.songDir, drums.fileName))).digest('hex');
    assert.equal(digest, drums.sha256);
  });

  it('separates in vocal mode', async () => {
    const { taskId, sunoId } = song(1);
    const run = await runCli(['separate', '--task-id', taskId, '--suno-id', sunoId, '--mode', 'vocal', '--wait', '--json', ...common], env);
    assert.equal(run.code, 0, run.stderr);
    const result = JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}');
    assert.deepEqual(result.stems.map((stem: { key: string }) => stem.key).sort(), ['instrumental', 'origin', 'vocal']);
  });

  it('exits 2 for an unconfirmed duplicate and names the flag', async () => {
    const { taskId, sunoId } = song(1);
    const run = await runCli(['separate', '--task-id', taskId, '--suno-id', sunoId, '--mode', 'vocal', ...common], env);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /already separated/);
    assert.match(run.stderr, /costs about 1 credit\./);
    assert.doesNotMatch(run.stderr, /Confirm to/);
  });

  it('exits 1 when the task fails at the provider', async () => {
    const generation = simulator.generationTasks[1];
    assert.ok(generation);
    const sunoId = generation.songs[1]?.sunoId ?? '';
    simulator.failNextTask({ code: 'SEPARATION_ERROR', message: 'could not isolate vocals' });
    const run = await runCli(['separate', '--task-id', generation.taskId, '--suno-id', sunoId, '--mode', 'vocal', '--wait', ...common], env);
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(run.stderr, /could not isolate vocals/);
  });

  it('exits 3 when the API rejects the key', async () => {
    const { taskId, sunoId } = song(0);
    const run = await runCli(['separate', '--task-id', taskId, '--suno-id', sunoId, '--mode', 'vocal', ...common], { ...env, CRUN_API_KEY: 'not-the-right-key' });
    assert.equal(run.code, 3);
    assert.equal(run.stderr.trim().split('\n').length, 1, `one line: ${run.stderr}`);
    assert.doesNotMatch(run.stderr, /not-the-right-key/);
  });

  it('exits 2 for invalid usage', async () => {
    const run = await runCli(['separate', '--task-id', 'x', '--mode', 'karaoke', ...common], env);
    assert.equal(run.code, 2);
  });

  it('exits 2 for a malformed task id', async () => {
    const before = simulator.requests.length;
    const run = await runCli(['songs', '--task-id', 'https://suno.com/song/abc', ...common], env);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /"https:\/\/suno\.com\/song\/abc" is not a task id/);
    assert.equal(simulator.requests.length, before, 'no request is sent');
  });

  it('exits 3 when no keychain keeps the key', async () => {
    // The child gets no D-Bus address, so keytar finds no Secret Service and the key could only
    // live in the command's own memory.
    const run = await new Promise<CliRun>((resolve) => {
      const child = execFile(
        process.execPath,
        ['--import', 'tsx', path.join(repoRoot, 'main/cli/stemcrate.ts'), 'key', 'set', '--data-dir', path.join(root, 'key-data')],
        { env: { PATH: process.env.PATH, HOME: root }, timeout: 60_000 },
        (error, stdout, stderr) => resolve({ code: error && typeof error.code === 'number' ? error.code : 0, stdout, stderr }),
      );
      child.stdin?.end('sandbox-key-0001\n');
    });
    assert.equal(run.code, 3, run.stdout + run.stderr);
    assert.match(run.stderr, /The key was not saved: no keychain is usable here/);
    assert.match(run.stderr, /CRUN_API_KEY/);
    assert.doesNotMatch(run.stderr, /for this run only/);
    assert.doesNotMatch(run.stdout + run.stderr, /sandbox-key-0001/);
  });

  it('lists the library as JSON', async () => {
    const run = await runCli(['library', 'list', '--json', ...common], env);
    assert.equal(run.code, 0, run.stderr);
    const songs = JSON.parse(run.stdout);
    assert.ok(songs.length >= 2);
  });
});
