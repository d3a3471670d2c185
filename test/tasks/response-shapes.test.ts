// Responses of unusual shape: task statuses the app does not know, and media_info with unknown,
// null and unusable stem keys, from the query through download into the library.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Fault } from '../simulator/faults.js';
import { waitForState } from '../support/core-fixture.js';
import { captureLogLines, startSimCore } from './support/sim-core.js';

describe('unknown task status', () => {
  it('is treated as running and logged once per task', async () => {
    const lines = captureLogLines();
    const harness = await startSimCore();
    try {
      const first = await harness.submit({ song: 0 });
      const second = await harness.submit({ song: 1 });
      harness.fixture.simulator.injectFaults('TaskInfo', Array.from({ length: 6 }, () => ({ kind: 'task-status' as const, status: 'queued_on_gpu' })));
      await harness.runUntil(() => harness.queries(first.taskId ?? '').length >= 3 && harness.queries(second.taskId ?? '').length >= 3);
      await harness.runFor(0);

      for (const task of [first, second]) {
        const record = harness.record(task.id);
        assert.equal(record.state, 'running');
        assert.equal(record.providerStatus, 'queued_on_gpu');
        const logged = lines.filter((line) => line.includes('"module":"poll-task"') && line.includes('unknown task status') && line.includes(task.taskId ?? '-'));
        assert.equal(logged.length, 1, `logged once for ${task.taskId ?? ''}`);
      }
      await harness.runUntil(() => harness.record(first.id).state === 'downloading' && harness.record(second.id).state === 'downloading');
    } finally {
      await harness.close();
    }
  });
});

describe('media_info keys', () => {
  it('keeps unknown stems and skips null ones', async () => {
    const harness = await startSimCore();
    try {
      const submitted = await harness.submit();
      const taskId = submitted.taskId ?? '';
      const url = harness.fixture.simulator.url;
      const entries = {
        lead_guitar_url: `${url}/files/${taskId}/vocal.mp3`,
        instrumental_url: null,
        'not a key_url': `${url}/files/${taskId}/origin.mp3`,
        cover_art: 'not a stem: no _url suffix',
      };
      // Only the successful response has a media_info to change, so the faults wait for it.
      const faults: Fault[] = Array.from({ length: 10 }, () => ({
        kind: 'transform',
        transform: (envelope: Record<string, unknown>) => {
          const result = (envelope.data as { result?: { media_info?: Record<string, unknown> } } | null)?.result;
          if (result?.media_info) result.media_info = { ...result.media_info, ...entries };
          return envelope;
        },
      }));
      harness.fixture.simulator.injectFaults('TaskInfo', faults);
      await harness.runUntil(() => harness.record(submitted.id).state === 'downloading');

      const done = await waitForState(harness.fixture.core, submitted.id, ['done', 'failed', 'paused']);
      assert.equal(done.state, 'done', JSON.stringify(done.error));
      assert.deepEqual(done.stems.map((stem) => stem.key).sort(), ['lead_guitar', 'origin', 'vocal']);
      assert.equal(done.stems.find((stem) => stem.key === 'lead_guitar')?.label, 'Lead Guitar');
      assert.deepEqual(
        harness.record(submitted.id).rejectedStems.map((entry) => entry.sourceKey),
        ['not a key_url'],
      );

      const song = harness.fixture.core.library.findBySunoId(done.sunoId);
      assert.ok(song);
      assert.ok(song.manifest.stems.some((stem) => stem.key === 'lead_guitar'), 'the unknown stem is in the manifest');
      assert.ok(
        song.manifest.warnings.some((warning) => /Instrumental.*crun\.ai sent no link/.test(warning)),
        `the missing instrumental is explained: ${song.manifest.warnings.join(' | ')}`,
      );
    } finally {
      await harness.close();
    }
  });

  it('a success without usable links fails', async () => {
    const harness = await startSimCore();
    try {
      const submitted = await harness.submit();
      harness.fixture.simulator.injectFaults(
        'TaskInfo',
        Array.from({ length: 10 }, () => ({
          kind: 'transform' as const,
          transform: (envelope: Record<string, unknown>) => {
            const data = envelope.data as { status?: string; result?: unknown } | null;
            if (data?.status === 'success') data.result = { media_info: { origin_url: 'ftp://example.invalid/a.mp3', vocal_url: null } };
            return envelope;
          },
        })),
      );
      await harness.runUntil(() => !['pending', 'running'].includes(harness.record(submitted.id).state));
      const task = harness.fixture.core.engine.get(submitted.id);
      assert.equal(task.state, 'failed');
      assert.equal(task.error?.code, 'bad_response');
      assert.match(task.error?.message ?? '', /no usable stem links \(origin_url: scheme ftp: is not http or https\)/);
    } finally {
      await harness.close();
    }
  });
});
