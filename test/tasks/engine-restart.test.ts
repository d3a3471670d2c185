// The task engine across restarts: resumed polling, no second payment, unreadable state files,
// tasks paused for the key, and the duration history that outlives task records.
import assert from 'node:assert/strict';
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { StemcrateEvent } from '../../preload/contract.js';
import { startCoreFixture, waitForState } from '../support/core-fixture.js';
import { sampleRecord } from './support/records.js';
import { startSimCore } from './support/sim-core.js';

describe('task engine restart', () => {
  it('resumes polling after a restart without submitting again', async () => {
    const fixture = await startCoreFixture({ simulator: { pendingMs: 1_500, runningMs: 1_500 } });
    try {
      const generation = fixture.simulator.generationTasks[0];
      assert.ok(generation);
      const submitted = await fixture.core.engine.submit({ generationTaskId: generation.taskId, sunoId: generation.songs[0]?.sunoId ?? '', mode: 'vocal' });
      const core = await fixture.restart();
      const resumed = core.engine.list().find((task) => task.id === submitted.id);
      assert.ok(resumed, 'the record survives the restart');
      assert.ok(['pending', 'running'].includes(resumed.state), `resumed as ${resumed.state}`);

      const done = await waitForState(core, submitted.id, ['done', 'failed']);
      assert.equal(done.state, 'done');
      const creates = fixture.simulator.requests.filter((request) => request.path.includes('CreateTask'));
      assert.equal(creates.length, 1, 'exactly one paid create call');
    } finally {
      await fixture.close();
    }
  });

  it('reports a record stuck in submitting as maybe submitted', async () => {
    const fixture = await startCoreFixture();
    try {
      const id = 'c0ffee00-0000-4000-8000-000000000001';
      fixture.core.engine.store.put(sampleRecord(id, { taskId: null, state: 'submitting', createdAt: Date.UTC(2026, 2, 4, 9, 30), song: { ...sampleRecord(id).song, title: 'Crash Song' } }));
      const core = await fixture.restart();
      const record = core.engine.get(id);
      assert.equal(record.state, 'maybe_submitted');
      assert.match(record.error?.message ?? '', /"Crash Song" \(vocal\) may have been submitted to crun\.ai at 2026-03-04 09:30 UTC/);
      assert.equal(fixture.simulator.requests.filter((request) => request.path.includes('CreateTask')).length, 0, 'never resubmitted silently');
    } finally {
      await fixture.close();
    }
  });

  it('moves an unreadable record aside and keeps what the library shows', async () => {
    const fixture = await startCoreFixture();
    try {
      const generation = fixture.simulator.generationTasks[0];
      assert.ok(generation);
      const sunoId = generation.songs[0]?.sunoId ?? '';
      const submitted = await fixture.core.engine.submit({ generationTaskId: generation.taskId, sunoId, mode: 'vocal' });
      await waitForState(fixture.core, submitted.id, ['done']);
      fixture.core.engine.store.put(sampleRecord('c0ffee00-0000-4000-8000-000000000002'));
      await fixture.core.stop();

      await writeFile(path.join(fixture.dataDir, 'tasks', `${submitted.id}.json`), '{"id": "x", "state": tru');
      const core = await fixture.restart();
      assert.deepEqual(core.engine.list().map((task) => task.id), ['c0ffee00-0000-4000-8000-000000000002'], 'the readable record is kept');
      assert.equal(core.engine.store.loadReport.movedAside.length, 1, 'the report names the moved file');
      const names = await readdir(path.join(fixture.dataDir, 'tasks'));
      assert.ok(names.some((name) => name.startsWith(`${submitted.id}.json.corrupt-`)), names.join(', '));
      assert.ok(core.library.findBySunoId(sunoId), 'the separated song is still in the library');

      // The user learns of it through a notice that names the file and stays until dismissed.
      const [notice, ...others] = core.notices.list();
      assert.equal(others.length, 0);
      assert.equal(notice?.level, 'error');
      assert.match(notice?.message ?? '', new RegExp(`A task state file could not be read .*\\(${submitted.id}\\.json\\.corrupt-\\d+\\)`));
      const events: StemcrateEvent[] = [];
      core.onEvent((event) => events.push(event));
      core.notices.dismiss(notice?.id ?? '');
      assert.deepEqual(core.notices.list(), []);
      assert.deepEqual(events, [{ type: 'notices', notices: [] }]);
    } finally {
      await fixture.close();
    }
  });

  it('resumes tasks paused for a rejected key', async () => {
    const harness = await startSimCore();
    try {
      const submitted = await harness.submit();
      const taskId = submitted.taskId ?? '';
      harness.fixture.simulator.injectFaults('TaskInfo', [{ kind: 'status', status: 401 }]);
      await harness.runUntil(() => harness.record(submitted.id).state === 'paused');
      const queriesBefore = harness.queries(taskId).length;

      await harness.fixture.restart();
      assert.ok(['pending', 'running'].includes(harness.record(submitted.id).state), 'the new start tries the key again');
      await harness.runUntil(() => harness.record(submitted.id).state === 'downloading');
      assert.ok(harness.queries(taskId).length > queriesBefore);
    } finally {
      await harness.close();
    }
  });

  it('keeps the duration history after the records are removed', async () => {
    const harness = await startSimCore();
    try {
      const ids: string[] = [];
      for (let song = 0; song < 3; song++) ids.push((await harness.submit({ song })).id);
      await harness.runUntil(() => ids.every((id) => harness.record(id).state === 'downloading'));
      for (const id of ids) await waitForState(harness.fixture.core, id, ['done']);
      const typical = harness.fixture.core.engine.typicalDurationMs('vocal');
      assert.notEqual(typical, null, 'three finished tasks give a typical duration');
      assert.ok((typical ?? 0) >= 55_000, `typical duration ${typical} ms`);

      for (const id of ids) harness.fixture.core.engine.remove(id);
      const core = await harness.fixture.restart();
      assert.equal(core.engine.list().length, 0);
      assert.equal(core.engine.typicalDurationMs('vocal'), typical);
    } finally {
      await harness.close();
    }
  });
});
