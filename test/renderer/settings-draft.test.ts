import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SettingsDto } from '../../preload/contract.js';
import { apiBaseProblem, changedSettings, MAX_TEMPLATE_LENGTH, templateProblem, toDraft } from '../../renderer/settings/settings-draft.js';

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

  it('trims the API address before comparing', () => {
    assert.deepEqual(changedSettings(SETTINGS, { ...toDraft(SETTINGS), apiBase: ' https://api.crun.ai ' }), {});
    assert.deepEqual(changedSettings(SETTINGS, { ...toDraft(SETTINGS), apiBase: ' http://127.0.0.1:5181 ' }), { apiBase: 'http://127.0.0.1:5181' });
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

describe('apiBaseProblem', () => {
  it('accepts http and https addresses', () => {
    assert.equal(apiBaseProblem('https://api.crun.ai'), null);
    assert.equal(apiBaseProblem(' http://127.0.0.1:5181/ '), null);
  });

  it('rejects text that is no URL', () => {
    assert.match(apiBaseProblem('not a url') ?? '', /“not a url” is not a web address/);
    assert.match(apiBaseProblem('ftp://files.example') ?? '', /is not a web address/);
    assert.match(apiBaseProblem('api.crun.ai') ?? '', /starts with https:\/\//);
  });

  it('asks for an address when blank', () => {
    assert.match(apiBaseProblem('  ') ?? '', /Type the API address/);
  });
});
