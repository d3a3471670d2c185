// The actions behind each `stemcrate` command. Each returns the process exit code; expected
// failures are AppErrors that the entry turns into one line and an exit code.
import path from 'node:path';
import type { SeparationMode, TaskDto } from '../../preload/contract.js';
import type { Core } from '../core.js';
import { AppError } from '../errors.js';
import { MEMORY_STORE_CONSEQUENCE } from '../secrets/create-secret-store.js';
import { EXIT, exitCodeFor } from './exit-codes.js';
import { waitForTask } from './wait-for-task.js';

export interface Output {
  json: boolean;
  /** Result lines for standard output. */
  print(line: string): void;
  /** Progress and messages for standard error. */
  info(line: string): void;
}

export interface SeparateOptions {
  taskId: string;
  sunoId: string;
  mode: SeparationMode;
  wait: boolean;
  confirmDuplicate: boolean;
}

export async function separate(core: Core, options: SeparateOptions, out: Output): Promise<number> {
  const submitted = await core.engine.submit({
    generationTaskId: options.taskId,
    sunoId: options.sunoId,
    mode: options.mode,
    confirmDuplicate: options.confirmDuplicate,
  });
  out.info(`Submitted "${submitted.songTitle}" (${options.mode}) as task ${submitted.taskId ?? '(pending id)'}.`);

  if (!options.wait) {
    if (out.json) out.print(JSON.stringify({ taskId: submitted.taskId, status: submitted.state, songDir: null, stems: [] }));
    return EXIT.ok;
  }

  const task = await waitForTask(core, submitted.id, (progress) => out.info(`Task ${progress.taskId}: ${progress.state}`));
  await core.engine.settled();
  return reportTask(core, core.engine.get(task.id), out);
}

function reportTask(core: Core, task: TaskDto, out: Output): number {
  const song = task.songId ? core.library.get(task.songId) : undefined;
  const stems =
    song?.manifest.stems
      .filter((stem) => stem.taskId === task.taskId)
      .map((stem) => ({ key: stem.key, path: path.join(song.directory, stem.fileName), bytes: stem.bytes })) ?? [];

  if (out.json) {
    out.print(JSON.stringify({ taskId: task.taskId, status: task.state, songDir: song?.directory ?? null, stems }));
  } else {
    out.print(`${task.songTitle}: ${task.state}`);
    for (const stem of stems) out.print(`  ${stem.key.padEnd(16)} ${stem.path}`);
  }

  if (task.state === 'done') return EXIT.ok;
  const error = task.error ?? { code: 'generation_failed' as const, message: `The task ended as ${task.state}.` };
  if (!out.json) out.info(`Error: ${error.message}`);
  return task.state === 'lost' ? EXIT.taskFailed : exitCodeFor(error.code);
}

export async function songs(core: Core, taskId: string, out: Output): Promise<number> {
  const generation = await core.client.getGenerationTask(taskId);
  if (out.json) {
    out.print(JSON.stringify(generation));
    return EXIT.ok;
  }
  out.print(`Generation task ${generation.taskId}: ${generation.rawStatus}`);
  for (const song of generation.songs) {
    const duration = song.durationSeconds === null ? '?' : `${Math.round(song.durationSeconds)} s`;
    out.print(`  ${song.sunoId}  ${song.title}  (${duration})  ${song.tags}`);
  }
  return EXIT.ok;
}

export async function status(core: Core, taskId: string, out: Output): Promise<number> {
  const info = await core.client.getSeparationTask(taskId);
  const local = core.engine.store.findByTaskId(taskId);
  if (out.json) {
    out.print(JSON.stringify({ taskId: info.taskId, status: info.rawStatus, localState: local?.state ?? null, stems: info.stems.map((stem) => stem.key), failure: info.failure }));
  } else {
    out.print(`Task ${info.taskId}: ${info.rawStatus}${local ? ` (in this app: ${local.state})` : ''}`);
    if (info.failure) out.print(`  Failure: ${info.failure.code ?? ''} ${info.failure.message ?? ''}`.trimEnd());
    for (const stem of info.stems) out.print(`  ${stem.key}`);
  }
  return info.status === 'failed' ? EXIT.taskFailed : EXIT.ok;
}

export function libraryList(core: Core, out: Output): number {
  const entries = core.library.list({ sort: 'title' });
  if (out.json) {
    out.print(
      JSON.stringify(
        entries.map((entry) => ({
          songId: entry.manifest.songId,
          title: entry.manifest.song.title,
          folder: entry.directory,
          separations: entry.manifest.separations.map((separation) => ({ taskId: separation.taskId, mode: separation.mode })),
          stems: entry.manifest.stems.map((stem) => ({ key: stem.key, mode: stem.mode, file: stem.fileName, bytes: stem.bytes })),
        })),
      ),
    );
    return EXIT.ok;
  }
  if (entries.length === 0) out.print(`The library at ${core.library.root} is empty.`);
  for (const entry of entries) out.print(`${entry.manifest.song.title}  (${entry.manifest.stems.length} stems)  ${entry.directory}`);
  return EXIT.ok;
}

export async function keyCommand(core: Core, action: string, readStdin: () => Promise<string>, out: Output): Promise<number> {
  switch (action) {
    case 'set': {
      const key = (await readStdin()).trim();
      if (!key) throw new AppError('invalid_argument', 'No key on standard input; pipe it in, for example: stemcrate key set < key.txt');
      const result = await core.setKey(key);
      if (result.storage === 'memory') {
        // A command ends right away, so a key kept in this process's memory is lost with it.
        await core.removeKey();
        // The app's consequence (the key lasts for this run) does not apply to a command that has ended.
        const cause = result.keychainProblem?.replace(MEMORY_STORE_CONSEQUENCE, '').trim();
        const reason = cause ? ` (${cause})` : '';
        throw new AppError(
          'keychain_unavailable',
          `The key was not saved: no keychain is usable here${reason}. Set CRUN_API_KEY for each command instead, or fix the keychain and run "stemcrate key set" again.`,
        );
      }
      out.print(`API key stored (${result.storage}).`);
      if (result.keychainProblem) out.info(result.keychainProblem);
      return EXIT.ok;
    }
    case 'delete':
      await core.removeKey();
      out.print('API key deleted.');
      return EXIT.ok;
    case 'status': {
      const result = await core.keyStatus();
      if (out.json) out.print(JSON.stringify(result));
      else out.print(result.isSet ? `An API key is set (${result.storage}).` : 'No API key is set.');
      if (result.keychainProblem && !out.json) out.info(result.keychainProblem);
      return EXIT.ok;
    }
    default:
      throw new AppError('invalid_argument', `Unknown key action "${action}"; use set, delete or status.`);
  }
}
