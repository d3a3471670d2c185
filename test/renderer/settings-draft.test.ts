import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SettingsDto } from '../../preload/contract.js';
import { changedSettings, MAX_TEMPLATE_LENGTH, numberProblems, templateProblem, toDraft } from '../../renderer/settings/settings-draft.js';

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

describe('numberProblems', () => {
  it('passes valid and unchanged values', () => {
    assert.deepEqual(numberProblems(SETTINGS, { ...toDraft(SETTINGS), pollIntervalSeconds: '5', parallelDownloads: '16' }), {});
    // The sandbox runs at 1 s, and an untouched field must not block saving another one.
    const sandbox = { ...SETTINGS, pollIntervalSeconds: 1 };
    assert.deepEqual(numberProblems(sandbox, { ...toDraft(sandbox), parallelDownloads: '2' }), {});
  });

  it('names a poll interval out of range', () => {
    const low = numberProblems(SETTINGS, { ...toDraft(SETTINGS), pollIntervalSeconds: '3' });
    assert.equal(low.pollIntervalSeconds, 'The poll interval 3 is too low. Enter a whole number from 5 to 600 seconds.');
    const high = numberProblems(SETTINGS, { ...toDraft(SETTINGS), pollIntervalSeconds: '601' });
    assert.match(high.pollIntervalSeconds ?? '', /601 is too high/);
  });

  it('rejects blank and fractional values', () => {
    assert.match(numberProblems(SETTINGS, { ...toDraft(SETTINGS), pollIntervalSeconds: '' }).pollIntervalSeconds ?? '', /"" is not a whole number/);
    assert.match(numberProblems(SETTINGS, { ...toDraft(SETTINGS), parallelDownloads: '2.5' }).parallelDownloads ?? '', /"2.5" is not a whole number\. Enter a whole number from 1 to 16\.$/);
  });

  it('names parallel downloads out of range', () => {
    assert.equal(numberProblems(SETTINGS, { ...toDraft(SETTINGS), parallelDownloads: '0' }).parallelDownloads, 'The number of parallel downloads 0 is too low. Enter a whole number from 1 to 16.');
  });
});
