// The user's actions on a task: cancel tracking, retry (free where the provider still has the
// result, paid and confirmed otherwise) and remove a record without touching the library.
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { setTimeout as sleepReal } from 'node:timers/promises';
import { AppError } from '../../main/errors.js';
import { waitForState } from '../support/core-fixture.js';
import { startSimCore } from './support/sim-core.js';

describe('cancel', () => {
  it('stops polling; a free retry resumes', async () => {
    const harness = await startSimCore();
    try {
      const submitted = await harness.submit();
      const taskId = submitted.taskId ?? '';
      await harness.runUntil(() => harness.queries(taskId).length >= 1);
      const cancelled = harness.fixture.core.engine.cancel(submitted.id);
      assert.equal(cancelled.state, 'cancelled');

      const queriesAtCancel = harness.queries(taskId).length;
      await harness.runFor(10 * 60_000);
      assert.equal(harness.queries(taskId).length, queriesAtCancel, 'no query after cancel');
      assert.equal(harness.fixture.core.engine.get(submitted.id).state, 'cancelled', 'the record stays');

      const retried = await harness.fixture.core.engine.retry(submitted.id, false);
      assert.ok(['pending', 'running'].includes(retried.state), retried.state);
      await harness.runUntil(() => harness.record(submitted.id).state === 'downloading');
      assert.equal(harness.creates().length, 1, 'resuming a cancelled task is free');
    } finally {
      await harness.close();
    }
  });

  it('during the create call keeps the id', async () => {
    const harness = await startSimCore();
    try {
      harness.fixture.simulator.injectFaults('CreateTask', [{ kind: 'delay', ms: 400 }]);
      const [generation] = harness.fixture.simulator.generationTasks;
      assert.ok(generation);
      const submission = harness.fixture.core.engine.submit({ generationTaskId: generation.taskId, sunoId: generation.songs[0]?.sunoId ?? '', mode: 'vocal' });
      // The create call is out for 400 ms of real time; the clock does not need to move.
      for (let attempt = 0; attempt < 200 && !harness.fixture.core.engine.list().some((task) => task.state === 'submitting'); attempt++) await sleepReal(5);
      const [submitting] = harness.fixture.core.engine.list();
      assert.equal(submitting?.state, 'submitting');
      assert.ok(submitting);
      harness.fixture.core.engine.cancel(submitting.id);

      const result = await submission;
      assert.equal(result.state, 'cancelled');
      assert.ok(result.taskId, 'the paid task id is kept');
      await harness.runFor(10 * 60_000);
      assert.equal(harness.queries(result.taskId).length, 0);
    } finally {
      await harness.close();
    }
  });
});

describe('retry', () => {
  it('after a provider failure needs confirmation', async () => {
    const harness = await startSimCore();
    try {
      harness.fixture.simulator.failNextTask({ code: 'SEPARATION_ERROR', message: 'audio too short' });
      const submitted = await harness.submit();
      await harness.runUntil(() => harness.record(submitted.id).state === 'failed');
      const failed = harness.fixture.core.engine.get(submitted.id);
      assert.match(failed.error?.message ?? '', /code SEPARATION_ERROR.*audio too short/);

      let refused: unknown = null;
      try {
        await harness.fixture.core.engine.retry(submitted.id, false);
      } catch (error) {
        refused = error;
      }
      assert.ok(refused instanceof AppError);
      assert.equal(refused.code, 'duplicate');
      assert.match(refused.message, /new task.*Confirm/);
      assert.deepEqual(refused.duplicate?.existingTaskIds, [submitted.taskId]);
      assert.equal(harness.creates().length, 1, 'nothing is sent without the confirmation');

      let retried: Awaited<ReturnType<typeof harness.fixture.core.engine.retry>> | null = null;
      void harness.fixture.core.engine.retry(submitted.id, true).then((task) => (retried = task));
      await harness.runUntil(() => retried !== null, 60_000);
      assert.equal(harness.creates().length, 2, 'a confirmed retry is one new paid task');
      assert.notEqual((retried as { id: string } | null)?.id, submitted.id);
    } finally {
      await harness.close();
    }
  });

  it('downloads failed stems again without a new task', async () => {
    const harness = await startSimCore();
    try {
      harness.fixture.simulator.injectFaults('files', Array.from({ length: 3 }, () => ({ kind: 'status' as const, status: 400 })));
      const submitted = await harness.submit();
      await harness.runUntil(() => harness.record(submitted.id).state === 'downloading');
      const failed = await waitForState(harness.fixture.core, submitted.id, ['failed', 'done', 'paused']);
      assert.equal(failed.state, 'failed');
      assert.equal(failed.error?.code, 'bad_response');

      const retried = await harness.fixture.core.engine.retry(submitted.id, false);
      assert.equal(retried.state, 'downloading');
      const done = await waitForState(harness.fixture.core, submitted.id, ['done', 'failed', 'paused']);
      assert.equal(done.state, 'done', JSON.stringify(done.error));
      assert.equal(harness.creates().length, 1, 'a download retry is free');
    } finally {
      await harness.close();
    }
  });

  it('of expired stems needs a new paid task', async () => {
    const harness = await startSimCore();
    try {
      const submitted = await harness.submit();
      await harness.runFor(59_000);
      harness.fixture.simulator.expireFiles(submitted.taskId ?? '');
      await harness.runUntil(() => harness.record(submitted.id).state !== 'pending' && harness.record(submitted.id).state !== 'running');
      const expired = await waitForState(harness.fixture.core, submitted.id, ['expired', 'done', 'failed']);
      assert.equal(expired.state, 'expired');
      await assert.rejects(harness.fixture.core.engine.retry(submitted.id, false), (error: AppError) => error.code === 'duplicate');
    } finally {
      await harness.close();
    }
  });
});

describe('remove', () => {
  it('forgets the record, not the library', async () => {
    const harness = await startSimCore();
    try {
      const submitted = await harness.submit();
      await harness.runUntil(() => harness.record(submitted.id).state === 'downloading');
      const done = await waitForState(harness.fixture.core, submitted.id, ['done', 'failed']);
      assert.equal(done.state, 'done');
      // The core fetches the song's cover after "done"; wait for it so the folder is complete.
      for (let attempt = 0; attempt < 400 && !harness.fixture.core.library.get(done.songId ?? '')?.manifest.coverFile; attempt++) await sleepReal(5);
      const song = harness.fixture.core.library.get(done.songId ?? '');
      assert.ok(song);
      assert.ok(song.manifest.coverFile, 'the cover arrived');
      const filesBefore = await readdir(song.directory);

      const removed: string[] = [];
      harness.fixture.core.onEvent((event) => {
        if (event.type === 'task-removed') removed.push(event.id);
      });
      harness.fixture.core.engine.remove(submitted.id);
      assert.deepEqual(removed, [submitted.id]);
      assert.equal(harness.fixture.core.engine.list().length, 0);
      assert.deepEqual(await readdir(song.directory), filesBefore, 'the song folder is unchanged');
      assert.ok(harness.fixture.core.library.get(song.manifest.songId), 'the song stays in the library');

      const restarted = await harness.fixture.restart();
      assert.equal(restarted.engine.list().length, 0, 'the removal survives a restart');
    } finally {
      await harness.close();
    }
  });

  it('refuses an active task', async () => {
    const harness = await startSimCore();
    try {
      const submitted = await harness.submit();
      assert.throws(() => harness.fixture.core.engine.remove(submitted.id), (error: AppError) => error.code === 'invalid_argument' && /cancel it/.test(error.message));
      assert.equal(harness.fixture.core.engine.list().length, 1);
    } finally {
      await harness.close();
    }
  });
});
