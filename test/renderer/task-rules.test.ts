import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TaskState } from '../../preload/contract.js';
import {
  canCancel,
  canRemove,
  canRetry,
  elapsedMs,
  ESTIMATED_SECONDS,
  isWaitingForProvider,
  needsAttention,
  retryCostsCredits,
  STATE_LABEL,
  stemCounts,
  typicalDurationMs,
} from '../../renderer/queue/task-rules.js';
import { makeTask } from './fixtures.js';

const NOW = 10_000_000;

describe('typicalDurationMs', () => {
  it('falls back to the estimate without finished tasks', () => {
    assert.equal(typicalDurationMs([], 'vocal'), ESTIMATED_SECONDS.vocal * 1000);
    assert.equal(typicalDurationMs([makeTask({ mode: 'vocal' })], 'instrumental'), ESTIMATED_SECONDS.instrumental * 1000);
  });

  it('takes the median of finished tasks of the mode', () => {
    const tasks = [
      makeTask({ mode: 'vocal', createdAt: 0, completedAt: 30_000 }),
      makeTask({ mode: 'vocal', createdAt: 0, completedAt: 90_000 }),
      makeTask({ mode: 'vocal', createdAt: 0, completedAt: 40_000 }),
      makeTask({ mode: 'instrumental', createdAt: 0, completedAt: 500_000 }),
    ];
    assert.equal(typicalDurationMs(tasks, 'vocal'), 40_000);
  });

  it('averages the middle pair for an even count', () => {
    const tasks = [makeTask({ createdAt: 0, completedAt: 30_000 }), makeTask({ createdAt: 0, completedAt: 50_000 })];
    assert.equal(typicalDurationMs(tasks, 'vocal'), 40_000);
  });
});

describe('elapsedMs', () => {
  it('counts to now for active tasks', () => {
    assert.equal(elapsedMs(makeTask({ state: 'running', createdAt: NOW - 5_000 }), NOW), 5_000);
  });

  it('counts to completion for finished tasks', () => {
    assert.equal(elapsedMs(makeTask({ state: 'done', createdAt: 0, completedAt: 70_000 }), NOW), 70_000);
  });

  it('counts to last update when stopped', () => {
    assert.equal(elapsedMs(makeTask({ state: 'cancelled', createdAt: 0, updatedAt: 8_000 }), NOW), 8_000);
  });
});

describe('task actions', () => {
  const states = Object.keys(STATE_LABEL) as TaskState[];

  it('show elapsed time only while the provider works', () => {
    const waiting = states.filter((state) => isWaitingForProvider(state));
    assert.deepEqual(waiting.sort(), ['pending', 'running', 'submitting']);
  });

  it('allow cancel only while active', () => {
    const cancellable = states.filter((state) => canCancel(makeTask({ state })));
    assert.deepEqual(cancellable.sort(), ['downloading', 'paused', 'pending', 'running', 'submitting']);
  });

  it('list unconfirmed submissions first', () => {
    assert.deepEqual(
      states.filter((state) => needsAttention(state)),
      ['maybe_submitted'],
    );
  });

  it('allow retry of stopped tasks', () => {
    const retryable = states.filter((state) => canRetry(makeTask({ state })));
    assert.deepEqual(retryable.sort(), ['cancelled', 'expired', 'failed', 'lost', 'maybe_submitted']);
  });

  it('allow retry of paused tasks with an error', () => {
    assert.equal(canRetry(makeTask({ state: 'paused', error: { code: 'invalid_key', message: 'm' } })), true);
  });

  it('allow removing finished or paused records', () => {
    const removable = states.filter((state) => canRemove(makeTask({ state })));
    assert.deepEqual(removable.sort(), ['cancelled', 'done', 'expired', 'failed', 'lost', 'maybe_submitted', 'paused']);
  });
});

describe('retryCostsCredits', () => {
  const stem = { key: 'vocal', label: 'Vocals', bytes: 0, totalBytes: null, state: 'failed' as const };

  it('is free for a failed download with files still kept', () => {
    const task = makeTask({ state: 'failed', stems: [stem], expiresAt: NOW + 1000, error: { code: 'network', message: 'm' } });
    assert.equal(retryCostsCredits(task, NOW), false);
  });

  it('costs credits once the files are deleted', () => {
    const task = makeTask({ state: 'failed', stems: [stem], expiresAt: NOW - 1, error: { code: 'network', message: 'm' } });
    assert.equal(retryCostsCredits(task, NOW), true);
  });

  it('costs credits for a failed separation', () => {
    const task = makeTask({ state: 'failed', error: { code: 'generation_failed', message: 'm' } });
    assert.equal(retryCostsCredits(task, NOW), true);
  });

  it('costs credits for a cancelled task without stems', () => {
    assert.equal(retryCostsCredits(makeTask({ state: 'cancelled' }), NOW), true);
  });
});

describe('stemCounts', () => {
  it('counts ready stems against all stems', () => {
    const task = makeTask({
      stems: [
        { key: 'a', label: 'A', bytes: 1, totalBytes: 1, state: 'ready' },
        { key: 'b', label: 'B', bytes: 0, totalBytes: 1, state: 'downloading' },
        { key: 'c', label: 'C', bytes: 1, totalBytes: 1, state: 'ready' },
      ],
    });
    assert.deepEqual(stemCounts(task), { ready: 2, total: 3 });
  });
});
