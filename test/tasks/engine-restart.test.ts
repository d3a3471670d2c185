// The task engine across restarts: resumed polling, no second payment, unreadable state files.
import assert from 'node:assert/strict';
import { readdir, writeFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { startCoreFixture, waitForState } from '../support/core-fixture.js';

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
      const now = Date.now();
      fixture.core.engine.store.put({
        id: 'c0ffee00-0000-4000-8000-000000000001',
        taskId: null,
        generationTaskId: 'gen-1',
        sunoId: 'song-1',
        mode: 'vocal',
        song: { sunoId: 'song-1', generationTaskId: 'gen-1', title: 'Crash Song', styleTags: '', prompt: '', lyrics: '', model: null, durationSeconds: null, createdAt: null, coverUrl: null },
        state: 'submitting',
        providerStatus: null,
        createdAt: now,
        updatedAt: now,
        providerCreatedAt: null,
        completedAt: null,
        durationSeconds: null,
        credits: null,
        stems: [],
        rejectedStems: [],
        error: null,
        songId: null,
        pollCount: 0,
        failures: 0,
      });
      const core = await fixture.restart();
      const record = core.engine.get('c0ffee00-0000-4000-8000-000000000001');
      assert.equal(record.state, 'maybe_submitted');
      assert.match(record.error?.message ?? '', /Crash Song.*may have been submitted/);
      assert.equal(fixture.simulator.requests.filter((request) => request.path.includes('CreateTask')).length, 0, 'never resubmitted silently');
    } finally {
      await fixture.close();
    }
  });

  it('moves an unreadable state file aside and starts empty', async () => {
    const fixture = await startCoreFixture();
    try {
      await fixture.core.stop();
      await writeFile(`${fixture.dataDir}/tasks.json`, '{"records": {"x": tru');
      const core = await fixture.restart();
      assert.deepEqual(core.engine.list(), []);
      assert.ok(core.engine.store.loadReport.movedAside, 'the report names the moved file');
      const names = await readdir(fixture.dataDir);
      assert.ok(names.some((name) => name.startsWith('tasks.json.corrupt-')), names.join(', '));
    } finally {
      await fixture.close();
    }
  });
});
