// A headless app for the crash test: starts the core on the given folders, submits each listed
// song that has no task record yet, prints every task event as a JSON line, and exits once every
// task has ended. The test kills it with SIGKILL at random points and starts it again.
// Usage: node crash-runner.mjs '<json options>'   (CRUN_API_KEY in the environment)
import { createCore } from '../../../main/core.js';
import type { SeparationMode, TaskState } from '../../../preload/contract.js';

interface RunnerOptions {
  dataDir: string;
  libraryDir: string;
  apiBase: string;
  songs: { generationTaskId: string; sunoId: string; mode: SeparationMode }[];
}

const ENDED: ReadonlySet<TaskState> = new Set(['done', 'failed', 'lost', 'expired', 'cancelled', 'maybe_submitted', 'paused']);
/** How long the runner waits for the covers the core fetches after "done", ms. */
const COVER_WAIT_MS = 5_000;

const print = (line: Record<string, unknown>): void => {
  process.stdout.write(`${JSON.stringify(line)}\n`);
};

const options = JSON.parse(process.argv[2] ?? '{}') as RunnerOptions;
const core = await createCore({
  dataDir: options.dataDir,
  defaultLibraryDir: options.libraryDir,
  keychainService: `Stemcrate Crash Test ${process.pid}`,
  overrides: { apiBase: options.apiBase, pollIntervalSeconds: 1 },
});
core.onEvent((event) => {
  if (event.type === 'task') print({ type: 'task', id: event.task.id, taskId: event.task.taskId, sunoId: event.task.sunoId, state: event.task.state });
});
print({ type: 'started', tasks: core.engine.list().length });

for (const song of options.songs) {
  const known = core.engine.list().some((task) => task.sunoId === song.sunoId && task.mode === song.mode);
  if (known) continue;
  try {
    await core.engine.submit(song);
  } catch (error) {
    print({ type: 'submit-error', sunoId: song.sunoId, message: error instanceof Error ? error.message : String(error) });
  }
}

const allEnded = (): boolean => core.engine.list().every((task) => ENDED.has(task.state));
while (!allEnded()) await new Promise((resolve) => setTimeout(resolve, 50));
await core.engine.settled();

// The core downloads each song's cover after its separation is done; let that finish too.
const deadline = Date.now() + COVER_WAIT_MS;
const coversPending = (): boolean =>
  core.engine.list().some((task) => task.state === 'done' && task.songId !== null && !core.library.get(task.songId)?.manifest.coverFile);
while (coversPending() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));

print({ type: 'finished', tasks: core.engine.list().map((task) => ({ id: task.id, taskId: task.taskId, sunoId: task.sunoId, mode: task.mode, state: task.state })) });
await core.stop();
