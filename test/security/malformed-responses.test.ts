// Malformed crun.ai responses, run through the client and through a real core's task engine. Each
// ends in a clear error, nothing crashes, nothing is fetched from another local port, and nothing
// is written outside the library.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import type { TaskDto } from '../../preload/contract.js';
import { createCrunClient } from '../../main/api/client.js';
import { RateLimiter } from '../../main/api/rate-limiter.js';
import type { SeparationTaskInfo } from '../../main/api/types.js';
import { AppError } from '../../main/errors.js';
import { createLogger, setRootLogger } from '../../main/log/logger.js';
import type { Simulator } from '../simulator/simulator.js';
import { SEED_IDS } from '../simulator/seed.js';
import { startCoreFixture, type CoreFixture } from '../support/core-fixture.js';
import { filesOutside, listFiles, newFiles } from './file-scan.js';
import { MALFORMED_CASES, type FaultContext, type MalformedCase } from './malformed-corpus.js';
import { startRequestTrap, type RequestTrap } from './request-trap.js';

const unhandled: unknown[] = [];
process.on('unhandledRejection', (reason) => unhandled.push(reason));
process.on('uncaughtException', (error) => unhandled.push(error));

const logLines: string[] = [];
setRootLogger(
  createLogger({
    level: 'warn',
    stream: new Writable({
      write(chunk: Buffer, _encoding, callback) {
        logLines.push(chunk.toString('utf8'));
        callback();
      },
    }),
  }),
);

/** Maximum wait for a task's end state, in ms. The first task query comes one second after submission. */
const SETTLE_TIMEOUT_MS = 20_000;
const SETTLE_CHECK_MS = 25;
/** Maximum log line length, in characters. A rejected body is logged cut to 2 KB, far below it. */
const MAX_LOG_LINE = 16 * 1024;
const SONG = { generationTaskId: SEED_IDS.midnightTask, sunoId: SEED_IDS.midnightSong, mode: 'vocal' as const };
const TERMINAL_STATES = new Set(['maybe_submitted', 'done', 'failed', 'lost', 'expired', 'cancelled', 'paused']);
const PARTIAL_OR_AUDIO = /\.(part|mp3|wav|flac|m4a|ogg|aiff?|png|jpe?g|webp)$/i;

interface ClientOutcome {
  error: AppError | null;
  info: SeparationTaskInfo | null;
}

interface CaseOutcome {
  client: ClientOutcome | null;
  submitError: unknown;
  task: TaskDto | undefined;
  rejectedStems: { sourceKey: string; reason: string }[];
  /** Files the case created outside the library folder. */
  createdOutsideLibrary: { file: string; bytes: number }[];
  dataDir: string;
  trapRequests: number;
}

function injectFaults(simulator: Simulator, testCase: MalformedCase, context: FaultContext): void {
  for (const { endpoint, faults } of testCase.faults(context)) simulator.injectFaults(endpoint, faults);
}

async function runThroughClient(testCase: MalformedCase, simulator: Simulator, apiKey: string, trap: RequestTrap): Promise<ClientOutcome> {
  const client = createCrunClient({ apiBase: simulator.url, getKey: async () => apiKey, limiter: new RateLimiter(), timeoutMs: 10_000 });
  const taskId = testCase.phase === 'TaskInfo' ? (await client.createSeparation(SONG)).taskId : '';
  injectFaults(simulator, testCase, { taskId, apiOrigin: simulator.url, trapOrigin: trap.url });
  try {
    if (testCase.phase === 'CreateTask') {
      await client.createSeparation(SONG);
      return { error: null, info: null };
    }
    return { error: null, info: await client.getSeparationTask(taskId) };
  } catch (error) {
    // Anything but an AppError is a crash the caller would not expect, so it fails the case.
    if (error instanceof AppError) return { error, info: null };
    throw error;
  }
}

/** True once a task has ended, or shows an error while it waits for its next query. */
function isSettled(task: TaskDto): boolean {
  if (TERMINAL_STATES.has(task.state)) return true;
  return (task.state === 'pending' || task.state === 'running') && task.error !== null;
}

/** Returns the fixture's only task once it is settled, or as it is after SETTLE_TIMEOUT_MS. */
async function waitForSettledTask(fixture: CoreFixture): Promise<TaskDto | undefined> {
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  let task = fixture.core.engine.list()[0];
  while (Date.now() < deadline && !(task && isSettled(task))) {
    await new Promise((resolve) => setTimeout(resolve, SETTLE_CHECK_MS));
    task = fixture.core.engine.list()[0];
  }
  return task;
}

async function runCase(testCase: MalformedCase, fixture: CoreFixture, apiKey: string, trap: RequestTrap): Promise<CaseOutcome> {
  const { core, simulator } = fixture;
  // Real paths, because the library root is one and the listing is compared against it.
  const root = await realpath(path.dirname(fixture.dataDir));
  const dataDir = await realpath(fixture.dataDir);
  const filesBefore = await listFiles(root);
  const client = testCase.client === null ? null : await runThroughClient(testCase, simulator, apiKey, trap);

  if (testCase.phase === 'CreateTask') injectFaults(simulator, testCase, { taskId: '', apiOrigin: simulator.url, trapOrigin: trap.url });
  let submitError: unknown = null;
  try {
    const submitted = await core.engine.submit({ ...SONG, confirmDuplicate: true });
    // The first task query comes a poll interval later, so these faults are queued before it.
    if (testCase.phase === 'TaskInfo') injectFaults(simulator, testCase, { taskId: submitted.taskId ?? '', apiOrigin: simulator.url, trapOrigin: trap.url });
  } catch (error) {
    submitError = error;
  }

  const task = await waitForSettledTask(fixture);
  if (task && (task.state === 'pending' || task.state === 'running')) core.engine.cancel(task.id);
  await core.engine.settled();

  const created = filesOutside(newFiles(filesBefore, await listFiles(root)), [core.library.root]);
  return {
    client,
    submitError,
    task,
    rejectedStems: task ? (core.engine.store.get(task.id)?.rejectedStems ?? []) : [],
    createdOutsideLibrary: await Promise.all(created.map(async (file) => ({ file, bytes: (await stat(file)).size }))),
    dataDir,
    trapRequests: trap.requests.length,
  };
}

describe('malformed API responses', { concurrency: true }, () => {
  for (const [index, testCase] of MALFORMED_CASES.entries()) {
    describe(testCase.name, () => {
      const apiKey = `sk-malformed-${index}-${randomBytes(6).toString('hex')}`;
      let fixture: CoreFixture;
      let trap: RequestTrap;
      let outcome: CaseOutcome;

      before(async () => {
        trap = await startRequestTrap();
        // Tasks finish at once, so the first query already carries the stem links.
        fixture = await startCoreFixture({ apiKey, simulator: { apiKeys: [apiKey], pendingMs: 0, runningMs: 0 } });
        outcome = await runCase(testCase, fixture, apiKey, trap);
      });
      after(async () => {
        await fixture?.close();
        await trap?.close();
      });

      const expectedClient = testCase.client;
      if (expectedClient !== null) {
        it('client reports the problem', { todo: testCase.todo?.client }, () => {
          const client = outcome.client;
          assert.ok(client, 'the client ran');
          if ('code' in expectedClient) {
            assert.equal(client.error?.code, expectedClient.code, client.error?.message ?? 'no error');
            assert.match(client.error?.message ?? '', expectedClient.message);
          } else {
            assert.equal(client.error, null, client.error?.message);
            assert.deepEqual(client.info?.stems, [], 'no stem link is accepted');
            const reasons = (client.info?.rejectedStems ?? []).map((entry) => entry.reason).join('; ');
            assert.match(reasons, expectedClient.rejectedStems);
          }
        });
      }

      it('record shows the error', { todo: testCase.todo?.record }, () => {
        const { task } = outcome;
        assert.ok(task, 'the task record exists');
        assert.ok(testCase.record.states.includes(task.state), `state ${task.state}, error ${JSON.stringify(task.error)}`);
        assert.ok(task.error, 'the record carries an error');
        assert.ok(testCase.record.codes.includes(task.error.code), JSON.stringify(task.error));
        assert.match(task.error?.message ?? '', testCase.record.message);
        if (testCase.phase === 'CreateTask') {
          assert.ok(outcome.submitError instanceof AppError, `submit throws an AppError, not ${String(outcome.submitError)}`);
        }
      });

      it('writes nothing outside the library', () => {
        const outsideData = outcome.createdOutsideLibrary.filter((entry) => !entry.file.startsWith(outcome.dataDir + path.sep));
        assert.deepEqual(outsideData, [], 'every file outside the library is app data');
        const downloads = outcome.createdOutsideLibrary.filter((entry) => PARTIAL_OR_AUDIO.test(entry.file));
        assert.deepEqual(downloads, [], 'no download lands in the data folder');
        const large = outcome.createdOutsideLibrary.filter((entry) => entry.bytes > 1024 * 1024);
        assert.deepEqual(large, [], 'no oversized response is stored');
      });

      it('sends no request to another local port', { todo: testCase.todo?.trap }, () => {
        assert.equal(outcome.trapRequests, 0);
      });

      if (expectedClient !== null && 'rejectedStems' in expectedClient) {
        it('record keeps the rejection reasons', () => {
          const reasons = outcome.rejectedStems.map((entry) => entry.reason).join('; ');
          assert.match(reasons, expectedClient.rejectedStems);
        });
      }
    });
  }
});

describe('after the malformed responses', () => {
  it('logs no oversized line', () => {
    const long = logLines.filter((line) => line.length > MAX_LOG_LINE).map((line) => `${line.slice(0, 200)}… (${line.length} characters)`);
    assert.deepEqual(long, []);
  });

  it('raises no unhandled rejection', () => {
    assert.deepEqual(unhandled.map(String), []);
  });
});
