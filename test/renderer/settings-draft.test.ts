import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SettingsDto } from '../../preload/contract.js';
import { changedSettings, MAX_TEMPLATE_LENGTH, templateProblem, toDraft } from '../../renderer/settings/settings-draft.js';

const SETTINGS: SettingsDto = {
  apiBase: 'https://api.crun.ai',
  libraryDir: '/music/Stemcrate',
  pollIntervalSeconds: 20,
  parallelDownloads: 4,
  namingTemplate: '{title} - {stem}',
};

describe('changedSettings', () => {
  it('sends nothing for an untouched draft', () => {
    assert.deepEqual(changedSettings(SETTINGS, toDraft(SETTINGS)), {});
  });

  it('sends changed fields with parsed numbers', () => {
    const draft = { ...toDraft(SETTINGS), pollIntervalSeconds: '30', namingTemplate: '{title}/{key}' };
    assert.deepEqual(changedSettings(SETTINGS, draft), { pollIntervalSeconds: 30, namingTemplate: '{title}/{key}' });
  });

  it('never sends the API address', () => {
    assert.equal('apiBase' in toDraft(SETTINGS), false);
    assert.deepEqual(changedSettings({ ...SETTINGS, apiBase: 'http://127.0.0.1:5181' }, toDraft(SETTINGS)), {});
  });
});

describe('templateProblem', () => {
  it('accepts a template main must check', () => {
    assert.equal(templateProblem('{title} - {stem}'), null);
    assert.equal(templateProblem('{nonsense}'), null);
  });

  it('rejects an empty or blank template', () => {
    assert.match(templateProblem('') ?? '', /Type a template/);
    assert.match(templateProblem('   ') ?? '', /Type a template/);
  });

  it('rejects a template over 200 characters', () => {
    assert.equal(templateProblem('x'.repeat(MAX_TEMPLATE_LENGTH)), null);
    assert.match(templateProblem('x'.repeat(MAX_TEMPLATE_LENGTH + 1)) ?? '', /201 characters long/);
  });
});
