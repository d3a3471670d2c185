// The settings store: defaults, launch overrides, and changes the user makes during a run.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openSettings } from '../../main/settings/settings.js';

describe('settings', () => {
  let root: string;

  before(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'stemcrate-settings-'));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  const open = (name: string, overrides?: Parameters<typeof openSettings>[0]['overrides']) =>
    openSettings({ dataDir: path.join(root, name), defaultLibraryDir: path.join(root, name, 'Library'), ...(overrides ? { overrides } : {}) });

  it('lets a launch override win over stored values', () => {
    open('override').update({ pollIntervalSeconds: 30 });
    const settings = open('override', { pollIntervalSeconds: 5, libraryDir: path.join(root, 'flag-library') });
    assert.equal(settings.get().pollIntervalSeconds, 5);
    assert.equal(settings.get().libraryDir, path.join(root, 'flag-library'));
  });

  it('applies a change over an override', () => {
    const settings = open('change', { pollIntervalSeconds: 5 });
    assert.equal(settings.update({ pollIntervalSeconds: 20 }).pollIntervalSeconds, 20);
    assert.equal(open('change').get().pollIntervalSeconds, 20, 'the change is stored');
  });

  it('reports a moved library over a flag', () => {
    const settings = open('moved', { libraryDir: path.join(root, 'flag-library') });
    const moved = path.join(root, 'moved-library');
    assert.equal(settings.setLibraryDir(moved).libraryDir, moved);
    assert.equal(settings.get().libraryDir, moved);
  });

  it('rejects an invalid value by name', () => {
    assert.throws(() => open('invalid').update({ parallelDownloads: 0 }), /Invalid setting parallelDownloads/);
  });
});
