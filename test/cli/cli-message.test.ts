import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cliMessage } from '../../main/cli/cli-message.js';
import { AppError } from '../../main/errors.js';

describe('cliMessage', () => {
  it('names the key command for no key', () => {
    const error = new AppError('no_key', 'No crun.ai API key is set.', { appAdvice: 'Add your key in Settings.' });
    assert.equal(error.message, 'No crun.ai API key is set. Add your key in Settings.');
    assert.equal(cliMessage(error), 'No crun.ai API key is set. Store a key with "stemcrate key set < key.txt", or set CRUN_API_KEY.');
  });

  it('replaces rejected key advice', () => {
    const error = new AppError('invalid_key', 'crun.ai rejected the API key (HTTP 401).', { appAdvice: 'Check the key in Settings, or create a new one on crun.ai.' });
    assert.equal(cliMessage(error), 'crun.ai rejected the API key (HTTP 401). Store a key with "stemcrate key set < key.txt", or set CRUN_API_KEY.');
  });

  it('names the flag for a duplicate', () => {
    const error = new AppError('duplicate', 'Already separated; submitting again costs about 2 credits.', { appAdvice: 'Confirm to separate it again.' });
    assert.equal(cliMessage(error), 'Already separated; submitting again costs about 2 credits. Add --confirm-duplicate to submit it anyway.');
  });

  it('keeps other messages whole', () => {
    assert.equal(cliMessage(new AppError('network', 'Cannot reach crun.ai.')), 'Cannot reach crun.ai.');
    assert.equal(cliMessage(new AppError('storage', 'The disk is full.', { appAdvice: 'Free some space.' })), 'The disk is full. Free some space.');
  });
});
