import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StemProgressDto, TaskDto, TaskState } from '../../preload/contract.js';
import { PROGRESS_INDETERMINATE, PROGRESS_NONE, TaskActivity } from '../../main/app/task-activity.js';

function stem(key: string, bytes: number, totalBytes: number | null, state: StemProgressDto['state'] = 'downloading'): StemProgressDto {
  return { key, label: key, bytes, totalBytes, state };
}

function task(id: string, state: TaskState, stems: StemProgressDto[] = []): TaskDto {
  return {
    id,
    taskId: `provider-${id}`,
    generationTaskId: 'gen-1',
    sunoId: 'suno-1',
    songTitle: 'Paper Satellites',
    mode: 'vocal',
    state,
    providerStatus: null,
    createdAt: 0,
    updatedAt: 0,
    completedAt: null,
    expiresAt: null,
    credits: null,
    stems,
    error: null,
    songId: null,
  };
}

test('progress is none without tasks', () => {
  assert.equal(new TaskActivity().progress(), PROGRESS_NONE);
});

test('progress is indeterminate while waiting', () => {
  const activity = new TaskActivity();
  activity.apply({ type: 'task', task: task('a', 'running') });
  assert.equal(activity.progress(), PROGRESS_INDETERMINATE);
  assert.equal(activity.activeCount(), 1);
});

test('progress is the downloaded fraction', () => {
  const activity = new TaskActivity();
  activity.apply({ type: 'task', task: task('a', 'downloading', [stem('vocal', 25, 100), stem('instrumental', 50, 100)]) });
  activity.apply({ type: 'task', task: task('b', 'downloading', [stem('vocal', 25, 200), stem('origin', 5, null)]) });
  // (25 + 50 + 25) / (100 + 100 + 200); the stem of unknown size is left out.
  assert.equal(activity.progress(), 0.25);
});

test('progress caps bytes at the stem size', () => {
  const activity = new TaskActivity();
  activity.apply({ type: 'task', task: task('a', 'downloading', [stem('vocal', 150, 100)]) });
  assert.equal(activity.progress(), 1);
});

test('progress is none once tasks finish', () => {
  const activity = new TaskActivity();
  activity.apply({ type: 'task', task: task('a', 'downloading', [stem('vocal', 1, 2)]) });
  activity.apply({ type: 'task', task: task('a', 'done', [stem('vocal', 2, 2, 'ready')]) });
  assert.equal(activity.progress(), PROGRESS_NONE);
});

test('removed tasks stop counting', () => {
  const activity = new TaskActivity();
  activity.apply({ type: 'task', task: task('a', 'pending') });
  activity.apply({ type: 'task-removed', id: 'a' });
  assert.equal(activity.activeCount(), 0);
  assert.equal(activity.progress(), PROGRESS_NONE);
});

test('finished task yields one notice', () => {
  const activity = new TaskActivity();
  assert.equal(activity.apply({ type: 'task', task: task('a', 'downloading') }), null);
  const done = task('a', 'done', [stem('vocal', 2, 2, 'ready'), stem('instrumental', 2, 2, 'ready'), stem('origin', 0, 2, 'failed')]);
  const notice = activity.apply({ type: 'task', task: done });
  assert.deepEqual(notice, { title: 'Stems ready', body: 'Paper Satellites: 2 stems saved to your library.', taskId: 'a' });
  assert.equal(activity.apply({ type: 'task', task: done }), null, 'a repeated done event must not notify again');
});

test('singular stem in notice', () => {
  const activity = new TaskActivity();
  activity.apply({ type: 'task', task: task('a', 'downloading') });
  const notice = activity.apply({ type: 'task', task: task('a', 'done', [stem('vocal', 2, 2, 'ready')]) });
  assert.equal(notice?.body, 'Paper Satellites: 1 stem saved to your library.');
});

test('replayed done task gives no notice', () => {
  const activity = new TaskActivity();
  assert.equal(activity.apply({ type: 'task', task: task('a', 'done') }), null);
});

test('failed task gives no notice', () => {
  const activity = new TaskActivity();
  activity.apply({ type: 'task', task: task('a', 'running') });
  assert.equal(activity.apply({ type: 'task', task: task('a', 'failed') }), null);
});

test('other events are ignored', () => {
  const activity = new TaskActivity();
  const notice = activity.apply({ type: 'library', summary: { folder: '/music', songCount: 0, stemCount: 0, totalBytes: 0 } });
  assert.equal(notice, null);
  assert.equal(activity.progress(), PROGRESS_NONE);
});
