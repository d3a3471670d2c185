// The task store on disk: one file per record, atomic replacement, corrupt files moved aside,
// leftovers of interrupted writes removed, and the single-file format of earlier versions imported.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { TaskStore } from '../../main/tasks/task-store.js';
import { sampleRecord } from './support/records.js';

describe('task store', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'stemcrate-store-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps each record in its own file across reopening', async () => {
    const store = new TaskStore(dataDir);
    store.put(sampleRecord('a1'), { durable: true });
    store.put(sampleRecord('b2', { state: 'running', createdAt: 500 }));
    store.put(sampleRecord('c3'), { persist: false });

    assert.deepEqual((await readdir(path.join(dataDir, 'tasks'))).sort(), ['a1.json', 'b2.json']);
    const reopened = new TaskStore(dataDir);
    assert.deepEqual(reopened.all().map((record) => record.id), ['b2', 'a1'], 'oldest first; memory-only records are gone');
    assert.equal(reopened.findByTaskId('task-b2')?.state, 'running');

    reopened.delete('a1');
    assert.deepEqual(await readdir(path.join(dataDir, 'tasks')), ['b2.json']);
  });

  it('moves a corrupt record aside and keeps the others', async () => {
    const store = new TaskStore(dataDir);
    store.put(sampleRecord('good'));
    store.put(sampleRecord('bad'));
    await writeFile(path.join(dataDir, 'tasks', 'bad.json'), '{"id": "bad", "state": tru');
    await writeFile(path.join(dataDir, 'tasks', 'odd.json'), JSON.stringify({ ...sampleRecord('odd'), state: 'no-such-state' }));

    const reopened = new TaskStore(dataDir, () => 42);
    assert.deepEqual(reopened.all().map((record) => record.id), ['good']);
    assert.equal(reopened.loadReport.invalidRecords, 2);
    assert.equal(reopened.loadReport.movedAside.length, 2);
    const names = await readdir(path.join(dataDir, 'tasks'));
    assert.ok(names.includes('bad.json.corrupt-42'), names.join(', '));
    assert.ok(names.includes('odd.json.corrupt-42'), names.join(', '));

    const again = new TaskStore(dataDir);
    assert.equal(again.loadReport.invalidRecords, 0, 'moved files are not read again');
  });

  it('removes temporary files of an interrupted write', async () => {
    const store = new TaskStore(dataDir);
    store.put(sampleRecord('kept'));
    await writeFile(path.join(dataDir, 'tasks', 'kept.json.4242-17.tmp'), '{"half": ');
    const reopened = new TaskStore(dataDir);
    assert.equal(reopened.get('kept')?.state, 'pending');
    assert.deepEqual(await readdir(path.join(dataDir, 'tasks')), ['kept.json']);
  });

  it('imports the single state file of earlier versions', async () => {
    const legacy = { records: { old1: sampleRecord('old1'), old2: { ...sampleRecord('old2'), lastPolledAt: undefined }, broken: { id: 'broken' } } };
    await writeFile(path.join(dataDir, 'tasks.json'), JSON.stringify(legacy));
    const store = new TaskStore(dataDir, () => 7);
    assert.deepEqual(store.all().map((record) => record.id).sort(), ['old1', 'old2']);
    assert.equal(store.get('old2')?.lastPolledAt, null, 'a missing field of an older record reads as null');
    assert.equal(store.loadReport.migrated, 2);
    assert.equal(store.loadReport.invalidRecords, 1);
    const names = await readdir(dataDir);
    assert.ok(names.includes('tasks.json.invalid-7'), `the old file is kept for the invalid record: ${names.join(', ')}`);
    assert.ok(!names.includes('tasks.json'));
  });

  it('rejects an id that is not a plain file name', () => {
    const store = new TaskStore(dataDir);
    assert.throws(() => store.put(sampleRecord('../escape')), /id "..\/escape" is invalid/);
  });

  it('reports a failed write as storage error', async () => {
    const store = new TaskStore(dataDir);
    store.put(sampleRecord('w1'));
    await rm(path.join(dataDir, 'tasks'), { recursive: true });
    await mkdir(path.join(dataDir, 'tasks', 'w1.json'), { recursive: true });
    assert.throws(() => store.put(sampleRecord('w1', { state: 'running' })), (error: { code?: string; message?: string }) => error.code === 'storage' && /Could not save the task of "Store Song"/.test(error.message ?? ''));
    assert.equal(store.get('w1')?.state, 'pending');
  });
});
